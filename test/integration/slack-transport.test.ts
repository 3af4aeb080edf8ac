import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ErrorCode, type FetchFunction, LogLevel, WebClient, type WebClientOptions } from '@slack/web-api';
import { createSlackTransport, nothingSent, type SlackTransport } from '../../src/slack/transport.js';
import { createSlackStandin, type SlackStandin } from '../support/slack-standin.js';
import { waitFor } from '../support/wait.js';

const TOKEN = 'xoxb-transport-test';

/** A plain HTTP server for the answers the stand-in never gives (5xx, silence, a slow reply). */
async function rawServer(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A client of `url` through `fetch` that makes one attempt per call and keeps quiet about failures. */
function oneShotClient(url: string, fetch: FetchFunction, o: WebClientOptions = {}): WebClient {
  return new WebClient(TOKEN, {
    slackApiUrl: url,
    fetch,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
    ...o,
  });
}

describe('the Web API transport (undici under @slack/web-api)', () => {
  let standin: SlackStandin;
  let transport: SlackTransport;
  const client = (o: WebClientOptions = {}) =>
    new WebClient(TOKEN, { slackApiUrl: standin.apiUrl, fetch: transport.fetch, ...o });

  before(async () => {
    standin = await createSlackStandin({ botToken: TOKEN, signingSecret: 's', teamId: 'T0TRANSP' });
    standin.addUser({ id: 'U0ALICE' });
    standin.addChannel({ id: 'C0WARD', name: 'ward', members: ['U0ALICE'] });
    transport = createSlackTransport({ retryDelaysMs: [10, 10] });
  });
  after(async () => {
    await transport.close();
    await standin.close();
  });

  it('posts a message with the bearer token and hands back Slack’s answer', async () => {
    const res = await client().chat.postMessage({ channel: 'U0ALICE', text: 'Only you see this & that.' });
    assert.equal(res.ok, true);
    assert.equal(typeof res.ts, 'string');
    assert.deepEqual(
      standin.dms('U0ALICE').map((m) => m.text),
      ['Only you see this & that.'],
    );
  });

  it('refuses a call with the wrong token as Slack does (invalid_auth)', async () => {
    const wrong = new WebClient('xoxb-wrong', { slackApiUrl: standin.apiUrl, fetch: transport.fetch });
    await assert.rejects(wrong.chat.postMessage({ channel: 'C0WARD', text: 'hi' }), (err: unknown) => {
      const e = err as { code?: string; data?: { error?: string } };
      return e.code === ErrorCode.PlatformError && e.data?.error === 'invalid_auth';
    });
  });

  it('turns {ok:false} into the client’s platform error with Slack’s code', async () => {
    standin.injectError('chat.postMessage', 'channel_not_found', { times: 1 });
    await assert.rejects(client().chat.postMessage({ channel: 'C0GONE', text: 'hi' }), (err: unknown) => {
      const e = err as { code?: string; data?: { error?: string } };
      return e.code === ErrorCode.PlatformError && e.data?.error === 'channel_not_found';
    });
  });

  it('lets the client read Retry-After from a 429', async () => {
    standin.injectRateLimit('chat.postMessage', { retryAfterSec: 7, times: 1 });
    await assert.rejects(
      client({ rejectRateLimitedCalls: true }).chat.postMessage({ channel: 'C0WARD', text: 'hi' }),
      (err: unknown) => {
        const e = err as { code?: string; retryAfter?: number };
        return e.code === ErrorCode.RateLimitedError && e.retryAfter === 7;
      },
    );
  });

  it('reports an HTTP error with its status, headers and body', async () => {
    const server = await rawServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain', 'x-slack-edge': 'down' }).end('try later');
    });
    try {
      const c = oneShotClient(server.url, transport.fetch);
      await assert.rejects(c.chat.postMessage({ channel: 'C0WARD', text: 'hi' }), (err: unknown) => {
        const e = err as {
          code?: string;
          statusCode?: number;
          headers?: Record<string, string>;
          body?: string;
        };
        return (
          e.code === ErrorCode.HTTPError &&
          e.statusCode === 503 &&
          e.headers?.['x-slack-edge'] === 'down' &&
          e.body === 'try later'
        );
      });
    } finally {
      await server.close();
    }
  });

  it('reports a connection still refused after its own attempts as a request error', async () => {
    const server = await rawServer(() => {});
    const url = server.url;
    await server.close();
    const c = oneShotClient(url, transport.fetch);
    await assert.rejects(c.chat.postMessage({ channel: 'C0WARD', text: 'hi' }), (err: unknown) => {
      return (err as { code?: string }).code === ErrorCode.RequestError;
    });
  });

  it('tries again, by itself, a call that could not connect, and delivers it once the server is up', async () => {
    const probe = await rawServer(() => {});
    const { port } = new URL(probe.url);
    await probe.close();
    let received = 0;
    const late = http.createServer((_req, res) => {
      received += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"ts":"2.000300"}');
    });
    const own = createSlackTransport({ retryDelaysMs: [400, 400] });
    try {
      const c = oneShotClient(`http://127.0.0.1:${port}/api/`, own.fetch);
      const call = c.chat.postMessage({ channel: 'C0WARD', text: 'hi' });
      await new Promise((r) => setTimeout(r, 100));
      await new Promise<void>((resolve) => late.listen(Number(port), '127.0.0.1', resolve));
      assert.equal((await call).ts, '2.000300');
      assert.equal(received, 1);
    } finally {
      await own.close();
      late.closeAllConnections();
      await new Promise((r) => late.close(r));
    }
  });

  it('never repeats a call whose reply was lost, since Slack may have acted on it', async () => {
    let received = 0;
    const server = await rawServer((req) => {
      received += 1;
      req.socket.destroy();
    });
    try {
      const c = oneShotClient(server.url, transport.fetch);
      await assert.rejects(c.chat.postMessage({ channel: 'C0WARD', text: 'hi' }), (err: unknown) => {
        return (err as { code?: string }).code === ErrorCode.RequestError;
      });
      assert.equal(received, 1);
    } finally {
      await server.close();
    }
  });

  it('tells a failure before anything was sent from one after', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    assert.equal(nothingSent(refused), true);
    assert.equal(nothingSent({ code: 'UND_ERR_CONNECT_TIMEOUT' }), true);
    assert.equal(nothingSent(new TypeError('fetch failed', { cause: refused })), true);
    assert.equal(nothingSent({ code: 'UND_ERR_SOCKET' }), false);
    assert.equal(nothingSent({ code: 'UND_ERR_HEADERS_TIMEOUT' }), false);
    assert.equal(nothingSent({ code: 'ECONNRESET' }), false);
    assert.equal(nothingSent(new Error('The operation was aborted due to timeout')), false);
    assert.equal(nothingSent(undefined), false);
  });

  it('gives up on a call that outlives the client’s timeout', async () => {
    const server = await rawServer(() => {}); // never answers
    try {
      const c = oneShotClient(server.url, transport.fetch, { timeout: 200 });
      const started = Date.now();
      await assert.rejects(c.chat.postMessage({ channel: 'C0WARD', text: 'hi' }), (err: unknown) => {
        return (err as { code?: string }).code === ErrorCode.RequestError;
      });
      assert.ok(Date.now() - started < 5_000, 'the timeout, not the server, ended the call');
    } finally {
      await server.close();
    }
  });

  it('lets a call in flight finish when the transport closes', async () => {
    const own = createSlackTransport();
    let arrived = false;
    const server = await rawServer((_req, res) => {
      arrived = true;
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"ts":"1.000200"}');
      }, 150);
    });
    try {
      const c = oneShotClient(server.url, own.fetch);
      const call = c.chat.postMessage({ channel: 'C0WARD', text: 'hi' });
      await waitFor(() => arrived, { what: 'the request to reach the server' });
      await own.close();
      const res = await call;
      assert.equal(res.ts, '1.000200');
    } finally {
      await server.close();
    }
  });
});
