// Released cells for tests of charts and exports: plain values, as the release model hands them over.
import fc from 'fast-check';
import type { CellKind, ShownCell } from '../../src/domain/shown-cell.js';

export const DAY = 86_400_000;
/** Monday 23 November 2026, 00:00 UTC. */
export const MON_23_NOV = Date.UTC(2026, 10, 23);

type Dist = ShownCell['dist'];

export function cell(o: {
  start: number;
  dist: Dist;
  end?: number;
  label?: string;
  kind?: CellKind;
  shift?: string;
  people?: number;
  members?: number;
}): ShownCell {
  const checkins = o.dist.reduce((a, b) => a + b, 0);
  return {
    start: o.start,
    end: o.end ?? o.start + DAY,
    label: o.label ?? new Date(o.start).toUTCString().slice(0, 11),
    kind: o.kind ?? 'day',
    ...(o.shift !== undefined ? { shift: o.shift } : {}),
    people: o.people ?? Math.max(1, Math.min(checkins, 5)),
    members: o.members ?? 12,
    checkins,
    dist: o.dist,
  };
}

/** A run of day cells from Monday 23 Nov with these distributions. */
export function days(dists: readonly Dist[], from = MON_23_NOV): ShownCell[] {
  return dists.map((dist, i) => cell({ start: from + i * DAY, dist }));
}

const distArb = fc.tuple(
  fc.nat({ max: 9 }),
  fc.nat({ max: 9 }),
  fc.nat({ max: 9 }),
  fc.nat({ max: 9 }),
  fc.nat({ max: 9 }),
) as fc.Arbitrary<Dist>;

/**
 * Non-overlapping released cells over up to 90 days: day cells (some left out, as withheld ones
 * are), sometimes per shift, with labels of any length and any characters a shift name might hold.
 */
export const shownCellsArb: fc.Arbitrary<ShownCell[]> = fc
  .record({
    picked: fc.array(fc.record({ day: fc.nat({ max: 89 }), dist: distArb }), { maxLength: 40 }),
    shifts: fc.oneof(
      fc.constant<string[]>([]),
      fc.uniqueArray(fc.string({ minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 8 }),
    ),
    labels: fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.string({ minLength: 18, maxLength: 50 })), {
      minLength: 1,
      maxLength: 5,
    }),
  })
  .map(({ picked, shifts, labels }) => {
    const byDay = new Map(picked.map((p) => [p.day, p.dist]));
    return [...byDay].flatMap(([day, dist], i) => {
      const start = MON_23_NOV + day * DAY;
      const label = labels[i % labels.length] ?? '';
      if (shifts.length === 0) return [cell({ start, dist, label })];
      // The shifts of a shift-day share its label (one per day) and split its hours.
      const dayLabel = `${label.slice(0, 30)} ${day}`;
      const span = Math.floor(DAY / shifts.length);
      return shifts.map((shift, j) =>
        cell({ start: start + j * span, end: start + (j + 1) * span, dist, label: dayLabel, shift }),
      );
    });
  });
