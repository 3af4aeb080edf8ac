import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DayAggregate, ScoreCounts, SummaryInput } from '../../../src/domain/summary.js';
import { addDays, periodDays, summaryExcludingViewer } from '../../../src/services/summaries.js';

const day = (d: string, counts: ScoreCounts, respondents: number): DayAggregate => ({
  day: d,
  counts,
  respondents,
});

function input(o: Partial<SummaryInput> = {}): SummaryInput {
  return {
    periodDays: 7,
    days: [
      day('2026-11-19', [0, 0, 0, 0, 0], 0),
      day('2026-11-20', [0, 0, 0, 0, 0], 0),
      day('2026-11-21', [0, 0, 0, 0, 0], 0),
      day('2026-11-22', [0, 0, 0, 0, 0], 0),
      day('2026-11-23', [0, 0, 0, 0, 0], 0),
      day('2026-11-24', [0, 0, 0, 0, 0], 0),
      day('2026-11-25', [1, 0, 1, 2, 1], 5),
    ],
    respondents: 5,
    previousCounts: [0, 0, 0, 5, 0],
    previousRespondents: 5,
    members: 10,
    k: 5,
    ...o,
  };
}
const none = { days: [false, false, false, false, false, false, false], previous: false };
const onLastDay = { days: [false, false, false, false, false, false, true], previous: false };

describe('period days', () => {
  it('counts calendar days across a month and a year', () => {
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(addDays('2025-12-31', 1), '2026-01-01');
  });

  it('gives the n days ending today and the n days before them, oldest first', () => {
    const { days, previousDays } = periodDays('2026-11-25', 7);
    assert.deepEqual(days, [
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
    ]);
    assert.equal(previousDays[0], '2026-11-12');
    assert.equal(previousDays[6], '2026-11-18');
  });

  it('keeps whole days across a daylight-saving change', () => {
    assert.equal(new Set(periodDays('2026-03-30', 30).days).size, 30);
    assert.equal(periodDays('2026-03-30', 30).days[0], '2026-03-01');
  });
});

describe('a summary as its viewer may see it', () => {
  it('shows the team numbers when k people other than the viewer answered', () => {
    const s = summaryExcludingViewer(input(), none);
    assert.equal(s.enough, true);
    if (!s.enough) return;
    assert.equal(s.respondents, 5);
    assert.equal(s.average, 3.4);
    assert.equal(s.participationPct, 50);
  });

  it("does not count the viewer's own answer towards k", () => {
    const s = summaryExcludingViewer(input(), onLastDay);
    assert.deepEqual(s, { enough: false, periodDays: 7, k: 5 });
  });

  it('still shows the full team totals, the viewer included, once others reach k', () => {
    const six = input({
      respondents: 6,
      days: input().days.map((d, i) => (i === 6 ? day(d.day, [1, 0, 1, 3, 1], 6) : d)),
    });
    const s = summaryExcludingViewer(six, onLastDay);
    assert.equal(s.enough, true);
    if (!s.enough) return;
    assert.equal(s.respondents, 6);
    assert.equal(s.checkins, 6);
    assert.equal(s.trend[6], 3.5); // the day had five others
  });

  it('blanks a day of the trend that only reaches k with the viewer', () => {
    const days = input().days.map((d, i) =>
      i === 5 ? day(d.day, [0, 0, 0, 5, 0], 5) : i === 6 ? day(d.day, [1, 0, 1, 2, 2], 6) : d,
    );
    const s = summaryExcludingViewer(input({ days, respondents: 7 }), {
      days: [false, false, false, false, false, true, false],
      previous: false,
    });
    assert.equal(s.enough, true);
    if (!s.enough) return;
    assert.equal(s.trend[5], null);
    assert.notEqual(s.trend[6], null);
  });

  it('gives no change when the previous period reaches k only with the viewer', () => {
    const s = summaryExcludingViewer(input(), { days: none.days, previous: true });
    assert.equal(s.enough, true);
    if (!s.enough) return;
    assert.equal(s.change, null);
    const without = summaryExcludingViewer(input(), none);
    assert.equal(without.enough && without.change, -0.6); // …and one when it reaches k without them
  });
});
