// node-cron's RunCoordinator on Redis: `shouldRun` is true for exactly one caller per key, across
// every replica sharing the Redis. The key is not deleted when the run completes (no `onComplete`):
// it expires after `ttlMs`, so a replica that reaches the same slot later — a slow tick, a restart
// catching up — still sees it taken.
import type { RunCoordinator } from 'node-cron';
import type { Keys } from '../store/keys.js';
import type { RedisClient } from '../store/redis.js';

export function createRedisRunCoordinator(redis: RedisClient, keys: Keys): RunCoordinator {
  return {
    async shouldRun(key: string, ttlMs: number): Promise<boolean> {
      const px = Math.max(1, Math.round(ttlMs));
      return (await redis.set(keys.slot(key), '1', 'PX', px, 'NX')) === 'OK';
    },
  };
}
