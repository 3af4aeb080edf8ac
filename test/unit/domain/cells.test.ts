import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cellAt, type GridSegment, remainderOf, shiftDateOf, withChange } from '../../../src/domain/cells.js';
import { firstInstantAtOrAfterWall } from '../../../src/domain/timezone.js';

const H = 3_600_000;
const utcDay: GridSegment = { from: 0, tz: 'UTC', pooling: 'day', dayStartMin: 0 };
const at = (iso: string) => Date.parse(iso);

describe('cells', () => {
  it('cuts a day channel at local midnight', () => {
    const c = cellAt([{ ...utcDay, tz: 'Europe/London' }], at('2026-07-01T12:00:00Z'));
    assert.deepEqual(c, { kind: 'day', start: at('2026-06-30T23:00:00Z'), end: at('2026-07-01T23:00:00Z') });
  });

  it('makes the day clocks go forward 23 hours long, and the day they go back 25', () => {
    const london = [{ ...utcDay, tz: 'Europe/London' }];
    const spring = cellAt(london, at('2026-03-29T12:00:00Z'));
    assert.equal(spring.end - spring.start, 23 * H);
    const autumn = cellAt(london, at('2026-10-25T12:00:00Z'));
    assert.equal(autumn.end - autumn.start, 25 * H);
  });

  it('moves a boundary a clock change skips to the moment the clock jumps, and takes a repeated one first', () => {
    // 01:30 on 29 March 2026 does not exist in London: the clocks jump from 01:00 to 02:00 GMT+1 at 01:00 UTC.
    assert.equal(
      firstInstantAtOrAfterWall(at('2026-03-29T01:30:00Z'), 'Europe/London'),
      at('2026-03-29T01:00:00Z'),
    );
    // 01:30 on 25 October 2026 happens twice: first at 00:30 UTC (BST), then at 01:30 UTC (GMT).
    assert.equal(
      firstInstantAtOrAfterWall(at('2026-10-25T01:30:00Z'), 'Europe/London'),
      at('2026-10-25T00:30:00Z'),
    );
  });

  it('keeps a night shift in the shift-day it started in when days start at 07:00', () => {
    const grid = [{ ...utcDay, dayStartMin: 7 * 60 }];
    const lateEvening = cellAt(grid, at('2026-11-23T23:00:00Z'));
    const smallHours = cellAt(grid, at('2026-11-24T02:00:00Z'));
    assert.deepEqual(lateEvening, smallHours);
    assert.equal(lateEvening.start, at('2026-11-23T07:00:00Z'));
    assert.equal(shiftDateOf(grid, at('2026-11-24T02:00:00Z')), '2026-11-23');
  });

  it('pools a week from Monday to Sunday, and a day’s remainder is its week', () => {
    const weekly = [{ ...utcDay, pooling: 'week' as const }];
    const c = cellAt(weekly, at('2026-11-26T10:00:00Z')); // a Thursday
    assert.deepEqual(c, { kind: 'week', start: at('2026-11-23T00:00:00Z'), end: at('2026-11-30T00:00:00Z') });
    const day = cellAt([utcDay], at('2026-11-26T10:00:00Z'));
    assert.deepEqual(remainderOf([utcDay], day), {
      start: at('2026-11-23T00:00:00Z'),
      end: at('2026-11-30T00:00:00Z'),
    });
  });

  it('starts four-week cells on the first Monday after the change, with a first cell up to it', () => {
    const history = withChange([utcDay], at('2026-11-25T10:00:00Z'), { pooling: '4w' });
    // The change waits for the end of the day in progress (Thursday 00:00).
    assert.equal(history[1]?.from, at('2026-11-26T00:00:00Z'));
    const first = cellAt(history, at('2026-11-27T10:00:00Z'));
    assert.deepEqual(first, {
      kind: '4w',
      start: at('2026-11-26T00:00:00Z'),
      end: at('2026-11-30T00:00:00Z'),
    });
    const next = cellAt(history, at('2026-12-10T10:00:00Z'));
    assert.deepEqual(next, {
      kind: '4w',
      start: at('2026-11-30T00:00:00Z'),
      end: at('2026-12-28T00:00:00Z'),
    });
    // The day cell in progress when the change was asked for is untouched.
    assert.deepEqual(cellAt(history, at('2026-11-25T23:00:00Z')), {
      kind: 'day',
      start: at('2026-11-25T00:00:00Z'),
      end: at('2026-11-26T00:00:00Z'),
    });
  });

  it('never re-cuts: a change ends the remainder in progress and a second change before it takes effect replaces the first', () => {
    const h1 = withChange([utcDay], at('2026-11-25T10:00:00Z'), { pooling: 'week' });
    const h2 = withChange(h1, at('2026-11-25T11:00:00Z'), { tz: 'Europe/Berlin' });
    assert.equal(h2.length, 2);
    assert.deepEqual(h2[1], {
      from: at('2026-11-26T00:00:00Z'),
      tz: 'Europe/Berlin',
      pooling: 'week',
      dayStartMin: 0,
    });
    const wed = cellAt(h2, at('2026-11-25T12:00:00Z'));
    assert.deepEqual(remainderOf(h2, wed), {
      start: at('2026-11-23T00:00:00Z'),
      end: at('2026-11-26T00:00:00Z'),
    });
    // The first new cell runs from the change to the new grid's next boundary (Monday 00:00 in Berlin).
    assert.deepEqual(cellAt(h2, at('2026-11-27T12:00:00Z')), {
      kind: 'week',
      start: at('2026-11-26T00:00:00Z'),
      end: at('2026-11-29T23:00:00Z'),
    });
  });

  it('tiles time: every instant is in exactly one cell, and cells follow each other without gaps', () => {
    const zones = ['UTC', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Apia'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom('day' as const, 'week' as const, '4w' as const),
        fc.integer({ min: 0, max: 23 * 60 }),
        fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2027-01-01T00:00:00Z') }),
        (tz, pooling, dayStartMin, t) => {
          const grid = [{ from: 0, tz, pooling, dayStartMin }];
          const c = cellAt(grid, t);
          assert.ok(c.start <= t && t < c.end, 'contains the instant');
          assert.equal(cellAt(grid, c.end).start, c.end, 'the next cell starts where this one ends');
          assert.equal(cellAt(grid, c.start).start, c.start);
          assert.equal(cellAt(grid, c.end - 1).end, c.end);
        },
      ),
      { numRuns: 300 },
    );
  });
});
