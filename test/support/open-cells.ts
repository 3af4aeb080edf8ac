// Reads what the open cells of a channel hold, as the store wrote them: tests check check-in rules on
// it. No lead ever sees this; leads see settled parts only.
import { cellAt } from '../../src/domain/cells.js';
import { cellIdOf } from '../../src/services/cells.js';
import { createCellStore } from '../../src/store/cells.js';
import type { CellSlot } from '../../src/store/checkins.js';
import { createKeys } from '../../src/store/keys.js';
import type { RedisClient } from '../../src/store/redis.js';

export interface OpenCounts {
  /** Answers with score 1..5 in the channel's open cells. */
  counts: [number, number, number, number, number];
  /** Distinct people with an answer in them. */
  respondents: number;
  /** user → their entries, as "score" plus p (private) or v (visible). */
  entries: Map<string, string[]>;
}

export async function openCounts(
  redis: RedisClient,
  prefix: string,
  team: string,
  channel: string,
): Promise<OpenCounts> {
  const keys = createKeys(prefix);
  const ids = await redis.zrange(keys.openCells(team, channel), '0', '-1');
  const counts: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  const entries = new Map<string, string[]>();
  for (const id of ids) {
    const cell = await redis.hgetall(keys.cell(team, channel, id));
    for (const [field, value] of Object.entries(cell)) {
      const user = field.slice(0, field.indexOf('|'));
      const score = Number(value[0]);
      counts[score - 1] = (counts[score - 1] as number) + 1;
      entries.set(user, [...(entries.get(user) ?? []), value]);
    }
  }
  return { counts, respondents: entries.size, entries };
}

/** The open cell a check-in given at `now` counts in, as the bot computes it (a day cell, UTC by default). */
export async function slotAt(
  redis: RedisClient,
  prefix: string,
  team: string,
  channel: string,
  now: number,
  tz = 'UTC',
): Promise<CellSlot> {
  const store = createCellStore(redis, createKeys(prefix));
  const g = await store.grid(team, channel, () => ({ from: 0, tz, pooling: 'day', dayStartMin: 0 }));
  const c = cellAt(g.history, now);
  return { gridVersion: g.version, cellId: cellIdOf(c), settleMs: c.end + 3_600_000 };
}
