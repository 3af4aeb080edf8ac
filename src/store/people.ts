// A person's own settings (quiet hours) and their Slack time zone, cached.
//
//   psets          hash  user -> JSON { quiet: "22:00-07:00" }
//   utz:<user>     string, the zone users.info gave (expires: people move and travel)
import { formatQuiet, parseQuiet, type QuietHours } from '../domain/quiet.js';
import type { Keys } from './keys.js';
import type { RedisClient } from './redis.js';

export interface PeopleStore {
  quiet(team: string, user: string): Promise<QuietHours | undefined>;
  /** null removes the quiet hours. */
  setQuiet(team: string, user: string, q: QuietHours | null): Promise<void>;
  cachedZone(team: string, user: string): Promise<string | undefined>;
  cacheZone(team: string, user: string, tz: string, ttlSeconds: number): Promise<void>;
}

function quietOf(json: string | null): QuietHours | undefined {
  if (!json) return undefined;
  try {
    const v = JSON.parse(json) as { quiet?: unknown };
    if (typeof v.quiet !== 'string') return undefined;
    const r = parseQuiet(v.quiet);
    return r.ok && r.value !== null ? r.value : undefined;
  } catch {
    return undefined;
  }
}

export function createPeopleStore(redis: RedisClient, keys: Keys): PeopleStore {
  return {
    async quiet(team, user) {
      return quietOf(await redis.hget(keys.personSettings(team), user));
    },
    async setQuiet(team, user, q) {
      if (q === null) await redis.hdel(keys.personSettings(team), user);
      else await redis.hset(keys.personSettings(team), user, JSON.stringify({ quiet: formatQuiet(q) }));
    },
    async cachedZone(team, user) {
      return (await redis.get(keys.userZone(team, user))) ?? undefined;
    },
    async cacheZone(team, user, tz, ttlSeconds) {
      await redis.set(keys.userZone(team, user), tz, 'EX', ttlSeconds);
    },
  };
}
