// Scenario — channels (resilient DM check-ins): a person in 3 of 200 prompt channels, 20 of which the
// bot cannot read, types `/checkin 3` in a DM. Slack (the stand-in) answers each member lookup after
// a set latency. Measured over signed HTTP against the whole bot: how long Slack waits for the
// acknowledgement (its limit is 3 s), with cold caches and with warm ones, and when the choice of
// channels reaches the person (at once, or through the response URL after "one moment").
import { createKeys } from '../src/store/keys.js';
import { type Harness, startHarness } from '../test/support/harness.js';
import { startRedisServer } from '../test/support/redis-server.js';
import { check, log, percentile, round, type ScenarioResult } from './lib.js';

const CHANNELS = 200;
const UNREADABLE = 20;
const MEMBER = 'U0BENCHDM1';
const LATENCIES_MS = [50, 100, 200];
const WARM_RUNS = 30;
const id = (i: number) => `C0BCH${String(i).padStart(4, '0')}`;

async function scene(h: Harness): Promise<void> {
  const keys = createKeys(h.prefix);
  for (let i = 0; i < CHANNELS; i++) {
    const channel = id(i);
    await h.redis.hset(keys.channels(h.standin.teamId), channel, JSON.stringify({ tz: 'UTC' }));
    if (i < UNREADABLE) continue; // deleted: channel_not_found
    h.standin.addChannel({
      id: channel,
      name: `ward-${i}`,
      members: i % 60 === 1 ? [MEMBER] : ['U0BENCHOTH'],
    });
  }
}

async function coldCaches(h: Harness): Promise<void> {
  const keys = createKeys(h.prefix);
  for (let i = 0; i < CHANNELS; i++) {
    await h.redis.del(keys.members(h.standin.teamId, id(i)), keys.unreadable(h.standin.teamId, id(i)));
  }
}

export async function channelsScenario(): Promise<ScenarioResult> {
  const started = performance.now();
  const server = await startRedisServer();
  const h = await startHarness({ redisUrl: server.url, env: { LOG_LEVEL: 'warn' } });
  const metrics: Record<string, number | string> = {};
  const checks = [];
  try {
    await scene(h);
    const dm = () =>
      h.standin.slashCommand({ command: '/checkin', text: '3', userId: MEMBER, channelId: 'D0BENCHDM' });
    for (const latency of LATENCIES_MS) {
      h.standin.clearInjections();
      h.standin.injectLatency('conversations.members', latency);
      await coldCaches(h);
      const t0 = performance.now();
      const cold = await dm();
      const deferred = /One moment/.test(JSON.stringify(cold.ack));
      if (deferred) await cold.waitForResponse(60_000);
      const answeredMs = performance.now() - t0;
      metrics[`cold ack ms (Slack ${latency} ms)`] = round(cold.ms, 0);
      metrics[`cold choice shown ms (Slack ${latency} ms)`] = round(answeredMs, 0);
      metrics[`cold reply (Slack ${latency} ms)`] = deferred ? 'one moment, then response URL' : 'in the ack';
      metrics[`peak lookups in flight (Slack ${latency} ms)`] =
        h.standin.peakConcurrency('conversations.members');
      checks.push(check(`DM /checkin cold ack, Slack ${latency} ms`, round(cold.ms, 0), '<', 3000, 'ms'));
      const warm: number[] = [];
      for (let i = 0; i < WARM_RUNS; i++) warm.push((await dm()).ms);
      warm.sort((a, b) => a - b);
      metrics[`warm ack p95 ms (Slack ${latency} ms)`] = round(percentile(warm, 95), 1);
      checks.push(
        check(
          `DM /checkin warm ack p95, Slack ${latency} ms`,
          round(percentile(warm, 95), 1),
          '<',
          3000,
          'ms',
        ),
      );
      log(
        `channels: Slack ${latency} ms → cold ack ${round(cold.ms, 0)} ms, choice after ${round(answeredMs, 0)} ms`,
      );
    }
  } finally {
    await h.close();
    await server.stop(true);
  }
  return {
    scenario: 'channels',
    metrics,
    checks,
    notes: [
      `${CHANNELS} prompt channels, ${UNREADABLE} deleted; the person is in 3. Member lookups run 8 at a time and are cached for 5 minutes; an unreadable channel is skipped for 10.`,
      'A cold lookup that takes over 2 s is answered "one moment" and the choice follows through the response URL.',
    ],
    seconds: round((performance.now() - started) / 1000, 1),
  };
}
