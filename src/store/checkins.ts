// Check-ins in Redis. Every change to an answer and to the per-day aggregates happens in one Lua
// script, so aggregates are exact whatever order events arrive in and whatever replica handles them.
//
// Layout (all under the workspace hash tag, see keys.ts):
//   ua:<user>:<yyyymm>   hash  anchor → "score|atSec|day|src"  (month of the anchor; src r:<emoji> | b | c)
//   un:<user>:<yyyymm>   hash  anchor → note                    (only when there is a note)
//   prx:<channel>:<ts>   hash  user → "emoji=score,emoji=score"  (mapped reactions still on a prompt, oldest first)
//   agg:<channel>:<day>  hash  "1".."5" → answers that day
//   rsp:<channel>:<day>  hash  user → answers that day (so a withdrawal knows whether they still answered)
//   rbm:<channel>:<day>  bitmap of respondents by user index (a period's distinct respondents = BITOP OR)
//   uidx                 hash  user → small integer (bit position), "#" → last index
//   evt:<event id>       string, a delivered Slack event already applied (duplicates are no-ops)
// An anchor is "<channel>:<prompt ts>" for an answer to a prompt, or "<channel>:c<ms>" for a standalone check-in.
import { createHash } from 'node:crypto';
import type { Score } from '../domain/types.js';
import type { Keys } from './keys.js';
import type { RedisClient } from './redis.js';

const DAY_S = 86_400;
/** The support text goes to a person at most once in this many seconds (SPEC §4.5). */
const CARE_INTERVAL_S = DAY_S;

/** Lua shared by APPLY and FORGET: takes one answer of a person out of its day's aggregates. */
const UNCOUNT = `
-- idx: the person's bit in the day's respondent bitmap (their entry in uidx), or nil.
local function uncount(P, channel, day, score, user, idx)
  local agg = P .. ':agg:' .. channel .. ':' .. day
  -- A person's answers outlive their day's aggregates by up to a month. Once the day has expired there
  -- is nothing to correct, and decrementing would bring it back as keys without an expiry.
  if redis.call('EXISTS', agg) == 0 then return end
  local rsp = P .. ':rsp:' .. channel .. ':' .. day
  redis.call('HINCRBY', agg, score, -1)
  if redis.call('HINCRBY', rsp, user, -1) <= 0 then
    redis.call('HDEL', rsp, user)
    if idx then redis.call('SETBIT', P .. ':rbm:' .. channel .. ':' .. day, tonumber(idx), 0) end
  end
end
`;

const APPLY = `${UNCOUNT}
local P = ARGV[1]
local op = ARGV[2]
local user = ARGV[3]
local anchor = ARGV[4]
local month = ARGV[5]
local eventKey = ARGV[6]
local retention = tonumber(ARGV[7])
local ua = P .. ':ua:' .. user .. ':' .. month
local un = P .. ':un:' .. user .. ':' .. month
local channel = string.match(anchor, '^([^:]+):')

-- An answer to a prompt counts only while the prompt's record exists (ARGV[16], '' when not asked);
-- checked here, in the same round trip, for reactions and buttons alike.
if ARGV[16] and ARGV[16] ~= '' and redis.call('EXISTS', ARGV[16]) == 0 then return {'not-prompt'} end

if eventKey ~= '' then
  if not redis.call('SET', eventKey, '1', 'NX', 'EX', 86400) then return {'duplicate'} end
end

local function userIndex()
  local idx = redis.call('HGET', P .. ':uidx', user)
  if not idx then
    idx = redis.call('HINCRBY', P .. ':uidx', '#', 1)
    redis.call('HSET', P .. ':uidx', user, idx)
  end
  return tonumber(idx)
end

-- Counts the person's answer in the day's aggregates (uncount, at the top, takes one out).
local function count(day, score, expireAt)
  local agg = P .. ':agg:' .. channel .. ':' .. day
  local rsp = P .. ':rsp:' .. channel .. ':' .. day
  local rbm = P .. ':rbm:' .. channel .. ':' .. day
  redis.call('HINCRBY', agg, score, 1)
  if redis.call('HINCRBY', rsp, user, 1) == 1 then redis.call('SETBIT', rbm, userIndex(), 1) end
  redis.call('EXPIREAT', agg, expireAt)
  redis.call('EXPIREAT', rsp, expireAt)
  redis.call('EXPIREAT', rbm, expireAt)
end

local function parse(rec)
  if not rec then return nil end
  local score, at, day, src = string.match(rec, '^(%d)|(%d+)|([^|]+)|(.*)$')
  return { score = score, at = at, day = day, src = src }
end

-- Sets the person's answer to this anchor, replacing any earlier one; returns the previous score or ''.
local function setAnswer(score, src, atSec, day, dayExpireAt, bucketExpireAt)
  local old = parse(redis.call('HGET', ua, anchor))
  if old then uncount(P, channel, old.day, old.score, user, redis.call('HGET', P .. ':uidx', user)) end
  redis.call('HSET', ua, anchor, score .. '|' .. atSec .. '|' .. day .. '|' .. src)
  redis.call('EXPIREAT', ua, bucketExpireAt)
  count(day, score, dayExpireAt)
  return old and old.score or ''
end

-- Both replies that change something also carry the person's App Home channel if they opened the
-- tab lately (ARGV[19]), so that refreshing it needs no second round trip.
local function home()
  return ARGV[19] and ARGV[19] ~= '' and redis.call('GET', ARGV[19]) or ''
end

-- A stored answer of 1 is the person's first in 24 hours (ARGV[17], the care marker, was not set):
-- the caller then sends them the support text (SPEC §4.5). Marking it here keeps "at most once a
-- day" exact across replicas and saves a round trip.
local function stored(score, prev)
  local care = ''
  if score == '1' and ARGV[17] and ARGV[17] ~= '' then
    if redis.call('SET', ARGV[17], '1', 'NX', 'EX', tonumber(ARGV[18])) then care = '1' end
  end
  return {'stored', score, prev, care, home()}
end

local function withdrawn(prev)
  return {'withdrawn', '', prev, '', prev ~= '' and home() or ''}
end

local function withdraw()
  local old = parse(redis.call('HGET', ua, anchor))
  if not old then return '' end
  uncount(P, channel, old.day, old.score, user, redis.call('HGET', P .. ':uidx', user))
  redis.call('HDEL', ua, anchor)
  redis.call('HDEL', un, anchor)
  return old.score
end

if op == 'set' then
  -- ARGV: 8 score, 9 src, 10 atSec, 11 day, 12 dayExpireAt, 13 bucketExpireAt, 14 noteMode (keep|set|clear), 15 note
  local prev = setAnswer(ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12], ARGV[13])
  if ARGV[14] == 'set' then
    redis.call('HSET', un, anchor, ARGV[15])
    redis.call('EXPIREAT', un, ARGV[13])
  elseif ARGV[14] == 'clear' then
    redis.call('HDEL', un, anchor)
  end
  return stored(ARGV[8], prev)
end

if op == 'react' or op == 'unreact' then
  -- ARGV: 8 emoji, 9 score, 10 atSec, 11 day, 12 dayExpireAt, 13 bucketExpireAt, 14 reactions key, 15 reactions expireAt
  local emoji = ARGV[8]
  local prx = ARGV[14]
  local list = {}
  local cur = redis.call('HGET', prx, user)
  if cur then
    for item in string.gmatch(cur, '[^,]+') do
      local name = string.match(item, '^(.*)=%d$')
      if name ~= emoji then table.insert(list, item) end
    end
  end
  if op == 'react' then table.insert(list, emoji .. '=' .. ARGV[9]) end
  if #list == 0 then redis.call('HDEL', prx, user) else
    redis.call('HSET', prx, user, table.concat(list, ','))
    redis.call('EXPIREAT', prx, ARGV[15])
  end
  if op == 'react' then
    local prev = setAnswer(ARGV[9], 'r:' .. emoji, ARGV[10], ARGV[11], ARGV[12], ARGV[13])
    return stored(ARGV[9], prev)
  end
  local old = parse(redis.call('HGET', ua, anchor))
  if not old or old.src ~= ('r:' .. emoji) then return {'unchanged'} end
  if #list == 0 then
    return withdrawn(withdraw())
  end
  local last = list[#list]
  local name, score = string.match(last, '^(.*)=(%d)$')
  local prev = setAnswer(score, 'r:' .. name, ARGV[10], ARGV[11], ARGV[12], ARGV[13])
  return stored(score, prev)
end

return redis.error_reply('unknown op')
`;

const FORGET = `${UNCOUNT}
-- Deletes every answer and note of one person (the month buckets given as KEYS), correcting aggregates.
local P = ARGV[1]
local user = ARGV[2]
local deleted = 0
local idx = redis.call('HGET', P .. ':uidx', user)
for i = 1, #KEYS, 2 do
  local ua, un = KEYS[i], KEYS[i + 1]
  local all = redis.call('HGETALL', ua)
  for j = 1, #all, 2 do
    local anchor, rec = all[j], all[j + 1]
    local channel, ts = string.match(anchor, '^([^:]+):(.*)$')
    local score, day = string.match(rec, '^(%d)|%d+|([^|]+)|')
    uncount(P, channel, day, score, user, idx)
    redis.call('HDEL', P .. ':prx:' .. channel .. ':' .. ts, user)
    deleted = deleted + 1
  end
  redis.call('DEL', ua, un)
end
redis.call('DEL', P .. ':care:' .. user)
-- Their bits are cleared wherever a day still exists, so their place in the bitmaps goes too (a later
-- check-in gets a new one).
if idx then redis.call('HDEL', P .. ':uidx', user) end
return deleted
`;

const SUMMARY = `
-- KEYS: agg keys (2N: current period then previous), rsp keys (N current), rbm keys (2N), scratch key
-- Returns { counts... (2N*5), respondents per day (N), distinct current, distinct previous }
local n = tonumber(ARGV[1])
local out = {}
for i = 1, 2 * n do
  local c = redis.call('HMGET', KEYS[i], '1', '2', '3', '4', '5')
  for s = 1, 5 do out[#out + 1] = tonumber(c[s] or '0') or 0 end
end
for i = 1, n do out[#out + 1] = redis.call('HLEN', KEYS[2 * n + i]) end
local scratch = KEYS[#KEYS]
local cur, prev = {}, {}
for i = 1, n do cur[i] = KEYS[3 * n + i]; prev[i] = KEYS[4 * n + i] end
redis.call('BITOP', 'OR', scratch, unpack(cur))
out[#out + 1] = redis.call('BITCOUNT', scratch)
redis.call('BITOP', 'OR', scratch, unpack(prev))
out[#out + 1] = redis.call('BITCOUNT', scratch)
redis.call('DEL', scratch)
return out
`;

export type Source = 'reaction' | 'button' | 'command';

export interface AnswerTarget {
  team: string;
  user: string;
  channel: string;
  /** The prompt message ts, or undefined for a standalone check-in. */
  promptTs?: string;
}

export interface StoredAnswer {
  channel: string;
  anchor: string;
  promptTs?: string;
  score: Score;
  atMs: number;
  day: string;
  source: Source;
  note?: string;
}

export type ApplyResult =
  /** `careDue`: the answer is a 1 and the person has not had the support text in the last 24 hours. */
  | { kind: 'stored'; score: Score; previous?: Score; careDue?: true; homeDm?: string }
  | { kind: 'withdrawn'; previous?: Score; homeDm?: string }
  | { kind: 'unchanged' }
  | { kind: 'duplicate' }
  /** A reaction on a message that is not a prompt: nothing changed. */
  | { kind: 'not-prompt' };

export interface DailyCounts {
  counts: [number, number, number, number, number];
  respondents: number;
}

export interface PeriodData {
  /** One entry per day of the current period, oldest first. */
  days: DailyCounts[];
  previousCounts: [number, number, number, number, number];
  respondents: number;
  previousRespondents: number;
}

export interface CheckinStore {
  /** Sets (or replaces) an answer from a button or /checkin. `note: null` removes an earlier note. */
  setAnswer(
    t: AnswerTarget,
    a: {
      score: Score;
      source: 'button' | 'command';
      atMs: number;
      day: string;
      note?: string | null;
      /** Store nothing (and answer `not-prompt`) unless `t.promptTs` is a recorded prompt. */
      requirePrompt?: boolean;
    },
  ): Promise<ApplyResult>;
  /** A mapped reaction added on a prompt: the newest reaction counts. */
  reactionAdded(
    t: AnswerTarget & { promptTs: string },
    r: { emoji: string; score: Score; atMs: number; day: string; eventId?: string },
  ): Promise<ApplyResult>;
  /** A mapped reaction removed: withdraws it, or falls back to another mapped reaction still there. */
  reactionRemoved(
    t: AnswerTarget & { promptTs: string },
    r: { emoji: string; atMs: number; day: string; eventId?: string },
  ): Promise<ApplyResult>;
  answersOf(team: string, user: string, sinceMs: number, nowMs: number): Promise<StoredAnswer[]>;
  forget(team: string, user: string, nowMs: number): Promise<number>;
  /** Clears the "support text sent" marker APPLY set, when the text could not be delivered after all. */
  careNotSent(team: string, user: string): Promise<void>;
  /** Aggregates of `days` (current period, oldest first) and of `previousDays`, in one round trip. */
  period(
    team: string,
    channel: string,
    days: readonly string[],
    previousDays: readonly string[],
  ): Promise<PeriodData>;
}

export interface CheckinStoreOptions {
  retentionDays: number;
  /** Told how long each script round trip took (the `/metrics` Redis latency histogram). */
  observe?: (op: 'checkin' | 'forget' | 'summary', seconds: number) => void;
}

/** Month bucket (UTC yyyymm) of an anchor: its prompt ts, or the time of a standalone check-in. */
export function monthOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

function monthsBetween(fromMs: number, toMs: number): string[] {
  const out: string[] = [];
  const d = new Date(Date.UTC(new Date(fromMs).getUTCFullYear(), new Date(fromMs).getUTCMonth(), 1));
  while (d.getTime() <= toMs) {
    out.push(monthOf(d.getTime()));
    d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return out;
}

const SOURCES: Record<string, Source> = { r: 'reaction', b: 'button', c: 'command' };

const shas = new Map<string, string>();
function sha1(script: string): string {
  let sha = shas.get(script);
  if (sha === undefined) {
    sha = createHash('sha1').update(script).digest('hex');
    shas.set(script, sha);
  }
  return sha;
}

export function createCheckinStore(redis: RedisClient, keys: Keys, opts: CheckinStoreOptions): CheckinStore {
  const retentionS = opts.retentionDays * DAY_S;
  // EVALSHA, falling back to EVAL when Redis does not know the script yet (first call, or after a
  // restart): re-sending APPLY's 3.5 kB text with every check-in made each call about a third dearer
  // for Redis (hashing and parsing it) and a quarter dearer in the bot's ioredis (measured by hand).
  const opOf = (script: string) => (script === APPLY ? 'checkin' : script === FORGET ? 'forget' : 'summary');
  const run = async (script: string, keyList: string[], args: (string | number)[]): Promise<unknown> => {
    const started = performance.now();
    try {
      return await redis.evalsha(sha1(script), keyList.length, ...keyList, ...args);
    } catch (err) {
      if (!/^NOSCRIPT/.test((err as Error)?.message ?? '')) throw err;
      return await redis.eval(script, keyList.length, ...keyList, ...args);
    } finally {
      opts.observe?.(opOf(script), (performance.now() - started) / 1000);
    }
  };

  const anchorOf = (t: AnswerTarget, atMs: number) =>
    t.promptTs ? `${t.channel}:${t.promptTs}` : `${t.channel}:c${atMs}`;
  const anchorMs = (t: AnswerTarget, atMs: number) =>
    t.promptTs ? Math.floor(Number(t.promptTs) * 1000) : atMs;

  /** Day keys expire `retention` after the day's end; month buckets `retention` after the month's end. */
  const expiries = (day: string, anchorTimeMs: number) => {
    const dayEnd = Date.parse(`${day}T00:00:00Z`) / 1000 + 2 * DAY_S;
    const m = new Date(anchorTimeMs);
    const monthEnd = Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1) / 1000;
    return {
      dayExpireAt: Math.ceil(dayEnd + retentionS),
      bucketExpireAt: Math.ceil(monthEnd + retentionS + DAY_S),
    };
  };

  const toResult = (raw: unknown): ApplyResult => {
    const [kind, score, prev, care, homeDm] = raw as [string, string?, string?, string?, string?];
    const previous = prev ? (Number(prev) as Score) : undefined;
    if (kind === 'stored')
      return {
        kind,
        score: Number(score) as Score,
        ...(previous ? { previous } : {}),
        ...(care ? { careDue: true as const } : {}),
        ...(homeDm ? { homeDm } : {}),
      };
    if (kind === 'withdrawn')
      return previous ? { kind, previous, ...(homeDm ? { homeDm } : {}) } : { kind: 'unchanged' };
    if (kind === 'duplicate' || kind === 'not-prompt') return { kind };
    return { kind: 'unchanged' };
  };

  /** APPLY's ARGV 17–19, the same for every change: the care marker and its lifetime, the App Home key. */
  const personArgs = (t: AnswerTarget) => [
    keys.careSent(t.team, t.user),
    CARE_INTERVAL_S,
    keys.homeSeen(t.team, t.user),
  ];

  // Every key the scripts touch shares the workspace hash tag; the key of one is passed so that
  // Cluster routes the script to that slot.
  const scriptKey = (team: string) => [keys.userIndex(team)];

  return {
    async setAnswer(t, a) {
      const anchor = anchorOf(t, a.atMs);
      const { dayExpireAt, bucketExpireAt } = expiries(a.day, anchorMs(t, a.atMs));
      const noteMode = a.note === undefined ? 'keep' : a.note === null || a.note === '' ? 'clear' : 'set';
      const raw = await run(APPLY, scriptKey(t.team), [
        keys.team(t.team),
        'set',
        t.user,
        anchor,
        monthOf(anchorMs(t, a.atMs)),
        '',
        opts.retentionDays,
        a.score,
        a.source === 'button' ? 'b' : 'c',
        Math.floor(a.atMs / 1000),
        a.day,
        dayExpireAt,
        bucketExpireAt,
        noteMode,
        a.note ?? '',
        a.requirePrompt && t.promptTs ? keys.promptMessage(t.team, t.channel, t.promptTs) : '',
        ...personArgs(t),
      ]);
      return toResult(raw);
    },
    async reactionAdded(t, r) {
      return toResult(await react('react', t, r.emoji, r.score, r));
    },
    async reactionRemoved(t, r) {
      return toResult(await react('unreact', t, r.emoji, 0, r));
    },
    async answersOf(team, user, sinceMs, nowMs) {
      // Nothing older than the retention period (plus its month bucket) can still be stored.
      const from = Math.max(sinceMs, nowMs - (retentionS + 62 * DAY_S) * 1000);
      const months = monthsBetween(from - 31 * DAY_S * 1000, nowMs);
      const pipe = redis.pipeline();
      for (const m of months) {
        pipe.hgetall(keys.userAnswers(team, user, m));
        pipe.hgetall(keys.userNotes(team, user, m));
      }
      const res = (await pipe.exec()) ?? [];
      const out: StoredAnswer[] = [];
      for (let i = 0; i < months.length; i++) {
        const [errA, answers] = res[2 * i] ?? [];
        const [errN, notes] = res[2 * i + 1] ?? [];
        if (errA) throw errA;
        if (errN) throw errN;
        for (const [anchor, rec] of Object.entries((answers ?? {}) as Record<string, string>)) {
          const m = /^(\d)\|(\d+)\|([^|]+)\|(.)/.exec(rec);
          if (!m) continue;
          const atMs = Number(m[2]) * 1000;
          if (atMs < sinceMs) continue;
          const sep = anchor.indexOf(':');
          const rest = anchor.slice(sep + 1);
          const note = (notes as Record<string, string> | undefined)?.[anchor];
          out.push({
            channel: anchor.slice(0, sep),
            anchor,
            ...(rest.startsWith('c') ? {} : { promptTs: rest }),
            score: Number(m[1]) as Score,
            atMs,
            day: m[3] as string,
            source: SOURCES[m[4] as string] ?? 'command',
            ...(note !== undefined ? { note } : {}),
          });
        }
      }
      return out.sort((a, b) => a.atMs - b.atMs);
    },
    async forget(team, user, nowMs) {
      const months = monthsBetween(nowMs - retentionS * 1000 - 62 * DAY_S * 1000, nowMs + 31 * DAY_S * 1000);
      const keyList = months.flatMap((m) => [keys.userAnswers(team, user, m), keys.userNotes(team, user, m)]);
      return Number(await run(FORGET, keyList, [keys.team(team), user]));
    },
    async careNotSent(team, user) {
      await redis.del(keys.careSent(team, user));
    },
    async period(team, channel, days, previousDays) {
      const n = days.length;
      if (previousDays.length !== n) throw new Error('previous period must have the same length');
      const keyList = [
        ...days.map((d) => keys.dayCounts(team, channel, d)),
        ...previousDays.map((d) => keys.dayCounts(team, channel, d)),
        ...days.map((d) => keys.dayRespondents(team, channel, d)),
        ...days.map((d) => keys.dayBitmap(team, channel, d)),
        ...previousDays.map((d) => keys.dayBitmap(team, channel, d)),
        keys.scratch(team, `${channel}:${Math.random().toString(36).slice(2)}`),
      ];
      const out = (await run(SUMMARY, keyList, [n])) as number[];
      const counts = (i: number) => out.slice(i * 5, i * 5 + 5) as [number, number, number, number, number];
      const daysOut: DailyCounts[] = days.map((_, i) => ({
        counts: counts(i),
        respondents: out[10 * n + i] ?? 0,
      }));
      const previousCounts: [number, number, number, number, number] = [0, 0, 0, 0, 0];
      for (let i = n; i < 2 * n; i++) {
        const c = counts(i);
        for (let s = 0; s < 5; s++) previousCounts[s] = (previousCounts[s] ?? 0) + (c[s] ?? 0);
      }
      return {
        days: daysOut,
        previousCounts,
        respondents: out[11 * n] ?? 0,
        previousRespondents: out[11 * n + 1] ?? 0,
      };
    },
  };

  function react(
    op: 'react' | 'unreact',
    t: AnswerTarget & { promptTs: string },
    emoji: string,
    score: number,
    r: { atMs: number; day: string; eventId?: string },
  ) {
    const anchorTime = anchorMs(t, r.atMs);
    const { dayExpireAt, bucketExpireAt } = expiries(r.day, anchorTime);
    return run(APPLY, scriptKey(t.team), [
      keys.team(t.team),
      op,
      t.user,
      anchorOf(t, r.atMs),
      monthOf(anchorTime),
      r.eventId ? keys.event(t.team, r.eventId) : '',
      opts.retentionDays,
      emoji,
      score,
      Math.floor(r.atMs / 1000),
      r.day,
      dayExpireAt,
      bucketExpireAt,
      keys.promptReactions(t.team, t.channel, t.promptTs),
      Math.ceil(anchorTime / 1000 + retentionS),
      keys.promptMessage(t.team, t.channel, t.promptTs),
      ...personArgs(t),
    ]);
  }
}
