// Check-in use cases: every source — reaction, button, /checkin — goes through here, and
// through the one store script, so the rules of §4.2 hold whichever way a person answers.
import { scoreForReaction } from '../domain/emoji.js';
import { parseCheckinText } from '../domain/text.js';
import { dayKey } from '../domain/timezone.js';
import type { Score } from '../domain/types.js';
import { AppError, ErrorCodes } from '../errors.js';
import type { ChannelStore } from '../store/channels.js';
import {
  type ApplyResult,
  type CellSlot,
  type CheckinStore,
  PROMPT_OPEN_MS,
  type StoredAnswer,
} from '../store/checkins.js';
import type { AfterCheckin } from './after-checkin.js';

const DAY_MS = 86_400_000;
/** Standalone /checkins that count per person, channel and day. */
export const STANDALONE_PER_DAY = 3;

/** What the use cases need from Slack; implemented in slack/ on top of the Web API client. */
export interface SlackPort {
  /** Members of a channel (cached briefly). */
  channelMembers(team: string, channel: string): Promise<readonly string[]>;
  /**
   * Which of `channels` (in that order) have `user` as a member, looked up concurrently; channels the
   * bot cannot read are left out.
   */
  channelsWithMember(team: string, user: string, channels: readonly string[]): Promise<string[]>;
  /**
   * A private message to one person. `sent: false` when Slack certainly did not deliver it (`reason`:
   * its error code, `ratelimited` or `unreachable`); rejects when it may have arrived.
   */
  sendDm(team: string, user: string, text: string): Promise<{ sent: true } | { sent: false; reason: string }>;
  /** Whether a user is a person: not a bot, not an app user, not deactivated (cached). */
  isHuman(team: string, user: string): Promise<boolean>;
}

/** Where a check-in counts: the open cell of its channel (services/cells.ts). */
export interface CellSlots {
  slot(team: string, channel: string, now: number): Promise<CellSlot>;
  regrid(team: string, channel: string, now: number): Promise<CellSlot>;
}

export interface CheckinDeps {
  store: CheckinStore;
  channels: ChannelStore;
  slack: SlackPort;
  cells: CellSlots;
  clock: () => number;
  emojiMap: Readonly<Record<string, Score>>;
  defaultTz: string;
  /** Settles every due cell of the workspace (forget-me leaves settled cells as they are). */
  settleAll?: (team: string) => Promise<void>;
  /** Drops what a lead's or admin's decisions said of them (they then see only what holds for anyone). */
  forgetViewer?: (team: string, user: string) => Promise<void>;
  /** Acts on what each change called for, after the reply (services/after-checkin.ts). */
  after: Pick<AfterCheckin, 'act'>;
}

export type CommandOutcome =
  | { kind: 'refused'; reason: string }
  | { kind: 'stored'; score: Score; channel: string; answeredPrompt: boolean; hasNote: boolean }
  | { kind: 'choose'; score: Score; note?: string; channels: string[] }
  | { kind: 'no-channel' }
  /** Already STANDALONE_PER_DAY standalone check-ins in that channel today. */
  | { kind: 'limit'; channel: string };

/** A score (and note) a person gave, and where they gave it. */
export interface GivenScore {
  team: string;
  user: string;
  channel: string;
  score: Score;
  note?: string;
}

export type ButtonOutcome =
  | { kind: 'stored'; score: Score; previous?: Score }
  | { kind: 'not-a-prompt' }
  /** The prompt was posted more than a day ago: it takes no more answers. */
  | { kind: 'closed' };

export interface ReactionInput {
  team: string;
  user: string;
  channel: string;
  ts: string;
  reaction: string;
  added: boolean;
  eventId?: string;
}

export type CheckinService = ReturnType<typeof createCheckinService>;

/** A person's own check-ins of the last `days` days (30 unless said), oldest first, dated in `tz`. */
export function ownCheckins(store: Pick<CheckinStore, 'answersOf'>, clock: () => number, tz: string) {
  return async (team: string, user: string, days = 30): Promise<StoredAnswer[]> => {
    const now = clock();
    return (await store.answersOf(team, user, now - days * DAY_MS, now)).map((a) => ({
      ...a,
      day: dayKey(a.atMs, tz),
    }));
  };
}

export function createCheckinService(deps: CheckinDeps) {
  const { store, channels, clock } = deps;
  const zone = (tz?: string) => tz ?? deps.defaultTz;

  /** Runs a store call with the channel's open cell, once more if the grid changed meanwhile. */
  async function inCell(
    team: string,
    channel: string,
    now: number,
    run: (cell: CellSlot) => Promise<ApplyResult>,
  ): Promise<ApplyResult> {
    const first = await run(await deps.cells.slot(team, channel, now));
    if (first.kind !== 'regrid') return first;
    const again = await run(await deps.cells.regrid(team, channel, now));
    if (again.kind === 'regrid') throw new AppError(ErrorCodes.Internal, 'the channel grid kept changing');
    return again;
  }

  // Reactions are the hot path: which channels have prompts (and their zone) is kept in memory for a
  // minute. Only "has prompts" is cached, so a channel's first prompt counts from its first reaction.
  // Whether reactions are off is cached with it: turning them off reaches every replica within a minute.
  const channelCache = new Map<string, { tz?: string; reactionsOff?: true; until: number }>();
  async function promptChannel(
    team: string,
    channel: string,
  ): Promise<{ hasPrompts: boolean; tz?: string; reactionsOff?: true }> {
    const key = `${team}/${channel}`;
    const hit = channelCache.get(key);
    if (hit && hit.until > performance.now())
      return {
        hasPrompts: true,
        ...(hit.tz ? { tz: hit.tz } : {}),
        ...(hit.reactionsOff ? { reactionsOff: true } : {}),
      };
    const found = await channels.promptChannel(team, channel);
    if (found.hasPrompts) {
      if (channelCache.size > 10_000) channelCache.clear();
      channelCache.set(key, {
        ...(found.tz ? { tz: found.tz } : {}),
        ...(found.reactionsOff ? { reactionsOff: true } : {}),
        until: performance.now() + 60_000,
      });
    }
    return found;
  }

  /** Hands what a stored change calls for (support text, App Home refresh) to the after-check-in use case. */
  function afterStore(team: string, user: string, result: ApplyResult): void {
    if (result.kind === 'stored' || result.kind === 'withdrawn') deps.after.act(team, user, result.effects);
  }

  return {
    /** Forgets what this replica cached about a channel (its options just changed here). */
    channelChanged(team: string, channel: string): void {
      channelCache.delete(`${team}/${channel}`);
    },

    /** A reaction on any message. Returns 'ignored' for reactions that are not check-ins. */
    async reaction(r: ReactionInput): Promise<ApplyResult | 'ignored'> {
      const score = scoreForReaction(deps.emojiMap, r.reaction);
      if (score === undefined) return 'ignored';
      const where = await promptChannel(r.team, r.channel);
      if (!where.hasPrompts || where.reactionsOff) return 'ignored';
      const now = clock();
      // A prompt takes answers for a day; only people count (not bots, apps or deactivated accounts).
      if (!(await deps.slack.isHuman(r.team, r.user))) return 'ignored';
      const target = { team: r.team, user: r.user, channel: r.channel, promptTs: r.ts };
      const at = { nowMs: now, ...(r.eventId ? { eventId: r.eventId } : {}) };
      const result = await inCell(r.team, r.channel, now, (cell) =>
        r.added
          ? store.reactionAdded(target, { ...at, cell, emoji: r.reaction, score })
          : store.reactionRemoved(target, { ...at, cell, emoji: r.reaction }),
      );
      if (result.kind === 'not-prompt' || result.kind === 'closed') return 'ignored';
      afterStore(r.team, r.user, result);
      return result;
    },

    /** A 1–5 button on a prompt message. */
    async button(b: {
      team: string;
      user: string;
      channel: string;
      messageTs: string;
      score: Score;
    }): Promise<ButtonOutcome> {
      const where = await promptChannel(b.team, b.channel);
      if (!where.hasPrompts) return { kind: 'not-a-prompt' };
      const now = clock();
      const result = await inCell(b.team, b.channel, now, (cell) =>
        store.setAnswer(
          { team: b.team, user: b.user, channel: b.channel, promptTs: b.messageTs },
          { score: b.score, source: 'button', nowMs: now, cell, requirePrompt: true },
        ),
      );
      if (result.kind === 'not-prompt') return { kind: 'not-a-prompt' };
      if (result.kind === 'closed') return { kind: 'closed' };
      afterStore(b.team, b.user, result);
      if (result.kind !== 'stored') return { kind: 'stored', score: b.score };
      return {
        kind: 'stored',
        score: result.score,
        ...(result.previous ? { previous: result.previous } : {}),
      };
    },

    /** `/checkin <1-5 | :emoji:> [note]`, typed in `channel` (a channel or a DM). */
    async command(c: { team: string; user: string; channel: string; text: string }): Promise<CommandOutcome> {
      const parsed = parseCheckinText(c.text, deps.emojiMap);
      if (!parsed.ok) return { kind: 'refused', reason: parsed.reason };
      return this.scored({ ...c, ...parsed.value });
    },

    /**
     * A score (and note) given where `channel` is: stored there when it has prompts; otherwise in the
     * person's one prompt channel, or they are asked to choose (the App Home buttons, `/checkin` in a DM).
     */
    async scored(c: GivenScore): Promise<CommandOutcome> {
      const { score, note } = c;
      const promptChannels = await channels.promptChannels(c.team);
      if (promptChannels.has(c.channel)) return this.storeIn({ ...c, score, note, channel: c.channel });
      const mine = await deps.slack.channelsWithMember(c.team, c.user, [...promptChannels.keys()].sort());
      if (mine.length === 0) return { kind: 'no-channel' };
      if (mine.length > 1) return { kind: 'choose', score, ...(note ? { note } : {}), channels: mine };
      return this.storeIn({ ...c, score, note, channel: mine[0] as string });
    },

    /**
     * Stores a command check-in for `channel`: the answer to its latest prompt when that was posted in
     * the last 24 hours, a standalone check-in otherwise.
     */
    async storeIn(c: GivenScore): Promise<CommandOutcome> {
      const now = clock();
      const [latest, promptChannels] = await Promise.all([
        channels.latestPrompt(c.team, c.channel),
        channels.promptChannels(c.team),
      ]);
      if (!promptChannels.has(c.channel)) return { kind: 'no-channel' };
      const recent = latest && now - latest.atMs <= PROMPT_OPEN_MS ? latest : undefined;
      const result = await inCell(c.team, c.channel, now, (cell) =>
        store.setAnswer(
          { team: c.team, user: c.user, channel: c.channel, ...(recent ? { promptTs: recent.ts } : {}) },
          {
            score: c.score,
            source: 'command',
            nowMs: now,
            cell,
            note: c.note ?? null,
            standalone: {
              day: dayKey(now, zone(promptChannels.get(c.channel)?.tz)),
              max: STANDALONE_PER_DAY,
            },
          },
        ),
      );
      if (result.kind === 'limit') return { kind: 'limit', channel: c.channel };
      afterStore(c.team, c.user, result);
      return {
        kind: 'stored',
        score: c.score,
        channel: c.channel,
        answeredPrompt: !!recent,
        hasNote: !!c.note,
      };
    },

    /** The person's own check-ins of the last `days` days, oldest first. */
    mine: ownCheckins(store, clock, deps.defaultTz),

    async forgetCount(team: string, user: string): Promise<number> {
      const now = clock();
      return (await store.allAnswersOf(team, user, now)).length;
    },

    /** Every answer and note of the person (access requests). */
    async exportPerson(team: string, user: string): Promise<StoredAnswer[]> {
      return store.allAnswersOf(team, user, clock());
    },

    async forget(team: string, user: string, extraKeys: readonly string[] = []): Promise<number> {
      await deps.settleAll?.(team);
      const n = await store.forget(team, user, clock(), extraKeys);
      await deps.forgetViewer?.(team, user);
      deps.after.act(team, user, { home: 'unknown' });
      return n;
    },
  };
}
