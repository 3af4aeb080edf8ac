// What a lead may be shown of a channel: its released cells, each a sum over whole periods that
// passed the release rules for that lead. Charts and exports draw these and nothing else.
// (The release model exports this same shape; this module keeps charts and exports independent of it.)

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
