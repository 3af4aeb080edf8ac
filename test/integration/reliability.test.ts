// Signatures, readiness, and a Redis outage in the middle of use — with a private redis-server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from '../support/harness.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';
import { type CareChannel, careChannel, fakePrompt } from '../support/scene.js';
import { waitFor } from '../support/wait.js';

describe('reliability', () => {
  let server: RedisServer;
  let h: Harness;
  let care: CareChannel;
  const ts = `${Math.floor(Date.now() / 1000)}.000100`;

  before(async () => {
    server = await startRedisServer();
    h = await startHarness({ redisUrl: server.url });
    care = await careChannel(h.standin, h.redis, h.prefix);
    await fakePrompt(h.redis, h.prefix, h.standin.teamId, care.channel, ts, Date.now());
  });
  after(async () => {
    await h.close();
    await server.stop(true);
  });

  const readyz = () => fetch(`http://127.0.0.1:${h.port}/readyz`);
  const stored = async () => {
    const d = await h.standin.slashCommand({
      command: '/wellbeing',
      text: 'me',
      userId: care.members[0] as string,
      channelId: care.channel,
    });
    return JSON.stringify(d.ack);
  };

  for (const signature of ['missing', 'wrong', 'stale'] as const) {
    it(`answers a request with a ${signature} signature with 401 and changes nothing`, async () => {
      const d = await h.standin.slashCommand(
        { command: '/checkin', text: '4', userId: care.members[0] as string, channelId: care.channel },
        { signature },
      );
      assert.equal(d.status, 401);
      assert.match(await stored(), /no check-ins/);
    });
  }

  it('answers health and readiness while Redis is up', async () => {
    assert.equal((await fetch(`http://127.0.0.1:${h.port}/healthz`)).status, 200);
    assert.equal((await readyz()).status, 200);
    const metrics = await (await fetch(`http://127.0.0.1:${h.metricsPort}/metrics`)).text();
    assert.match(metrics, /wellbeing_requests_total/);
  });

  it('fails events, replies kindly to commands and turns not-ready while Redis is down, then recovers', async () => {
    await server.stop(true);
    const ready = await readyz();
    assert.equal(ready.status, 503);
    const { reason } = (await ready.json()) as { reason: string };
    assert.match(reason, /redis/i);
    // Anyone who can reach the port reads the reason: it names no host and no port.
    assert.doesNotMatch(reason, /127\.0\.0\.1|localhost/);
    assert.ok(!reason.includes(String(server.port)), reason);

    const event = await h.standin.reactionAdded(
      { user: care.members[1] as string, reaction: 'four', channel: care.channel, ts },
      { eventId: 'Ev0OUTAGE1' },
    );
    assert.ok(event.status >= 500, `event during the outage answered ${event.status}`);

    const cmd = await h.standin.slashCommand({
      command: '/checkin',
      text: '3',
      userId: care.members[2] as string,
      channelId: care.channel,
    });
    assert.equal(cmd.status, 200);
    assert.match(JSON.stringify(cmd.ack), /could not save/i);

    await server.start();
    await waitFor(async () => (await readyz()).status === 200, { what: 'the bot to be ready again' });
    // This throwaway Redis keeps nothing on disk: lay the scene again, as a persistent Redis would have kept it.
    await careChannel(h.standin, h.redis, h.prefix);
    await fakePrompt(h.redis, h.prefix, h.standin.teamId, care.channel, ts, Date.now());
    // Slack redelivers the event that was not acknowledged; now it counts.
    const redelivered = await h.standin.reactionAdded(
      { user: care.members[1] as string, reaction: 'four', channel: care.channel, ts },
      { eventId: 'Ev0OUTAGE1', retryNum: 1, retryReason: 'http_error' },
    );
    assert.equal(redelivered.status, 200);
    const me = await h.standin.slashCommand({
      command: '/wellbeing',
      text: 'me',
      userId: care.members[1] as string,
      channelId: care.channel,
    });
    assert.match(JSON.stringify(me.ack), /4 · good/);
  });
});
