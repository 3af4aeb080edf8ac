// Prompt use cases (SPEC §3, §5): post a prompt (scheduled or on demand), and a channel's schedules
// and custom prompts. Slack and Redis are reached only through the ports passed in.
import { nextFireTimes, parseCron } from '../domain/cron.js';
import type { ScheduleInput } from '../domain/schedule.js';
import type { Category, ScheduleCategory } from '../domain/types.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { AddCustomResult, CustomPrompt, PromptStore } from '../store/prompts.js';
import type { AddScheduleResult, Schedule, ScheduleStore } from '../store/schedules.js';

/** Why Slack refused a post in a way only a person can fix. */
export type Unreachable = 'not_in_channel' | 'channel_not_found' | 'is_archived';

export type PostOutcome = { kind: 'posted'; ts: string } | { kind: 'unreachable'; reason: Unreachable };

/** What posting needs from Slack (implemented with pacing in scheduler/poster.ts). */
export interface PromptPoster {
  post(
    team: string,
    channel: string,
    prompt: { id: string; category: Category; text: string },
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
}

export interface ListedSchedule {
  schedule: Schedule;
  /** The next fire time, if any within a year. */
  next: number | undefined;
}

export type PromptService = ReturnType<typeof createPromptService>;

export function createPromptService(deps: PromptServiceDeps) {
  const { prompts, schedules, clock } = deps;
  const random = deps.random ?? Math.random;
  const log = deps.log.child({ module: 'prompts' });

  return {
    /** Picks the channel's next prompt, posts it (paced), records it and adds the number reactions. */
    async postPrompt(r: PostRequest): Promise<PostResult> {
      const prompt = await prompts.pick(r.team, r.channel, r.category, random());
      const out = await deps.poster.post(r.team, r.channel, prompt);
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
      if (!deps.reactionsOn || (await deps.reactionsOn(r.team, r.channel))) {
        await deps.poster.react(r.team, r.channel, out.ts);
      }
      return { kind: 'posted', ts: out.ts, promptId: prompt.id, category: prompt.category };
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
      return (await schedules.list(team, channel)).map((schedule) => {
        const spec = parseCron(schedule.cron);
        return { schedule, next: spec.ok ? nextFireTimes(spec.value, schedule.tz, now, 1)[0] : undefined };
      });
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
