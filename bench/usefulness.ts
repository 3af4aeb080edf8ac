// Scenario 5 — usefulness of the release rules: for model teams answering over eight weeks, the share
// of their check-ins that reach a settled part released to a lead who does not answer. The teams answer
// through the real check-in use case (reactions and buttons on recorded prompts, changed answers
// included) and the real cell service, against Redis and the Slack stand-in, on an injected clock; cells
// settle once a day as a lead's summary would settle them.
//
// Each team runs with each pooling (day, week, four weeks) and with reactions on (people answer by
// reaction or button as they prefer) and off (everyone answers by button, privately). The history of a
// team — who works when, who answers, when, with what score, who changes an answer — is drawn once from
// a fixed seed and is the same in every setting; only the way people answer changes when reactions are
// off.
import { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { Pooling } from '../src/domain/cells.js';
import type { Score } from '../src/domain/types.js';
import { createLogger } from '../src/logger.js';
import { createAfterCheckin } from '../src/services/after-checkin.js';
import { createCellService } from '../src/services/cells.js';
import { createCheckinService } from '../src/services/checkins.js';
import { createSlackPort, createSummarySlackPort } from '../src/slack/port.js';
import { createSlackTransport } from '../src/slack/transport.js';
import { createCellStore } from '../src/store/cells.js';
import { createChannelStore } from '../src/store/channels.js';
import { createCheckinStore } from '../src/store/checkins.js';
import { createKeys } from '../src/store/keys.js';
import { createPromptStore } from '../src/store/prompts.js';
import { createRedis, whenReady } from '../src/store/redis.js';
import { createRoleStore } from '../src/store/roles.js';
import { startRedisServer } from '../test/support/redis-server.js';
import { createSlackStandin } from '../test/support/slack-standin.js';
import {
  BOT_TOKEN,
  type Check,
  check,
  log,
  round,
  type ScenarioResult,
  SIGNING_SECRET,
  TEAM,
} from './lib.js';

const PREFIX = 'wbuse';
const K = 5;
const WEEKS = 8;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RETENTION_DAYS = 200;
const SCORE_EMOJI = ['one', 'two', 'three', 'four', 'five'] as const;

/** A small deterministic generator (mulberry32), so every run draws the same histories. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Scores as check-ins lean: 1 5 %, 2 15 %, 3 30 %, 4 30 %, 5 20 %. */
function drawScore(r: () => number): Score {
  const x = r();
  return (x < 0.05 ? 1 : x < 0.2 ? 2 : x < 0.5 ? 3 : x < 0.8 ? 4 : 5) as Score;
}

interface Person {
  /** How likely they answer a prompt of a shift they work. */
  answers: number;
  /** How likely they answer by reaction when reactions are on (else by button). */
  reacts: number;
}

interface TeamModel {
  name: string;
  size: number;
  /** Minutes after midnight at which the team's (shift-)day starts: the cells' day. */
  dayStartMin: number;
  /** The prompts of day `d` (0 = the first Monday): offsets from that day's midnight, ms, and who works each. */
  prompts(d: number, person: number): number[];
  promptTimes(d: number): number[];
  /** Recommended pooling, and whether the recommendation is buttons only. */
  recommended: { pooling: Pooling; reactions: boolean };
  target: number;
  /** Per-person habits. */
  person(r: () => number): Person;
}

const weekday = (d: number) => d % 7; // day 0 is a Monday

/** A 30-person ward on three shifts (early, late, night); prompts at 09:00, 17:00 and 01:00. */
const WARD: TeamModel = {
  name: 'ward',
  size: 30,
  dayStartMin: 7 * 60,
  promptTimes: () => [9 * HOUR, 17 * HOUR, 25 * HOUR],
  // 12 people on earlies, 10 on lates, 8 on nights; each works five days of seven, the days off
  // moving with the week, so about 8, 7 and 6 are on each shift.
  prompts(d, i) {
    const shift = i < 12 ? 0 : i < 22 ? 1 : 2;
    const w = Math.floor(d / 7);
    const off = [(i + w) % 7, (i + w + 3) % 7];
    return off.includes(weekday(d)) ? [] : [shift];
  },
  recommended: { pooling: 'day', reactions: true },
  target: 90,
  person: (r) => ({ answers: 0.35 + 0.6 * r(), reacts: r() < 0.6 ? 0.85 : 0.1 }),
};

/** A 6-person night crew (19:00–07:00), three on each night; one prompt a night at 03:00. */
const NIGHT_CREW: TeamModel = {
  name: 'night crew',
  size: 6,
  dayStartMin: 19 * 60,
  promptTimes: () => [27 * HOUR],
  // Two halves of three alternate nights; one person of each half swaps every week.
  prompts(d, i) {
    const w = Math.floor(d / 7);
    const half = (i + (i % 3 === w % 3 ? 1 : 0)) % 2;
    return d % 2 === half ? [0] : [];
  },
  recommended: { pooling: 'week', reactions: false },
  target: 80,
  person: (r) => ({ answers: 0.5 + 0.4 * r(), reacts: r() < 0.5 ? 0.85 : 0.1 }),
};

/** A 12-person therapy team, weekdays; one prompt a day at 15:30, Monday to Friday. */
const THERAPY: TeamModel = {
  name: 'therapy team',
  size: 12,
  dayStartMin: 0,
  promptTimes: () => [15.5 * HOUR],
  // Everyone works weekdays; one in twelve is away on any day (leave, training).
  prompts(d, i) {
    if (weekday(d) >= 5) return [];
    return (d * 5 + i) % 12 === 0 ? [] : [0];
  },
  recommended: { pooling: 'week', reactions: true },
  target: 80,
  person: (r) => ({ answers: 0.3 + 0.5 * r(), reacts: r() < 0.5 ? 0.85 : 0.1 }),
};

const TEAMS = [WARD, NIGHT_CREW, THERAPY];
const POOLINGS: Pooling[] = ['day', 'week', '4w'];

/** One answer in the history, and what the person does to it later, if anything. */
interface Answer {
  person: number;
  prompt: number;
  at: number;
  score: Score;
  /** With reactions on: answers by reaction (else by button). */
  byReaction: boolean;
  /** A changed answer: at this time, to this score. */
  change?: { at: number; score: Score };
  /** With reactions on: a second reaction added without taking the first back (private, rule 3). */
  doubled?: { at: number; score: Score };
}

interface History {
  prompts: number[];
  answers: Answer[];
}

/** The team's eight weeks, drawn once: prompt times (ms from the start) and every answer. */
function history(team: TeamModel, seed: number): History {
  const r = rng(seed);
  const people = Array.from({ length: team.size }, () => team.person(r));
  const prompts: number[] = [];
  const answers: Answer[] = [];
  for (let d = 0; d < WEEKS * 7; d++) {
    const times = team.promptTimes(d);
    const promptIndex = times.map((t) => {
      prompts.push(d * DAY + t);
      return prompts.length - 1;
    });
    for (let i = 0; i < team.size; i++) {
      const p = people[i] as Person;
      for (const shift of team.prompts(d, i)) {
        if (r() >= p.answers) continue;
        const prompt = promptIndex[shift] as number;
        const at = (prompts[prompt] as number) + 5 * 60_000 + Math.floor(r() * 4 * HOUR);
        const a: Answer = { person: i, prompt, at, score: drawScore(r), byReaction: r() < p.reacts };
        const x = r();
        if (x < 0.05) a.change = { at: at + HOUR + Math.floor(r() * 6 * HOUR), score: drawScore(r) };
        else if (x < 0.07) a.doubled = { at: at + 10 * 60_000, score: drawScore(r) };
        answers.push(a);
      }
    }
  }
  return { prompts, answers };
}

interface RunResult {
  team: string;
  pooling: Pooling;
  reactions: boolean;
  /** Answers in the drawn history (one per person and prompt). */
  drawn: number;
  checkins: number;
  settled: number;
  released: number;
  sharePct: number;
  shown: number;
  withheld: number;
  withheldWhy: string;
}

export async function usefulnessScenario(): Promise<ScenarioResult> {
  const started = Date.now();
  const redisServer = await startRedisServer();
  const standin = await createSlackStandin({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    teamId: TEAM,
  });
  const quietLog = createLogger('warn', process.stderr);
  const redis = createRedis({ kind: 'standalone', url: redisServer.url }, quietLog) as Redis;
  const transport = createSlackTransport();
  try {
    await whenReady(redis, 5_000);
    const keys = createKeys(PREFIX);
    // The histories start on the first Monday at least a week from now, so every expiry the store sets
    // from the injected clock lies in the real future.
    const today = Math.floor(Date.now() / DAY) * DAY;
    const start = today + 7 * DAY + ((7 - ((Math.floor(today / DAY) + 3) % 7)) % 7) * DAY;
    let now = start - 2 * DAY;
    const clock = () => now;
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: standin.apiUrl, fetch: transport.fetch });
    const channels = createChannelStore(redis, keys);
    const roles = createRoleStore(redis, keys);
    const prompts = createPromptStore(redis, keys, { retentionDays: RETENTION_DAYS });
    const checkinStore = createCheckinStore(redis, keys, { retentionDays: RETENTION_DAYS });
    const slackPort = createSlackPort({ client, once: client }, channels);
    const summarySlack = createSummarySlackPort(client, channels, slackPort);
    // Built as the bot builds them (src/bot.ts), on the injected clock.
    const cells = createCellService({
      store: createCellStore(redis, keys),
      leadsOf: (team, channel) => roles.leadsOf(team, channel),
      admins: [],
      membersOf: (team, channel) => summarySlack.humanMemberCount(team, channel),
      channelTz: async (team, channel) => (await channels.promptChannel(team, channel)).tz ?? 'UTC',
      k: K,
      retentionDays: RETENTION_DAYS,
      clock,
      log: quietLog,
    });
    const checkins = createCheckinService({
      store: checkinStore,
      channels,
      slack: slackPort,
      cells,
      clock,
      emojiMap: Object.fromEntries(SCORE_EMOJI.map((e, i) => [e, (i + 1) as Score])),
      defaultTz: 'UTC',
      // Support DMs go to the stand-in as the bot sends them; nobody here has an App Home open.
      after: createAfterCheckin({
        slack: slackPort,
        store: checkinStore,
        supportText: 'Support: the employee assistance line.',
        background: (work) => void work.catch(() => {}),
      }),
    });

    const results: RunResult[] = [];
    let run = 0;
    let events = 0;
    for (const team of TEAMS) {
      const h = history(team, 20_261_127 + team.size);
      for (const reactions of [true, false]) {
        for (const pooling of POOLINGS) {
          run++;
          const channel = `C0USE${String(run).padStart(3, '0')}`;
          const members = Array.from(
            { length: team.size },
            (_, i) => `U${run}P${String(i).padStart(2, '0')}`,
          );
          const lead = `U${run}LEAD`;
          standin.addChannel({ id: channel, name: `use-${run}`, members: [...members, lead] });
          now = start - 2 * DAY;
          await prompts.registerChannel(TEAM, channel, 'UTC', { atMs: now, override: false });
          await roles.addLead(TEAM, channel, lead);
          // The team's (shift-)day and pooling, asked for before the history starts: they take effect at
          // the end of the cell in progress, two days before the first prompt.
          await cells.change(TEAM, channel, { pooling, dayStartMin: team.dayStartMin }, now);

          // Every event of the eight weeks in time order: prompts posted, answers, changes, and a settle
          // each day two hours after the team's day starts.
          const timeline: { at: number; run: () => Promise<unknown> }[] = [];
          const tsOf = (p: number) => `${Math.floor((start + (h.prompts[p] as number)) / 1000)}.000100`;
          for (const [p, t] of h.prompts.entries()) {
            timeline.push({
              at: start + t,
              run: () =>
                prompts.recordPosted(TEAM, channel, tsOf(p), {
                  id: 'cmp-01',
                  category: 'compassion',
                  atMs: start + t,
                }),
            });
          }
          const react = (user: string, ts: string, score: Score, added: boolean, id: string) =>
            checkins.reaction({
              team: TEAM,
              user,
              channel,
              ts,
              reaction: SCORE_EMOJI[score - 1] as string,
              added,
              eventId: `Ev${run}x${id}`,
            });
          const press = (user: string, ts: string, score: Score) =>
            checkins.button({ team: TEAM, user, channel, messageTs: ts, score });
          for (const [n, a] of h.answers.entries()) {
            const user = members[a.person] as string;
            const ts = tsOf(a.prompt);
            const byReaction = reactions && a.byReaction;
            timeline.push({
              at: start + a.at,
              run: () => (byReaction ? react(user, ts, a.score, true, `${n}a`) : press(user, ts, a.score)),
            });
            if (a.change) {
              const c = a.change;
              timeline.push({
                at: start + c.at,
                run: async () => {
                  if (!byReaction) return press(user, ts, c.score);
                  // Changing a reaction: the new one first, then the old one taken back.
                  if (c.score === a.score) return;
                  await react(user, ts, c.score, true, `${n}c`);
                  return react(user, ts, a.score, false, `${n}r`);
                },
              });
            }
            if (a.doubled && byReaction && a.doubled.score !== a.score) {
              const dbl = a.doubled;
              timeline.push({ at: start + dbl.at, run: () => react(user, ts, dbl.score, true, `${n}d`) });
            }
          }
          for (let d = 0; d <= WEEKS * 7; d++) {
            timeline.push({
              at: start + d * DAY + team.dayStartMin * 60_000 + 2 * HOUR,
              run: () => cells.settleDue(TEAM, channel, now),
            });
          }
          timeline.sort((x, y) => x.at - y.at);
          for (const e of timeline) {
            now = e.at;
            await e.run();
          }
          events += timeline.length;

          // After the last cell and its remainders have settled: what the lead sees of the whole history.
          now = start + (WEEKS * 7 + 1) * DAY + 2 * HOUR;
          await cells.settleDue(TEAM, channel, now);
          const view = await cells.view(TEAM, channel, lead, 90, { isLead: true, isAdmin: false }, now);
          const parts = await redis.zrange(keys.settled(TEAM, channel), '0', '-1');
          const settled = parts.reduce((s, j) => s + (JSON.parse(j) as { n: number }).n, 0);
          let stored = 0;
          for (const u of members)
            stored += (await checkinStore.allAnswersOf(TEAM, u, now)).filter(
              (a) => a.channel === channel,
            ).length;
          const released = view.shown.reduce((s, p) => s + p.n, 0);
          results.push({
            team: team.name,
            pooling,
            reactions,
            drawn: h.answers.length,
            checkins: stored,
            settled,
            released,
            sharePct: round((100 * released) / Math.max(1, stored), 1),
            shown: view.shown.length,
            withheld: view.withheld.total,
            withheldWhy: `${view.withheld.few} few, ${view.withheld.fewPrivate} few private, ${view.withheld.onePerson} one person`,
          });
          log(
            `usefulness: ${team.name}, ${pooling}, reactions ${reactions ? 'on' : 'off'}: ${released} of ${stored} released`,
          );
        }
      }
    }

    const label = (r: RunResult) =>
      `${r.team.replace(' ', '_')}_${r.pooling}_${r.reactions ? 'reactions' : 'buttons'}`;
    const metrics: Record<string, number | string> = { weeks: WEEKS, k: K, events_played: events };
    for (const r of results) {
      metrics[label(r)] =
        `${r.sharePct} % released (${r.released} of ${r.checkins} check-ins; ${r.settled} in settled parts; ${r.shown} parts shown, ${r.withheld} withheld: ${r.withheldWhy})`;
    }
    const checks: Check[] = [];
    for (const team of TEAMS) {
      const { pooling, reactions } = team.recommended;
      const r = results.find(
        (x) => x.team === team.name && x.pooling === pooling && x.reactions === reactions,
      ) as RunResult;
      const setting = `${pooling === 'day' ? 'daily' : pooling === 'week' ? 'weekly' : 'four-weekly'}, ${reactions ? 'reactions on' : 'buttons only'}`;
      checks.push(check(`usefulness: ${team.name}, ${setting}`, r.sharePct, '>=', team.target, '%'));
      // The share is of what was really stored: every answer drawn was played and kept, and each
      // reached exactly one settled part (none is lost at settlement, none counted twice).
      checks.push(
        check(`usefulness: ${team.name}, check-ins stored = answers drawn`, r.checkins, '==', r.drawn),
      );
      checks.push(
        check(`usefulness: ${team.name}, check-ins in settled parts = stored`, r.settled, '==', r.checkins),
      );
    }
    return {
      scenario: 'usefulness',
      metrics,
      checks,
      notes: [
        `Eight weeks per team from a Monday, k = ${K}, a lead who never answers; the ward (30 people, earlies/lates/nights, prompts 09:00, 17:00, 01:00, cells from 07:00), the night crew (6 people, three a night, a prompt at 03:00, cells from 19:00) and the therapy team (12 people, weekdays, a prompt at 15:30). Each person answers a prompt of a shift they work with a probability of their own (ward 35–95 %, night crew 50–90 %, therapy 30–80 %); with reactions on, about half (ward 60 %) mostly react and the rest mostly press buttons; 5 % of answers are changed later, 2 % get a second reaction.`,
        'Played through CheckinService.reaction/button and CellService on an injected clock against Redis and the Slack stand-in; cells settled daily. share = check-ins in the settled parts released to the lead (CellService.view over the whole history) ÷ check-ins stored (the members’ own records of that channel). Checks use the recommended settings: ward daily, night crew weekly with buttons only (reactions off), therapy team weekly.',
      ],
      seconds: round((Date.now() - started) / 1000, 1),
    };
  } finally {
    await transport.close();
    redis.disconnect();
    await standin.close();
    await redisServer.stop(true);
  }
}
