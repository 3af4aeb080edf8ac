// Scheduled prompts, exactly once across replicas.
//
// Design: node-cron ticks once a minute on every replica and calls `runDue(now)`, which reads every
// schedule from Redis, asks `fireTimesBetween` (croner, with our daylight-saving rule) which fire
// times fall in the window since the last evaluation, and claims each (schedule, fire time) through
// the Redis RunCoordinator before posting it. We chose this over one node-cron task per schedule because:
// - one computation decides everything: the "next run" shown by `schedule list` and firing are the
//   same code, with the same DST rules (a skipped local time does not fire, a repeated one fires
//   once), so what a lead was shown is what fires;
// - a change made on any replica is picked up by every replica at its next tick, with no per-replica
//   task registry to keep in sync with Redis;
// - catch-up after downtime is the same computation over a longer window, with the same slot keys,
//   so a replica that already posted a slot wins and nothing is posted twice;
// - time is an argument: tests call `runDue(fixedInstant)` concurrently on several replicas.
// The tick itself is not `distributed`: every replica evaluates, and each slot is claimed on its own,
// so a fan-out of many channels is shared by the replicas and one replica dying loses little.
import cron, { type Logger as CronLogger, type RunCoordinator, type ScheduledTask } from 'node-cron';
import { type CronSpec, parseCron } from '../domain/cron.js';
import { CATCH_UP_MS, planSlots } from '../domain/schedule.js';
import { planFireTimes, shiftFireTimesBetween } from '../domain/shift-schedule.js';
import { MINUTE_MS } from '../domain/timezone.js';
import type { Logger } from '../logger.js';
import { type ChannelContext, pausedAt } from '../services/channel-settings.js';
import type { PostRequest, PostResult } from '../services/prompts.js';
import type { Schedule, ScheduleStore } from '../store/schedules.js';
import { fireTimesBetween } from './fire-times.js';

/** A claimed slot key outlives every replica's catch-up window, then expires (it is never deleted). */
export const SLOT_TTL_MS = 6 * 3_600_000;
/** After a long outage, missed slots are counted (and skipped) over at most this much history. */
export const MAX_LOOKBACK_MS = 7 * 86_400_000;
/** Posts in flight at once per replica; each channel is still paced on its own. */
const POST_CONCURRENCY = 32;
/** How long `stop()` waits for posts in flight. */
const STOP_GRACE_MS = 5_000;

export interface PromptSchedulerDeps {
  schedules: Pick<ScheduleStore, 'all' | 'lastTick' | 'markTick' | 'remove'>;
  /** Per workspace, the channels' zones, shift patterns and pauses (channels with none may be absent). */
  contexts?: (team: string) => Promise<ReadonlyMap<string, ChannelContext>>;
  coordinator: RunCoordinator;
  post: (r: PostRequest) => Promise<PostResult>;
  clock: () => number;
  log: Logger;
  /** The scheduler's one error sink (counted and logged once, with context). */
  onError: (err: unknown, context: Record<string, unknown>) => void;
}

export interface PromptRun {
  /** Slots this replica claimed and posted. */
  posted: number;
  /** Slots another replica (or an earlier run) had already claimed. */
  claimedElsewhere: number;
  /** Slots missed by 30 minutes or more: not posted, logged. */
  skipped: number;
  /** Claimed slots whose channel the bot cannot post to (logged with the fix). */
  unreachable: number;
  failed: number;
  /** Slots of a paused channel: not posted. */
  paused: number;
}

export interface PromptScheduler {
  /** Evaluates every schedule for the window ending at `now` and posts the slots this replica wins. */
  runDue(now: number): Promise<PromptRun>;
  /** Starts the minute tick and, at once, a catch-up run. */
  start(): void;
  /** Stops the tick and waits (briefly) for posts in flight. */
  stop(): Promise<void>;
}

interface Slot {
  team: string;
  schedule: Schedule;
  at: number;
  /** The zone the prompt is posted for (the channel's for shift-relative and one-off schedules). */
  tz: string;
}

/** node-cron's own messages (e.g. a tick missed under load) into our pino logger. */
function cronLogger(log: Logger): CronLogger {
  const msg = (m: string | Error) => (m instanceof Error ? m.message : m);
  return {
    info: (m) => log.info(m),
    warn: (m) => log.warn(m),
    error: (m, err) => log.error({ err: err ? { message: err.message } : undefined }, msg(m)),
    debug: (m) => log.debug(msg(m)),
  };
}

export const slotKey = (team: string, scheduleId: string, at: number) =>
  `prompt:${team}:${scheduleId}:${new Date(at).toISOString()}`;

async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export function createPromptScheduler(deps: PromptSchedulerDeps): PromptScheduler {
  const log = deps.log.child({ module: 'scheduler' });
  const specs = new Map<string, CronSpec | undefined>();
  /** The end of this replica's last evaluated window; undefined until its first run (the catch-up). */
  let since: number | undefined;
  /** Evaluations (read, plan, claim) run one at a time, so windows never overlap. */
  let evaluating: Promise<unknown> = Promise.resolve();
  const inFlight = new Set<Promise<unknown>>();
  let task: ScheduledTask | undefined;

  function specOf(expr: string): CronSpec | undefined {
    if (!specs.has(expr)) {
      const r = parseCron(expr);
      specs.set(expr, r.ok ? r.value : undefined);
    }
    return specs.get(expr);
  }

  /** Reads the schedules and decides the slots of the window ending at `now` (not yet claimed). */
  async function evaluate(now: number): Promise<{ wanted: Slot[]; run: PromptRun; first: boolean }> {
    const run: PromptRun = {
      posted: 0,
      claimedElsewhere: 0,
      skipped: 0,
      unreachable: 0,
      failed: 0,
      paused: 0,
    };
    const first = since === undefined;
    const all = await deps.schedules.all();
    // On a replica's first run, look back 30 minutes to post missed slots; past that, only as far as
    // the last evaluation any replica made, to count (and skip) what an outage missed.
    let windowStart: number;
    if (since !== undefined) windowStart = since;
    else {
      const last = await deps.schedules.lastTick();
      const catchUpStart = now - CATCH_UP_MS;
      // With no evaluation ever recorded, each schedule's creation bounds the look-back.
      windowStart = Math.max(
        now - MAX_LOOKBACK_MS,
        last === undefined ? Number.NEGATIVE_INFINITY : Math.min(last, catchUpStart),
      );
    }

    const wanted: Slot[] = [];
    for (const { team, schedules } of all) {
      const contexts = schedules.length > 0 && deps.contexts ? await deps.contexts(team) : undefined;
      for (const schedule of schedules) {
        const ctx = { team, channel: schedule.channel, schedule: schedule.id };
        const channel = contexts?.get(schedule.channel);
        // A schedule never fires for a time before it existed.
        const from = Math.max(windowStart, schedule.createdAt);
        let plan: ReturnType<typeof planSlots>;
        if (schedule.shift !== undefined || schedule.once !== undefined) {
          const timed = otherSlots(schedule, channel, from, now, ctx);
          if (timed === undefined) continue;
          plan = timed;
        } else {
          const spec = specOf(schedule.cron);
          if (spec === undefined) {
            deps.onError(new Error(`stored schedule has an invalid cron expression`), {
              where: 'scheduler',
              ...ctx,
            });
            continue;
          }
          try {
            plan = planSlots(fireTimesBetween(spec, schedule.tz, from, now), now);
          } catch (err) {
            deps.onError(err, { where: 'scheduler', ...ctx });
            continue;
          }
        }
        const tz = schedule.tz || channel?.tz || '';
        for (const at of plan.post) {
          if (pausedAt(channel, at)) {
            run.paused += 1;
            log.debug({ ...ctx, slot: new Date(at).toISOString() }, 'channel paused: slot not posted');
          } else wanted.push({ team, schedule, at, tz });
        }
        if (plan.skipped.length > 0) {
          run.skipped += plan.skipped.length;
          const newest = plan.skipped.at(-1) as number;
          // Every replica that starts after an outage sees the same misses; one of them logs them.
          if (
            await deps.coordinator.shouldRun(`${slotKey(team, schedule.id, newest)}:skipped`, SLOT_TTL_MS)
          ) {
            log.info(
              {
                ...ctx,
                skipped: plan.skipped.length,
                oldest: new Date(plan.skipped[0] as number).toISOString(),
                newest: new Date(newest).toISOString(),
              },
              'skipped missed prompt slots that are 30 minutes late or more',
            );
          }
        }
      }
    }

    await pruneOneOffs(all, now);
    since = Math.max(since ?? now, now);
    try {
      await deps.schedules.markTick(now);
    } catch (err) {
      // Only catch-up accounting depends on it; the slots are claimed, so posting goes on.
      deps.onError(err, { where: 'scheduler', step: 'mark tick' });
    }
    return { wanted, run, first };
  }

  /**
   * Fire times of a shift-relative schedule (from the channel's current pattern and zone) or of a
   * one-off, split like cron slots; undefined when there is nothing to plan.
   */
  function otherSlots(
    schedule: Schedule,
    channel: ChannelContext | undefined,
    from: number,
    now: number,
    ctx: Record<string, unknown>,
  ): ReturnType<typeof planSlots> | undefined {
    if (schedule.once !== undefined) {
      return schedule.once > from ? planFireTimes([schedule.once], now) : undefined;
    }
    // The channel's shifts were cleared: the schedule waits (schedule list says so) until they are set again.
    if (schedule.shift === undefined || channel?.shifts === undefined) return undefined;
    try {
      return planFireTimes(shiftFireTimesBetween(schedule.shift, channel.shifts, channel.tz, from, now), now);
    } catch (err) {
      deps.onError(err, { where: 'scheduler', ...ctx });
      return undefined;
    }
  }

  /** One-off entries whose moment has passed beyond catch-up are dropped (by whichever replica sees them). */
  async function pruneOneOffs(all: readonly { team: string; schedules: readonly Schedule[] }[], now: number) {
    for (const { team, schedules } of all) {
      for (const s of schedules) {
        if (s.once === undefined || now - s.once < CATCH_UP_MS) continue;
        try {
          await deps.schedules.remove(team, s.channel, s.id);
        } catch (err) {
          deps.onError(err, { where: 'scheduler', step: 'drop past one-off', team, schedule: s.id });
        }
      }
    }
  }

  async function postSlot(slot: Slot, now: number, run: PromptRun): Promise<void> {
    const { team, schedule, at } = slot;
    const thisMinute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    try {
      const out = await deps.post({
        team,
        channel: schedule.channel,
        category: schedule.category,
        ...(slot.tz ? { tz: slot.tz } : {}),
        trigger: at < thisMinute ? 'catch_up' : 'schedule',
      });
      if (out.kind === 'posted') run.posted += 1;
      else run.unreachable += 1;
    } catch (err) {
      // The slot stays claimed: a prompt posted twice is worse than one missed.
      run.failed += 1;
      deps.onError(err, {
        where: 'scheduler',
        team,
        channel: schedule.channel,
        schedule: schedule.id,
        slot: new Date(at).toISOString(),
      });
    }
  }

  async function runDue(now: number): Promise<PromptRun> {
    const evaluation = evaluating.then(() => evaluate(now));
    evaluating = evaluation.catch(() => {});
    const { wanted, run, first } = await evaluation;
    // Each slot is claimed just before this replica posts it, in an order of its own: the replicas
    // share a large fan-out, and a replica that dies loses only the few slots it was posting.
    await forEachLimit(shuffled(wanted), POST_CONCURRENCY, async (slot) => {
      if (await deps.coordinator.shouldRun(slotKey(slot.team, slot.schedule.id, slot.at), SLOT_TTL_MS)) {
        await postSlot(slot, now, run);
      } else {
        run.claimedElsewhere += 1;
      }
    });
    if (first && (run.posted > 0 || run.skipped > 0)) {
      log.info({ catchUp: run.posted, skipped: run.skipped }, 'scheduler started: caught up on missed slots');
    }
    return run;
  }

  function track(now: number): void {
    const p = runDue(now).catch((err) => deps.onError(err, { where: 'scheduler' }));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }

  return {
    runDue,
    start() {
      if (task) return;
      task = cron.createTask('* * * * *', (ctx) => track(ctx.date.getTime()), {
        name: 'prompt-schedules',
        timezone: 'UTC',
        logger: cronLogger(log),
      });
      void task.start();
      // The catch-up run: slots missed by less than 30 minutes while no replica was up.
      track(deps.clock());
      log.info('prompt scheduler started');
    },
    async stop() {
      const t = task;
      task = undefined;
      await t?.destroy();
      if (inFlight.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), STOP_GRACE_MS);
      });
      const outcome = await Promise.race([
        Promise.allSettled([...inFlight]).then(() => 'done' as const),
        grace,
      ]);
      clearTimeout(timer);
      if (outcome === 'timeout')
        log.warn({ inFlight: inFlight.size }, 'stopped with prompt posts still waiting');
    },
  };
}
