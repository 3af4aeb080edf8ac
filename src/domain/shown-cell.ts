// What a lead may be shown of a channel: its released cells, each a sum over whole periods that
// passed the release rules for that lead. Charts and exports draw these and nothing else.
import type { SettledPart } from './release.js';

export type CellKind = 'day' | 'week' | '4w' | 'part' | 'remainder';

export interface ShownCell {
  /** ms since the epoch, period start (inclusive) */
  readonly start: number;
  /** ms since the epoch, period end (exclusive) */
  readonly end: number;
  /** e.g. "Mon 23 Nov", "week of 23 Nov", "23 Nov – 20 Dec", "Mon 23 Nov (private answers of the week)" */
  readonly label: string;
  readonly kind: CellKind;
  /** Shift name, for per-shift cells. */
  readonly shift?: string;
  /** Respondents in the cell. */
  readonly people: number;
  /** Human members of the channel recorded at settlement (0 if unknown). */
  readonly members: number;
  readonly checkins: number;
  /** Count of 1s … 5s. */
  readonly dist: readonly [number, number, number, number, number];
}

/** Sum of score × count over check-ins; undefined for a cell with no check-ins. */
export function cellAverage(dist: readonly number[], checkins: number): number | undefined {
  if (checkins <= 0) return undefined;
  let sum = 0;
  for (let i = 0; i < 5; i++) sum += (i + 1) * (dist[i] ?? 0);
  return sum / checkins;
}

/** Cells in time order: by end, then the shorter first (a week's remainder after its last day). */
export function inTimeOrder(cells: readonly ShownCell[]): ShownCell[] {
  return [...cells].sort((a, b) => a.end - b.end || b.start - a.start || compareText(a.shift, b.shift));
}

function compareText(a: string | undefined, b: string | undefined): number {
  return (a ?? '').localeCompare(b ?? '');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** `2026-11-23` → { wd: 'Mon', dm: '23 Nov' }. */
function dateParts(day: string): { wd: string; dm: string } {
  const d = new Date(`${day}T00:00:00Z`);
  return { wd: WEEKDAYS[d.getUTCDay()] ?? '', dm: `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()] ?? ''}` };
}

/** "Mon 23 Nov", "week of 23 Nov", "23 Nov – 20 Dec", from a period's first and last local dates. */
export function periodLabel(from: string, to: string): string {
  const a = dateParts(from);
  if (from === to) return `${a.wd} ${a.dm}`;
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  if (days === 7 && a.wd === 'Mon') return `week of ${a.dm}`;
  return `${a.dm} – ${dateParts(to).dm}`;
}

/**
 * A settled part released to the viewer, as charts and exports take it: a whole cell keeps its
 * kind, a public part is a 'part' (its private answers went to the remainder), a remainder is
 * labelled as the private answers of its week or block.
 */
export function shownCellOf(p: SettledPart): ShownCell {
  const period = periodLabel(p.from, p.to);
  const kind: CellKind = p.cell === 'rem' ? 'remainder' : p.part === 'public' ? 'part' : p.cell;
  return {
    start: p.start,
    end: p.end,
    label: kind === 'remainder' ? `${period} (private answers)` : period,
    kind,
    people: p.people,
    members: p.members,
    checkins: p.n,
    dist: [...p.dist],
  };
}
