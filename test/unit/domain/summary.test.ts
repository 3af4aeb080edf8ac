import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  computeSummary,
  type DayAggregate,
  digestAlerts,
  type ScoreCounts,
  type Summary,
  type SummaryInput,
} from '../../../src/domain/summary.js';

const ZERO: ScoreCounts = [0, 0, 0, 0, 0];

/** Seven days; `filled` maps a day index to that day's counts and respondents. */
function week(filled: Record<number, [ScoreCounts, number]>): DayAggregate[] {
  return Array.from({ length: 7 }, (_, i) => {
    const [counts, respondents] = filled[i] ?? [ZERO, 0];
    return { day: `2026-03-0${i + 1}`, counts, respondents };
  });
}

function input(overrides: Partial<SummaryInput> = {}): SummaryInput {
  return {
    periodDays: 7,
    // 10 answers from 6 people on day 0: average 3.0.
    days: week({ 0: [[1, 2, 4, 2, 1], 6] }),
    respondents: 6,
    previousCounts: [0, 0, 10, 0, 0],
    previousRespondents: 6,
    members: 12,
    k: 5,
    ...overrides,
  };
}

function enough(s: Summary): Extract<Summary, { enough: true }> {
  if (!s.enough) throw new Error('summary did not meet the threshold');
  return s;
}

describe('computeSummary: the anonymity threshold', () => {
  it('shows nothing but the period and k with one respondent fewer than k', () => {
    assert.deepEqual(computeSummary(input({ respondents: 4 })), { enough: false, periodDays: 7, k: 5 });
  });

  it('shows the summary with exactly k respondents', () => {
    assert.equal(computeSummary(input({ respondents: 5 })).enough, true);
  });

  it('raises a threshold below 3 to 3', () => {
    assert.deepEqual(computeSummary(input({ respondents: 2, k: 1 })), { enough: false, periodDays: 7, k: 3 });
  });

  it('shows nothing when the threshold is not a number', () => {
    assert.equal(computeSummary(input({ k: Number.NaN, respondents: 1000 })).enough, false);
  });

  it('shows nothing when there are respondents but no answers', () => {
    assert.equal(computeSummary(input({ days: week({}) })).enough, false);
  });
});

describe('computeSummary: the figures', () => {
  it('counts every answer of the period', () => {
    const s = enough(
      computeSummary(input({ days: week({ 0: [[1, 2, 4, 2, 1], 6], 3: [[0, 1, 1, 1, 0], 3] }) })),
    );
    assert.equal(s.checkins, 13);
    assert.deepEqual(s.distribution, [1, 3, 5, 3, 1]);
  });

  it('reports the respondents it was given', () => {
    assert.equal(enough(computeSummary(input({ respondents: 7 }))).respondents, 7);
  });

  it('rounds the average half away from zero (4.25 → 4.3)', () => {
    assert.equal(enough(computeSummary(input({ days: week({ 0: [[0, 0, 0, 3, 1], 6] }) }))).average, 4.3);
  });

  it('rounds 4.35 up although 4.35 × 10 is 43.4999… in floating point', () => {
    assert.equal(enough(computeSummary(input({ days: week({ 0: [[0, 0, 0, 13, 7], 6] }) }))).average, 4.4);
  });

  it('gives the share of 1s and 2s as a whole percent', () => {
    // 3 of 10 answers are low.
    assert.equal(enough(computeSummary(input())).lowSharePct, 30);
  });

  it('rounds the low share half up', () => {
    // 1 of 8 = 12.5 %.
    assert.equal(enough(computeSummary(input({ days: week({ 0: [[1, 0, 7, 0, 0], 6] }) }))).lowSharePct, 13);
  });

  it('gives participation as a whole percent of the members', () => {
    // 5 of 8 = 62.5 %.
    assert.equal(enough(computeSummary(input({ respondents: 5, members: 8 }))).participationPct, 63);
  });

  it('caps participation at 100 % when people have since left the channel', () => {
    assert.equal(enough(computeSummary(input({ respondents: 12, members: 10 }))).participationPct, 100);
  });

  it('leaves participation out when the members are unknown', () => {
    assert.equal(enough(computeSummary(input({ members: 0 }))).participationPct, null);
  });

  it('gives the change against the previous period', () => {
    // 3.0 now, 3.5 before.
    assert.equal(enough(computeSummary(input({ previousCounts: [0, 0, 1, 1, 0] }))).change, -0.5);
  });

  it('computes the change from exact averages, rounded once', () => {
    // Now 17/4 = 4.25; before 4.0: the change is 0.25 → 0.3.
    const s = computeSummary(
      input({ days: week({ 0: [[0, 0, 0, 3, 1], 6] }), previousCounts: [0, 0, 0, 5, 0] }),
    );
    assert.equal(enough(s).change, 0.3);
  });

  it('leaves the change out when the previous period had fewer than k respondents', () => {
    assert.equal(enough(computeSummary(input({ previousRespondents: 4 }))).change, null);
  });

  it('gives the change with exactly k previous respondents', () => {
    assert.equal(enough(computeSummary(input({ previousRespondents: 5 }))).change, 0);
  });

  it('leaves the change out when the previous period had no answers', () => {
    assert.equal(enough(computeSummary(input({ previousCounts: ZERO }))).change, null);
  });
});

describe('computeSummary: the trend', () => {
  const days = week({ 0: [[0, 0, 5, 0, 0], 5], 1: [[0, 0, 0, 4, 0], 4], 2: [[1, 0, 0, 0, 5], 6] });

  it('averages each day with at least k respondents and blanks the others', () => {
    assert.deepEqual(enough(computeSummary(input({ days }))).trend, [3, null, 4.3, null, null, null, null]);
  });

  it('draws the trend with gaps for blank days', () => {
    assert.equal(enough(computeSummary(input({ days }))).sparkline, '▅·▇····');
  });

  it('has one point per day of the period', () => {
    assert.equal(enough(computeSummary(input())).trend.length, 7);
  });
});

describe('digestAlerts', () => {
  it('raises nothing for a summary below the threshold', () => {
    assert.deepEqual(digestAlerts({ enough: false, periodDays: 7, k: 5 }), []);
  });

  it('raises nothing for a steady week', () => {
    assert.deepEqual(digestAlerts(computeSummary(input())), []);
  });

  it('alerts when the average fell by exactly 0.5', () => {
    assert.deepEqual(digestAlerts(computeSummary(input({ previousCounts: [0, 0, 1, 1, 0] }))), [
      'Average fell by 0.5 since the previous week',
    ]);
  });

  it('does not alert when the average fell by 0.4', () => {
    // 3.0 now, 3.4 before.
    assert.deepEqual(digestAlerts(computeSummary(input({ previousCounts: [0, 0, 3, 2, 0] }))), []);
  });

  it('does not alert when the average rose by 0.5', () => {
    assert.deepEqual(digestAlerts(computeSummary(input({ previousCounts: [0, 1, 1, 0, 0] }))), []);
  });

  it('names the period for a 30-day summary', () => {
    const s = computeSummary(input({ periodDays: 30, previousCounts: [0, 0, 0, 1, 0] }));
    assert.deepEqual(digestAlerts(s), ['Average fell by 1.0 since the previous 30 days']);
  });

  it('alerts when low scores reach exactly 40 %', () => {
    // 4 of 10 answers are low; previous period equal, so no change alert.
    const days = week({ 0: [[2, 2, 2, 2, 2], 6] });
    assert.deepEqual(digestAlerts(computeSummary(input({ days, previousCounts: [2, 2, 2, 2, 2] }))), [
      'Low scores (1–2) reached 40 %',
    ]);
  });

  it('does not alert when low scores are 39 %', () => {
    // 39 of 100 answers are low, average 3.0 as before.
    const days = week({ 0: [[0, 39, 22, 39, 0], 6] });
    assert.deepEqual(digestAlerts(computeSummary(input({ days, previousCounts: [0, 0, 1, 0, 0] }))), []);
  });

  it('raises both alerts together', () => {
    const days = week({ 0: [[3, 2, 0, 0, 0], 6] });
    assert.deepEqual(digestAlerts(computeSummary(input({ days, previousCounts: [0, 0, 0, 1, 0] }))), [
      'Average fell by 2.6 since the previous week',
      'Low scores (1–2) reached 100 %',
    ]);
  });
});
