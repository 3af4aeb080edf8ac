// What the bot acknowledged is stored, whatever fails — Redis killed mid-stream, the
// process stopped mid-stream, and storms of duplicated and retried deliveries. Real processes where
// the fault is a process.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import type { Bot } from '../../src/bot.js';
import { createBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createCheckinStore } from '../../src/store/checkins.js';
import { createKeys } from '../../src/store/keys.js';
import { createRedis, whenReady } from '../../src/store/redis.js';
import { startBotProcess } from '../support/bot-process.js';
import { BOT_TOKEN, type Harness, memoryLog, SIGNING_SECRET, startHarness } from '../support/harness.js';
import { openCounts } from '../support/open-cells.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';
import { type CareChannel, careChannel, fakePrompt } from '../support/scene.js';
import { createSlackStandin, type SlackStandin } from '../support/slack-standin.js';
import { waitFor } from '../support/wait.js';

const EMOJI = ['one', 'two', 'three', 'four', 'five'] as const;

interface Planned {
  eventId: string;
  user: string;
  ts: string;
  score: number;
}

/** `members × prompts` distinct answers (each person answers each prompt once), with their expected scores. */
async function planStream(
  redis: Redis,
  prefix: string,
  team: string,
  care: CareChannel,
  prompts: number,
  tag: string,
): Promise<Planned[]> {
  const base = Math.floor(Date.now() / 1000) - 600;
  const plan: Planned[] = [];
  for (let j = 0; j < prompts; j++) {
    const ts = `${base + j}.${String(j).padStart(6, '0')}`;
    await fakePrompt(redis, prefix, team, care.channel, ts, (base + j) * 1000);
    for (const [i, user] of care.members.entries())
      plan.push({ eventId: `Ev0${tag}${j}x${i}`, user, ts, score: ((i + j) % 5) + 1 });
  }
  return plan;
}

function expectedCounts(plan: readonly Planned[]): number[] {
  const counts = [0, 0, 0, 0, 0];
  for (const p of plan) counts[p.score - 1] = (counts[p.score - 1] ?? 0) + 1;
  return counts;
}

/** Runs `task` over `items` with `parallel` workers; `task` gets the index, so a test can inject a fault at a point. */
async function stream<T>(items: readonly T[], parallel: number, task: (item: T, i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) await task(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

const until = (what: string, check: () => Promise<boolean>, timeout = 15_000) =>
  waitFor(check, { what, timeout, every: 100 });

async function isStored(redis: Redis, prefix: string, team: string, p: Planned): Promise<boolean> {
  const store = createCheckinStore(redis, createKeys(prefix), { retentionDays: 180 });
  const answers = await store.answersOf(team, p.user, 0, Date.now() + 60_000);
  return answers.some((a) => a.promptTs === p.ts && a.score === p.score);
}

async function dayCounts(redis: Redis, prefix: string, team: string, channel: string) {
  const p = await openCounts(redis, prefix, team, channel);
  return { counts: p.counts, respondents: p.respondents };
}

describe('Redis killed and restarted during a stream of reactions', () => {
  let server: RedisServer;
  let h: Harness;
  let care: CareChannel;
  let plan: Planned[];

  before(async () => {
    // Persisted, so what Redis acknowledged survives SIGKILL as it would on a real deployment.
    server = await startRedisServer({ extraArgs: ['--appendonly', 'yes', '--appendfsync', 'always'] });
    // The helper client reports the outage as 'error' events; the test reads Redis only after it is back.
    const helper = new Redis(server.url).on('error', () => {});
    h = await startHarness({ redisUrl: server.url, helperRedis: helper });
    care = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0FLT001', members: 10 });
    plan = await planStream(h.redis, h.prefix, h.standin.teamId, care, 20, 'KILL');
  });
  after(async () => {
    await h.close();
    await server.stop(true);
  });

  it('stores every event it answered 2xx, fails the rest, and counts exactly once they are redelivered', async () => {
    const status = new Map<string, number>();
    const send = (p: Planned, retryNum?: number) =>
      h.standin
        .reactionAdded(
          { user: p.user, reaction: EMOJI[p.score - 1] as string, channel: care.channel, ts: p.ts },
          { eventId: p.eventId, ...(retryNum ? { retryNum, retryReason: 'http_error' } : {}) },
        )
        .then(
          (d) => d.status,
          () => 0,
        );
    await stream(plan, 4, async (p, i) => {
      if (i === 60) await server.stop(true);
      if (i === 130) await server.start();
      status.set(p.eventId, await send(p));
    });
    const ok = plan.filter((p) => (status.get(p.eventId) ?? 0) < 300 && (status.get(p.eventId) ?? 0) >= 200);
    const failed = plan.filter((p) => !ok.includes(p));
    await until('the bot is ready again', async () => (await fetch(`http://127.0.0.1:${h.port}/readyz`)).ok);
    for (const p of ok)
      assert.ok(
        await isStored(h.redis, h.prefix, h.standin.teamId, p),
        `${p.eventId} was answered 2xx but not stored`,
      );

    assert.ok(failed.length > 0, 'no event failed: the outage did not happen');
    assert.ok(ok.length >= 30, `only ${ok.length} events were answered 2xx`);

    // Slack redelivers what was not acknowledged, with retry headers, and keeps doing so until it is.
    for (let attempt = 1; attempt <= 3; attempt++)
      for (const p of failed)
        if ((status.get(p.eventId) ?? 0) !== 200) status.set(p.eventId, await send(p, attempt));
    for (const p of failed) assert.equal(status.get(p.eventId), 200, `${p.eventId} was never accepted`);
    assert.deepEqual(await dayCounts(h.redis, h.prefix, h.standin.teamId, care.channel), {
      counts: expectedCounts(plan),
      respondents: care.members.length,
    });
  });
});

describe('a storm of duplicated and retried deliveries', () => {
  let h: Harness;
  let care: CareChannel;
  let plan: Planned[];

  before(async () => {
    h = await startHarness();
    care = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0FLT002', members: 6 });
    plan = await planStream(h.redis, h.prefix, h.standin.teamId, care, 8, 'DUP');
  });
  after(async () => h.close());

  it('counts each event once when it arrives two to five times at once, with and without retry headers', async () => {
    const deliveries = plan.flatMap((p, k) =>
      Array.from({ length: 2 + (k % 4) }, (_, copy) =>
        h.standin.reactionAdded(
          { user: p.user, reaction: EMOJI[p.score - 1] as string, channel: care.channel, ts: p.ts },
          {
            eventId: p.eventId,
            ...((copy + k) % 2 === 1 ? { retryNum: copy, retryReason: 'http_timeout' } : {}),
          },
        ),
      ),
    );
    const results = await Promise.all(deliveries);
    assert.ok(
      results.every((d) => d.status === 200),
      `statuses: ${results.map((d) => d.status).join(',')}`,
    );
    assert.deepEqual(await dayCounts(h.redis, h.prefix, h.standin.teamId, care.channel), {
      counts: expectedCounts(plan),
      respondents: care.members.length,
    });
    const store = createCheckinStore(h.redis, createKeys(h.prefix), { retentionDays: 180 });
    for (const user of care.members)
      assert.equal((await store.answersOf(h.standin.teamId, user, 0, Date.now() + 60_000)).length, 8);
  });
});

describe('SIGTERM during a stream of reactions', () => {
  let server: RedisServer;
  let standin: SlackStandin;
  let redis: Redis;
  let child: ChildProcess;
  let port: number;
  const prefix = uniquePrefix();

  before(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url);
    standin = await createSlackStandin({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
    const bot = await startBotProcess({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: standin.apiUrl,
      REDIS_URL: server.url,
      REDIS_KEY_PREFIX: prefix,
    });
    ({ child, port } = bot);
    standin.setBotUrl(`http://127.0.0.1:${port}/slack/events`);
    await until(
      'the bot process is ready',
      async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok,
      30_000,
    );
  });
  after(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await standin.close();
    redis.disconnect();
    await server.stop(true);
  });

  it('exits 0 and keeps every event it answered 2xx', async () => {
    const care = await careChannel(standin, redis, prefix, { channel: 'C0FLT003', members: 10 });
    const plan = await planStream(redis, prefix, standin.teamId, care, 15, 'TERM');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const status = new Map<string, number>();
    let sentAfterTerm = 0;
    let termSent = false;
    await stream(plan, 4, async (p, i) => {
      if (i === 70) {
        termSent = true;
        child.kill('SIGTERM');
      } else if (termSent) sentAfterTerm += 1;
      const s = await standin
        .reactionAdded(
          { user: p.user, reaction: EMOJI[p.score - 1] as string, channel: care.channel, ts: p.ts },
          { eventId: p.eventId, via: 'http' },
        )
        .then(
          (d) => d.status,
          () => 0,
        );
      status.set(p.eventId, s);
    });
    assert.equal(await exited, 0);
    assert.ok(sentAfterTerm > 0, 'no event was sent after SIGTERM: it did not land mid-stream');
    const ok = plan.filter((p) => status.get(p.eventId) === 200);
    assert.ok(ok.length >= 60, `only ${ok.length} events were answered 2xx before the stop`);
    for (const p of ok)
      assert.ok(
        await isStored(redis, prefix, standin.teamId, p),
        `${p.eventId} was answered 2xx but not stored`,
      );
  });
});

describe('replicas killed and restarted around the weekly digest slot', () => {
  const MONDAY_0900 = Date.parse('2026-11-30T09:00:00Z');
  let h: Harness;
  let care: CareChannel;

  before(async () => {
    h = await startHarness({ replicas: 2 });
    care = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0FLT004', members: 3 });
    await h.redis.sadd(createKeys(h.prefix).teams(), h.standin.teamId);
  });
  after(async () => h.close());

  /** A replica as a restarted process builds it: new Redis client, new Bolt app, same configuration. */
  function freshReplica() {
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: h.standin.apiUrl,
      REDIS_URL: testRedisUrl(),
      REDIS_KEY_PREFIX: h.prefix,
      PORT: '0',
      METRICS_PORT: '0',
    });
    const log = createLogger('debug', memoryLog(h.logs));
    const redis = createRedis(config.redis.target, log);
    return { bot: createBot({ config, log, redis, schedule: false }), redis };
  }

  it('sends each lead one digest when two replicas run the slot and two restarted ones run it again', async () => {
    const [a, b] = h.bots as [Bot, Bot];
    const first = await Promise.all([a.runDigest(MONDAY_0900), b.runDigest(MONDAY_0900 + 1_000)]);
    assert.equal(first.filter((r) => r.ran).length, 1);
    // The first two are abandoned, as killed processes would be; two new ones start from scratch.
    const restarted = [freshReplica(), freshReplica()];
    try {
      for (const r of restarted) await whenReady(r.redis, 5_000);
      const again = await Promise.all(restarted.map((r, i) => r.bot.runDigest(MONDAY_0900 + 5 * 60_000 + i)));
      assert.equal(again.filter((r) => r.ran).length, 0);
    } finally {
      for (const r of restarted) r.redis.disconnect();
    }
    assert.equal(h.standin.dms(care.lead).length, 1);
  });
});
