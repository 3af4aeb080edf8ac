// When a schedule fires. The croner library finds the wall-clock times that match a cron expression;
// this module turns them into instants of the schedule's zone with our daylight-saving rule: a wall
// time that does not exist that day (spring forward) is skipped, and one that happens twice (fall
// back) fires once, at its first occurrence. croner's own zone handling differs on both (it moves a
// skipped fixed time to after the gap, and fires an interval schedule on both occurrences of a
// repeated time), so croner runs on UTC, reading wall times as if they were UTC instants.
import { Cron } from 'croner';
import type { CronSpec } from '../domain/cron.js';
import { DAY_MS, firstInstantAtOrAfterWall, offsetAt } from '../domain/timezone.js';

/** How far ahead {@link nextFireTimes} looks, and the longest window {@link fireTimesBetween} scans. */
export const CRON_SCAN_LIMIT_MS = 366 * DAY_MS;
/** More than any zone's clock change (30 minutes to 2 hours). */
const FOLD_MARGIN_MS = 3 * 3_600_000;

const wallClocks = new WeakMap<CronSpec, Cron>();

function wallClock(spec: CronSpec): Cron {
  let job = wallClocks.get(spec);
  if (job === undefined) {
    job = new Cron(spec.expression, {
      timezone: 'UTC',
      mode: '5-part',
      sloppyRanges: true, // `5/15` means 5-59/15, as in Vixie cron
      // Vixie cron's day rule: either day field may match only when both are restricted.
      domAndDow: !(spec.dayOfMonthRestricted && spec.dayOfWeekRestricted),
    });
    wallClocks.set(spec, job);
  }
  return job;
}

/** The first instant whose wall time in `tz` is `wall`, or undefined when the clocks skip it. */
function firstInstantOf(wall: number, tz: string): number | undefined {
  const t = firstInstantAtOrAfterWall(wall, tz);
  return t + offsetAt(t, tz) === wall ? t : undefined;
}

/**
 * Fire times t with fromMs < t ≤ toMs, ascending, a day at a time. A zone changes its offset at most
 * once a day, so a day with the same offset a few hours either side of it has none: its wall times
 * are its instants shifted by that offset.
 */
function* fireTimes(spec: CronSpec, tz: string, fromMs: number, toMs: number): Generator<number> {
  const job = wallClock(spec);
  for (let start = fromMs; start < toMs; ) {
    const stop = Math.min(start + DAY_MS, toMs);
    const before = offsetAt(start - FOLD_MARGIN_MS, tz);
    const after = offsetAt(stop + FOLD_MARGIN_MS, tz);
    const steady = before === after;
    const lo = steady ? start + before : start + Math.min(before, after) - FOLD_MARGIN_MS;
    const hi = steady ? stop + before : stop + Math.max(before, after) + FOLD_MARGIN_MS;
    let wall = job.nextRun(new Date(lo));
    for (; wall !== null && wall.getTime() <= hi; wall = job.nextRun(wall)) {
      const t = steady ? wall.getTime() - before : firstInstantOf(wall.getTime(), tz);
      if (t !== undefined && t > start && t <= stop) yield t;
    }
    if (wall === null) return;
    // Nothing fires before the next matching wall time, and no zone is more than 14 hours ahead of
    // UTC: the days before it need no look.
    start = Math.max(stop, wall.getTime() - DAY_MS);
  }
}

/**
 * Every whole-minute instant t with fromMs < t ≤ toMs at which the schedule fires, ascending.
 * Windows longer than {@link CRON_SCAN_LIMIT_MS} are cut to their first 366 days.
 */
export function fireTimesBetween(spec: CronSpec, tz: string, fromMs: number, toMs: number): number[] {
  return [...fireTimes(spec, tz, fromMs, Math.min(toMs, fromMs + CRON_SCAN_LIMIT_MS))];
}

/** The next `count` fire times after fromMs, looking at most 366 days ahead (fewer if it never fires that soon). */
export function nextFireTimes(spec: CronSpec, tz: string, fromMs: number, count: number): number[] {
  const out: number[] = [];
  if (count < 1) return out;
  for (const t of fireTimes(spec, tz, fromMs, fromMs + CRON_SCAN_LIMIT_MS)) {
    if (out.push(t) >= count) break;
  }
  return out;
}
