// How many writes an ioredis connection hands to the system: one per write or writev call of its socket.
import type { Socket } from 'node:net';
import type { Redis } from 'ioredis';
import type { RedisClient } from '../../src/store/redis.js';

/** The client's current connection. */
export const socketOf = (redis: RedisClient | Redis) => (redis as unknown as { stream: Socket }).stream;

/** Counts the writes the client's current socket hands to the system (one per write or writev call). */
export function countWrites(redis: RedisClient | Redis): { count: () => number } {
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
