// Builds the one ioredis client (standalone, Sentinel or Cluster), tuned so request paths fail fast
// when Redis is down instead of queueing for a minute (SPEC §6).
import { Cluster, type Command, Redis, type RedisOptions, ReplyError } from 'ioredis';
import type { RedisTarget } from '../config.js';
import { AppError, ErrorCodes } from '../errors.js';
import type { Logger } from '../logger.js';
import { defineScripts } from './lua/index.js';

export type RedisClient = Redis | Cluster;

const failFast: RedisOptions = {
  // A command sent while disconnected fails at once rather than waiting for a reconnect.
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 2_000,
  commandTimeout: 2_000,
  // Reconnect forever, backing off to 2 s, so the bot recovers by itself when Redis returns.
  retryStrategy: (times: number) => Math.min(100 * times, 2_000),
  // No auto-pipelining: it saves a little CPU, but ioredis then keeps one batch in flight at a time,
  // so check-ins queue behind each other's round trip; measured, it cut ingest throughput by a third
  // (docs/BENCHMARKS.md).
};

export function createRedis(target: RedisTarget, log: Logger): RedisClient {
  const client = defineScripts(markUnavailability(build(target)));
  const rlog = log.child({ module: 'redis' });
  let down = false;
  client.on('ready', () => {
    if (down) rlog.info('Redis is reachable again');
    down = false;
  });
  client.on('error', (err: Error) => {
    if (!down) rlog.error({ err: { message: err.message } }, 'Redis is unreachable; retrying');
    down = true;
  });
  return client;
}

/**
 * Redis answering with an error is a reply error; anything else a command fails with (connection
 * closed, not writable, timed out, out of retries, no cluster node) means Redis could not be reached.
 * So does a reply whose error code (its first word, by the Redis protocol) says the server cannot
 * serve yet. Such failures are rejected as an
 * AppError with code WB_REDIS_UNAVAILABLE (the original as its cause), so every caller can tell them
 * apart by code. The client sees the original first: its own retry and redirection logic is untouched.
 */
const UNAVAILABLE_REPLIES = new Set(['LOADING', 'MASTERDOWN', 'CLUSTERDOWN', 'TRYAGAIN']);

function unavailable(err: unknown): boolean {
  if (!(err instanceof Error) || err instanceof AppError) return false;
  if (err instanceof ReplyError) return UNAVAILABLE_REPLIES.has(err.message.split(' ', 1)[0] ?? '');
  return true;
}

function markUnavailability<C extends RedisClient>(client: C): C {
  const send = client.sendCommand.bind(client) as (command: Command, ...rest: unknown[]) => unknown;
  (client as unknown as { sendCommand: typeof send }).sendCommand = (command, ...rest) => {
    const reject = command.reject;
    command.reject = (err: Error) =>
      reject(
        unavailable(err)
          ? new AppError(ErrorCodes.RedisUnavailable, 'Redis is unavailable', { cause: err })
          : err,
      );
    return send(command, ...rest);
  };
  return client;
}

function build(target: RedisTarget): RedisClient {
  switch (target.kind) {
    case 'standalone':
      return new Redis(target.url, failFast);
    case 'sentinel':
      return new Redis({
        ...failFast,
        sentinels: target.sentinels,
        name: target.name,
        password: target.password,
        sentinelPassword: target.password,
        ...(target.tls ? { tls: {}, enableTLSForSentinelMode: true } : {}),
      });
    case 'cluster':
      return new Cluster(target.nodes, {
        enableOfflineQueue: false,
        clusterRetryStrategy: (times: number) => Math.min(100 * times, 2_000),
        redisOptions: {
          ...failFast,
          password: target.password,
          ...(target.tls ? { tls: {} } : {}),
        },
      });
  }
}

/** Resolves when the client is ready, or rejects after `timeoutMs`. */
export function whenReady(client: RedisClient, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      reject(new Error(`Redis was not ready within ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    client.once('ready', onReady);
  });
}
