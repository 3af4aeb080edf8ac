// Cells: the fixed periods a channel's check-ins are counted in before a lead may see them.
//
// A channel's *grid* says how its time is cut: its time zone, its pooling (a cell per day, per week,
// or per four weeks) and when its day starts (midnight, or the first shift's start for a channel with
// shifts, so a night is never split). The grid changes only at the end of the cell in progress, so a
// change can never re-cut answers already given; the grid's history is a list of segments, each in
// effect from its `from` instant until the next one's.
//
// Pure: instants are milliseconds since the epoch; local dates are computed with Intl.

import { firstInstantAtOrAfterWall, offsetAt } from './timezone.js';

export type Pooling = 'day' | 'week' | '4w';
export const POOLINGS: readonly Pooling[] = ['day', 'week', '4w'];

export interface GridConfig {
  tz: string;
  pooling: Pooling;
  /** Minutes after local midnight at which a (shift-)day starts: 0, or the first shift's start. */
  dayStartMin: number;
  /**
   * The shift pattern in force (as `formatShifts` writes it), which names the shift each check-in is
   * given in; none for a channel without shifts. It changes with the grid, so a cell's shifts are one rota.
   */
  shifts?: string;
}

export interface GridSegment extends GridConfig {
  /** In effect from this instant (the first segment: 0). */
  from: number;
}

/** Segments sorted by `from`, the first from 0. */
export type GridHistory = readonly GridSegment[];

export interface CellBounds {
  kind: Pooling;
  start: number;
  end: number;
}

export interface Block {
  start: number;
  end: number;
}

const DAY_MS = 86_400_000;

// ---- local dates ----

/** The local wall clock at `ms` in `tz`, as milliseconds of a UTC clock showing the same time. */
const wallOf = (ms: number, tz: string): number => ms + offsetAt(ms, tz);
/** When the wall time `wall` first occurs in `tz` (a skipped one: the moment the clocks jump). */
const instantOfWall = firstInstantAtOrAfterWall;

/** Days since 1970-01-01 of a local date given as a UTC-midnight wall value. */
const dayNo = (wallMidnight: number) => Math.floor(wallMidnight / DAY_MS);
/** Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
const weekdayOfDayNo = (n: number) => (((n + 3) % 7) + 7) % 7;

// ---- the grid ----------------------------------------------------------------------------------

/** The instant a (shift-)day that starts on local date `n` (day number) begins. */
function boundary(n: number, cfg: GridConfig): number {
  return instantOfWall(n * DAY_MS + cfg.dayStartMin * 60_000, cfg.tz);
}

/** The (shift-)day number that instant `t` belongs to. */
function shiftDayOf(t: number, cfg: GridConfig): number {
  let n = dayNo(wallOf(t, cfg.tz));
  if (t < boundary(n, cfg)) n -= 1;
  else if (t >= boundary(n + 1, cfg)) n += 1;
  return n;
}

/** First Monday (shift-)day whose start is at or after `from`. */
function firstMondayFrom(from: number, cfg: GridConfig): number {
  let n = shiftDayOf(from, cfg);
  if (boundary(n, cfg) < from) n += 1;
  while (weekdayOfDayNo(n) !== 0) n += 1;
  return n;
}

function segmentAt(history: GridHistory, t: number): { seg: GridSegment; segEnd: number } {
  let i = 0;
  for (let j = 0; j < history.length; j++) if ((history[j] as GridSegment).from <= t) i = j;
  const seg = history[i];
  if (!seg) throw new Error('empty grid history');
  return { seg, segEnd: history[i + 1]?.from ?? Number.POSITIVE_INFINITY };
}

/** Four-week blocks of a segment: [from, first Monday), then every 28 (shift-)days. */
function fourWeekBlock(t: number, seg: GridSegment): Block {
  const anchorDay = firstMondayFrom(seg.from, seg);
  const anchor = boundary(anchorDay, seg);
  if (t < anchor) return { start: seg.from, end: anchor };
  const n = Math.floor((shiftDayOf(t, seg) - anchorDay) / 28);
  return { start: boundary(anchorDay + 28 * n, seg), end: boundary(anchorDay + 28 * (n + 1), seg) };
}

function weekBlock(t: number, seg: GridSegment): Block {
  const d = shiftDayOf(t, seg);
  const monday = d - weekdayOfDayNo(d);
  return { start: boundary(monday, seg), end: boundary(monday + 7, seg) };
}

const clip = (b: Block, from: number, to: number): Block => ({
  start: Math.max(b.start, from),
  end: Math.min(b.end, to),
});

/** The cell that instant `t` falls in. */
export function cellAt(history: GridHistory, t: number): CellBounds {
  const { seg, segEnd } = segmentAt(history, t);
  let b: Block;
  if (seg.pooling === 'day') {
    const d = shiftDayOf(t, seg);
    b = { start: boundary(d, seg), end: boundary(d + 1, seg) };
  } else if (seg.pooling === 'week') b = weekBlock(t, seg);
  else b = fourWeekBlock(t, seg);
  return { kind: seg.pooling, ...clip(b, seg.from, segEnd) };
}

/**
 * The remainder a cell's private answers join when too few answered privately: a day's goes to its
 * week, a week's to its four-week block; a four-week cell has none (its private answers are withheld).
 * A grid change ends the remainder in progress.
 */
export function remainderOf(history: GridHistory, cell: CellBounds): Block | undefined {
  if (cell.kind === '4w') return undefined;
  const { seg, segEnd } = segmentAt(history, cell.start);
  const b = cell.kind === 'day' ? weekBlock(cell.start, seg) : fourWeekBlock(cell.start, seg);
  return clip(b, seg.from, segEnd);
}

/**
 * The history after a change asked for at `now`: the change takes effect when the cell in progress
 * ends (a change still pending is updated, not added to), so no cell is ever re-cut.
 */
export function withChange(history: GridHistory, now: number, change: Partial<GridConfig>): GridSegment[] {
  const current = cellAt(history, now);
  const last = history[history.length - 1] as GridSegment;
  if (last.from > now) return [...history.slice(0, -1), { ...last, ...change }];
  return [...history, { ...last, ...change, from: current.end }];
}

/** The local date (YYYY-MM-DD) of the (shift-)day instant `t` belongs to, in its segment's grid. */
export function shiftDateOf(history: GridHistory, t: number): string {
  const { seg } = segmentAt(history, t);
  return new Date(shiftDayOf(t, seg) * DAY_MS).toISOString().slice(0, 10);
}

/** The grid in force at `t`. */
export function gridAt(history: GridHistory, t: number): GridSegment {
  return segmentAt(history, t).seg;
}
