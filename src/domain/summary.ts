// A lead's summary, from the settled parts released to them (domain/release.ts). Pure.
//
// Rounding is half away from zero and done on integers (4.25 → 4.3), so no binary fraction can
// tip a value the wrong way.

import type { View } from './release.js';
import { sparkline } from './sparkline.js';

export type PeriodDays = 7 | 30 | 90;

export interface Withheld {
  /** Settled parts of the period left out for this viewer. */
  total: number;
  few: number;
  fewPrivate: number;
  onePerson: number;
}

/** A shown part's dates (YYYY-MM-DD) and what it is. */
export interface ShownPart {
  from: string;
  to: string;
  part: 'whole' | 'public' | 'rem';
}

export type Summary =
  | { enough: false; periodDays: PeriodDays; k: number; withheld: Withheld }
  | {
      enough: true;
      periodDays: PeriodDays;
      /** Lower median of the people in each shown part. */
      respondents: number;
      /** Lower median of people ÷ members per shown part, percent; null when members are unknown. */
      participationPct: number | null;
      checkins: number;
      /** One decimal. */
      average: number;
      distribution: [number, number, number, number, number];
      /** Integer percent of answers that were 1 or 2. */
      lowSharePct: number;
      /** Average minus the previous period's average, one decimal; null when either shows nothing. */
      change: number | null;
      /** Average per shown part, one decimal, oldest first. */
      trend: (number | null)[];
      sparkline: string;
      withheld: Withheld;
      parts: ShownPart[];
    };

/** No threshold below this is honoured, whatever the configuration says. */
const MIN_GROUP_FLOOR = 3;

/** The threshold in force (never below the floor; fail closed on nonsense). */
export function effectiveK(k: number): number {
  if (Number.isNaN(k)) return Number.POSITIVE_INFINITY;
  return Math.max(MIN_GROUP_FLOOR, Math.ceil(k));
}

/** A lead's summary from what the release rules let them see (domain/release.ts). */
export function summaryFromView(view: View, periodDays: PeriodDays, k: number): Summary {
  const withheld = { ...view.withheld };
  if (!view.figures) return { enough: false, periodDays, k: effectiveK(k), withheld };
  const f = view.figures;
  return {
    enough: true,
    periodDays,
    respondents: f.respondents,
    participationPct: f.participationPct,
    checkins: f.checkins,
    average: f.average,
    distribution: [...f.dist],
    lowSharePct: f.lowSharePct,
    change: view.change,
    trend: view.trend,
    sparkline: sparkline(view.trend),
    withheld,
    parts: view.shown.map((p) => ({ from: p.from, to: p.to, part: p.part })),
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
