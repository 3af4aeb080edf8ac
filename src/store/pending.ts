// A DM `/checkin` whose channel the person still has to choose. The note stays here, not in the
// buttons: a button value is limited to 2,000 characters and travels through Slack on every press.
// One per person under a random id that the buttons carry; it expires after a few minutes and is
// deleted when it is used, so a note never waits here longer than the choice does.
import { randomBytes } from 'node:crypto';
import type { Score } from '../domain/types.js';
import type { Keys } from './keys.js';
import type { RedisClient } from './redis.js';

/** How long the channel buttons of a DM `/checkin` work. */
export const PENDING_TTL_S = 15 * 60;

export interface PendingCheckin {
  score: Score;
  note?: string;
  /** The channels the person was offered (only these can be picked). */
  channels: string[];
}

export interface PendingStore {
  /** Keeps `p` for the person (replacing an earlier one); returns the id its buttons carry. */
  put(team: string, user: string, p: PendingCheckin): Promise<string>;
  /** Takes (and deletes) the person's pending check-in when `id` is still the current one. */
  take(team: string, user: string, id: string): Promise<PendingCheckin | undefined>;
  /** Deletes whatever the person has pending (forget-me). Returns 1 when there was one. */
  drop(team: string, user: string): Promise<number>;
}

// GET, compare the id, DEL — in one step, so a button pressed twice (or on two devices) stores once,
// and an older message's button cannot take a newer check-in.
const TAKE = `
local v = redis.call('GET', KEYS[1])
if not v then return false end
local sep = string.find(v, '|', 1, true)
if not sep or string.sub(v, 1, sep - 1) ~= ARGV[1] then return false end
redis.call('DEL', KEYS[1])
return string.sub(v, sep + 1)
`;

export function createPendingStore(redis: RedisClient, keys: Keys): PendingStore {
  return {
    async put(team, user, p) {
      const id = randomBytes(6).toString('hex');
      const value = JSON.stringify({ s: p.score, c: p.channels, ...(p.note ? { n: p.note } : {}) });
      await redis.set(keys.pendingCheckin(team, user), `${id}|${value}`, 'EX', PENDING_TTL_S);
      return id;
    },
    async take(team, user, id) {
      if (!/^[0-9a-f]{12}$/.test(id)) return undefined;
      const raw = (await redis.eval(TAKE, 1, keys.pendingCheckin(team, user), id)) as string | null;
      if (!raw) return undefined;
      const v = JSON.parse(raw) as { s: Score; c: string[]; n?: string };
      return { score: v.s, channels: v.c, ...(v.n ? { note: v.n } : {}) };
    },
    async drop(team, user) {
      return redis.del(keys.pendingCheckin(team, user));
    },
  };
}
