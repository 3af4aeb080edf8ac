// A channel's rota and pause, chosen by its leads (or the config file). Every change of the shift
// pattern goes through `setShifts`, the one place where what depends on the rota (the grid of shift-day
// cells) can follow a change.
import { addDaysToDate, formatShifts, parseShifts, type ShiftPattern } from '../domain/shifts.js';
import { firstInstantAtOrAfterWall, localParts, wallMs } from '../domain/timezone.js';
import type { Logger } from '../logger.js';
import type { ChannelSettings, ChannelStore } from '../store/channels.js';

export interface ChannelContext {
  /** The channel's time zone (the default zone when it has none yet). */
  readonly tz: string;
  readonly shifts?: ShiftPattern;
  /** Scheduled prompts are skipped before this instant (the end of the paused-through date). */
  readonly pausedUntil?: number;
  readonly pausedThrough?: string;
}

export interface ChannelSettingsDeps {
  channels: Pick<
    ChannelStore,
    'settings' | 'allSettings' | 'patchSettings' | 'promptChannel' | 'promptChannels'
  >;
  clock: () => number;
  defaultTz: string;
  log: Logger;
  /**
   * Called once the stored pattern changed (not when it stayed the same): the cell grid follows the
   * new shift-days from the end of the cell in progress. Returns when that takes effect.
   */
  onShiftsChanged?: (
    team: string,
    channel: string,
    shifts: ShiftPattern | undefined,
    now: number,
  ) => Promise<number | undefined>;
}

export type SetShiftsResult = {
  kind: 'changed' | 'unchanged';
  shifts?: ShiftPattern;
  /** When summaries start to follow the new shift-days (the end of the cell in progress). */
  effectiveFrom?: number;
};

const patterns = new Map<string, ShiftPattern | undefined>();

/** A stored pattern, parsed once per process (stored patterns were validated when they were set). */
export function storedPattern(text: string | undefined): ShiftPattern | undefined {
  if (text === undefined) return undefined;
  if (!patterns.has(text)) {
    const r = parseShifts(text);
    patterns.set(text, r.ok ? r.value : undefined);
  }
  return patterns.get(text);
}

/** The first instant after local date `date` ends in `tz`. */
export function endOfLocalDate(date: string, tz: string): number {
  const [y, m, d] = addDaysToDate(date, 1).split('-').map(Number);
  return firstInstantAtOrAfterWall(wallMs(y ?? 1970, m ?? 1, d ?? 1), tz);
}

/** The local date (YYYY-MM-DD) of `ms` in `tz`. */
export function localDate(ms: number, tz: string): string {
  const p = localParts(ms, tz);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

function contextOf(tz: string, s: ChannelSettings): ChannelContext {
  const shifts = storedPattern(s.shifts);
  return {
    tz,
    ...(shifts ? { shifts } : {}),
    ...(s.pausedThrough
      ? { pausedThrough: s.pausedThrough, pausedUntil: endOfLocalDate(s.pausedThrough, tz) }
      : {}),
  };
}

export type ChannelSettingsService = ReturnType<typeof createChannelSettings>;

export function createChannelSettings(deps: ChannelSettingsDeps) {
  const { channels, defaultTz } = deps;
  const log = deps.log.child({ module: 'channel-settings' });

  async function zoneOf(team: string, channel: string): Promise<string> {
    return (await channels.promptChannel(team, channel)).tz ?? defaultTz;
  }

  /** The channel's zone, shifts and pause, as the scheduler and `schedule list` use them. */
  async function context(team: string, channel: string): Promise<ChannelContext> {
    const [tz, s] = await Promise.all([zoneOf(team, channel), channels.settings(team, channel)]);
    return contextOf(tz, s);
  }

  return {
    context,

    /** Every channel of the workspace that has settings: two reads whatever the number of channels. */
    async contexts(team: string): Promise<Map<string, ChannelContext>> {
      const [zones, all] = await Promise.all([channels.promptChannels(team), channels.allSettings(team)]);
      const out = new Map<string, ChannelContext>();
      for (const [channel, s] of all) out.set(channel, contextOf(zones.get(channel)?.tz ?? defaultTz, s));
      return out;
    },

    /**
     * Sets (or, with null, clears) the channel's shift pattern. The one way a pattern changes, from a
     * command or the config file; `now` is when the change was asked for.
     */
    async setShifts(
      team: string,
      channel: string,
      pattern: ShiftPattern | null,
      now: number,
    ): Promise<SetShiftsResult> {
      const text = pattern === null ? null : formatShifts(pattern);
      const { before, after } = await channels.patchSettings(team, channel, { shifts: text });
      const changed = before.shifts !== after.shifts;
      if (changed) {
        log.info(
          { team, channel, shifts: after.shifts ?? null, at: new Date(now).toISOString() },
          'shifts changed',
        );
      }
      const shifts = storedPattern(after.shifts);
      const effectiveFrom = changed ? await deps.onShiftsChanged?.(team, channel, shifts, now) : undefined;
      return {
        kind: changed ? 'changed' : 'unchanged',
        ...(shifts ? { shifts } : {}),
        ...(effectiveFrom !== undefined ? { effectiveFrom } : {}),
      };
    },

    /** Skips the channel's scheduled prompts through the end of local date `through`. */
    async pause(team: string, channel: string, through: string): Promise<ChannelContext> {
      await channels.patchSettings(team, channel, { pausedThrough: through });
      log.info({ team, channel, through }, 'scheduled prompts paused');
      return context(team, channel);
    },

    /** Ends a pause; false when the channel was not paused (or its pause had already ended). */
    async resume(team: string, channel: string): Promise<boolean> {
      const tz = await zoneOf(team, channel);
      const { before } = await channels.patchSettings(team, channel, { pausedThrough: null });
      const wasPaused =
        before.pausedThrough !== undefined && endOfLocalDate(before.pausedThrough, tz) > deps.clock();
      if (wasPaused) log.info({ team, channel }, 'scheduled prompts resumed');
      return wasPaused;
    },
  };
}

/** True when a slot at `at` falls in the channel's pause. */
export function pausedAt(ctx: ChannelContext | undefined, at: number): boolean {
  return ctx?.pausedUntil !== undefined && at < ctx.pausedUntil;
}
