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
import { defineScripts } from './lua/index.js';
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
  defineScripts(redis);

  return {
    async pick(team, channel, want, random) {
      const categories = want === AFTER_EVENT ? [AFTER_EVENT] : CATEGORIES;
      const [id, category, customText] = await redis.pickPrompt(
        2 + categories.length,
        keys.customPrompts(team, channel),
        keys.mixedRotation(team, channel),
        ...categories.map((c) => keys.rotation(team, channel, c)),
        want,
        String(Math.min(Math.max(random, 0), 0.999999)),
        String(ttlMs),
        ...(want === AFTER_EVENT ? AFTER_EVENT_ARGS : LIBRARY_ARGS),
      );
      if (!isCategory(category)) throw new Error(`rotation returned an unknown category ${category}`);
      const library = findPrompt(id);
      if (library) return { id, category, text: library.text, custom: false };
      return { id, category, text: customText, custom: true };
    },

    async giveBack(team, channel, category, id) {
      await redis.hdel(keys.rotation(team, channel, category), id);
    },

    async recordPosted(team, channel, ts, p) {
      await redis.recordPrompt(
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
      const [kind, id] = await redis.addCustomPrompt(
        keys.customPrompts(team, channel),
        keys.customPromptSeq(team),
        p.category,
        p.text,
        json,
        String(max),
        p.id ?? '',
      );
      if (kind === 'added' || kind === 'duplicate') return { kind, id };
      if (kind === 'exists') return { kind };
      return { kind: 'full' };
    },

    async removeCustom(team, channel, id) {
      return (await redis.hdel(keys.customPrompts(team, channel), id)) === 1;
    },
  };
}
