// The bot's own Redis client in tests of the client itself, and how many writes its connection hands to
// the system (one per write or writev call of its socket).
import type { Socket } from 'node:net';
import { Writable } from 'node:stream';
import type { RedisTarget } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createRedis, type RedisClient, whenReady } from '../../src/store/redis.js';

/** createRedis with its logs discarded, once it is ready. */
export async function quietClient(target: RedisTarget): Promise<RedisClient> {
  const quiet = new Writable({ write: (_c, _e, cb) => cb() });
  const client = createRedis(target, createLogger('error', quiet));
  await whenReady(client, 10_000);
  return client;
}

/** The client's current connection. */
export const socketOf = (redis: RedisClient) => (redis as unknown as { stream: Socket }).stream;

/** Counts the writes the client's current socket hands to the system (one per write or writev call). */
export function countWrites(redis: RedisClient): { count: () => number } {
  const socket = socketOf(redis) as Socket & {
    _write: (...a: unknown[]) => void;
    _writev: (...a: unknown[]) => void;
  };
  let n = 0;
  const write = socket._write.bind(socket);
  const writev = socket._writev.bind(socket);
  socket._write = (...a) => {
    n += 1;
    write(...a);
  };
  socket._writev = (...a) => {
    n += 1;
    writev(...a);
  };
  return { count: () => n };
}
