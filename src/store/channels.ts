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
  /** Whether the channel has prompts, its time zone (undefined = default) and whether reactions count; one round trip. */
  promptChannel(
    team: string,
    channel: string,
  ): Promise<{ hasPrompts: boolean; tz?: string; reactionsOff?: true }>;
  /** Turns a channel's reactions off (they are then neither added to prompts nor counted) or on again. */
  setReactions(team: string, channel: string, on: boolean): Promise<void>;
  /** Sets the time zone of a channel that has prompts (its schedules' default, its days and digest week). */
  setTimeZone(team: string, channel: string, tz: string): Promise<void>;
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
  /** The channel's settings (shifts, pause); one HGET. */
  settings(team: string, channel: string): Promise<ChannelSettings>;
  /** Every channel of the workspace that has settings; one HGETALL. */
  allSettings(team: string): Promise<Map<string, ChannelSettings>>;
  /** Changes some settings atomically, keeping the others; returns them before and after. */
  patchSettings(
    team: string,
    channel: string,
    patch: ChannelSettingsPatch,
  ): Promise<{ before: ChannelSettings; after: ChannelSettings }>;
}

export type UserKind = 'human' | 'other';

/** What a channel's leads chose for it beyond schedules (kept apart from the prompt-channel record). */
export interface ChannelSettings {
  /** The shift pattern as `formatShifts` prints it; absent: no shifts. */
  readonly shifts?: string;
  /** Scheduled prompts are skipped through the end of this local date (YYYY-MM-DD). */
  readonly pausedThrough?: string;
}

/** `null` removes a setting; an absent field leaves it as it is. */
export type ChannelSettingsPatch = { readonly [K in keyof ChannelSettings]?: string | null };

function settingsOf(json: string | null | undefined): ChannelSettings {
  if (!json) return {};
  try {
    const v = JSON.parse(json) as Record<string, unknown>;
    return {
      ...(typeof v.shifts === 'string' ? { shifts: v.shifts } : {}),
      ...(typeof v.pausedThrough === 'string' ? { pausedThrough: v.pausedThrough } : {}),
    };
  } catch {
    return {};
  }
}

// KEYS: settings hash. ARGV: channel, then field/value pairs ('' = remove). Returns the old and new JSON.
const PATCH_SETTINGS = `
local old = redis.call('HGET', KEYS[1], ARGV[1])
local v = {}
if old then
  local okd, d = pcall(cjson.decode, old)
  if okd and type(d) == 'table' then v = d end
end
for i = 2, #ARGV, 2 do
  if ARGV[i + 1] == '' then v[ARGV[i]] = nil else v[ARGV[i]] = ARGV[i + 1] end
end
if next(v) == nil then
  redis.call('HDEL', KEYS[1], ARGV[1])
  return { old or '', '' }
end
local new = cjson.encode(v)
redis.call('HSET', KEYS[1], ARGV[1], new)
return { old or '', new }
`;

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
    async settings(team, channel) {
      return settingsOf(await redis.hget(keys.channelSettings(team), channel));
    },
    async allSettings(team) {
      const all = await redis.hgetall(keys.channelSettings(team));
      return new Map(Object.entries(all).map(([id, json]) => [id, settingsOf(json)]));
    },
    async patchSettings(team, channel, patch) {
      const args = Object.entries(patch).flatMap(([k, v]) => (v === undefined ? [] : [k, v ?? '']));
      const [before, after] = (await redis.eval(
        PATCH_SETTINGS,
        1,
        keys.channelSettings(team),
        channel,
        ...args,
      )) as [string, string];
      return { before: settingsOf(before), after: settingsOf(after) };
    },
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
      const res = (await redis
        .pipeline()
        .hget(keys.channels(team), channel)
        .hget(keys.channelOptions(team, channel), 'reactions')
        .exec()) as [Error | null, string | null][];
      for (const [err] of res) if (err) throw err;
      const json = res[0]?.[1] ?? null;
      if (json === null) return { hasPrompts: false };
      return {
        hasPrompts: true,
        tz: zoneOf(json),
        ...(res[1]?.[1] === 'off' ? { reactionsOff: true as const } : {}),
      };
    },
    async setReactions(team, channel, on) {
      if (on) await redis.hdel(keys.channelOptions(team, channel), 'reactions');
      else await redis.hset(keys.channelOptions(team, channel), 'reactions', 'off');
    },
    async setTimeZone(team, channel, tz) {
      const key = keys.channels(team);
      const current = await redis.hget(key, channel);
      let v: Record<string, unknown> = {};
      try {
        v = current ? (JSON.parse(current) as Record<string, unknown>) : {};
      } catch {
        v = {};
      }
      await redis.hset(key, channel, JSON.stringify({ ...v, tz }));
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
