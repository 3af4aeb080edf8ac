import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SettledPart } from '../../../src/domain/release.js';
import { cellAverage, periodLabel, shownCellOf } from '../../../src/domain/shown-cell.js';

const part = (over: Partial<SettledPart>): SettledPart => ({
  id: 'p1',
  cell: 'day',
  part: 'whole',
  start: Date.UTC(2026, 10, 23),
  end: Date.UTC(2026, 10, 24),
  at: Date.UTC(2026, 10, 24, 1),
  from: '2026-11-23',
  to: '2026-11-23',
  people: 6,
  members: 9,
  n: 7,
  dist: [0, 1, 3, 2, 1],
  base: true,
  robust: true,
  why: '',
  ...over,
});

describe('periodLabel', () => {
  it('names a day, a Monday-to-Sunday week and a longer span', () => {
    assert.equal(periodLabel('2026-11-23', '2026-11-23'), 'Mon 23 Nov');
    assert.equal(periodLabel('2026-11-23', '2026-11-29'), 'week of 23 Nov');
    assert.equal(periodLabel('2026-11-23', '2026-12-20'), '23 Nov – 20 Dec');
  });
});

describe('shownCellOf', () => {
  it('carries a released whole day as a day cell with its figures and nothing else', () => {
    assert.deepEqual(shownCellOf(part({})), {
      start: Date.UTC(2026, 10, 23),
      end: Date.UTC(2026, 10, 24),
      label: 'Mon 23 Nov',
      kind: 'day',
      people: 6,
      members: 9,
      checkins: 7,
      dist: [0, 1, 3, 2, 1],
    });
  });

  it("calls a day's public part a part and a remainder the private answers of its week", () => {
    assert.equal(shownCellOf(part({ part: 'public' })).kind, 'part');
    const rem = shownCellOf(part({ cell: 'rem', part: 'rem', from: '2026-11-23', to: '2026-11-29' }));
    assert.equal(rem.kind, 'remainder');
    assert.equal(rem.label, 'week of 23 Nov (private answers)');
  });

  it('keeps the average the release model computes from the same counts', () => {
    const c = shownCellOf(part({}));
    assert.equal(cellAverage(c.dist, c.checkins), (2 + 9 + 8 + 5) / 7);
  });
});
