// Check-ins in Redis. Every change to an answer happens in one Lua script (lua/applyCheckin-9.lua), so
// a person's record and the open cell it counts in agree whatever order events arrive in and whatever
// replica handles them.
//
// Layout (all under the workspace hash tag, see keys.ts):
//   ua:<user>             hash  anchor → "score|at|src|cellId" (at: seconds, base 36), "n:"anchor → note
//   uold                  zset  user → when their oldest answer was written (the daily sweep's list)
//   person:<user>         hash  care → when the support text last went out; s:<channel>|<day> → standalone count
//   prx:<channel>:<ts>    hash  user → "emoji=score,…" (mapped reactions still on a prompt, oldest first)
//   cell:<channel>:<id>   hash  "user|anchor" → score, p|v and |shift with shifts ("4p|night"), while the
//                               cell is open (store/cells.ts)
//   evt:<event id>        string, a delivered Slack event already applied (a redelivery is a no-op)
// An anchor is "<channel>:<prompt ts>" for an answer to a prompt, or "<channel>:c<ms><random>" for a
// standalone check-in.
//
// Retention: every key holding a person's ID expires retention + 1 day after their latest write, and a
// daily sweep deletes each answer and note older than the retention period from the hashes of people
// who keep answering. One hash per person (not one per day) keeps memory per check-in low: short
// records stay in Redis's compact encoding.
import type { Result } from 'ioredis';
import type { Score } from '../domain/types.js';
import type { Keys } from './keys.js';
import { defineScripts } from './lua/index.js';
import type { RedisClient } from './redis.js';

const DAY_MS = 86_400_000;
/** A prompt takes answers for a day after it was posted. */
export const PROMPT_OPEN_MS = DAY_MS;
/** The support text goes to a person at most once in this many seconds. */
const CARE_INTERVAL_S = 86_400;
/**
 * How long a person's reactions on a prompt are kept after their last change: reactions are taken
 * for a day after the prompt, and the list lives a little longer than that.
 */
export const PROMPT_REACTIONS_KEEP_MS = 2 * DAY_MS;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    applyCheckin(...args: (string | number)[]): Result<string[], Context>;
    settleCell(...args: (string | number)[]): Result<number, Context>;
    forgetPerson(...args: (string | number)[]): Result<number, Context>;
  }
}

export type Source = 'reaction' | 'button' | 'command';

export interface AnswerTarget {
  team: string;
  user: string;
  channel: string;
  /** The prompt message ts, or undefined for a standalone check-in. */
  promptTs?: string;
}

/** The open cell a new answer counts in, computed with a grid version the script checks. */
export interface CellSlot {
  gridVersion: string;
  cellId: string;
  settleMs: number;
  /** The shift in progress (its name), for a channel with shifts: a new answer keeps it in its cell. */
  shift?: string;
}

export interface StoredAnswer {
  channel: string;
  anchor: string;
  promptTs?: string;
  score: Score;
  atMs: number;
  /** The local date it was given (YYYY-MM-DD; the store gives the UTC date, the use case the person's). */
  day: string;
  source: Source;
  note?: string;
}

/**
 * What a change to a person's answers calls for once Slack has its reply, as the check-in script said
 * it (acted on by services/after-checkin.ts).
 */
export interface CheckinEffects {
  /** The answer is a 1 and the person has not had the support text in the last 24 hours (now marked sent). */
  careDue?: true;
  /**
   * Their App Home tab to refresh: `{ dm }` its channel when they opened it in the last 30 days, `{}`
   * when they have not (nothing to refresh), `'unknown'` when it has to be looked up.
   */
  home?: { dm?: string } | 'unknown';
}

export type ApplyResult =
  | { kind: 'stored'; score: Score; previous?: Score; effects: CheckinEffects }
  | { kind: 'withdrawn'; previous?: Score; effects: CheckinEffects }
  | { kind: 'unchanged' }
  | { kind: 'duplicate' }
  /** A reaction or button on a message that is not a prompt: nothing changed. */
  | { kind: 'not-prompt' }
  /** The prompt was posted more than a day ago and takes no more answers. */
  | { kind: 'closed' }
  /** The channel's grid changed since the cell was computed: compute it again. */
  | { kind: 'regrid' }
  /** Too many standalone check-ins today in this channel. */
  | { kind: 'limit' };

export interface CheckinStore {
  /** Sets (or replaces) an answer from a button or /checkin. `note: null` removes an earlier note. */
  setAnswer(
    t: AnswerTarget,
    a: {
      score: Score;
      source: 'button' | 'command';
      nowMs: number;
      cell: CellSlot;
      note?: string | null;
      /** Store nothing (and answer `not-prompt`) unless `t.promptTs` is a recorded prompt. */
      requirePrompt?: boolean;
      /** A standalone check-in: at most `max` count per person, channel and local `day`. */
      standalone?: { day: string; max: number };
    },
  ): Promise<ApplyResult>;
  /** A mapped reaction added on a prompt: the newest reaction counts. */
  reactionAdded(
    t: AnswerTarget & { promptTs: string },
    r: { emoji: string; score: Score; nowMs: number; cell: CellSlot; eventId?: string },
  ): Promise<ApplyResult>;
  /** A mapped reaction removed: withdraws it, or falls back to another mapped reaction still there. */
  reactionRemoved(
    t: AnswerTarget & { promptTs: string },
    r: { emoji: string; nowMs: number; cell: CellSlot; eventId?: string },
  ): Promise<ApplyResult>;
  /** The person's answers (and notes) last written in [sinceMs, nowMs], oldest first. */
  answersOf(team: string, user: string, sinceMs: number, nowMs: number): Promise<StoredAnswer[]>;
  /** Every answer of the person, whatever retention was in force when it was written. */
  allAnswersOf(team: string, user: string, nowMs?: number): Promise<StoredAnswer[]>;
  /**
   * Deletes everything of a person in the workspace (answers, notes, open-cell entries, reactions,
   * markers, `extraKeys`); returns how many answers were deleted. Settle due cells first.
   */
  forget(team: string, user: string, nowMs: number, extraKeys?: readonly string[]): Promise<number>;
  /** Clears the "support text sent" marker, when the text could not be delivered after all. */
  careNotSent(team: string, user: string): Promise<void>;
  /** Deletes every answer and note older than the retention period (daily); returns how many answers went. */
  sweep(team: string, nowMs: number): Promise<number>;
}

export interface CheckinStoreOptions {
  retentionDays: number;
  /** Told how long each script round trip took (the `/metrics` Redis latency histogram). */
  observe?: (op: 'checkin' | 'forget' | 'summary', seconds: number) => void;
}

const SOURCES: Record<string, Source> = { r: 'reaction', b: 'button', c: 'command' };
const RECORD = /^(\d)\|([0-9a-z]+)\|([^|]*)\|/;

export function createCheckinStore(redis: RedisClient, keys: Keys, opts: CheckinStoreOptions): CheckinStore {
  defineScripts(redis);
  const retentionMs = opts.retentionDays * DAY_MS;
  const timed = async <T>(op: 'checkin' | 'forget' | 'summary', run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await run();
    } finally {
      opts.observe?.(op, (performance.now() - started) / 1000);
    }
  };

  // A standalone check-in's anchor carries a random tail: two in the same millisecond stay two.
  const anchorOf = (t: AnswerTarget, atMs: number) =>
    t.promptTs
      ? `${t.channel}:${t.promptTs}`
      : `${t.channel}:c${atMs}${Math.floor(Math.random() * 1e6).toString(36)}`;
  /**
   * A person's keys live retention + 1 day after their latest write (the sweep takes older answers).
   * Lifetimes go to Redis as seconds left (EXPIRE), counted on its own clock from the write.
   */
  const personKeepFor = Math.ceil((retentionMs + DAY_MS) / 1000);

  const toResult = (raw: unknown): ApplyResult => {
    const [kind, score, prev, care, homeDm] = raw as [string, string?, string?, string?, string?];
    const previous = prev ? (Number(prev) as Score) : undefined;
    const home = homeDm ? { dm: homeDm } : {};
    if (kind === 'stored')
      return {
        kind,
        score: Number(score) as Score,
        ...(previous ? { previous } : {}),
        effects: { ...(care ? { careDue: true as const } : {}), home },
      };
    if (kind === 'withdrawn') return previous ? { kind, previous, effects: { home } } : { kind: 'unchanged' };
    if (['duplicate', 'not-prompt', 'closed', 'regrid', 'limit'].includes(kind as string))
      return { kind } as ApplyResult;
    return { kind: 'unchanged' };
  };

  function apply(
    op: 'set' | 'react' | 'unreact',
    t: AnswerTarget,
    a: {
      nowMs: number;
      cell: CellSlot;
      score?: number;
      src: string;
      noteMode?: 'keep' | 'set' | 'clear';
      note?: string;
      checkPrompt: boolean;
      eventId?: string;
      standalone?: { day: string; max: number };
    },
  ): Promise<ApplyResult> {
    const anchor = anchorOf(t, a.nowMs);
    const prompt = t.promptTs
      ? keys.promptMessage(t.team, t.channel, t.promptTs)
      : keys.grid(t.team, t.channel);
    return timed('checkin', async () =>
      toResult(
        await redis.applyCheckin(
          keys.grid(t.team, t.channel),
          keys.openCells(t.team, t.channel),
          keys.answers(t.team, t.user),
          keys.oldestAnswers(t.team),
          a.eventId ? keys.event(t.team, a.eventId) : keys.grid(t.team, t.channel),
          prompt,
          t.promptTs ? keys.promptReactions(t.team, t.channel, t.promptTs) : keys.grid(t.team, t.channel),
          keys.person(t.team, t.user),
          keys.homeSeen(t.team, t.user),
          op,
          t.user,
          anchor,
          keys.cellPrefix(t.team, t.channel),
          a.cell.gridVersion,
          a.cell.cellId,
          a.cell.settleMs,
          a.nowMs,
          personKeepFor,
          a.score ?? 0,
          a.src,
          a.noteMode ?? 'keep',
          a.note ?? '',
          a.checkPrompt ? '1' : '0',
          CARE_INTERVAL_S,
          a.standalone ? `${t.channel}|${a.standalone.day}` : '',
          a.standalone?.max ?? 0,
          PROMPT_REACTIONS_KEEP_MS / 1000,
          Math.ceil(retentionMs / 1000),
          a.eventId ? '1' : '0',
          PROMPT_OPEN_MS,
          a.cell.shift ?? '',
        ),
      ),
    );
  }

  /** Keys matching `pattern`, on every primary of a Cluster (a workspace's keys share one slot). */
  async function scanKeys(pattern: string): Promise<string[]> {
    const nodes = 'nodes' in redis ? redis.nodes('master') : [redis];
    const found: string[] = [];
    for (const node of nodes) {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        found.push(...keys);
      } while (cursor !== '0');
    }
    return found;
  }

  /** A person's answers (and notes) from their hash, oldest first. */
  function parseAnswers(h: Record<string, string>): (StoredAnswer & { at: number })[] {
    const out: (StoredAnswer & { at: number })[] = [];
    for (const [anchor, rec] of Object.entries(h)) {
      if (anchor.startsWith('n:')) continue;
      const m = RECORD.exec(rec);
      if (!m) continue;
      const atMs = Number.parseInt(m[2] as string, 36) * 1000;
      const sep = anchor.indexOf(':');
      const rest = anchor.slice(sep + 1);
      const note = h[`n:${anchor}`];
      out.push({
        channel: anchor.slice(0, sep),
        anchor,
        ...(rest.startsWith('c') ? {} : { promptTs: rest }),
        score: Number(m[1]) as Score,
        atMs,
        at: atMs,
        day: new Date(atMs).toISOString().slice(0, 10),
        source: SOURCES[(m[3] as string).slice(0, 1)] ?? 'command',
        ...(note !== undefined ? { note } : {}),
      });
    }
    return out.sort((a, b) => a.atMs - b.atMs);
  }
  const strip = ({ at: _at, ...a }: StoredAnswer & { at: number }): StoredAnswer => a;

  return {
    setAnswer(t, a) {
      const noteMode = a.note === undefined ? 'keep' : a.note === null || a.note === '' ? 'clear' : 'set';
      return apply('set', t, {
        nowMs: a.nowMs,
        cell: a.cell,
        score: a.score,
        src: a.source === 'button' ? 'b' : 'c',
        noteMode,
        note: a.note ?? '',
        checkPrompt: !!(a.requirePrompt && t.promptTs),
        ...(a.standalone && !t.promptTs ? { standalone: a.standalone } : {}),
      });
    },
    reactionAdded(t, r) {
      return apply('react', t, {
        nowMs: r.nowMs,
        cell: r.cell,
        score: r.score,
        src: `r:${r.emoji}`,
        checkPrompt: true,
        ...(r.eventId ? { eventId: r.eventId } : {}),
      });
    },
    reactionRemoved(t, r) {
      return apply('unreact', t, {
        nowMs: r.nowMs,
        cell: r.cell,
        src: `r:${r.emoji}`,
        checkPrompt: true,
        ...(r.eventId ? { eventId: r.eventId } : {}),
      });
    },
    async answersOf(team, user, sinceMs, nowMs) {
      const from = Math.max(sinceMs, nowMs - retentionMs - DAY_MS);
      return parseAnswers(await redis.hgetall(keys.answers(team, user)))
        .filter((a) => a.atMs >= from)
        .map(strip);
    },
    async allAnswersOf(team, user) {
      return parseAnswers(await redis.hgetall(keys.answers(team, user))).map(strip);
    },
    async forget(team, user, nowMs, extraKeys = []) {
      // Caches that hold the person's ID go too: channel member lists, whether they are a person.
      const channels = await redis.hkeys(keys.channels(team));
      // The layout before cells kept answers in per-month buckets: any still there go too.
      const legacy = [...(await scanKeys(keys.legacyPersonBuckets(team, user))), keys.legacyCare(team, user)];
      await redis.hdel(keys.legacyUserIndex(team), user);
      const extra = [
        keys.homeSeen(team, user),
        ...legacy,
        ...extraKeys,
        keys.userKind(team, user),
        ...channels.flatMap((c) => [keys.members(team, c), keys.humanCount(team, c)]),
      ];
      return timed('forget', async () =>
        Number(
          await redis.forgetPerson(
            4 + extra.length,
            keys.channels(team),
            keys.person(team, user),
            keys.answers(team, user),
            keys.oldestAnswers(team),
            ...extra,
            user,
            keys.openCellsPrefix(team),
            keys.cellsPrefix(team),
            keys.promptReactionsPrefix(team),
            nowMs,
          ),
        ),
      );
    },
    async careNotSent(team, user) {
      await redis.hdel(keys.person(team, user), 'care');
    },
    async sweep(team, nowMs) {
      // What the layout before cells left behind: never read, and it must not outlive forget-me.
      for (const pattern of keys.legacyPatterns(team)) {
        const found = await scanKeys(pattern);
        for (let i = 0; i < found.length; i += 500) await redis.del(...found.slice(i, i + 500));
      }
      // People whose oldest answer is older than the retention period: take what is too old.
      const cutoff = Math.floor((nowMs - retentionMs) / 1000);
      const users = await redis.zrangebyscore(keys.oldestAnswers(team), '-inf', `(${cutoff}`);
      let n = 0;
      for (const user of users) {
        const key = keys.answers(team, user);
        const answers = parseAnswers(await redis.hgetall(key));
        const old = answers.filter((a) => a.at < cutoff * 1000);
        const kept = answers.filter((a) => a.at >= cutoff * 1000);
        const pipe = redis.pipeline();
        if (old.length > 0) pipe.hdel(key, ...old.flatMap((a) => [a.anchor, `n:${a.anchor}`]));
        const first = kept[0];
        if (first) pipe.zadd(keys.oldestAnswers(team), 'XX', Math.floor(first.at / 1000), user);
        else pipe.zrem(keys.oldestAnswers(team), user);
        await pipe.exec();
        n += old.length;
      }
      return n;
    },
  };
}
