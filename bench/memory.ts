// Scenario 4 — memory (SPEC §8): Redis bytes per stored check-in, aggregates included, from
// `INFO memory` used_memory before and after seeding 100,000 check-ins with a realistic mix, then
// where those bytes live (MEMORY USAGE of every key, by key family).
import { Redis } from 'ioredis';
import { DEFAULT_EMOJI_MAP } from '../src/domain/emoji.js';
import type { Score } from '../src/domain/types.js';
import { addDays } from '../src/services/summaries.js';
import { createCheckinStore } from '../src/store/checkins.js';
import { createKeys } from '../src/store/keys.js';
import { createPromptStore } from '../src/store/prompts.js';
import { startRedisServer } from '../test/support/redis-server.js';
import { check, log, round, runConcurrent, type ScenarioResult, TEAM, usedMemory } from './lib.js';
import { seedClient, utcToday } from './seed.js';

const PREFIX = 'wbmem';
const TOTAL = 100_000;
const CHANNELS = 20;
const MEMBERS = 40;
/** A shift team: prompts at 07:00, 15:00 and 23:00. */
const PROMPT_HOURS = [7, 15, 23];
/** 60 % of the team answer each prompt. */
const ANSWERS_PER_PROMPT = 24;
const RETENTION_DAYS = 180;
const NOTE = 'Long night on the ward; handover went well and the team looked after each other.';
const EMOJI_FOR: Record<number, string> = Object.fromEntries(
  Object.entries(DEFAULT_EMOJI_MAP).map(([name, score]) => [score, name]),
);

interface Item {
  channel: string;
  user: string;
  promptTs: string;
  atMs: number;
  day: string;
  score: Score;
  kind: 'reaction' | 'button' | 'command' | 'command+note';
}

/** The i-th check-in of the mix: newest day first, so exactly the last day's reactions carry event IDs. */
function item(i: number, today: string): Item {
  const perDay = CHANNELS * PROMPT_HOURS.length * ANSWERS_PER_PROMPT;
  const back = Math.floor(i / perDay);
  let r = i % perDay;
  const c = Math.floor(r / (PROMPT_HOURS.length * ANSWERS_PER_PROMPT));
  r %= PROMPT_HOURS.length * ANSWERS_PER_PROMPT;
  const p = Math.floor(r / ANSWERS_PER_PROMPT);
  const k = r % ANSWERS_PER_PROMPT;
  const day = addDays(today, -back);
  const promptMs = Date.parse(`${day}T${String(PROMPT_HOURS[p]).padStart(2, '0')}:00:00Z`);
  const channel = `C0MEM${String(c).padStart(3, '0')}`;
  // k < ANSWERS_PER_PROMPT < MEMBERS, so nobody answers one prompt twice.
  const m = (k + back * 7 + p * 13) % MEMBERS;
  // Scores lean positive, as check-ins do: 1 5 %, 2 15 %, 3 30 %, 4 30 %, 5 20 %.
  const roll = (i * 37 + back * 11) % 20;
  const score = (roll < 1 ? 1 : roll < 4 ? 2 : roll < 10 ? 3 : roll < 16 ? 4 : 5) as Score;
  const src = i % 20;
  const kind =
    src < 10 ? 'reaction' : src < 17 ? 'button' : (k + back) % 5 === 0 ? 'command+note' : 'command';
  return {
    channel,
    user: `UM${String(c).padStart(3, '0')}${String(m).padStart(3, '0')}`,
    promptTs: `${promptMs / 1000}.000100`,
    atMs: promptMs + 60_000 + k * 45_000,
    day,
    score,
    kind,
  };
}

/** Key family of a key: `wbmem:{T}:ua:U…:202611` → `ua`. */
function family(key: string): string {
  return key.split(':')[2] ?? key;
}

export async function memoryScenario(): Promise<ScenarioResult> {
  const started = Date.now();
  const redisServer = await startRedisServer();
  const redis = new Redis(redisServer.url);
  const seeder = seedClient(redisServer.url);
  try {
    const nowMs = Date.now();
    const today = utcToday(nowMs);
    const store = createCheckinStore(seeder, createKeys(PREFIX), { retentionDays: RETENTION_DAYS });
    const kinds: Record<Item['kind'], number> = { reaction: 0, button: 0, command: 0, 'command+note': 0 };
    let withEventId = 0;
    // Warm Redis's script cache and allocator so that the baseline does not count them.
    await store.setAnswer(
      { team: 'TWARM', user: 'UWARM', channel: 'CWARM', promptTs: '1.000100' },
      { score: 3, source: 'button', atMs: nowMs, day: today },
    );
    await redis.del(...(await redis.keys(`${PREFIX}:{TWARM}:*`)));
    // The prompts the check-ins answer, recorded as the scheduler records a post: a reaction counts
    // only on a recorded prompt. They cost memory per prompt, not per check-in, so they are written
    // before the baseline.
    const keys = createKeys(PREFIX);
    const promptStore = createPromptStore(seeder, keys, { retentionDays: RETENTION_DAYS });
    const prompts = new Map<string, { channel: string; ts: string; atMs: number }>();
    for (let i = 0; i < TOTAL; i++) {
      const it = item(i, today);
      prompts.set(`${it.channel}/${it.promptTs}`, {
        channel: it.channel,
        ts: it.promptTs,
        atMs: Number(it.promptTs) * 1000,
      });
    }
    const promptList = [...prompts.values()];
    await runConcurrent(promptList.length, 256, async (i) => {
      const p = promptList[i] as { channel: string; ts: string; atMs: number };
      await promptStore.recordPosted(TEAM, p.channel, p.ts, {
        id: 'cmp-01',
        category: 'compassion',
        atMs: p.atMs,
      });
    });
    const before = await usedMemory(redis);
    log(`memory: seeding ${TOTAL.toLocaleString('en')} check-ins (realistic mix)`);
    const t0 = performance.now();
    await runConcurrent(TOTAL, 512, async (i) => {
      const it = item(i, today);
      const target = { team: TEAM, user: it.user, channel: it.channel, promptTs: it.promptTs };
      const atMs = Math.min(it.atMs, nowMs);
      kinds[it.kind]++;
      if (it.kind === 'reaction') {
        // Slack event IDs are kept for a day (duplicate deliveries), so only the last day's remain.
        const eventId = nowMs - atMs < 86_400_000 ? `Ev${i.toString(36).toUpperCase()}` : undefined;
        if (eventId) withEventId++;
        const emoji = EMOJI_FOR[it.score] as string;
        await store.reactionAdded(target, {
          emoji,
          score: it.score,
          atMs,
          day: it.day,
          ...(eventId ? { eventId } : {}),
        });
      } else {
        await store.setAnswer(target, {
          score: it.score,
          source: it.kind === 'button' ? 'button' : 'command',
          atMs,
          day: it.day,
          ...(it.kind === 'command+note' ? { note: NOTE } : {}),
        });
      }
    });
    const seedSeconds = (performance.now() - t0) / 1000;
    const after = await usedMemory(redis);
    // Every seeded check-in must be in the day aggregates, or the bytes would be divided by answers
    // that were never stored.
    let stored = 0;
    for (const key of await redis.keys(keys.dayCounts(TEAM, '*', '*')))
      for (const v of Object.values(await redis.hgetall(key))) stored += Number(v);
    const perCheckin = (after - before) / TOTAL;

    // Where the bytes are: MEMORY USAGE of every key (exact, SAMPLES 0), summed by key family.
    const byFamily = new Map<string, { keys: number; bytes: number }>();
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 1000);
      cursor = next;
      const pipe = redis.pipeline();
      for (const k of found) pipe.memory('USAGE', k, 'SAMPLES', 0);
      const res = (await pipe.exec()) ?? [];
      found.forEach((k, i) => {
        const f = byFamily.get(family(k)) ?? { keys: 0, bytes: 0 };
        f.keys++;
        f.bytes += Number(res[i]?.[1] ?? 0);
        byFamily.set(family(k), f);
      });
    } while (cursor !== '0');
    const encodings = new Map<string, string>();
    for (const f of byFamily.keys()) {
      const [, sample] = await redis.scan('0', 'MATCH', `${PREFIX}:{${TEAM}}:${f}:*`, 'COUNT', 10_000);
      const k = sample[0] ?? `${PREFIX}:{${TEAM}}:${f}`;
      encodings.set(f, String(await redis.object('ENCODING', k)));
    }
    const days = Math.ceil(TOTAL / (CHANNELS * PROMPT_HOURS.length * ANSWERS_PER_PROMPT));
    const metrics: Record<string, number | string> = {
      checkins: TOTAL,
      checkins_stored: stored,
      prompts_recorded: prompts.size,
      seed_seconds: round(seedSeconds, 1),
      used_memory_before: before,
      used_memory_after: after,
      bytes_per_checkin: round(perCheckin, 1),
      mix_reactions: kinds.reaction,
      mix_reactions_with_event_id: withEventId,
      mix_buttons: kinds.button,
      mix_commands: kinds.command,
      mix_commands_with_note: kinds['command+note'],
    };
    const families = [...byFamily.entries()].sort((a, b) => b[1].bytes - a[1].bytes);
    let accounted = 0;
    for (const [f, v] of families) {
      // Prompt records (pm, pmlast) were written before the baseline.
      if (f === 'pm' || f === 'pmlast') continue;
      accounted += v.bytes;
      metrics[`family_${f}`] =
        `${v.keys} keys (${encodings.get(f)}), ${round(v.bytes / TOTAL, 1)} B/check-in, ${round(v.bytes / v.keys, 0)} B/key`;
    }
    metrics.per_key_overhead_outside_memory_usage = round((after - before - accounted) / TOTAL, 1);
    return {
      scenario: 'memory',
      metrics,
      checks: [
        check('memory: Redis bytes per stored check-in', round(perCheckin, 1), '<', 200, 'B'),
        check('memory: check-ins stored = check-ins seeded', stored, '==', TOTAL),
      ],
      notes: [
        `A dedicated seed of ${TOTAL.toLocaleString('en')} check-ins through the store's write path: ${CHANNELS} channels of ${MEMBERS} members, prompts at ${PROMPT_HOURS.map((h) => `${h}:00`).join(', ')} over the last ${days} days, ${ANSWERS_PER_PROMPT} answers per prompt; half reactions, 35 % buttons, 15 % /checkin (a fifth of those with an ${NOTE.length}-character note); only the last day's reactions keep their event ID (it expires after a day).`,
        "bytes_per_checkin = (used_memory after − before) / check-ins. family_* sums MEMORY USAGE by key family (ua answers, un notes, prx reactions on a prompt, agg/rsp/rbm per-day aggregates, uidx user index, evt event IDs); what MEMORY USAGE leaves out (the keyspace's own dict and expiry entries) is per_key_overhead_outside_memory_usage. Prompt-message records (one per prompt posted, written as the scheduler writes them) are written before the baseline and not part of this.",
      ],
      seconds: round((Date.now() - started) / 1000, 1),
    };
  } finally {
    seeder.disconnect();
    redis.disconnect();
    await redisServer.stop(true);
  }
}
