// Builds the one ioredis client (standalone, Sentinel or Cluster), tuned so request paths fail fast
// when Redis is down instead of queueing for a minute.
import type { Socket } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
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
  // No auto-pipelining: ioredis then keeps one batch in flight at a time, so check-ins queue behind
  // each other's round trip; measured, it cut ingest throughput by a tenth (docs/BENCHMARKS.md).
  // coalesceWrites below gets the saving without the queue.
};

/** TLS settings added to `rediss…` connections. */
export interface RedisTlsOptions {
  /** PEM text of the CA that signed the server's certificate (the system CAs are used otherwise). */
  ca?: string;
  /** The name the certificate is checked against, when it differs from the host connected to. */
  servername?: string;
}

export function createRedis(target: RedisTarget, log: Logger, tlsOptions: RedisTlsOptions = {}): RedisClient {
  const tls = {
    ...(tlsOptions.ca ? { ca: tlsOptions.ca } : {}),
    ...(tlsOptions.servername ? { servername: tlsOptions.servername } : {}),
  };
  const client = defineScripts(markUnavailability(coalesceWrites(build(target, tls))));
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

/**
 * Sends the commands of one turn of the event loop in one socket write. ioredis writes every command
 * to its socket as it is sent; under load the bot sends many per turn (a check-in's script call for
 * each event that arrived), and each write is a system call, plus a wake-up for Redis. Here the first
 * command of a turn corks the socket and the end of the turn (setImmediate, after the I/O callbacks
 * that sent them) uncorks it, so they leave together as one writev — the same trick Node's own HTTP
 * responses and the node-redis client use. Nothing waits for a batch: a command alone leaves at the end
 * of its turn, and any number of batches may be in flight. On Cluster, every node's connection does it.
 */
function coalesceWrites<C extends RedisClient>(client: C): C {
  if (client instanceof Cluster) {
    client.on('+node', (node: Redis) => coalesceWrites(node));
    return client;
  }
  const send = client.sendCommand.bind(client) as (command: Command, ...rest: unknown[]) => unknown;
  let corked: Socket | undefined;
  (client as unknown as { sendCommand: typeof send }).sendCommand = (command, ...rest) => {
    const socket = (client as unknown as { stream?: Socket }).stream;
    if (socket !== undefined && socket !== corked && !socket.destroyed) {
      corked = socket;
      socket.cork();
      setImmediate(() => {
        corked = undefined;
        socket.uncork();
      });
    }
    return send(command, ...rest);
  };
  return client;
}

function build(target: RedisTarget, tls: ConnectionOptions): RedisClient {
  switch (target.kind) {
    case 'standalone':
      // ioredis turns TLS on for a rediss:// URL; these options only add the CA and server name.
      return new Redis(target.url, {
        ...failFast,
        ...(target.url.startsWith('rediss:') ? { tls } : {}),
      });
    case 'sentinel':
      return new Redis({
        ...failFast,
        sentinels: target.sentinels,
        name: target.name,
        username: target.username,
        password: target.password,
        sentinelUsername: target.sentinelUsername,
        sentinelPassword: target.sentinelPassword,
        ...(target.tls ? { tls, sentinelTLS: tls, enableTLSForSentinelMode: true } : {}),
      });
    case 'cluster':
      return new Cluster(target.nodes, {
        enableOfflineQueue: false,
        clusterRetryStrategy: (times: number) => Math.min(100 * times, 2_000),
        // With TLS, a node must be reached by the name its certificate carries. Managed clusters
        // (e.g. ElastiCache) answer CLUSTER SLOTS with addresses behind one DNS name, so the name is
        // kept as given instead of resolved to an IP that would fail the certificate check.
        ...(target.tls
          ? { dnsLookup: (address: string, cb: (err: null, a: string) => void) => cb(null, address) }
          : {}),
        redisOptions: {
          ...failFast,
          username: target.username,
          password: target.password,
          ...(target.tls ? { tls } : {}),
        },
      });
  }
}

/** What the server's eviction policy means for the bot. */
export type EvictionCheck =
  | { ok: true; policy: 'noeviction' }
  | { ok: false; policy: string }
  | { ok: 'unknown'; reason: string };

/**
 * Reads `maxmemory-policy` from every primary. Any policy but `noeviction` lets Redis drop keys
 * when memory runs short — a day's team totals or the record that a slot was posted — without a
 * word. Managed services often refuse CONFIG; then the answer is 'unknown'.
 */
export async function checkEvictionPolicy(client: RedisClient): Promise<EvictionCheck> {
  const primaries: Redis[] = client instanceof Cluster ? client.nodes('master') : [client];
  for (const node of primaries) {
    let reply: unknown;
    try {
      reply = await node.config('GET', 'maxmemory-policy');
    } catch (err) {
      return { ok: 'unknown', reason: (err as Error).message.split('\n')[0] ?? 'CONFIG GET failed' };
    }
    const policy = Array.isArray(reply) ? reply[1] : undefined;
    if (typeof policy !== 'string') return { ok: 'unknown', reason: 'CONFIG GET returned no policy' };
    if (policy !== 'noeviction') return { ok: false, policy };
  }
  return { ok: true, policy: 'noeviction' };
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
