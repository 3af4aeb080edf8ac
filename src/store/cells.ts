// Cells in Redis: each channel's grid (how its time is cut), its open cells, and its settled parts.
//
//   grid:<channel>        hash  v → version, h → JSON grid history (domain/cells.ts)
//   open:<channel>        zset  cell id → settle time (ms); the cells still taking answers or waiting
//   cell:<channel>:<id>   hash  "user|anchor" → score, p|v, and "|shift" where the channel has shifts
//                               ("4p|night"); deleted when it settles
//   settled:<channel>     zset  JSON of a settled part → its end (ms); anonymous, no user IDs
//   flip:<viewer>:<ch>    zset  part id → end: parts whose decision for this viewer differs from the base
//   viewers:<channel>     hash  lead → since when (ms); viewers-admin: bot admin → first seen (ms)
import type { GridHistory, GridSegment } from '../domain/cells.js';
import type { SettledPart } from '../domain/release.js';
import type { Keys } from './keys.js';
import { defineScripts } from './lua/index.js';
import type { RedisClient } from './redis.js';

export interface Grid {
  version: string;
  history: GridSegment[];
}

export interface OpenCell {
  id: string;
  settleMs: number;
}

export interface SettleWrite {
  channel: string;
  cellId: string;
  parts: SettledPart[];
  flips: { viewer: string; part: string; end: number }[];
  /** `expireAt`: a backstop, retention after the remainder's start (settling deletes it long before). */
  remainder?: { id: string; settleMs: number; expireAt: number; fields: [string, string][] };
  /** Settled data is kept until this instant (ms). */
  keepUntil: number;
  /** The bot's clock now (ms): lifetimes are set as the time left from now (see `secondsLeft`). */
  now: number;
}

/**
 * Seconds from `now` until `untilMs`, for EXPIRE. Lifetimes are handed to Redis as the time left, not
 * as an absolute EXPIREAT, so Redis counts them on its own clock from the write: a replica whose clock
 * is a few seconds off sets the same lifetime, and a time already past (0 or less) deletes the key.
 */
const secondsLeft = (untilMs: number, now: number): number => Math.ceil((untilMs - now) / 1000);

export interface CellStore {
  /** The channel's grid, created from `initial` when it has none. */
  grid(team: string, channel: string, initial: () => GridSegment): Promise<Grid>;
  /** Replaces the history when the version is still `version`; false when someone changed it first. */
  setGrid(team: string, channel: string, version: string, history: GridHistory): Promise<boolean>;
  dueCells(team: string, channel: string, now: number): Promise<OpenCell[]>;
  /** Open remainders due after `settleMs` are brought forward to it (a grid change ended them). */
  settleRemaindersBy(team: string, channel: string, settleMs: number): Promise<void>;
  cellEntries(team: string, channel: string, id: string): Promise<Record<string, string>>;
  /** Stores a settlement once; false when the cell had already been settled. */
  settle(team: string, w: SettleWrite): Promise<boolean>;
  /** Settled parts that ended after `sinceEnd`; drops those that ended before `dropBefore`. */
  settledParts(team: string, channel: string, sinceEnd: number, dropBefore: number): Promise<SettledPart[]>;
  /** A viewer's registry entries (lead since, admin since) and flips for one channel. */
  viewer(
    team: string,
    channel: string,
    user: string,
  ): Promise<{ leadSince?: number; adminSince?: number; flips: Set<string> }>;
  /** At settlement: current leads and admins get a registry entry if they have none; ex-admins lose theirs. */
  registerViewers(
    team: string,
    channel: string,
    leads: readonly string[],
    admins: readonly string[],
    now: number,
  ): Promise<void>;
  /** A lead named now sees only what holds whoever is left out, until cells settle with them as lead. */
  leadNamed(team: string, channel: string, user: string, now: number): Promise<void>;
  leadRemoved(team: string, channel: string, user: string): Promise<void>;
  /** Drops a person's registry entries and flips (forget-me): they then see only what holds for anyone. */
  forgetViewer(team: string, user: string, channels: readonly string[]): Promise<void>;
}

export function createCellStore(redis: RedisClient, keys: Keys): CellStore {
  defineScripts(redis);
  return {
    async grid(team, channel, initial) {
      const key = keys.grid(team, channel);
      const got = await redis.hmget(key, 'v', 'h');
      if (got[0] && got[1]) return { version: got[0], history: JSON.parse(got[1]) as GridSegment[] };
      const seg = initial();
      await redis.hsetnx(key, 'h', JSON.stringify([seg]));
      await redis.hsetnx(key, 'v', '1');
      const again = await redis.hmget(key, 'v', 'h');
      return { version: again[0] ?? '1', history: JSON.parse(again[1] ?? '[]') as GridSegment[] };
    },
    async setGrid(team, channel, version, history) {
      const key = keys.grid(team, channel);
      await redis.watch(key);
      const cur = await redis.hget(key, 'v');
      if (cur !== version) {
        await redis.unwatch();
        return false;
      }
      const res = await redis
        .multi()
        .hset(key, 'v', String(Number(version) + 1), 'h', JSON.stringify(history))
        .exec();
      return res !== null;
    },
    async dueCells(team, channel, now) {
      const raw = await redis.zrangebyscore(keys.openCells(team, channel), '-inf', now, 'WITHSCORES');
      const out: OpenCell[] = [];
      for (let i = 0; i < raw.length; i += 2)
        out.push({ id: raw[i] as string, settleMs: Number(raw[i + 1]) });
      return out;
    },
    async settleRemaindersBy(team, channel, settleMs) {
      const key = keys.openCells(team, channel);
      const raw = await redis.zrangebyscore(key, `(${settleMs}`, '+inf');
      const later = raw.filter((id) => id.startsWith('r'));
      if (later.length === 0) return;
      const pipe = redis.pipeline();
      for (const id of later) pipe.zadd(key, 'XX', settleMs, id);
      await pipe.exec();
    },
    cellEntries(team, channel, id) {
      return redis.hgetall(keys.cell(team, channel, id));
    },
    async settle(team, w) {
      const keepFor = secondsLeft(w.keepUntil, w.now);
      const args: (string | number)[] = [w.cellId, w.parts.length];
      for (const p of w.parts) args.push(p.end, JSON.stringify(p));
      args.push(w.flips.length);
      for (const f of w.flips) args.push(f.end, f.part);
      const rem = w.remainder;
      args.push(rem?.id ?? '', rem?.settleMs ?? 0, rem ? secondsLeft(rem.expireAt, w.now) : 0);
      args.push(rem?.fields.length ?? 0);
      for (const [f, v] of rem?.fields ?? []) args.push(f, v);
      args.push(keepFor);
      const flipKeys = w.flips.map((f) => keys.flips(team, f.viewer, w.channel));
      const done = await redis.settleCell(
        4 + flipKeys.length,
        keys.openCells(team, w.channel),
        keys.cell(team, w.channel, w.cellId),
        keys.settled(team, w.channel),
        rem ? keys.cell(team, w.channel, rem.id) : keys.settled(team, w.channel),
        ...flipKeys,
        ...args,
      );
      return Number(done) === 1;
    },
    async settledParts(team, channel, sinceEnd, dropBefore) {
      const key = keys.settled(team, channel);
      const res = (await redis
        .pipeline()
        .zremrangebyscore(key, '-inf', `(${dropBefore}`)
        .zrangebyscore(key, `(${sinceEnd}`, '+inf')
        .exec()) as [Error | null, unknown][];
      for (const [err] of res) if (err) throw err;
      return ((res[1]?.[1] as string[]) ?? []).map((j) => JSON.parse(j) as SettledPart);
    },
    async viewer(team, channel, user) {
      const res = (await redis
        .pipeline()
        .hget(keys.viewers(team, channel), user)
        .hget(keys.adminViewers(team), user)
        .zrange(keys.flips(team, user, channel), '0', '-1')
        .exec()) as [Error | null, unknown][];
      for (const [err] of res) if (err) throw err;
      const lead = res[0]?.[1] as string | null;
      const admin = res[1]?.[1] as string | null;
      return {
        ...(lead ? { leadSince: Number(lead) } : {}),
        ...(admin ? { adminSince: Number(admin) } : {}),
        flips: new Set((res[2]?.[1] as string[]) ?? []),
      };
    },
    async registerViewers(team, channel, leads, admins, now) {
      const pipe = redis.pipeline();
      for (const u of leads) pipe.hsetnx(keys.viewers(team, channel), u, String(now));
      for (const u of admins) pipe.hsetnx(keys.adminViewers(team), u, String(now));
      pipe.hkeys(keys.adminViewers(team));
      const res = (await pipe.exec()) ?? [];
      const known = (res[res.length - 1]?.[1] as string[]) ?? [];
      const gone = known.filter((u) => !admins.includes(u));
      if (gone.length > 0) await redis.hdel(keys.adminViewers(team), ...gone);
    },
    async leadNamed(team, channel, user, now) {
      await redis.hset(keys.viewers(team, channel), user, String(now));
    },
    async leadRemoved(team, channel, user) {
      await redis.hdel(keys.viewers(team, channel), user);
    },
    async forgetViewer(team, user, channels) {
      const pipe = redis.pipeline();
      pipe.hdel(keys.adminViewers(team), user);
      for (const c of channels) {
        pipe.hdel(keys.viewers(team, c), user);
        pipe.del(keys.flips(team, user, c));
      }
      await pipe.exec();
    },
  };
}
