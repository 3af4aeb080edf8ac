// Scenario 2 — summary (SPEC §8): the 90-day summary of a 1,000-member channel with 10,000 and with
// 1,000,000 stored check-ins, seeded through the store's write path. Timed: the summary use case
// (`summarize`, what `/wellbeing summary` runs once the channel is known to exist), plus, for
// reference, the whole `forCommand` (which first asks Slack — here the stand-in — whether the channel
// exists) and the store's one-script `period` read alone.
import { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import { createLogger } from '../src/logger.js';
import { createSummaryService, periodDays } from '../src/services/summaries.js';
import { createSlackPort, createSummarySlackPort } from '../src/slack/port.js';
import { createSlackTransport } from '../src/slack/transport.js';
import { createChannelStore } from '../src/store/channels.js';
import { createCheckinStore } from '../src/store/checkins.js';
import { createKeys } from '../src/store/keys.js';
import { createRedis, whenReady } from '../src/store/redis.js';
import { createSummaryStore } from '../src/store/summaries.js';
import { startRedisServer } from '../test/support/redis-server.js';
import { createSlackStandin } from '../test/support/slack-standin.js';
import {
  BOT_TOKEN,
  check,
  log,
  percentile,
  round,
  type ScenarioResult,
  SIGNING_SECRET,
  TEAM,
  usedMemory,
} from './lib.js';
import { memberIds, seedChannel, seedClient, utcToday } from './seed.js';

const PREFIX = 'wbsum';
const MEMBERS = 1_000;
const RUNS = 300;
const WARMUP_RUNS = 30;
const PERIOD = 90;
/** The current and the previous 90 days hold answers. */
const SEEDED_DAYS = 2 * PERIOD;
const RETENTION_DAYS = 200;
const SMALL = { channel: 'C0SUM10K', total: 10_000 };
const LARGE = { channel: 'C0SUM1M', total: 1_000_000 };

interface Timing {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function stats(ms: number[]): Timing {
  const s = [...ms].sort((a, b) => a - b);
  const r = (v: number) => round(v, 3);
  return {
    p50: r(percentile(s, 50)),
    p95: r(percentile(s, 95)),
    p99: r(percentile(s, 99)),
    max: r(s.at(-1) ?? 0),
  };
}

async function timeRuns(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export async function summaryScenario(): Promise<ScenarioResult> {
  const started = Date.now();
  const redisServer = await startRedisServer();
  const standin = await createSlackStandin({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    teamId: TEAM,
  });
  const quietLog = createLogger('warn', process.stderr);
  const seeder = seedClient(redisServer.url);
  // The summary reads through a client built exactly as the bot builds its own.
  const redis = createRedis({ kind: 'standalone', url: redisServer.url }, quietLog) as Redis;
  const transport = createSlackTransport();
  try {
    await whenReady(redis, 5_000);
    const keys = createKeys(PREFIX);
    const nowMs = Date.now();
    const today = utcToday(nowMs);
    const lead = 'USUMLEAD';
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: standin.apiUrl, fetch: transport.fetch });
    const channels = createChannelStore(redis, keys);
    const slack = createSummarySlackPort(
      client,
      channels,
      createSlackPort({ client, once: client }, channels),
    );
    const checkins = createCheckinStore(redis, keys, { retentionDays: RETENTION_DAYS });
    const service = createSummaryService({
      checkins,
      channels,
      store: createSummaryStore(redis, keys),
      slack,
      clock: Date.now,
      k: 5,
      defaultTz: 'UTC',
      log: quietLog,
    });
    const { days, previousDays } = periodDays(today, PERIOD);

    const members = { small: memberIds('USMA', MEMBERS), large: memberIds('USLA', MEMBERS) };
    for (const [c, m] of [
      [SMALL.channel, members.small],
      [LARGE.channel, members.large],
    ] as const) {
      standin.addChannel({ id: c, name: c.toLowerCase(), members: [...m, lead] });
      await redis.hset(keys.channels(TEAM), c, JSON.stringify({ tz: 'UTC' }));
    }
    const summarize = (channel: string) => () => service.summarize(TEAM, channel, PERIOD, lead);
    const forCommand = (channel: string) => () =>
      service.forCommand({ team: TEAM, viewer: lead, channel, periodDays: PERIOD });
    const period = (channel: string) => () => checkins.period(TEAM, channel, days, previousDays);
    const warm = async (channel: string) => {
      // Count the channel's members once (1,000 users.info calls); later summaries read the cached count.
      await slack.humanMemberCount(TEAM, channel);
      await timeRuns(WARMUP_RUNS, summarize(channel));
    };
    const seedOne = async (s: { channel: string; total: number }, memberList: readonly string[]) => {
      const before = await usedMemory(redis);
      log(`summary: seeding ${s.total.toLocaleString('en')} check-ins in ${s.channel}`);
      const seconds = await seedChannel(
        seeder,
        PREFIX,
        {
          team: TEAM,
          channel: s.channel,
          members: memberList,
          total: s.total,
          days: SEEDED_DAYS,
          retentionDays: RETENTION_DAYS,
        },
        nowMs,
      );
      const after = await usedMemory(redis);
      return { seconds, bytesPerCheckin: (after - before) / s.total };
    };

    // 1. Only the 10,000 are stored.
    const small = await seedOne(SMALL, members.small);
    await warm(SMALL.channel);
    log(`summary: timing ${RUNS} summaries with 10,000 stored`);
    const alone = stats(await timeRuns(RUNS, summarize(SMALL.channel)));

    // 2. The 1,000,000 are stored too. The two channels are timed in alternation, so that whatever else
    // the machine does meanwhile weighs on both alike.
    const large = await seedOne(LARGE, members.large);
    await warm(LARGE.channel);
    await warm(SMALL.channel);
    log(`summary: timing ${RUNS} summaries of each channel, alternating`);
    const t = { small: [] as number[], large: [] as number[] };
    const tc = { small: [] as number[], large: [] as number[] };
    const tp = { small: [] as number[], large: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      t.small.push(...(await timeRuns(1, summarize(SMALL.channel))));
      t.large.push(...(await timeRuns(1, summarize(LARGE.channel))));
      tp.small.push(...(await timeRuns(1, period(SMALL.channel))));
      tp.large.push(...(await timeRuns(1, period(LARGE.channel))));
      if (i % 3 === 0) {
        tc.small.push(...(await timeRuns(1, forCommand(SMALL.channel))));
        tc.large.push(...(await timeRuns(1, forCommand(LARGE.channel))));
      }
    }
    const s10k = stats(t.small);
    const s1m = stats(t.large);
    const c10k = stats(tc.small);
    const c1m = stats(tc.large);
    const p10k = stats(tp.small);
    const p1m = stats(tp.large);

    // What the summary said (a sanity check that it summarised what was seeded).
    const shown = await service.summarize(TEAM, LARGE.channel, PERIOD, lead);
    const shownSmall = await service.summarize(TEAM, SMALL.channel, PERIOD, lead);
    const checkinsOf = (x: typeof shown) => (x.summary.enough ? x.summary.checkins : 0);
    const ratio50 = s1m.p50 / s10k.p50;
    const ratio95 = s1m.p95 / s10k.p95;
    return {
      scenario: 'summary',
      metrics: {
        runs_per_size: RUNS,
        members: MEMBERS,
        seed_10k_seconds: round(small.seconds, 1),
        seed_1m_seconds: round(large.seconds, 1),
        seed_1m_checkins_per_second: round(LARGE.total / large.seconds, 0),
        bytes_per_checkin_1m_seed: round(large.bytesPerCheckin, 1),
        summary_10k_alone_p50_ms: alone.p50,
        summary_10k_alone_p95_ms: alone.p95,
        summary_10k_p50_ms: s10k.p50,
        summary_10k_p95_ms: s10k.p95,
        summary_10k_p99_ms: s10k.p99,
        summary_1m_p50_ms: s1m.p50,
        summary_1m_p95_ms: s1m.p95,
        summary_1m_p99_ms: s1m.p99,
        summary_1m_max_ms: s1m.max,
        ratio_1m_to_10k_p50: round(ratio50, 3),
        ratio_1m_to_10k_p95: round(ratio95, 3),
        store_period_10k_p50_ms: p10k.p50,
        store_period_10k_p95_ms: p10k.p95,
        store_period_1m_p50_ms: p1m.p50,
        store_period_1m_p95_ms: p1m.p95,
        for_command_10k_p50_ms: c10k.p50,
        for_command_10k_p95_ms: c10k.p95,
        for_command_1m_p50_ms: c1m.p50,
        for_command_1m_p95_ms: c1m.p95,
        checkins_in_the_90_day_summary_10k: checkinsOf(shownSmall),
        checkins_in_the_90_day_summary_1m: checkinsOf(shown),
      },
      checks: [
        check('summary: 90 days, 1M stored, p95', s1m.p95, '<', 10, 'ms'),
        check('summary: time at 1M / time at 10k (p50)', round(ratio50, 3), '<=', 1.5),
      ],
      notes: [
        `Seeded through createCheckinStore().setAnswer (the bot's Lua script), ${SEEDED_DAYS} days (this period and the previous one), answers rotating through ${MEMBERS} members, ${512} calls in flight on one auto-pipelining connection.`,
        `summary_* = SummaryService.summarize(team, channel, 90, lead): channel zone, period aggregates (one script), the viewer's own answers (one script), cached member count. ${RUNS} sequential runs per size; the 1M and 10k channels alternate. summary_10k_alone_* was timed before the 1M were seeded.`,
        'for_command_* adds conversations.info on the local Slack stand-in (in production a Slack round trip, outside the bot’s control); store_period_* is the store read alone.',
      ],
      seconds: round((Date.now() - started) / 1000, 1),
    };
  } finally {
    await transport.close();
    seeder.disconnect();
    redis.disconnect();
    await standin.close();
    await redisServer.stop(true);
  }
}
