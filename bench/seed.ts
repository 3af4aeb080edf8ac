// Seeds check-ins through the store's own write path (createCheckinStore: the same Lua script the bot
// runs), many calls in flight on one auto-pipelining connection. Each check-in goes into the open cell
// the bot would put it in, given by the caller's `slot` (the cell service's).
import { Redis } from 'ioredis';
import { addDays } from '../src/services/summaries.js';
import { type CellSlot, createCheckinStore } from '../src/store/checkins.js';
import { createKeys } from '../src/store/keys.js';
import { log, round, runConcurrent } from './lib.js';

const DAY_MS = 86_400_000;
const IN_FLIGHT = 512;

/** A seeding connection: auto-pipelining batches the many concurrent EVALSHAs into few writes. */
export function seedClient(url: string): Redis {
  return new Redis(url, { enableAutoPipelining: true, maxRetriesPerRequest: 3 });
}

/** Today (UTC) as YYYY-MM-DD. */
export function utcToday(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 10);
}

export interface ChannelSeed {
  team: string;
  channel: string;
  /** Members `${memberPrefix}0000`…; answers rotate through them. */
  members: readonly string[];
  /** Check-ins in all. */
  total: number;
  /** Days back from today that hold answers (today included). */
  days: number;
  retentionDays: number;
  /** The open cell a check-in given at `atMs` counts in (CellService.slot). */
  slot: (atMs: number) => Promise<CellSlot>;
}

/**
 * `total` button and /checkin answers to prompts in one channel, spread evenly over the last `days`
 * days: each day has as many prompts as it takes for nobody to answer one prompt twice (1 000 members
 * and 5 556 answers a day make 6 prompts a day), and the answers rotate through the members. Each is
 * written as at the moment it was given, into the cell of that moment.
 */
export async function seedChannel(
  redis: Redis,
  prefix: string,
  s: ChannelSeed,
  nowMs: number,
): Promise<number> {
  const store = createCheckinStore(redis, createKeys(prefix), { retentionDays: s.retentionDays });
  const today = utcToday(nowMs);
  const perDay = (d: number) => Math.floor((s.total * (d + 1)) / s.days) - Math.floor((s.total * d) / s.days);
  const firstOfDay: number[] = [];
  for (let d = 0, acc = 0; d < s.days; d++) {
    firstOfDay.push(acc);
    acc += perDay(d);
  }
  const members = s.members.length;
  const started = performance.now();
  await runConcurrent(
    s.total,
    IN_FLIGHT,
    async (i) => {
      // Day d (0 = the oldest), answer j of that day.
      let d = Math.min(s.days - 1, Math.floor((i * s.days) / s.total));
      while (d > 0 && (firstOfDay[d] as number) > i) d--;
      while (d < s.days - 1 && (firstOfDay[d + 1] as number) <= i) d++;
      const j = i - (firstOfDay[d] as number);
      const n = perDay(d);
      const prompts = Math.max(1, Math.ceil(n / members));
      const p = j % prompts;
      const day = addDays(today, d - s.days + 1);
      const dayStart = Date.parse(`${day}T00:00:00Z`);
      // Prompts spread over the day (for a single prompt a day: 07:00); answers a few minutes later.
      const promptMs = dayStart + 7 * 3_600_000 + Math.floor((p * 16 * 3_600_000) / prompts);
      const atMs = Math.min(promptMs + 60_000 + (j % 600) * 1000, dayStart + DAY_MS - 1, nowMs);
      const user = s.members[(Math.floor(j / prompts) + d * 37) % members] as string;
      const result = await store.setAnswer(
        { team: s.team, user, channel: s.channel, promptTs: `${Math.floor(promptMs / 1000)}.000${100 + p}` },
        {
          score: (1 + ((i * 7 + d) % 5)) as 1 | 2 | 3 | 4 | 5,
          source: i % 3 === 0 ? 'command' : 'button',
          nowMs: atMs,
          cell: await s.slot(atMs),
        },
      );
      if (result.kind !== 'stored') throw new Error(`seed: check-in ${i} was not stored (${result.kind})`);
    },
    (done) => log(`  seeded ${done.toLocaleString('en')} of ${s.total.toLocaleString('en')}`),
  );
  const seconds = (performance.now() - started) / 1000;
  log(`  seeded ${s.total.toLocaleString('en')} check-ins in ${round(seconds, 1)} s`);
  return seconds;
}

export function memberIds(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);
}
