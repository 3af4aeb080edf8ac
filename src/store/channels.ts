// What the check-in path needs to know about channels: which have prompts (and their time zone),
// whether a message is a prompt, the latest prompt, and a short-lived cache of channel members.
import type { Keys } from './keys.js';
import type { RedisClient } from './redis.js';

export interface PromptRef {
  ts: string;
  atMs: number;
}

export interface ChannelStore {
  /** Channels of the workspace that have prompts, with their time zone (undefined = default). */
  promptChannels(team: string): Promise<Map<string, { tz?: string }>>;
  latestPrompt(team: string, channel: string): Promise<PromptRef | undefined>;
  cachedMembers(team: string, channel: string): Promise<string[] | undefined>;
  cacheMembers(team: string, channel: string, members: readonly string[], ttlSeconds: number): Promise<void>;
  /** Whether the channel has prompts, and its time zone (undefined = default); one HGET. */
  promptChannel(team: string, channel: string): Promise<{ hasPrompts: boolean; tz?: string }>;
  /** The cached number of human, active members (participation), or undefined. */
  cachedHumanCount(team: string, channel: string): Promise<number | undefined>;
  cacheHumanCount(team: string, channel: string, count: number, ttlSeconds: number): Promise<void>;
  /** Drops the member caches of a channel (someone joined or left), and its unreadable mark. */
  forgetMembers(team: string, channel: string): Promise<void>;
  /**
   * Marks a channel the bot cannot read for `ttlSeconds`; true when it was not marked yet (so the
   * caller logs it once, whichever replica saw it first).
   */
  markUnreadable(team: string, channel: string, reason: string, ttlSeconds: number): Promise<boolean>;
  /** Which of `channels` are marked unreadable. */
  unreadable(team: string, channels: readonly string[]): Promise<Set<string>>;
  /** Cached kinds of users, in order: 'human', 'other' (bot, app, deactivated) or undefined (unknown). */
  cachedUserKinds(team: string, users: readonly string[]): Promise<(UserKind | undefined)[]>;
  cacheUserKinds(
    team: string,
    kinds: ReadonlyMap<string, UserKind>,
    ttlSeconds: (k: UserKind) => number,
  ): Promise<void>;
}

export type UserKind = 'human' | 'other';

function zoneOf(json: string | null | undefined): string | undefined {
  if (!json) return undefined;
  try {
    const v = JSON.parse(json) as { tz?: unknown };
    return typeof v.tz === 'string' ? v.tz : undefined;
  } catch {
    return undefined;
  }
}

export function createChannelStore(redis: RedisClient, keys: Keys): ChannelStore {
  return {
    async promptChannels(team) {
      const all = await redis.hgetall(keys.channels(team));
      return new Map(Object.entries(all).map(([id, json]) => [id, { tz: zoneOf(json) }]));
    },
    async latestPrompt(team, channel) {
      const v = await redis.hgetall(keys.latestPrompt(team, channel));
      if (!v.ts || !v.at) return undefined;
      return { ts: v.ts, atMs: Number(v.at) };
    },
    async cachedMembers(team, channel) {
      const key = keys.members(team, channel);
      const res = await redis.pipeline().exists(key).smembers(key).exec();
      if (res?.[0]?.[1] !== 1) return undefined;
      return ((res?.[1]?.[1] as string[]) ?? []).filter((m) => m !== '#');
    },
    async promptChannel(team, channel) {
      const json = await redis.hget(keys.channels(team), channel);
      return json === null ? { hasPrompts: false } : { hasPrompts: true, tz: zoneOf(json) };
    },
    async cachedHumanCount(team, channel) {
      const v = await redis.get(keys.humanCount(team, channel));
      return v === null ? undefined : Number(v);
    },
    async cacheHumanCount(team, channel, count, ttlSeconds) {
      await redis.set(keys.humanCount(team, channel), String(count), 'EX', ttlSeconds);
    },
    async forgetMembers(team, channel) {
      await redis.del(
        keys.members(team, channel),
        keys.humanCount(team, channel),
        keys.unreadable(team, channel),
      );
    },
    async markUnreadable(team, channel, reason, ttlSeconds) {
      return (await redis.set(keys.unreadable(team, channel), reason, 'EX', ttlSeconds, 'NX')) === 'OK';
    },
    async unreadable(team, channels) {
      if (channels.length === 0) return new Set();
      const marks = await redis.mget(...channels.map((c) => keys.unreadable(team, c)));
      return new Set(channels.filter((_, i) => marks[i] !== null));
    },
    async cachedUserKinds(team, users) {
      if (users.length === 0) return [];
      const vals = await redis.mget(...users.map((u) => keys.userKind(team, u)));
      return vals.map((v) => (v === 'h' ? 'human' : v === 'x' ? 'other' : undefined));
    },
    async cacheUserKinds(team, kinds, ttlSeconds) {
      if (kinds.size === 0) return;
      const pipe = redis.pipeline();
      for (const [user, kind] of kinds) {
        pipe.set(keys.userKind(team, user), kind === 'human' ? 'h' : 'x', 'EX', ttlSeconds(kind));
      }
      const res = (await pipe.exec()) ?? [];
      for (const [err] of res) if (err) throw err;
    },
    async cacheMembers(team, channel, members, ttlSeconds) {
      const key = keys.members(team, channel);
      // '#' keeps the set present (and so the cache "known") when a channel has no members.
      await redis
        .multi()
        .del(key)
        .sadd(key, '#', ...members)
        .expire(key, ttlSeconds)
        .exec();
    },
  };
}
