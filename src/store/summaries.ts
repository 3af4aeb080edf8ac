// Who has opened the App Home recently (only their tab is refreshed after a check-in).
import type { Keys } from './keys.js';
import type { RedisClient } from './redis.js';

/** The App Home of someone who has not opened it for this long is no longer refreshed after check-ins. */
const HOME_SEEN_TTL_S = 30 * 86_400;

export interface SummaryStore {
  /** Remembers that `user` opened the App Home, and the ID of their conversation with the bot. */
  markHomeSeen(team: string, user: string, dmChannel: string): Promise<void>;
  /** The DM channel remembered by {@link markHomeSeen} ('' when it was not known), or undefined if not seen recently. */
  homeSeen(team: string, user: string): Promise<string | undefined>;
}

export function createSummaryStore(redis: RedisClient, keys: Keys): SummaryStore {
  return {
    async markHomeSeen(team, user, dmChannel) {
      await redis.set(keys.homeSeen(team, user), dmChannel, 'EX', HOME_SEEN_TTL_S);
    },
    async homeSeen(team, user) {
      return (await redis.get(keys.homeSeen(team, user))) ?? undefined;
    },
  };
}
