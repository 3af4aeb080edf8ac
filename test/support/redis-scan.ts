// Which keys of a test's prefix hold a piece of text in their name or value (a user ID, a note):
// what forget-me and retention tests look for after the fact.
import type { RedisClient } from '../../src/store/redis.js';

async function dump(redis: RedisClient, key: string): Promise<string> {
  const type = await redis.type(key);
  if (type === 'hash') return JSON.stringify(await redis.hgetall(key));
  if (type === 'set') return JSON.stringify(await redis.smembers(key));
  if (type === 'zset') return JSON.stringify(await redis.zrange(key, '0', '-1'));
  if (type === 'list') return JSON.stringify(await redis.lrange(key, 0, -1));
  if (type === 'string') return String(await redis.get(key));
  return '';
}

/** Keys under `prefix` whose name or value contains `needle`, with their time to live (ms; -1 none). */
export async function keysHolding(
  redis: RedisClient,
  prefix: string,
  needle: string,
): Promise<{ key: string; ttl: number }[]> {
  const out: { key: string; ttl: number }[] = [];
  for (const key of await redis.keys(`${prefix}:*`)) {
    if (key.includes(needle) || (await dump(redis, key)).includes(needle)) {
      out.push({ key, ttl: await redis.pttl(key) });
    }
  }
  return out;
}
