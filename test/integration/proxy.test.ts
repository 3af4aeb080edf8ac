// Hospitals reach the internet through a proxy: with HTTPS_PROXY set, every connection the bot makes to
// Slack — Web API calls, response_url posts, Socket Mode's apps.connections.open and its WebSocket —
// goes through it; without it (or for a host in NO_PROXY), none does.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { BOT_TOKEN, type Harness, startHarness } from '../support/harness.js';
import { type CareChannel, careChannel } from '../support/scene.js';

/**
 * A forward proxy: CONNECT tunnels (what undici uses) and plain absolute-URL requests. The stand-in
 * speaks plain HTTP, so the proxy can read the request lines inside each tunnel and list every
 * request that passed through it.
 */
interface TestProxy {
  url: string;
  /** `METHOD path` of every request seen, tunnelled or forwarded. */
  requests: string[];
  close(): Promise<void>;
}

const REQUEST_LINE = /(GET|POST|PUT) (\/\S*) HTTP\/1\.1\r\n/;

async function startProxy(): Promise<TestProxy> {
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '/');
    requests.push(`${req.method} ${target.pathname}`);
    const upstream = http.request(target, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req, client, head) => {
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    sockets.add(upstream);
    // Requests follow each other on a kept-alive tunnel, a request line right after the last body.
    let pending = '';
    client.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      let m = REQUEST_LINE.exec(pending);
      while (m) {
        requests.push(`${m[1]} ${(m[2] ?? '').split('?')[0]}`);
        pending = pending.slice(m.index + m[0].length);
        m = REQUEST_LINE.exec(pending);
      }
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function waitFor(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Plays a little traffic in Socket Mode: a slash command, and a DM that the bot answers. */
async function someTraffic(h: Harness, care: CareChannel): Promise<void> {
  const person = care.members[0] as string;
  const d = await h.standin.slashCommand(
    { command: '/wellbeing', text: 'help', userId: care.lead, channelId: care.channel },
    { via: 'socket' },
  );
  assert.equal(d.status, 200);
  const open = await fetch(`${h.standin.apiUrl}conversations.open`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ users: person }),
  });
  const dm = ((await open.json()) as { channel: { id: string } }).channel.id;
  const ts = `${Math.floor(Date.now() / 1000)}.000100`;
  await h.standin.sendEvent(
    { type: 'message', channel: dm, user: person, text: 'hello?', ts, event_ts: ts, channel_type: 'im' },
    { via: 'socket' },
  );
  await waitFor('the DM reply', () => h.standin.dms(person).length > 0);
}

/** The Web API methods the stand-in answered for the bot (the test's own conversations.open left out). */
const botCalls = (h: Harness) =>
  h.standin.calls.filter((c) => c.method !== 'conversations.open').map((c) => c.method);

describe('connections to Slack through a proxy', () => {
  let proxy: TestProxy;
  before(async () => {
    proxy = await startProxy();
  });
  after(async () => proxy.close());

  describe('with HTTPS_PROXY set', () => {
    let h: Harness;
    let care: CareChannel;
    before(async () => {
      proxy.requests.length = 0;
      h = await startHarness({ socketMode: true, env: { HTTPS_PROXY: proxy.url } });
      care = await careChannel(h.standin, h.redis, h.prefix);
      await h.standin.waitForSocketConnection();
      await someTraffic(h, care);
    });
    after(async () => h.close());

    it('opens the Socket Mode connection through the proxy', () => {
      assert.ok(proxy.requests.includes('POST /api/apps.connections.open'), proxy.requests.join(', '));
      assert.ok(proxy.requests.includes('GET /socket'), proxy.requests.join(', '));
    });

    it('sends every Web API call through the proxy', () => {
      const viaProxy = proxy.requests
        .filter((r) => r.startsWith('POST /api/') && !r.endsWith('/conversations.open'))
        .map((r) => r.slice('POST /api/'.length));
      const made = botCalls(h);
      assert.ok(made.includes('chat.postMessage'), made.join(', '));
      assert.deepEqual([...viaProxy].sort(), [...made].sort());
    });
  });

  describe('without a proxy variable', () => {
    let h: Harness;
    before(async () => {
      proxy.requests.length = 0;
      h = await startHarness({ socketMode: true });
      const care = await careChannel(h.standin, h.redis, h.prefix);
      await h.standin.waitForSocketConnection();
      await someTraffic(h, care);
    });
    after(async () => h.close());

    it('connects directly: nothing passes through the proxy', () => {
      assert.ok(botCalls(h).includes('chat.postMessage'));
      assert.deepEqual(proxy.requests, []);
    });
  });

  describe('with the Slack host in NO_PROXY', () => {
    let h: Harness;
    before(async () => {
      proxy.requests.length = 0;
      h = await startHarness({ socketMode: true, env: { HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } });
      const care = await careChannel(h.standin, h.redis, h.prefix);
      await h.standin.waitForSocketConnection();
      await someTraffic(h, care);
    });
    after(async () => h.close());

    it('connects directly to that host', () => {
      assert.ok(botCalls(h).includes('chat.postMessage'));
      assert.deepEqual(proxy.requests, []);
    });
  });
});
