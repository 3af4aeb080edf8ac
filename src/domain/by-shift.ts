// By-shift figures: a settled cell's check-ins per shift (day, night, …), and who may see them. Pure.
//
// Each check-in carries the shift it was first given in. When a cell settles whole (not split, not a
// remainder), its check-ins of each shift form a *shift part* with its own figures and release
// decisions, made once like the cell's own: a shift part is released to a viewer when it passes the
// release rules with the viewer's answers left out, and to a viewer named later only when it passes
// whoever is left out. A shift part is never split.
//
// Showing some shifts of a cell beside the cell's total would let a lead subtract: total minus the
// shown shifts is what the other shifts hold. So a cell's per-shift figures are shown to a viewer only
// when the shifts *not* released to them, taken together as one cell (with any check-ins that carry no
// shift), are empty or pass the release rules for that viewer; otherwise no shift of that cell is
// shown. What can be subtracted is then itself a group that could have been shown.
//
// Like every release decision, these depend only on who answered and how, never on scores.

import {
  type CellEntry,
  type Counts,
  type Figures,
  passes,
  releasedTo,
  type SettledPart,
  type Viewer,
  viewFor,
} from './release.js';

export interface ShiftEntry extends CellEntry {
  /** The shift the check-in was first given in; undefined for check-ins from before the channel had shifts. */
  shift?: string;
}

/** One shift of a settled cell: anonymous figures and decisions, no user IDs. */
export interface ShiftPart {
  name: string;
  people: number;
  n: number;
  dist: Counts;
  /** Released to a viewer who answered nothing in it. */
  base: boolean;
  /** Released whoever of its respondents is left out. */
  robust: boolean;
}

/** A settled cell's per-shift figures, and whether they may be shown at all. */
export interface ByShift {
  /** In the order the shifts first appear among the cell's check-ins. */
  shifts: ShiftPart[];
  /** Shown to a viewer who answered nothing in the cell. */
  base: boolean;
  /** Shown whoever of the cell's respondents is the viewer (what a viewer named later may see). */
  robust: boolean;
}

/** A settled part that may carry per-shift figures (only a cell settled whole does). */
export type ShiftedPart = SettledPart & { byShift?: ByShift };

/** The flip id of a viewer whose decision on one shift part differs from its base decision. */
export const shiftFlipId = (partId: string, shift: string) => `${partId}#s:${shift}`;
/** The flip id of a viewer for whom "by-shift figures shown" differs from the base decision. */
export const byShiftFlipId = (partId: string) => `${partId}#shifts`;

const ok = (entries: readonly CellEntry[], k: number, viewer?: string) => passes(entries, k, viewer) === '';

/** Passes with any one of its respondents left out (and with none). */
function robustly(entries: readonly CellEntry[], k: number): boolean {
  return ok(entries, k) && [...new Set(entries.map((e) => e.user))].every((u) => ok(entries, k, u));
}

function figuresOf(entries: readonly CellEntry[]): { people: number; n: number; dist: Counts } {
  const dist: Counts = [0, 0, 0, 0, 0];
  for (const e of entries) dist[e.score - 1] = (dist[e.score - 1] as number) + 1;
  return { people: new Set(entries.map((e) => e.user)).size, n: entries.length, dist };
}

/**
 * The complement rule for one viewer (undefined: one who answered nothing): the check-ins of the
 * shifts not released to them, with those that carry no shift, leaving out the viewer's own, are
 * empty or pass the release rules for them.
 */
export function complementPasses(
  groups: ReadonlyMap<string, readonly CellEntry[]>,
  unshifted: readonly CellEntry[],
  released: (shift: string) => boolean,
  k: number,
  viewer?: string,
): boolean {
  const rest = [...unshifted];
  for (const [name, es] of groups) if (!released(name)) rest.push(...es);
  if (rest.every((e) => e.user === viewer)) return true;
  return ok(rest, k, viewer);
}

export interface ByShiftSettled {
  byShift?: ByShift;
  /** Viewers whose decision on a shift part, or on showing the cell by shift, differs from the base. */
  flips: { viewer: string; part: string }[];
}

/**
 * At settlement, for a cell settled whole: its shift parts and decisions. Nothing when no check-in
 * carries a shift (a channel without shifts). `viewers`: the channel's leads and the bot admins then.
 */
export function settleByShift(
  part: SettledPart,
  entries: readonly ShiftEntry[],
  k: number,
  viewers: readonly string[],
): ByShiftSettled {
  if (part.part === 'rem' || !entries.some((e) => e.shift !== undefined)) return { flips: [] };
  const groups = new Map<string, ShiftEntry[]>();
  const unshifted: ShiftEntry[] = [];
  for (const e of entries) {
    if (e.shift === undefined) unshifted.push(e);
    else groups.set(e.shift, [...(groups.get(e.shift) ?? []), e]);
  }
  const shifts: ShiftPart[] = [...groups].map(([name, es]) => {
    const base = ok(es, k);
    return { name, ...figuresOf(es), base, robust: base && robustly(es, k) };
  });
  const baseOf = new Map(shifts.map((s) => [s.name, s]));
  const base = complementPasses(groups, unshifted, (s) => baseOf.get(s)?.base === true, k);
  const rest = [...unshifted];
  for (const s of shifts) if (!s.robust) rest.push(...(groups.get(s.name) ?? []));
  const robust = rest.length === 0 || robustly(rest, k);

  const flips: { viewer: string; part: string }[] = [];
  const answered = new Set(entries.map((e) => e.user));
  for (const v of new Set(viewers)) {
    if (!answered.has(v)) continue;
    const releasedToV = (name: string) => ok(groups.get(name) ?? [], k, v);
    for (const s of shifts) {
      if ((groups.get(s.name) ?? []).some((e) => e.user === v) && releasedToV(s.name) !== s.base)
        flips.push({ viewer: v, part: shiftFlipId(part.id, s.name) });
    }
    if (complementPasses(groups, unshifted, releasedToV, k, v) !== base)
      flips.push({ viewer: v, part: byShiftFlipId(part.id) });
  }
  return { byShift: { shifts, base, robust }, flips };
}

// ---- what one viewer sees ----------------------------------------------------------------------

/** Whether one shift part of a settled cell is released to a viewer. */
export function shiftReleasedTo(part: ShiftedPart, shift: ShiftPart, viewer: Viewer): boolean {
  if (viewer.since === undefined || viewer.since > part.at) return shift.robust;
  return viewer.flips.has(shiftFlipId(part.id, shift.name)) ? !shift.base : shift.base;
}

/** Whether a settled cell's per-shift figures are shown to a viewer (never when the cell itself is not). */
export function byShiftShownTo(part: ShiftedPart, viewer: Viewer): boolean {
  const b = part.byShift;
  if (!b || !releasedTo(part, viewer)) return false;
  if (viewer.since === undefined || viewer.since > part.at) return b.robust;
  return viewer.flips.has(byShiftFlipId(part.id)) ? !b.base : b.base;
}

export interface ShiftView {
  name: string;
  /** The shift's figures over the cells it is shown in; undefined when none shows it. */
  figures?: Figures;
  /** Its average minus the previous period's, one decimal; null when either shows nothing of it. */
  change: number | null;
  /** Average per cell it is shown in, oldest first. */
  trend: number[];
  /** How many cells it is shown in. */
  cells: number;
}

export interface ByShiftView {
  periodDays: number;
  /** Per shift, in the order shifts first appear in the period (then the previous one). */
  shifts: ShiftView[];
  /** Cells of the period with at least one shift shown. */
  shownCells: number;
  /** Cells of the period shown to the viewer in the total only: no shift of theirs is shown. */
  heldBack: number;
  /** The shift parts shown, of the period, oldest first: for charts and exports that draw by shift. */
  parts: (SettledPart & { shift: string })[];
}

/**
 * What a viewer sees by shift over the `days` days ending at `now`: per shift, the sum of its shift
 * parts released to them, over the cells whose per-shift figures are shown to them.
 */
export function byShiftFor(
  parts: readonly ShiftedPart[],
  viewer: Viewer,
  now: number,
  days: number,
): ByShiftView {
  const len = days * 86_400_000;
  const inPeriod = (p: SettledPart) => p.at <= now && p.end <= now && p.end > now - 2 * len;
  const inCurrent = (p: SettledPart) => p.end > now - len;
  const perShift = new Map<string, SettledPart[]>();
  const shownParts: (SettledPart & { shift: string })[] = [];
  let shownCells = 0;
  let heldBack = 0;
  const sorted = [...parts].filter(inPeriod).sort((a, b) => a.start - b.start || a.end - b.end);
  for (const p of sorted) {
    const released = byShiftShownTo(p, viewer)
      ? (p.byShift?.shifts ?? []).filter((s) => shiftReleasedTo(p, s, viewer))
      : [];
    if (inCurrent(p) && p.part !== 'rem' && releasedTo(p, viewer)) {
      if (released.length > 0) shownCells += 1;
      else heldBack += 1;
    }
    for (const s of released) {
      // Already decided as released: summed as parts of their own, with the same maths as the total.
      const { byShift: _figures, ...cell } = p;
      const asPart: SettledPart = {
        ...cell,
        id: shiftFlipId(p.id, s.name),
        people: s.people,
        members: 0,
        n: s.n,
        dist: s.dist,
        base: true,
        robust: true,
        why: '',
      };
      perShift.set(s.name, [...(perShift.get(s.name) ?? []), asPart]);
      if (inCurrent(p)) shownParts.push({ ...asPart, shift: s.name });
    }
  }
  const everyone: Viewer = { flips: new Set() };
  const shifts = [...perShift].map(([name, ps]): ShiftView => {
    const v = viewFor(ps, everyone, now, days);
    return {
      name,
      ...(v.figures ? { figures: v.figures } : {}),
      change: v.change,
      trend: v.trend,
      cells: v.shown.length,
    };
  });
  return { periodDays: days, shifts, shownCells, heldBack, parts: shownParts };
}
