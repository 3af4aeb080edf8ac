// What summaries, the App Home and the digest read beyond the check-in aggregates of store/checkins.ts:
// whether the person looking answered on given days (so their own answer never counts towards the
// anonymity threshold), and who has opened the App Home recently.
import type { Keys } from './keys.js';
import type { RedisClient } from './redis.js';

// KEYS: the per-day respondent hashes (rsp:<channel>:<day>); ARGV[1]: the user. One flag per day.
const ANSWERED = `
local out = {}
for i = 1, #KEYS do out[i] = redis.call('HEXISTS', KEYS[i], ARGV[1]) end
return out
`;

/** The App Home of someone who has not opened it for this long is no longer refreshed after check-ins. */
const HOME_SEEN_TTL_S = 30 * 86_400;

export interface SummaryStore {
  /** For each day (YYYY-MM-DD, the channel's zone), whether `user` answered in `channel` that day. One round trip. */
  answeredOn(team: string, channel: string, user: string, days: readonly string[]): Promise<boolean[]>;
  /** Remembers that `user` opened the App Home, and the ID of their conversation with the bot. */
  markHomeSeen(team: string, user: string, dmChannel: string): Promise<void>;
  /** The DM channel remembered by {@link markHomeSeen} ('' when it was not known), or undefined if not seen recently. */
  homeSeen(team: string, user: string): Promise<string | undefined>;
}

export function createSummaryStore(redis: RedisClient, keys: Keys): SummaryStore {
  return {
    async answeredOn(team, channel, user, days) {
      if (days.length === 0) return [];
      const keyList = days.map((d) => keys.dayRespondents(team, channel, d));
      const flags = (await redis.eval(ANSWERED, keyList.length, ...keyList, user)) as number[];
      return days.map((_, i) => flags[i] === 1);
    },
    async markHomeSeen(team, user, dmChannel) {
      await redis.set(keys.homeSeen(team, user), dmChannel, 'EX', HOME_SEEN_TTL_S);
    },
    async homeSeen(team, user) {
      return (await redis.get(keys.homeSeen(team, user))) ?? undefined;
    },
  };
}
