// Prompt schedules in Redis, per workspace, plus the global set of workspaces so every replica can
// find every schedule, and the instant up to which schedules were last evaluated (for catch-up).
//
//   schedules        hash  id -> JSON { channel, cron, tz, category, createdAt, createdBy?, source,
//                          shift?, once?, rule? } — a shift-relative schedule has `shift` (and an empty
//                          cron and zone: it follows the channel's rota and zone); a one-off has `once`
//   schedule-seq     counter for schedule IDs made by commands (1, 2, …); the config file uses cfg-…
//   teams            set   (global) workspaces the bot serves
//   scheduler:tick   (global) ms of the latest evaluated minute

import { SCHEDULE_CATEGORIES } from '../domain/schedule.js';
import { formatShiftRule, isShiftAnchor, type ShiftRule } from '../domain/shift-schedule.js';
import type { ScheduleCategory } from '../domain/types.js';
import type { Keys } from './keys.js';
import type { Source } from './prompts.js';
import type { RedisClient } from './redis.js';

export interface Schedule {
  readonly id: string;
  readonly channel: string;
  /** The cron expression as validated by the domain parser (fields separated by single spaces). */
  readonly cron: string;
  readonly tz: string;
  readonly category: ScheduleCategory;
  readonly createdAt: number;
  readonly createdBy?: string;
  readonly source: Source;
  /** Shift-relative: fires from the channel's current shift pattern and zone (cron and tz are ''). */
  readonly shift?: ShiftRule;
  /** A one-off prompt at this instant (a follow-up after a hard event; cron and tz are ''). */
  readonly once?: number;
}

/** What makes two schedules of a channel the same: the cron expression, the shift rule or the instant. */
export function timingOf(s: Pick<Schedule, 'cron' | 'shift' | 'once'>): string {
  if (s.shift) return formatShiftRule(s.shift);
  if (s.once !== undefined) return `once ${new Date(s.once).toISOString()}`;
  return s.cron;
}

function parseShiftRule(v: unknown): ShiftRule | undefined {
  const r = v as Partial<ShiftRule> | undefined;
  if (
    typeof r !== 'object' ||
    r === null ||
    typeof r.anchor !== 'string' ||
    !isShiftAnchor(r.anchor) ||
    typeof r.offsetMinutes !== 'number' ||
    !Array.isArray(r.shifts) ||
    !r.shifts.every((n) => typeof n === 'string')
  ) {
    return undefined;
  }
  return { anchor: r.anchor, offsetMinutes: r.offsetMinutes, shifts: r.shifts };
}

export type AddScheduleResult =
  | { kind: 'added'; id: string }
  | { kind: 'duplicate'; id: string }
  | { kind: 'full' }
  | { kind: 'exists' };

export interface TeamSchedules {
  readonly team: string;
  readonly schedules: readonly Schedule[];
}

export interface ScheduleStore {
  /**
   * Adds a schedule unless the channel already has one with the same cron, zone and category
   * (`duplicate`), already has `max` (`full`), or a given `id` is taken (`exists`).
   */
  add(team: string, s: Omit<Schedule, 'id'> & { id?: string }, max: number): Promise<AddScheduleResult>;
  /** The workspace's schedules (of one channel when given), ordered by ID. */
  list(team: string, channel?: string): Promise<Schedule[]>;
  /** Removes a schedule of `channel`; false when that channel has none with this ID. */
  remove(team: string, channel: string, id: string): Promise<boolean>;
  /** Every schedule of every workspace: one SMEMBERS, then one HGETALL per workspace. */
  all(): Promise<TeamSchedules[]>;
  lastTick(): Promise<number | undefined>;
  /** Moves the last evaluated instant forward (never back). */
  markTick(atMs: number): Promise<void>;
}

// KEYS: schedules hash, seq. ARGV: channel, timing (cron or rule), tz, category, JSON, max, given id ('' = next number)
const ADD = `
local all = redis.call('HGETALL', KEYS[1])
local count = 0
for i = 1, #all, 2 do
  local okd, s = pcall(cjson.decode, all[i + 1])
  if okd and type(s) == 'table' and s.channel == ARGV[1] then
    if (s.rule or s.cron) == ARGV[2] and s.tz == ARGV[3] and s.category == ARGV[4] then return { 'duplicate', all[i] } end
    count = count + 1
  end
end
if ARGV[7] ~= '' and redis.call('HEXISTS', KEYS[1], ARGV[7]) == 1 then return { 'exists', ARGV[7] } end
if count >= tonumber(ARGV[6]) then return { 'full', '' } end
local id = ARGV[7]
if id == '' then id = tostring(redis.call('INCR', KEYS[2])) end
redis.call('HSET', KEYS[1], id, ARGV[5])
return { 'added', id }
`;

// KEYS: schedules hash. ARGV: id, channel
const REMOVE = `
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then return 0 end
local okd, s = pcall(cjson.decode, json)
if not okd or type(s) ~= 'table' or s.channel ~= ARGV[2] then return 0 end
return redis.call('HDEL', KEYS[1], ARGV[1])
`;

const MARK_TICK = `
local cur = tonumber(redis.call('GET', KEYS[1]))
if not cur or cur < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end
return 1
`;

function parse(id: string, json: string): Schedule | undefined {
  try {
    const v = JSON.parse(json) as Partial<Schedule>;
    const shift = v.shift === undefined ? undefined : parseShiftRule(v.shift);
    if (v.shift !== undefined && shift === undefined) return undefined;
    if (
      typeof v.channel !== 'string' ||
      typeof v.cron !== 'string' ||
      typeof v.tz !== 'string' ||
      !SCHEDULE_CATEGORIES.includes(v.category as ScheduleCategory)
    ) {
      return undefined;
    }
    return {
      id,
      channel: v.channel,
      cron: v.cron,
      tz: v.tz,
      category: v.category as ScheduleCategory,
      createdAt: typeof v.createdAt === 'number' ? v.createdAt : 0,
      ...(typeof v.createdBy === 'string' ? { createdBy: v.createdBy } : {}),
      source: v.source === 'config' ? 'config' : 'command',
      ...(shift ? { shift } : {}),
      ...(typeof v.once === 'number' ? { once: v.once } : {}),
    };
  } catch {
    return undefined;
  }
}

const byId = (a: Schedule, b: Schedule) => a.id.localeCompare(b.id, 'en', { numeric: true });

function parseAll(all: Record<string, string>): Schedule[] {
  return Object.entries(all)
    .map(([id, json]) => parse(id, json))
    .filter((s): s is Schedule => s !== undefined)
    .sort(byId);
}

export function createScheduleStore(redis: RedisClient, keys: Keys): ScheduleStore {
  return {
    async add(team, s, max) {
      const json = JSON.stringify({
        channel: s.channel,
        cron: s.cron,
        tz: s.tz,
        category: s.category,
        createdAt: s.createdAt,
        ...(s.createdBy ? { createdBy: s.createdBy } : {}),
        source: s.source,
        ...(s.shift ? { shift: s.shift } : {}),
        ...(s.once !== undefined ? { once: s.once } : {}),
        ...(s.shift || s.once !== undefined ? { rule: timingOf(s) } : {}),
      });
      const [kind, id] = (await redis.eval(
        ADD,
        2,
        keys.schedules(team),
        keys.scheduleSeq(team),
        s.channel,
        timingOf(s),
        s.tz,
        s.category,
        json,
        String(max),
        s.id ?? '',
      )) as [string, string];
      // The team set is global (its own Cluster slot), so it is written on its own.
      if (kind === 'added') await redis.sadd(keys.teams(), team);
      if (kind === 'added' || kind === 'duplicate') return { kind, id };
      if (kind === 'exists') return { kind };
      return { kind: 'full' };
    },

    async list(team, channel) {
      const all = parseAll(await redis.hgetall(keys.schedules(team)));
      return channel === undefined ? all : all.filter((s) => s.channel === channel);
    },

    async remove(team, channel, id) {
      return (await redis.eval(REMOVE, 1, keys.schedules(team), id, channel)) === 1;
    },

    async all() {
      const teams = (await redis.smembers(keys.teams())).sort();
      // Separate commands rather than one pipeline: in Redis Cluster each workspace has its own slot.
      const hashes = await Promise.all(teams.map((team) => redis.hgetall(keys.schedules(team))));
      return teams.map((team, i) => ({ team, schedules: parseAll(hashes[i] ?? {}) }));
    },

    async lastTick() {
      const v = await redis.get(keys.schedulerTick());
      return v === null ? undefined : Number(v);
    },

    async markTick(atMs) {
      await redis.eval(MARK_TICK, 1, keys.schedulerTick(), String(Math.round(atMs)));
    },
  };
}
