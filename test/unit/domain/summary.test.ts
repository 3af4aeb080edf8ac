import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Counts, SettledPart } from '../../../src/domain/release.js';
import { viewFor } from '../../../src/domain/release.js';
import { digestAlerts, type Summary, summaryFromView } from '../../../src/domain/summary.js';

const DAY = 86_400_000;
const NOW = 100 * DAY + 2 * 3_600_000;

/** A settled day part `daysAgo` days before today (released to everyone unless `withheld`). */
function day(daysAgo: number, dist: Counts, o: Partial<SettledPart> = {}): SettledPart {
  const start = 100 * DAY - (daysAgo + 1) * DAY;
  return {
    id: `d${daysAgo}`,
    cell: 'day',
    part: 'whole',
    start,
    end: start + DAY,
    at: start + DAY + 3_600_000,
    from: `d${daysAgo}`,
    to: `d${daysAgo}`,
    people: dist.reduce((a, b) => a + b, 0),
    members: 12,
    n: dist.reduce((a, b) => a + b, 0),
    dist,
    base: true,
    robust: true,
    why: '',
    ...o,
  };
}

const summary = (parts: SettledPart[], periodDays: 7 | 30 = 7): Summary =>
  summaryFromView(viewFor(parts, { since: 0, flips: new Set() }, NOW, periodDays), periodDays, 5);

function enough(s: Summary): Extract<Summary, { enough: true }> {
  if (!s.enough) throw new Error('nothing was shown');
  return s;
}

describe('a summary from released parts', () => {
  it('shows nothing, with the count of parts left out, when no part was released', () => {
    const s = summary([day(0, [0, 0, 4, 0, 0], { base: false, robust: false, why: 'few' })]);
    assert.deepEqual(s, {
      enough: false,
      periodDays: 7,
      k: 5,
      withheld: { total: 1, few: 1, fewPrivate: 0, onePerson: 0 },
    });
  });

  it('sums the shown parts and takes the lower median of their people', () => {
    const s = enough(summary([day(0, [0, 0, 6, 0, 0]), day(1, [1, 0, 0, 4, 0]), day(2, [0, 0, 0, 0, 8])]));
    assert.equal(s.checkins, 19);
    assert.equal(s.respondents, 6, 'the lower median of 5, 6 and 8');
    assert.deepEqual(s.distribution, [1, 0, 6, 4, 8]);
    assert.equal(s.trend.length, 3);
  });

  it('rounds the average half away from zero (4.25 → 4.3, and 4.35 → 4.4 despite floating point)', () => {
    assert.equal(enough(summary([day(0, [0, 0, 0, 3, 1])])).average, 4.3);
    assert.equal(enough(summary([day(0, [0, 0, 0, 13, 7])])).average, 4.4);
  });

  it('gives the low share as a whole percent, rounded half up', () => {
    assert.equal(enough(summary([day(0, [1, 0, 6, 1, 0])])).lowSharePct, 13); // 12.5 %
  });

  it('gives the change only when the previous period also shows something', () => {
    assert.equal(enough(summary([day(0, [0, 0, 5, 0, 0])])).change, null);
    assert.equal(enough(summary([day(0, [0, 0, 5, 0, 0]), day(8, [0, 0, 0, 5, 0])])).change, -1);
    const withheldBefore = day(8, [0, 0, 0, 5, 0], { base: false, robust: false, why: 'few' });
    assert.equal(enough(summary([day(0, [0, 0, 5, 0, 0]), withheldBefore])).change, null);
  });
});

describe('digestAlerts', () => {
  it('raises nothing when nothing is shown, nor for a steady week', () => {
    assert.deepEqual(digestAlerts(summary([])), []);
    assert.deepEqual(digestAlerts(summary([day(0, [0, 0, 5, 0, 0]), day(8, [0, 0, 5, 0, 0])])), []);
  });

  it('alerts when the average fell by exactly 0.5, and not by 0.4', () => {
    const fell = summary([day(0, [0, 0, 10, 0, 0]), day(8, [0, 0, 1, 1, 0])]);
    assert.deepEqual(digestAlerts(fell), ['Average fell by 0.5 since the previous week']);
    const less = summary([day(0, [0, 0, 10, 0, 0]), day(8, [0, 0, 3, 2, 0])]);
    assert.deepEqual(digestAlerts(less), []);
  });

  it('alerts when low scores reach 40 %', () => {
    assert.deepEqual(digestAlerts(summary([day(0, [2, 0, 3, 0, 0])])), ['Low scores (1–2) reached 40 %']);
  });

  it('names the period for a 30-day summary', () => {
    const s = summary([day(0, [0, 0, 5, 0, 0]), day(31, [0, 0, 0, 5, 0])], 30);
    assert.deepEqual(digestAlerts(s), ['Average fell by 1.0 since the previous 30 days']);
  });
});
