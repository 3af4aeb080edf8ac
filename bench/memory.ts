// Scenario 4 — memory: Redis bytes per stored check-in with everything the bot keeps for
// it — the person's own record, the open cell it counts in, the reactions on its prompt, and, once the
// cells have settled, the settled parts — from `INFO memory` used_memory before and after seeding
// 100,000 check-ins with a realistic mix, measured while the cells are open and again after they
// settled; then where those bytes live (MEMORY USAGE of every key, by key family).
import { Redis } from 'ioredis';
import { DEFAULT_EMOJI_MAP } from '../src/domain/emoji.js';
import type { SettledPart } from '../src/domain/release.js';
import type { Score } from '../src/domain/types.js';
import { createLogger } from '../src/logger.js';
import { createCellService } from '../src/services/cells.js';
import { addDays } from '../src/services/summaries.js';
import { createCellStore } from '../src/store/cells.js';
import { createCheckinStore, PROMPT_REACTIONS_KEEP_MS } from '../src/store/checkins.js';
import { createKeys } from '../src/store/keys.js';
import { createPromptStore } from '../src/store/prompts.js';
import { createRoleStore } from '../src/store/roles.js';
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

interface FamilyBytes {
  keys: number;
  bytes: number;
  /** Keys by encoding (a family can hold both: a hash becomes a hashtable past the listpack limits). */
  encodings: Map<string, number>;
}

/** MEMORY USAGE of every key (exact, SAMPLES 0), summed by key family, with the keys' encodings. */
async function byFamily(redis: Redis): Promise<Map<string, FamilyBytes>> {
  const out = new Map<string, FamilyBytes>();
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 1000);
    cursor = next;
    const pipe = redis.pipeline();
    for (const k of found) pipe.memory('USAGE', k, 'SAMPLES', 0).object('ENCODING', k);
    const res = (await pipe.exec()) ?? [];
    for (const [i, k] of found.entries()) {
      const f = out.get(family(k)) ?? { keys: 0, bytes: 0, encodings: new Map<string, number>() };
      const enc = String(res[2 * i + 1]?.[1]);
      f.encodings.set(enc, (f.encodings.get(enc) ?? 0) + 1);
      f.keys++;
      f.bytes += Number(res[2 * i]?.[1] ?? 0);
      out.set(family(k), f);
    }
  } while (cursor !== '0');
  return out;
}

/** Keys matching a pattern (SCAN, so a large keyspace never blocks Redis). */
async function keysLike(redis: Redis, pattern: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    out.push(...found);
  } while (cursor !== '0');
  return out;
}

/** Fields of every hash matching `pattern`, counted by `count` (fields → how many check-ins). */
async function countFields(
  redis: Redis,
  pattern: string,
  count: (fields: string[]) => number,
): Promise<number> {
  let n = 0;
  for (const key of await keysLike(redis, pattern)) n += count(await redis.hkeys(key));
  return n;
}

/** Families written before the baseline, once per prompt, channel or lead rather than per check-in. */
const BEFORE_BASELINE = new Set(['pm', 'pmlast', 'channels', 'leads', 'leadof', 'grid', 'teams']);

function familyMetrics(
  metrics: Record<string, number | string>,
  label: string,
  families: Map<string, FamilyBytes>,
): number {
  let accounted = 0;
  for (const [f, v] of [...families.entries()].sort((a, b) => b[1].bytes - a[1].bytes)) {
    if (BEFORE_BASELINE.has(f)) continue;
    accounted += v.bytes;
    metrics[`${label}_family_${f}`] =
      `${v.keys} keys (${[...v.encodings].map(([e, n]) => `${n} ${e}`).join(', ')}), ${round(v.bytes / TOTAL, 1)} B/check-in, ${round(v.bytes / v.keys, 0)} B/key`;
  }
  return accounted;
}

export async function memoryScenario(): Promise<ScenarioResult> {
  const started = Date.now();
  const redisServer = await startRedisServer();
  const redis = new Redis(redisServer.url);
  const seeder = seedClient(redisServer.url);
  try {
    const nowMs = Date.now();
    const today = utcToday(nowMs);
    const keys = createKeys(PREFIX);
    const store = createCheckinStore(seeder, keys, { retentionDays: RETENTION_DAYS });
    const roles = createRoleStore(seeder, keys);
    // The cell service as the bot builds it: which open cell a check-in counts in, and settling.
    const cells = createCellService({
      store: createCellStore(seeder, keys),
      leadsOf: (team, channel) => roles.leadsOf(team, channel),
      admins: [],
      membersOf: async () => MEMBERS,
      channelTz: async () => 'UTC',
      k: 5,
      retentionDays: RETENTION_DAYS,
      clock: () => nowMs,
      log: createLogger('warn', process.stderr),
    });
    const kinds: Record<Item['kind'], number> = { reaction: 0, button: 0, command: 0, 'command+note': 0 };
    let withEventId = 0;
    /** The last reaction on each prompt (ms): its reaction list lives PROMPT_REACTIONS_KEEP_MS after it. */
    const lastReaction = new Map<string, { channel: string; ts: string; atMs: number }>();
    // Warm Redis's script cache and allocator so that the baseline does not count them.
    await store.setAnswer(
      { team: 'TWARM', user: 'UWARM', channel: 'CWARM', promptTs: '1.000100' },
      { score: 3, source: 'button', nowMs, cell: await cells.slot('TWARM', 'CWARM', nowMs) },
    );
    await redis.del(...(await redis.keys(`${PREFIX}:{TWARM}:*`)));
    // The prompts the check-ins answer, recorded as the scheduler records a post: a reaction counts
    // only on a recorded prompt. They cost memory per prompt, not per check-in, so they are written
    // before the baseline, as are each channel's grid and lead.
    const promptStore = createPromptStore(seeder, keys, { retentionDays: RETENTION_DAYS });
    const prompts = new Map<string, { channel: string; ts: string; atMs: number }>();
    const channels = new Set<string>();
    for (let i = 0; i < TOTAL; i++) {
      const it = item(i, today);
      channels.add(it.channel);
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
    for (const c of channels) {
      await roles.addLead(TEAM, c, `UL${c}`);
      await cells.slot(TEAM, c, nowMs);
    }
    const before = await usedMemory(redis);
    log(`memory: seeding ${TOTAL.toLocaleString('en')} check-ins (realistic mix)`);
    const t0 = performance.now();
    const refused: Record<string, number> = {};
    await runConcurrent(TOTAL, 512, async (i) => {
      const it = item(i, today);
      const target = { team: TEAM, user: it.user, channel: it.channel, promptTs: it.promptTs };
      // Written as at the moment it was given, into the open cell of that moment.
      const atMs = Math.min(it.atMs, nowMs);
      const cell = await cells.slot(TEAM, it.channel, atMs);
      kinds[it.kind]++;
      let result: Awaited<ReturnType<typeof store.setAnswer>>;
      if (it.kind === 'reaction') {
        // Slack event IDs are kept for a day (duplicate deliveries), so only the last day's remain.
        const eventId = nowMs - atMs < 86_400_000 ? `Ev${i.toString(36).toUpperCase()}` : undefined;
        if (eventId) withEventId++;
        const emoji = EMOJI_FOR[it.score] as string;
        const onPrompt = `${it.channel}/${it.promptTs}`;
        if ((lastReaction.get(onPrompt)?.atMs ?? 0) < atMs)
          lastReaction.set(onPrompt, { channel: it.channel, ts: it.promptTs, atMs });
        result = await store.reactionAdded(target, {
          emoji,
          score: it.score,
          nowMs: atMs,
          cell,
          ...(eventId ? { eventId } : {}),
        });
      } else {
        result = await store.setAnswer(target, {
          score: it.score,
          source: it.kind === 'button' ? 'button' : 'command',
          nowMs: atMs,
          cell,
          ...(it.kind === 'command+note' ? { note: NOTE } : {}),
        });
      }
      if (result.kind !== 'stored') refused[result.kind] = (refused[result.kind] ?? 0) + 1;
    });
    const seedSeconds = (performance.now() - t0) / 1000;
    // Lifetimes are handed to Redis as the time left from the write, and Redis's clock does not go
    // back with the seed's: a prompt's reaction list written "20 days ago" would live two days from
    // today. Drop the lists whose two days after their last reaction have passed, as Redis would have.
    let expiredLists = 0;
    for (const p of lastReaction.values()) {
      if (p.atMs + PROMPT_REACTIONS_KEEP_MS <= nowMs)
        expiredLists += await redis.del(keys.promptReactions(TEAM, p.channel, p.ts));
    }
    const open = await usedMemory(redis);
    // Every seeded check-in must be stored, or the bytes would be divided by answers that never were:
    // once in the person's own record, once in an open cell.
    const records = await countFields(
      redis,
      keys.answers(TEAM, '*'),
      (f) => f.filter((x) => !x.startsWith('n:')).length,
    );
    const inOpenCells = await countFields(redis, `${keys.cellsPrefix(TEAM)}*`, (f) => f.length);
    const openFamilies = await byFamily(redis);

    // Settle: every cell whose hour has come becomes anonymous settled parts, its entries deleted.
    log('memory: settling the cells');
    const t1 = performance.now();
    let settledCells = 0;
    for (const c of channels) settledCells += await cells.settleDue(TEAM, c, nowMs);
    const settleSeconds = (performance.now() - t1) / 1000;
    const settled = await usedMemory(redis);
    let inParts = 0;
    let parts = 0;
    for (const c of channels) {
      for (const json of await redis.zrange(keys.settled(TEAM, c), '0', '-1')) {
        inParts += (JSON.parse(json) as SettledPart).n;
        parts++;
      }
    }
    // Today's cells (and any remainder not yet due) are still open.
    const stillOpen = await countFields(redis, `${keys.cellsPrefix(TEAM)}*`, (f) => f.length);
    const recordsAfter = await countFields(
      redis,
      keys.answers(TEAM, '*'),
      (f) => f.filter((x) => !x.startsWith('n:')).length,
    );
    const settledFamilies = await byFamily(redis);

    const perCheckinOpen = (open - before) / TOTAL;
    const perCheckinSettled = (settled - before) / TOTAL;
    const days = Math.ceil(TOTAL / (CHANNELS * PROMPT_HOURS.length * ANSWERS_PER_PROMPT));
    const metrics: Record<string, number | string> = {
      checkins: TOTAL,
      checkins_refused:
        Object.entries(refused)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || 0,
      person_records: records,
      open_cell_entries: inOpenCells,
      prompts_recorded: prompts.size,
      seed_seconds: round(seedSeconds, 1),
      used_memory_before: before,
      used_memory_cells_open: open,
      used_memory_cells_settled: settled,
      bytes_per_checkin_cells_open: round(perCheckinOpen, 1),
      bytes_per_checkin_cells_settled: round(perCheckinSettled, 1),
      cells_settled: settledCells,
      settled_parts: parts,
      checkins_in_settled_parts: inParts,
      checkins_in_cells_still_open: stillOpen,
      person_records_after_settling: recordsAfter,
      settle_seconds: round(settleSeconds, 2),
      mix_reactions: kinds.reaction,
      mix_reactions_with_event_id: withEventId,
      reaction_lists_expired_by_now: expiredLists,
      mix_buttons: kinds.button,
      mix_commands: kinds.command,
      mix_commands_with_note: kinds['command+note'],
    };
    const accountedOpen = familyMetrics(metrics, 'open', openFamilies);
    metrics.open_per_key_overhead_outside_memory_usage = round((open - before - accountedOpen) / TOTAL, 1);
    const accountedSettled = familyMetrics(metrics, 'settled', settledFamilies);
    metrics.settled_per_key_overhead_outside_memory_usage = round(
      (settled - before - accountedSettled) / TOTAL,
      1,
    );
    return {
      scenario: 'memory',
      metrics,
      checks: [
        check('memory: bytes per check-in, cells open', round(perCheckinOpen, 1), '<', 200, 'B'),
        check('memory: bytes per check-in, cells settled', round(perCheckinSettled, 1), '<', 200, 'B'),
        check('memory: person records = check-ins seeded', records, '==', TOTAL),
        check('memory: open-cell entries = check-ins seeded', inOpenCells, '==', TOTAL),
        check('memory: settled + still open = check-ins seeded', inParts + stillOpen, '==', TOTAL),
      ],
      notes: [
        `A dedicated seed of ${TOTAL.toLocaleString('en')} check-ins through the store's write path, each written as at the moment it was given into the open cell CellService.slot gives for that moment: ${CHANNELS} channels of ${MEMBERS} members, prompts at ${PROMPT_HOURS.map((h) => `${h}:00`).join(', ')} over the last ${days} days, ${ANSWERS_PER_PROMPT} answers per prompt; half reactions, 35 % buttons, 15 % /checkin (a fifth of those with an ${NOTE.length}-character note); only the last day's reactions keep their event ID (it expires after a day).`,
        "bytes_per_checkin_cells_open = (used_memory with every cell still open − before) / check-ins; bytes_per_checkin_cells_settled = the same after CellService.settleDue settled every cell whose hour had come (all but today's), which deletes their entries and stores anonymous settled parts.",
        "*_family_* sums MEMORY USAGE by key family (ua a person's answers and notes per UTC day, ud who wrote each day, cell open cells, open the open-cell index, settled settled parts, prx reactions on a prompt, evt event IDs, person care markers, viewers the leads' registry); what MEMORY USAGE leaves out (the keyspace's own dict and expiry entries) is *_per_key_overhead_outside_memory_usage. Prompt-message records, the channels' grids and leads (one per prompt or channel) are written before the baseline and not part of this.",
      ],
      seconds: round((Date.now() - started) / 1000, 1),
    };
  } finally {
    seeder.disconnect();
    redis.disconnect();
    await redisServer.stop(true);
  }
}
