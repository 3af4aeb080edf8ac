// The HTTP transport under the Web API clients. @slack/web-api takes a `fetch` for exactly this
// (WebClientOptions.fetch, typed by its own narrow FetchResponse). Node's built-in fetch builds web
// streams, abort plumbing and a Response for every call: measured against the stand-in, one
// chat.postMessage cost the bot 0.6–0.8 ms of CPU through it and 0.24–0.28 ms through undici's
// `request`, the same library's lower-level API (docs/BENCHMARKS.md). Every support DM pays it.
// It also retries, by itself, the one kind of failure that is always safe to retry: no connection.
// When a proxy is configured, every connection to Slack — these calls and the Socket Mode WebSocket,
// which is handed the same dispatcher — goes through it (undici's EnvHttpProxyAgent, which also
// honours NO_PROXY).
import { STATUS_CODES } from 'node:http';
import type { FetchFunction } from '@slack/web-api';
import { Agent, type Dispatcher, EnvHttpProxyAgent, request } from 'undici';
import type { ProxyConfig } from '../config.js';

/**
 * Failures that happen before a single byte reaches Slack (no connection was made), so a call can be
 * repeated without any risk of doing its work twice. Anything later — a reset, a timeout waiting for
 * the reply — is ambiguous: Slack may have acted on the call.
 */
const NOTHING_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function nothingSent(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  return NOTHING_SENT.has(String(e?.code)) || NOTHING_SENT.has(String(e?.cause?.code));
}

export interface SlackTransportOptions {
  /** Waits before trying again a call that never reached Slack; one attempt more per entry. */
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY as configured; unset means direct connections. */
  proxy?: ProxyConfig;
}

interface Outgoing {
  method: Dispatcher.HttpMethod;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface SlackTransport {
  fetch: FetchFunction;
  /** The connection pool (through the proxy when one is configured), for the Socket Mode WebSocket. */
  dispatcher: Dispatcher;
  /** Lets calls in flight finish, then closes the kept-alive connections. */
  close(): Promise<void>;
}

/** What the client reads from a response (@slack/web-api's FetchResponse, which it does not export). */
type FetchResponse = Awaited<ReturnType<FetchFunction>>;

export function createSlackTransport(opts: SlackTransportOptions = {}): SlackTransport {
  // One pool of kept-alive connections per origin (slack.com, or the stand-in in tests). The proxy
  // values are passed explicitly (empty for "none"), so the agent never reads the environment itself.
  const keepAlive = { keepAliveTimeout: 10_000 };
  const dispatcher: Dispatcher = opts.proxy
    ? new EnvHttpProxyAgent({
        ...keepAlive,
        httpProxy: opts.proxy.httpProxy,
        httpsProxy: opts.proxy.httpsProxy,
        noProxy: opts.proxy.noProxy,
      })
    : new Agent(keepAlive);
  const retryDelaysMs = opts.retryDelaysMs ?? [250, 1_000];
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  /** Sends once; repeats only when the call provably never reached Slack. */
  async function send(href: string, init: Outgoing) {
    for (let attempt = 0; ; attempt++) {
      try {
        // undici's request never follows redirects, which is what the client asks for (redirect: 'error').
        return await request(href, { dispatcher, ...init });
      } catch (err) {
        const delay = retryDelaysMs[attempt];
        if (delay === undefined || !nothingSent(err) || init.signal?.aborted) throw err;
        await sleep(delay);
      }
    }
  }

  const fetch: FetchFunction = async (url, init = {}) => {
    const { body } = init;
    // Binary uploads arrive as FormData, which fetch encodes correctly; it takes the same dispatcher
    // (an option Node's fetch accepts beyond the standard ones), so uploads use the proxy too. Not
    // undici's own fetch: on Node 20 it does not recognise the global FormData and sends its name.
    if (body !== undefined && typeof body !== 'string') {
      return globalThis.fetch(url, { ...init, dispatcher } as unknown as RequestInit);
    }
    const href = String(url);
    const res = await send(href, {
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      ...(init.headers ? { headers: init.headers } : {}),
      ...(body !== undefined ? { body } : {}),
      ...(init.signal ? { signal: init.signal } : {}),
    });
    const bytes = Buffer.from(await res.body.arrayBuffer());
    return response(href, res.statusCode, res.headers, bytes);
  };

  return { fetch, dispatcher, close: () => dispatcher.close() };
}

function response(
  url: string,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  bytes: Buffer,
): FetchResponse {
  const text = () => bytes.toString('utf8');
  const joined = (v: string | string[]) => (Array.isArray(v) ? v.join(', ') : v);
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: STATUS_CODES[status] ?? '',
    url,
    headers: {
      // undici hands header names over in lower case.
      get: (name: string) => {
        const v = headers[name.toLowerCase()];
        return v === undefined ? null : joined(v);
      },
      entries: () =>
        Object.entries(headers).flatMap(([k, v]) =>
          v === undefined ? [] : [[k, joined(v)] as [string, string]],
        ),
    },
    arrayBuffer: async () =>
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    text: async () => text(),
    json: async () => JSON.parse(text()),
  };
}
