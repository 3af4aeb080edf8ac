// The maths of a lead's summary (SPEC §5). Pure: the store supplies per-day aggregates.
//
// Rounding is half away from zero and done on integers (4.25 → 4.3), so no binary fraction can
// tip a value the wrong way.

import { sparkline } from './sparkline.js';

export type ScoreCounts = readonly [number, number, number, number, number];
export type PeriodDays = 7 | 30 | 90;

export interface DayAggregate {
  /** YYYY-MM-DD */
  day: string;
  /** Answers with score 1..5. */
  counts: ScoreCounts;
  /** Distinct people that day. */
  respondents: number;
}

export interface SummaryInput {
  periodDays: PeriodDays;
  /** The period's days, oldest first (length periodDays; days with no answers have zero counts). */
  days: readonly DayAggregate[];
  /** Distinct people over the whole period. */
  respondents: number;
  /** The previous period of the same length. */
  previousCounts: ScoreCounts;
  previousRespondents: number;
  /** Current human members of the channel (0 if unknown). */
  members: number;
  /** Anonymity threshold; values below {@link MIN_GROUP_FLOOR} are raised to it. */
  k: number;
}

export type Summary =
  | { enough: false; periodDays: PeriodDays; k: number }
  | {
      enough: true;
      periodDays: PeriodDays;
      respondents: number;
      /** Integer percent of the channel's members, capped at 100; null when members are unknown (0). */
      participationPct: number | null;
      checkins: number;
      /** One decimal. */
      average: number;
      distribution: [number, number, number, number, number];
      /** Integer percent of answers that were 1 or 2. */
      lowSharePct: number;
      /** Average minus the previous period's average, one decimal; null when the previous period had fewer than k respondents. */
      change: number | null;
      /** Per-day average, one decimal; null where that day had fewer than k respondents. */
      trend: (number | null)[];
      sparkline: string;
    };

/** No threshold below this is honoured, whatever the configuration says. */
export const MIN_GROUP_FLOOR = 3;

/** numerator / denominator rounded half away from zero to an integer, in exact integer arithmetic. */
function roundDiv(numerator: number, denominator: number): number {
  const negative = numerator < 0 !== denominator < 0;
  const n = Math.abs(numerator);
  const d = Math.abs(denominator);
  const q = Math.floor((2 * n + d) / (2 * d));
  return negative ? -q : q;
}

function total(counts: ScoreCounts): number {
  return counts[0] + counts[1] + counts[2] + counts[3] + counts[4];
}

function scoreSum(counts: ScoreCounts): number {
  return counts[0] + 2 * counts[1] + 3 * counts[2] + 4 * counts[3] + 5 * counts[4];
}

/** Average with one decimal, or null for no answers. */
function average(counts: ScoreCounts): number | null {
  const n = total(counts);
  return n === 0 ? null : roundDiv(scoreSum(counts) * 10, n) / 10;
}

function effectiveK(k: number): number {
  if (Number.isNaN(k)) return Number.POSITIVE_INFINITY; // fail closed
  return Math.max(MIN_GROUP_FLOOR, Math.ceil(k));
}

export function computeSummary(input: SummaryInput): Summary {
  const k = effectiveK(input.k);
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const { counts } of input.days) {
    distribution[0] += counts[0];
    distribution[1] += counts[1];
    distribution[2] += counts[2];
    distribution[3] += counts[3];
    distribution[4] += counts[4];
  }
  const checkins = total(distribution);
  if (input.respondents < k || checkins === 0) return { enough: false, periodDays: input.periodDays, k };

  const sum = scoreSum(distribution);
  const prevN = total(input.previousCounts);
  const change =
    input.previousRespondents < k || prevN === 0
      ? null
      : // sum/checkins − prevSum/prevN, exactly, then rounded once.
        roundDiv((sum * prevN - scoreSum(input.previousCounts) * checkins) * 10, checkins * prevN) / 10;
  const trend = input.days.map((day) => (day.respondents < k ? null : average(day.counts)));

  return {
    enough: true,
    periodDays: input.periodDays,
    respondents: input.respondents,
    participationPct:
      input.members > 0 ? Math.min(100, roundDiv(input.respondents * 100, input.members)) : null,
    checkins,
    average: roundDiv(sum * 10, checkins) / 10,
    distribution,
    lowSharePct: roundDiv((distribution[0] + distribution[1]) * 100, checkins),
    change,
    trend,
    sparkline: sparkline(trend),
  };
}

const PREVIOUS_PERIOD: Readonly<Record<PeriodDays, string>> = {
  7: 'the previous week',
  30: 'the previous 30 days',
  90: 'the previous 90 days',
};

/** Alert lines for the weekly digest; none unless the summary met the threshold. */
export function digestAlerts(s: Summary): string[] {
  if (!s.enough) return [];
  const alerts: string[] = [];
  // Compared in tenths, as shown, so −0.5 exactly alerts whatever the binary fraction.
  if (s.change !== null && Math.round(s.change * 10) <= -5) {
    alerts.push(`Average fell by ${Math.abs(s.change).toFixed(1)} since ${PREVIOUS_PERIOD[s.periodDays]}`);
  }
  if (s.lowSharePct >= 40) alerts.push(`Low scores (1–2) reached ${s.lowSharePct} %`);
  return alerts;
}
