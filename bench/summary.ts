// Scenario 2 — summary: the 90-day summary of a 1,000-member channel with 10,000 and with
// 1,000,000 stored check-ins, seeded through the store's write path into the open cells the bot would
// use. Each channel's cells are settled once before anything is timed (settled parts are stored, not
// recomputed per summary). Timed: the summary use case (`summarize`, what `/wellbeing summary` runs
// once the channel is known to exist), plus, for reference, the whole `forCommand` (which first asks
// Slack — here the stand-in — whether the channel exists) and the cell service's `view` alone.
import { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import { createLogger } from '../src/logger.js';
import { createCellService } from '../src/services/cells.js';
import { createSummaryService } from '../src/services/summaries.js';
import { createSlackPort, createSummarySlackPort } from '../src/slack/port.js';
import { createSlackTransport } from '../src/slack/transport.js';
import { createCellStore } from '../src/store/cells.js';
import { createChannelStore } from '../src/store/channels.js';
import { createKeys } from '../src/store/keys.js';
import { createRedis, whenReady } from '../src/store/redis.js';
import { createRoleStore } from '../src/store/roles.js';
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
import { memberIds, seedChannel, seedClient } from './seed.js';

const PREFIX = 'wbsum';
const MEMBERS = 1_000;
const RUNS = 300;
const WARMUP_RUNS = 30;
const PERIOD = 90;
const DAY_MS = 86_400_000;
/** The current and the previous 90 days hold answers. */
const SEEDED_DAYS = 2 * PERIOD;
const RETENTION_DAYS = 200;
const K = 5;
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

/**
 * Check-ins seeded by `seedChannel` whose day ended within the `PERIOD` days up to `nowMs`: what the
 * summary must show when every day is released. Day d (0 = the oldest) holds ⌊total·(d+1)/days⌋ −
 * ⌊total·d/days⌋ of them and ends at the next UTC midnight.
 */
function expectedInPeriod(total: number, nowMs: number): number {
  const todayStart = Math.floor(nowMs / DAY_MS) * DAY_MS;
  let n = 0;
  for (let d = 0; d < SEEDED_DAYS; d++) {
    const end = todayStart + (d - SEEDED_DAYS + 2) * DAY_MS;
    if (end <= nowMs && end > nowMs - PERIOD * DAY_MS)
      n += Math.floor((total * (d + 1)) / SEEDED_DAYS) - Math.floor((total * d) / SEEDED_DAYS);
  }
  return n;
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
    // One fixed instant for the whole run: every day before today has settled by then, and nothing
    // settles while the summaries are timed.
    const nowMs = Date.now();
    const clock = () => nowMs;
    const lead = 'USUMLEAD';
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: standin.apiUrl, fetch: transport.fetch });
    const channels = createChannelStore(redis, keys);
    const roles = createRoleStore(redis, keys);
    const slack = createSummarySlackPort(
      client,
      channels,
      createSlackPort({ client, once: client }, channels),
    );
    // Built as the bot builds them (src/bot.ts).
    const cells = createCellService({
      store: createCellStore(redis, keys),
      leadsOf: (team, channel) => roles.leadsOf(team, channel),
      admins: [],
      membersOf: (team, channel) => slack.humanMemberCount(team, channel),
      channelTz: async (team, channel) => (await channels.promptChannel(team, channel)).tz ?? 'UTC',
      k: K,
      retentionDays: RETENTION_DAYS,
      clock,
      log: quietLog,
    });
    const service = createSummaryService({
      cells,
      roles,
      admins: [],
      channels,
      slack,
      clock,
      k: K,
      defaultTz: 'UTC',
      log: quietLog,
    });

    const members = { small: memberIds('USMA', MEMBERS), large: memberIds('USLA', MEMBERS) };
    for (const [c, m] of [
      [SMALL.channel, members.small],
      [LARGE.channel, members.large],
    ] as const) {
      standin.addChannel({ id: c, name: c.toLowerCase(), members: [...m, lead] });
      await redis.hset(keys.channels(TEAM), c, JSON.stringify({ tz: 'UTC' }));
      // The lead is named before any day settles, so each day's decision is made for them.
      await roles.addLead(TEAM, c, lead);
    }
    const roleOfLead = { isLead: true, isAdmin: false };
    const summarize = (channel: string) => () => service.summarize(TEAM, channel, PERIOD, lead);
    const forCommand = (channel: string) => () =>
      service.forCommand({ team: TEAM, viewer: lead, channel, periodDays: PERIOD });
    const view = (channel: string) => () => cells.view(TEAM, channel, lead, PERIOD, roleOfLead);
    const warm = async (channel: string) => {
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
          slot: (atMs) => cells.slot(TEAM, s.channel, atMs),
        },
        nowMs,
      );
      const seeded = await usedMemory(redis);
      // Count the channel's members once (1,000 users.info calls on the stand-in), as settling does.
      await slack.humanMemberCount(TEAM, s.channel);
      // Settle once: every day that ended more than an hour ago becomes stored settled parts.
      log(`summary: settling the cells of ${s.channel}`);
      const t0 = performance.now();
      const settledCells = await cells.settleDue(TEAM, s.channel, nowMs);
      const settleSeconds = (performance.now() - t0) / 1000;
      const settled = await usedMemory(redis);
      const openLeft = await redis.zcard(keys.openCells(TEAM, s.channel));
      const parts = await redis.zcard(keys.settled(TEAM, s.channel));
      log(`  settled ${settledCells} cells into ${parts} parts in ${round(settleSeconds, 1)} s`);
      return {
        seconds,
        settleSeconds,
        settledCells,
        parts,
        openLeft,
        bytesOpen: (seeded - before) / s.total,
        bytesSettled: (settled - before) / s.total,
      };
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
    const tv = { small: [] as number[], large: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      t.small.push(...(await timeRuns(1, summarize(SMALL.channel))));
      t.large.push(...(await timeRuns(1, summarize(LARGE.channel))));
      tv.small.push(...(await timeRuns(1, view(SMALL.channel))));
      tv.large.push(...(await timeRuns(1, view(LARGE.channel))));
      if (i % 3 === 0) {
        tc.small.push(...(await timeRuns(1, forCommand(SMALL.channel))));
        tc.large.push(...(await timeRuns(1, forCommand(LARGE.channel))));
      }
    }
    const s10k = stats(t.small);
    const s1m = stats(t.large);
    const c10k = stats(tc.small);
    const c1m = stats(tc.large);
    const v10k = stats(tv.small);
    const v1m = stats(tv.large);

    // What the summary said: every check-in of the 90 days, since every day had enough people.
    const shown = await service.summarize(TEAM, LARGE.channel, PERIOD, lead);
    const shownSmall = await service.summarize(TEAM, SMALL.channel, PERIOD, lead);
    const checkinsOf = (x: typeof shown) => (x.summary.enough ? x.summary.checkins : 0);
    const daysOf = (x: typeof shown) => (x.summary.enough ? x.summary.parts.length : 0);
    // The first summary after a day ended pays for settling it: today's cell (a full day's answers)
    // settles in the summary asked a day later. Timed once per channel, after everything else.
    const settling = async (channel: string) => {
      const t0 = performance.now();
      await service.summarize(TEAM, channel, PERIOD, lead, nowMs + DAY_MS);
      return performance.now() - t0;
    };
    const settlingSmall = await settling(SMALL.channel);
    const settlingLarge = await settling(LARGE.channel);
    const expected1m = expectedInPeriod(LARGE.total, nowMs);
    const expected10k = expectedInPeriod(SMALL.total, nowMs);
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
        settle_10k_seconds: round(small.settleSeconds, 2),
        settle_1m_seconds: round(large.settleSeconds, 1),
        settle_1m_ms_per_day: round((1000 * large.settleSeconds) / Math.max(1, large.settledCells), 0),
        summary_that_settles_a_day_10k_ms: round(settlingSmall, 1),
        summary_that_settles_a_day_1m_ms: round(settlingLarge, 1),
        cells_settled_10k: small.settledCells,
        cells_settled_1m: large.settledCells,
        settled_parts_stored_1m: large.parts,
        open_cells_left_1m: large.openLeft,
        bytes_per_checkin_1m_seed_cells_open: round(large.bytesOpen, 1),
        bytes_per_checkin_1m_seed_cells_settled: round(large.bytesSettled, 1),
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
        cells_view_10k_p50_ms: v10k.p50,
        cells_view_10k_p95_ms: v10k.p95,
        cells_view_1m_p50_ms: v1m.p50,
        cells_view_1m_p95_ms: v1m.p95,
        for_command_10k_p50_ms: c10k.p50,
        for_command_10k_p95_ms: c10k.p95,
        for_command_1m_p50_ms: c1m.p50,
        for_command_1m_p95_ms: c1m.p95,
        days_shown_in_the_90_day_summary_1m: daysOf(shown),
        checkins_in_the_90_day_summary_10k: checkinsOf(shownSmall),
        checkins_in_the_90_day_summary_1m: checkinsOf(shown),
        checkins_seeded_in_the_90_days_10k: expected10k,
        checkins_seeded_in_the_90_days_1m: expected1m,
      },
      checks: [
        check('summary: 90 days, 1M stored, p95', s1m.p95, '<', 10, 'ms'),
        check('summary: time at 1M / time at 10k (p50)', round(ratio50, 3), '<=', 1.5),
        check('summary: 1M check-ins shown = seeded in the 90 days', checkinsOf(shown), '==', expected1m),
      ],
      notes: [
        `Seeded through createCheckinStore().setAnswer (the bot's Lua script), each check-in written as at the moment it was given into the open cell CellService.slot gives for that moment; ${SEEDED_DAYS} days (this period and the previous one), answers rotating through ${MEMBERS} members, ${512} calls in flight on one auto-pipelining connection.`,
        `Settled once before timing: CellService.settleDue at a fixed clock settles every day that ended more than an hour earlier into stored settled parts (figures and release decisions, no user IDs), ${large.settledCells} days for the 1M channel in ${round(large.settleSeconds, 1)} s. Summaries read those parts; nothing is recomputed per summary, and the clock stays fixed so nothing settles while timing.`,
        `summary_* = SummaryService.summarize(team, channel, 90, lead): the channel's record and the lead check, the cells due (none), the settled parts of this and the previous 90 days and the lead's decisions. ${RUNS} sequential runs per size; the 1M and 10k channels alternate. summary_10k_alone_* was timed before the 1M were seeded.`,
        `summary_that_settles_a_day_* is one summary asked a day later, which first settles the day then ended (${Math.round(LARGE.total / SEEDED_DAYS).toLocaleString('en')} check-ins by ${MEMBERS.toLocaleString('en')} people in the 1M channel): what the first lead to look after a day pays once.`,
        'for_command_* adds conversations.info on the local Slack stand-in (in production a Slack round trip, outside the bot’s control); cells_view_* is CellService.view alone.',
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
