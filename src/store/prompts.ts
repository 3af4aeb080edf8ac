// Prompts in Redis: which prompt to post next (rotation), what was posted where, the channels that
// have prompts, and each channel's custom prompts.
//
//   custom:<channel>        hash  id -> JSON { category, text, addedAt, addedBy?, source }
//   custom-seq              counter for custom prompt IDs (c1, c2, …)
//   rot:<channel>:<cat>     hash  prompt id -> 1 for every prompt used in the current cycle, plus
//                           `~last` -> the prompt posted last (not repeated across a cycle boundary)
//   rotmix:<channel>        counter; `mixed` takes category (n - 1) mod 4
//   pm:<channel>:<ts>       hash  { id, cat, at } — a posted prompt message (read by check-ins)
//   pmlast:<channel>        hash  { ts, at } — the channel's latest prompt (read by /checkin)
//   channels                hash  channel -> JSON { tz, addedAt }
import {
  AFTER_EVENT,
  CATEGORIES,
  type Category,
  isCategory,
  type ScheduleCategory,
} from '../domain/types.js';
import { findPrompt, promptsIn } from '../prompts/index.js';
import type { Keys } from './keys.js';
import type { RedisClient } from './redis.js';

export type Source = 'command' | 'config';

export interface CustomPrompt {
  readonly id: string;
  readonly category: Category;
  /** As the person typed it (unescaped); escape wherever it is shown. */
  readonly text: string;
  readonly addedAt: number;
  readonly addedBy?: string;
  readonly source: Source;
}

export interface PickedPrompt {
  readonly id: string;
  readonly category: Category;
  readonly text: string;
  readonly custom: boolean;
}

export type AddCustomResult =
  | { kind: 'added'; id: string }
  | { kind: 'duplicate'; id: string }
  | { kind: 'full' }
  | { kind: 'exists' };

export interface PromptStore {
  /**
   * The next prompt for a channel, atomically: within a channel and category nothing repeats until
   * every prompt of the category (library and the channel's custom ones) has been used there.
   * `random` in [0, 1) chooses among the unused ones.
   */
  pick(team: string, channel: string, want: ScheduleCategory, random: number): Promise<PickedPrompt>;
  /**
   * Returns a picked prompt to its cycle because it was certainly not posted (Slack refused the
   * channel), so the channel still gets to see it before the cycle ends.
   */
  giveBack(team: string, channel: string, category: Category, id: string): Promise<void>;
  /** Records a posted prompt message and makes it the channel's latest (when it is newer). */
  recordPosted(
    team: string,
    channel: string,
    ts: string,
    p: { id: string; category: Category; atMs: number },
  ): Promise<void>;
  /**
   * Marks a channel as having prompts (and its workspace as served). Keeps an existing time zone
   * unless `override`; writes nothing when the stored zone is already `tz`.
   */
  registerChannel(
    team: string,
    channel: string,
    tz: string,
    o: { atMs: number; override?: boolean },
  ): Promise<void>;
  customPrompts(team: string, channel: string): Promise<CustomPrompt[]>;
  /**
   * Adds a custom prompt unless the channel already has the same text in the same category
   * (`duplicate`), has `max` of them (`full`), or `id` is given and already taken (`exists`).
   */
  addCustom(
    team: string,
    channel: string,
    p: Omit<CustomPrompt, 'id'> & { id?: string },
    max: number,
  ): Promise<AddCustomResult>;
  /** Returns false when the channel has no custom prompt with that ID. */
  removeCustom(team: string, channel: string, id: string): Promise<boolean>;
}

const LAST = '~last';

// KEYS: custom hash, mixed counter, rotation hash of each category (CATEGORIES order, or after-event alone)
// ARGV: wanted category or 'mixed', random in [0,1), ttl ms, then per category: name, library IDs (comma-joined)
const PICK = `
local want, r, ttl = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local n = (#ARGV - 3) / 2
local ci
if want == 'mixed' then
  local k = redis.call('INCR', KEYS[2])
  redis.call('PEXPIRE', KEYS[2], ttl)
  ci = ((k - 1) % n) + 1
else
  for i = 1, n do if ARGV[2 + 2 * i] == want then ci = i end end
  if not ci then return redis.error_reply('unknown category ' .. want) end
end
local cat = ARGV[2 + 2 * ci]
local pool, texts = {}, {}
for id in string.gmatch(ARGV[3 + 2 * ci], '[^,]+') do pool[#pool + 1] = id end
local custom = redis.call('HGETALL', KEYS[1])
local mine = {}
for i = 1, #custom, 2 do
  local okd, p = pcall(cjson.decode, custom[i + 1])
  if okd and type(p) == 'table' and p.category == cat and type(p.text) == 'string' then
    mine[#mine + 1] = custom[i]
    texts[custom[i]] = p.text
  end
end
table.sort(mine)
for _, id in ipairs(mine) do pool[#pool + 1] = id end
if #pool == 0 then return redis.error_reply('no prompts in category ' .. cat) end
local rot = KEYS[2 + ci]
local used = {}
for _, id in ipairs(redis.call('HKEYS', rot)) do used[id] = true end
local last = redis.call('HGET', rot, '${LAST}')
local cand = {}
for _, id in ipairs(pool) do if not used[id] then cand[#cand + 1] = id end end
if #cand == 0 then
  -- Every prompt was used: a new cycle starts, without repeating the one just posted.
  redis.call('DEL', rot)
  for _, id in ipairs(pool) do if id ~= last or #pool == 1 then cand[#cand + 1] = id end end
end
local idx = math.floor(r * #cand) + 1
if idx > #cand then idx = #cand end
if idx < 1 then idx = 1 end
local pick = cand[idx]
redis.call('HSET', rot, pick, '1', '${LAST}', pick)
redis.call('PEXPIRE', rot, ttl)
return { pick, cat, texts[pick] or '' }
`;

// KEYS: message hash, latest hash. ARGV: id, cat, at, ts, ttl ms
const RECORD = `
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'cat', ARGV[2], 'at', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
local cur = tonumber(redis.call('HGET', KEYS[2], 'at'))
if not cur or cur <= tonumber(ARGV[3]) then
  redis.call('HSET', KEYS[2], 'ts', ARGV[4], 'at', ARGV[3])
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
end
return 1
`;

// KEYS: custom hash, custom seq. ARGV: category, text, JSON, max, given id ('' = next number)
const ADD_CUSTOM = `
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local okd, p = pcall(cjson.decode, all[i + 1])
  if okd and type(p) == 'table' and p.category == ARGV[1] and p.text == ARGV[2] then
    return { 'duplicate', all[i] }
  end
end
if ARGV[5] ~= '' and redis.call('HEXISTS', KEYS[1], ARGV[5]) == 1 then return { 'exists', ARGV[5] } end
if #all / 2 >= tonumber(ARGV[4]) then return { 'full', '' } end
local id = ARGV[5]
if id == '' then id = 'c' .. redis.call('INCR', KEYS[2]) end
redis.call('HSET', KEYS[1], id, ARGV[3])
return { 'added', id }
`;

const libraryArgs = (categories: readonly Category[]): string[] =>
  categories.flatMap((c) => [
    c,
    promptsIn(c)
      .map((p) => p.id)
      .join(','),
  ]);
/** The everyday categories, which `mixed` rotates through. */
const LIBRARY_ARGS: readonly string[] = libraryArgs(CATEGORIES);
/** After a hard event: its own cycle, never reached by `mixed`. */
const AFTER_EVENT_ARGS: readonly string[] = libraryArgs([AFTER_EVENT]);

function parseCustom(id: string, json: string): CustomPrompt | undefined {
  try {
    const v = JSON.parse(json) as Partial<CustomPrompt>;
    if (typeof v.text !== 'string' || typeof v.category !== 'string' || !isCategory(v.category)) {
      return undefined;
    }
    return {
      id,
      category: v.category,
      text: v.text,
      addedAt: typeof v.addedAt === 'number' ? v.addedAt : 0,
      ...(typeof v.addedBy === 'string' ? { addedBy: v.addedBy } : {}),
      source: v.source === 'config' ? 'config' : 'command',
    };
  } catch {
    return undefined;
  }
}

/** Natural order of IDs: c2 before c10. */
export const byId = (a: { id: string }, b: { id: string }) =>
  a.id.localeCompare(b.id, 'en', { numeric: true });

export function createPromptStore(redis: RedisClient, keys: Keys, o: { retentionDays: number }): PromptStore {
  const ttlMs = o.retentionDays * 86_400_000;

  return {
    async pick(team, channel, want, random) {
      const categories = want === AFTER_EVENT ? [AFTER_EVENT] : CATEGORIES;
      const res = (await redis.eval(
        PICK,
        2 + categories.length,
        keys.customPrompts(team, channel),
        keys.mixedRotation(team, channel),
        ...categories.map((c) => keys.rotation(team, channel, c)),
        want,
        String(Math.min(Math.max(random, 0), 0.999999)),
        String(ttlMs),
        ...(want === AFTER_EVENT ? AFTER_EVENT_ARGS : LIBRARY_ARGS),
      )) as [string, string, string];
      const [id, category, customText] = res;
      if (!isCategory(category)) throw new Error(`rotation returned an unknown category ${category}`);
      const library = findPrompt(id);
      if (library) return { id, category, text: library.text, custom: false };
      return { id, category, text: customText, custom: true };
    },

    async giveBack(team, channel, category, id) {
      await redis.hdel(keys.rotation(team, channel, category), id);
    },

    async recordPosted(team, channel, ts, p) {
      await redis.eval(
        RECORD,
        2,
        keys.promptMessage(team, channel, ts),
        keys.latestPrompt(team, channel),
        p.id,
        p.category,
        String(Math.round(p.atMs)),
        ts,
        String(ttlMs),
      );
    },

    async registerChannel(team, channel, tz, { atMs, override }) {
      const key = keys.channels(team);
      const current = await redis.hget(key, channel);
      let write = current === null;
      let addedAt = atMs;
      if (current !== null && override) {
        try {
          const v = JSON.parse(current) as { tz?: unknown; addedAt?: unknown };
          write = v.tz !== tz;
          if (typeof v.addedAt === 'number') addedAt = v.addedAt;
        } catch {
          write = true;
        }
      }
      const json = JSON.stringify({ tz, addedAt });
      if (write) {
        if (override) await redis.hset(key, channel, json);
        else await redis.hsetnx(key, channel, json);
      }
      // A global key (its own Cluster slot), so not in one transaction with the team's keys.
      await redis.sadd(keys.teams(), team);
    },

    async customPrompts(team, channel) {
      const all = await redis.hgetall(keys.customPrompts(team, channel));
      return Object.entries(all)
        .map(([id, json]) => parseCustom(id, json))
        .filter((p): p is CustomPrompt => p !== undefined)
        .sort(byId);
    },

    async addCustom(team, channel, p, max) {
      const json = JSON.stringify({
        category: p.category,
        text: p.text,
        addedAt: p.addedAt,
        ...(p.addedBy ? { addedBy: p.addedBy } : {}),
        source: p.source,
      });
      const [kind, id] = (await redis.eval(
        ADD_CUSTOM,
        2,
        keys.customPrompts(team, channel),
        keys.customPromptSeq(team),
        p.category,
        p.text,
        json,
        String(max),
        p.id ?? '',
      )) as [string, string];
      if (kind === 'added' || kind === 'duplicate') return { kind, id };
      if (kind === 'exists') return { kind };
      return { kind: 'full' };
    },

    async removeCustom(team, channel, id) {
      return (await redis.hdel(keys.customPrompts(team, channel), id)) === 1;
    },
  };
}
