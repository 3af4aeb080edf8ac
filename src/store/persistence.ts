// Deleted data must leave the disk too. Redis's append-only file keeps every write, a forgotten note
// included, until the file is rewritten, and Redis rewrites it by itself only once it has grown a lot
// (64 MB by default): for a small team, never. So the bot asks for a rewrite (BGREWRITEAOF) after a
// forget-me and once a day. Where the command is not allowed (many managed services) or the append-only
// file is off, it skips quietly; the README says what such an operator has to set instead.
//
// A rewrite copies the data as it stood when it began: a deletion made while one is under way may be
// copied into the new file and so needs one more rewrite after it. Replicas agree through two keys: a
// lock held by the replica that runs rewrites, and an "again" flag that others set meanwhile.
import { randomBytes } from 'node:crypto';
import { Cluster, type Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { Keys } from './keys.js';
import type { RedisClient } from './redis.js';

export type RewriteOutcome =
  /** Redis rewrote its file (on every master) after the request. */
  | 'rewritten'
  /** Another replica is rewriting; it will rewrite once more after its current one. */
  | 'queued'
  /** Not possible here (command not allowed, append-only file off); nothing to do. */
  | 'skipped';

export interface DiskRewriter {
  /** Has Redis rewrite its persistence file so deleted data leaves the disk. Never rejects. */
  request(reason: 'forget' | 'daily'): Promise<RewriteOutcome>;
  /** Stops waiting for rewrites in progress (shutdown). */
  close(): void;
}

export interface DiskRewriterOptions {
  log: Logger;
  /** How often to look whether a rewrite has finished. */
  pollMs?: number;
  /** The longest the bot waits for one rewrite before it gives up (the lock then expires). */
  maxWaitMs?: number;
}

const LOCK_MS = 10 * 60_000;
const AGAIN_S = 86_400;
// Releases the lock only when it is still ours (it may have expired and been taken by another replica).
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** Errors that mean "this Redis does not let us", as opposed to "Redis is down". */
const NOT_ALLOWED = /unknown command|NOPERM|no permissions|not allowed|disabled|renamed/i;

export function createDiskRewriter(redis: RedisClient, keys: Keys, opts: DiskRewriterOptions): DiskRewriter {
  const log = opts.log.child({ module: 'persistence' });
  const pollMs = opts.pollMs ?? 500;
  const maxWaitMs = opts.maxWaitMs ?? 5 * 60_000;
  let closed = false;
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

  const masters = (): Redis[] => (redis instanceof Cluster ? redis.nodes('master') : [redis]);

  async function persistence(node: Redis): Promise<Record<string, string>> {
    const text = await node.info('persistence');
    const out: Record<string, string> = {};
    for (const line of text.split(/\r?\n/)) {
      const i = line.indexOf(':');
      if (i > 0) out[line.slice(0, i)] = line.slice(i + 1).trim();
    }
    return out;
  }

  const busy = (p: Record<string, string>) =>
    p.aof_rewrite_in_progress === '1' || p.aof_rewrite_scheduled === '1';

  /** Waits until `node` is not rewriting; false when that took too long or the bot is stopping. */
  async function idle(node: Redis): Promise<boolean> {
    const deadline = Date.now() + maxWaitMs;
    while (busy(await persistence(node))) {
      if (closed || Date.now() > deadline) return false;
      await sleep(pollMs);
    }
    return true;
  }

  /** One full rewrite of one node: waits out a rewrite under way, asks, waits for it to finish. */
  async function rewrite(node: Redis): Promise<'rewritten' | 'skipped'> {
    const before = await persistence(node);
    if (before.aof_enabled !== '1') {
      log.debug('the append-only file is off on this Redis; no rewrite needed');
      return 'skipped';
    }
    // A rewrite already under way copies data from before our deletion: wait for it, then ask anew.
    if (!(await idle(node))) return 'skipped';
    const done = Number(before.aof_rewrites ?? 0);
    await node.bgrewriteaof();
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      const p = await persistence(node);
      // Redis ≥ 7 counts rewrites; older ones only say whether one is running.
      const finished = p.aof_rewrites !== undefined ? Number(p.aof_rewrites) > done && !busy(p) : !busy(p);
      if (finished) {
        if (p.aof_last_bgrewrite_status !== undefined && p.aof_last_bgrewrite_status !== 'ok')
          throw new Error(`the append-only file rewrite failed (${p.aof_last_bgrewrite_status})`);
        return 'rewritten';
      }
      if (closed || Date.now() > deadline) return 'skipped';
      await sleep(pollMs);
    }
  }

  async function run(reason: string): Promise<RewriteOutcome> {
    const owner = randomBytes(8).toString('hex');
    const locked = await redis.set(keys.aofRewriteLock(), owner, 'PX', LOCK_MS, 'NX');
    if (locked !== 'OK') {
      await redis.set(keys.aofRewriteAgain(), '1', 'EX', AGAIN_S);
      return 'queued';
    }
    try {
      let outcome: RewriteOutcome = 'skipped';
      // Deletions reported by other replicas while this one was rewriting get one more rewrite.
      do {
        await redis.del(keys.aofRewriteAgain());
        for (const node of masters()) if ((await rewrite(node)) === 'rewritten') outcome = 'rewritten';
      } while (!closed && outcome === 'rewritten' && (await redis.exists(keys.aofRewriteAgain())) === 1);
      if (outcome === 'rewritten') log.info({ reason }, 'Redis rewrote its append-only file');
      return outcome;
    } finally {
      await redis.eval(RELEASE, 1, keys.aofRewriteLock(), owner).catch(() => {});
    }
  }

  return {
    async request(reason) {
      try {
        return await run(reason);
      } catch (err) {
        const message = (err as Error)?.message ?? '';
        if (NOT_ALLOWED.test(message)) {
          log.debug('this Redis does not allow BGREWRITEAOF or INFO; the operator rewrites it (see README)');
        } else {
          log.warn({ reason, err: { message } }, 'could not have Redis rewrite its append-only file');
        }
        return 'skipped';
      }
    },
    close() {
      closed = true;
    },
  };
}
