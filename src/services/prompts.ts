// Prompt use cases: post a prompt (scheduled or on demand), and a channel's schedules
// and custom prompts. Slack and Redis are reached only through the ports passed in.
import { parseCron } from '../domain/cron.js';
import type { ScheduleInput } from '../domain/schedule.js';
import {
  FOLLOW_UP_DEFAULT_MINUTE,
  followUpTimes,
  nextShiftFireTime,
  type ShiftScheduleInput,
} from '../domain/shift-schedule.js';
import { localParts } from '../domain/timezone.js';
import { AFTER_EVENT, type Category, type ScheduleCategory } from '../domain/types.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { nextFireTimes } from '../scheduler/fire-times.js';
import type { AddCustomResult, CustomPrompt, PromptStore } from '../store/prompts.js';
import type { AddScheduleResult, Schedule, ScheduleStore } from '../store/schedules.js';
import type { ChannelContext } from './channel-settings.js';

/** Why Slack refused a post in a way only a person can fix. */
export type Unreachable = 'not_in_channel' | 'channel_not_found' | 'is_archived';

export type PostOutcome = { kind: 'posted'; ts: string } | { kind: 'unreachable'; reason: Unreachable };

/** What posting needs from Slack (implemented with pacing in slack/poster.ts). */
export interface PromptPoster {
  post(
    team: string,
    channel: string,
    prompt: { id: string; category: Category; text: string },
    o?: { reactions: boolean },
  ): Promise<PostOutcome>;
  /** Adds :one: … :five: to the bot's own prompt message. */
  react(team: string, channel: string, ts: string): Promise<void>;
}

export type Trigger = 'schedule' | 'on_demand' | 'catch_up';

export type PostResult =
  | { kind: 'posted'; ts: string; promptId: string; category: Category }
  | { kind: 'unreachable'; reason: Unreachable };

export interface PostRequest {
  team: string;
  channel: string;
  category: ScheduleCategory;
  trigger: Trigger;
  /** The zone the channel is registered with when it has none yet (a schedule's zone). */
  tz?: string;
}

/** Limits that keep one channel's rotation and schedule list small. */
export const MAX_SCHEDULES_PER_CHANNEL = 24;
export const MAX_CUSTOM_PROMPTS_PER_CHANNEL = 100;

export interface PromptServiceDeps {
  prompts: PromptStore;
  schedules: ScheduleStore;
  poster: PromptPoster;
  clock: () => number;
  /** In [0, 1): which unused prompt is taken; tests pass a fixed sequence. */
  random?: () => number;
  defaultTz: string;
  metrics?: Pick<Metrics, 'promptsPosted'>;
  log: Logger;
  /** Whether the channel takes reactions (a bot admin can turn them off); default yes. */
  reactionsOn?: (team: string, channel: string) => Promise<boolean>;
  /** The channel's zone, shifts and pause (shift-relative schedules and `schedule list` need them). */
  channelContext?: (team: string, channel: string) => Promise<ChannelContext>;
}

export interface AfterEventResult {
  post: PostResult;
  /** The follow-ups added (their IDs and instants); empty when the post did not reach the channel. */
  followUps: { id: string; at: number }[];
  /** Follow-ups not added because the channel has the most schedules it may have. */
  refused: number;
  tz: string;
}

export interface ListedSchedule {
  schedule: Schedule;
  /** The next fire time, if any within a year. */
  next: number | undefined;
  /** The zone `next` is shown in: the schedule's own, or the channel's for shift-relative ones. */
  tz: string;
  /** A shift-relative schedule of a channel whose shifts were cleared: it waits for new ones. */
  waitingForShifts?: boolean;
}

export type PromptService = ReturnType<typeof createPromptService>;

export function createPromptService(deps: PromptServiceDeps) {
  const { prompts, schedules, clock } = deps;
  const random = deps.random ?? Math.random;
  const log = deps.log.child({ module: 'prompts' });

  async function contextOf(team: string, channel: string): Promise<ChannelContext> {
    return deps.channelContext ? deps.channelContext(team, channel) : { tz: deps.defaultTz };
  }

  /** The local time of day of the channel's first scheduled prompt tomorrow, else 09:00. */
  async function firstScheduleMinute(
    team: string,
    channel: string,
    tz: string,
    now: number,
  ): Promise<number> {
    let best: number | undefined;
    for (const s of await schedules.list(team, channel)) {
      if (s.shift || s.once !== undefined) continue;
      const spec = parseCron(s.cron);
      if (!spec.ok) continue;
      for (const t of nextFireTimes(spec.value, s.tz, now, 48)) {
        if (t > now + 86_400_000) break;
        const p = localParts(t, tz);
        const m = p.hour * 60 + p.minute;
        if (best === undefined || m < best) best = m;
      }
    }
    return best ?? FOLLOW_UP_DEFAULT_MINUTE;
  }

  /** Picks the channel's next prompt, posts it (paced), records it and adds the number reactions. */
  async function postPrompt(r: PostRequest): Promise<PostResult> {
    const prompt = await prompts.pick(r.team, r.channel, r.category, random());
    const reactions = !deps.reactionsOn || (await deps.reactionsOn(r.team, r.channel));
    const out = await deps.poster.post(r.team, r.channel, prompt, { reactions });
    if (out.kind === 'unreachable') {
      // Slack refused the channel, so nobody saw this prompt: it stays due in the cycle. (A post
      // that failed otherwise — a timeout — may have been seen, and keeps its place as used.)
      await prompts.giveBack(r.team, r.channel, prompt.category, prompt.id);
      return out;
    }
    const atMs = clock();
    await prompts.recordPosted(r.team, r.channel, out.ts, {
      id: prompt.id,
      category: prompt.category,
      atMs,
    });
    await prompts.registerChannel(r.team, r.channel, r.tz ?? deps.defaultTz, { atMs });
    deps.metrics?.promptsPosted.inc({ trigger: r.trigger });
    log.info(
      {
        team: r.team,
        channel: r.channel,
        prompt: prompt.id,
        category: prompt.category,
        trigger: r.trigger,
      },
      'prompt posted',
    );
    if (reactions) await deps.poster.react(r.team, r.channel, out.ts);
    return { kind: 'posted', ts: out.ts, promptId: prompt.id, category: prompt.category };
  }

  return {
    postPrompt,

    /**
     * After a hard event: posts an after-event prompt now and adds gentle after-event follow-ups at the
     * start of the next three shifts (without shifts: the next three days at the channel's first
     * schedule time, else 09:00), as one-off schedules that `schedule list` shows and `remove` cancels.
     */
    async postAfterEvent(team: string, channel: string, user: string): Promise<AfterEventResult> {
      const post = await postPrompt({ team, channel, category: AFTER_EVENT, trigger: 'on_demand' });
      const ctx = await contextOf(team, channel);
      if (post.kind !== 'posted') return { post, followUps: [], refused: 0, tz: ctx.tz };
      const now = clock();
      const minute = ctx.shifts
        ? FOLLOW_UP_DEFAULT_MINUTE
        : await firstScheduleMinute(team, channel, ctx.tz, now);
      const followUps: { id: string; at: number }[] = [];
      let refused = 0;
      for (const at of followUpTimes(now, ctx.tz, ctx.shifts, minute)) {
        const res = await schedules.add(
          team,
          {
            channel,
            cron: '',
            tz: '',
            category: AFTER_EVENT,
            once: at,
            createdAt: now,
            createdBy: user,
            source: 'command',
          },
          MAX_SCHEDULES_PER_CHANNEL,
        );
        if (res.kind === 'added' || res.kind === 'duplicate') followUps.push({ id: res.id, at });
        else refused += 1;
      }
      log.info(
        { team, channel, followUps: followUps.length, refused },
        'after-event prompt posted with follow-ups',
      );
      return { post, followUps, refused, tz: ctx.tz };
    },

    /** Adds a shift-relative schedule; refused (`no-shifts`) while the channel has no shift pattern. */
    async addShiftSchedule(
      team: string,
      channel: string,
      user: string,
      input: ShiftScheduleInput,
    ): Promise<(AddScheduleResult & { next?: number; tz: string }) | { kind: 'no-shifts' }> {
      const now = clock();
      const ctx = await contextOf(team, channel);
      if (!ctx.shifts) return { kind: 'no-shifts' };
      const res = await schedules.add(
        team,
        {
          channel,
          cron: '',
          tz: '',
          category: input.category,
          shift: input.rule,
          createdAt: now,
          createdBy: user,
          source: 'command',
        },
        MAX_SCHEDULES_PER_CHANNEL,
      );
      if (res.kind !== 'added') return { ...res, tz: ctx.tz };
      await prompts.registerChannel(team, channel, ctx.tz, { atMs: now });
      log.info({ team, channel, schedule: res.id }, 'shift schedule added');
      return { ...res, tz: ctx.tz, next: nextShiftFireTime(input.rule, ctx.shifts, ctx.tz, now) };
    },

    async addSchedule(
      team: string,
      channel: string,
      user: string,
      input: ScheduleInput,
    ): Promise<AddScheduleResult & { next?: number }> {
      const now = clock();
      const res = await schedules.add(
        team,
        {
          channel,
          cron: input.cron.expression,
          tz: input.tz,
          category: input.category,
          createdAt: now,
          createdBy: user,
          source: 'command',
        },
        MAX_SCHEDULES_PER_CHANNEL,
      );
      if (res.kind !== 'added') return res;
      // A channel with a schedule has prompts; its day boundaries follow the first schedule's zone.
      await prompts.registerChannel(team, channel, input.tz, { atMs: now });
      log.info({ team, channel, schedule: res.id }, 'schedule added');
      return { ...res, next: nextFireTimes(input.cron, input.tz, now, 1)[0] };
    },

    async listSchedules(team: string, channel: string): Promise<ListedSchedule[]> {
      const now = clock();
      const all = await schedules.list(team, channel);
      const needsContext = all.some((s) => s.shift || s.once !== undefined);
      const ctx = needsContext ? await contextOf(team, channel) : { tz: deps.defaultTz };
      const out: ListedSchedule[] = [];
      for (const schedule of all) {
        if (schedule.once !== undefined) {
          // A follow-up whose moment has passed is done; the scheduler drops it.
          if (schedule.once > now) out.push({ schedule, next: schedule.once, tz: ctx.tz });
        } else if (schedule.shift) {
          out.push({
            schedule,
            tz: ctx.tz,
            next: ctx.shifts ? nextShiftFireTime(schedule.shift, ctx.shifts, ctx.tz, now) : undefined,
            ...(ctx.shifts ? {} : { waitingForShifts: true }),
          });
        } else {
          const spec = parseCron(schedule.cron);
          out.push({
            schedule,
            tz: schedule.tz,
            next: spec.ok ? nextFireTimes(spec.value, schedule.tz, now, 1)[0] : undefined,
          });
        }
      }
      return out;
    },

    async removeSchedule(team: string, channel: string, id: string): Promise<boolean> {
      const removed = await schedules.remove(team, channel, id);
      if (removed) log.info({ team, channel, schedule: id }, 'schedule removed');
      return removed;
    },

    async addCustomPrompt(
      team: string,
      channel: string,
      user: string,
      category: Category,
      text: string,
    ): Promise<AddCustomResult> {
      const res = await prompts.addCustom(
        team,
        channel,
        { category, text, addedAt: clock(), addedBy: user, source: 'command' },
        MAX_CUSTOM_PROMPTS_PER_CHANNEL,
      );
      if (res.kind === 'added') log.info({ team, channel, prompt: res.id, category }, 'custom prompt added');
      return res;
    },

    listCustomPrompts(team: string, channel: string): Promise<CustomPrompt[]> {
      return prompts.customPrompts(team, channel);
    },

    async removeCustomPrompt(team: string, channel: string, id: string): Promise<boolean> {
      const removed = await prompts.removeCustom(team, channel, id);
      if (removed) log.info({ team, channel, prompt: id }, 'custom prompt removed');
      return removed;
    },
  };
}
