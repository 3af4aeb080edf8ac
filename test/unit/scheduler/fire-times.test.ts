import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type CronSpec, parseCron } from '../../../src/domain/cron.js';
import { offsetAt } from '../../../src/domain/timezone.js';
import { CRON_SCAN_LIMIT_MS, fireTimesBetween, nextFireTimes } from '../../../src/scheduler/fire-times.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

function spec(expr: string): CronSpec {
  const r = parseCron(expr);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

const utc = (y: number, mo: number, d: number, h = 0, mi = 0): number => Date.UTC(y, mo - 1, d, h, mi);

/** The next `count` fire times in UTC after `from`, as ISO minutes (`2026-01-05T07:00`). */
const next = (expr: string, from: number, count: number): string[] =>
  nextFireTimes(spec(expr), 'UTC', from, count).map((t) => new Date(t).toISOString().slice(0, 16));

describe('what a schedule fires on', () => {
  it('expands lists, ranges and steps', () => {
    assert.deepEqual(next('*/15 7,15,23 1-5 1-12/4 *', utc(2026, 1, 5, 15, 40), 4), [
      '2026-01-05T15:45',
      '2026-01-05T23:00',
      '2026-01-05T23:15',
      '2026-01-05T23:30',
    ]);
    assert.deepEqual(next('0 7 1-5 1-12/4 *', utc(2026, 1, 5, 8), 2), [
      '2026-05-01T07:00',
      '2026-05-02T07:00',
    ]);
  });

  it('steps through a range', () => {
    assert.deepEqual(next('1-30/5 * * * *', utc(2026, 1, 5, 7, 20), 3), [
      '2026-01-05T07:21',
      '2026-01-05T07:26',
      '2026-01-05T08:01',
    ]);
  });

  it('reads a start with a step as running to the end of the field', () => {
    assert.deepEqual(next('50/5 * * * *', utc(2026, 1, 5, 7), 3), [
      '2026-01-05T07:50',
      '2026-01-05T07:55',
      '2026-01-05T08:50',
    ]);
  });

  it('reads month names in any case', () => {
    assert.deepEqual(next('0 9 1 jan,Mar-MAY *', utc(2026, 1, 1, 10), 4), [
      '2026-03-01T09:00',
      '2026-04-01T09:00',
      '2026-05-01T09:00',
      '2027-01-01T09:00',
    ]);
  });

  it('reads weekday names in any case', () => {
    // 2026-03-06 is a Friday.
    assert.deepEqual(next('0 9 * * mon-FRI', utc(2026, 3, 6, 10), 2), [
      '2026-03-09T09:00',
      '2026-03-10T09:00',
    ]);
  });

  it('treats weekday 7 as Sunday', () => {
    assert.deepEqual(next('0 9 * * 5-7', utc(2026, 3, 5, 10), 4), [
      '2026-03-06T09:00',
      '2026-03-07T09:00',
      '2026-03-08T09:00',
      '2026-03-13T09:00',
    ]);
    assert.deepEqual(next('0 9 * * 7', utc(2026, 2, 27), 1), ['2026-03-01T09:00']);
  });

  // The rule the README states: as in Unix (Vixie) cron.
  it('fires on either day rule when both day fields are restricted', () => {
    // Monday 2 March, Wednesday 1 April, then the Mondays of April.
    assert.deepEqual(next('0 9 1 * MON', utc(2026, 3, 1, 10), 3), [
      '2026-03-02T09:00',
      '2026-03-09T09:00',
      '2026-03-16T09:00',
    ]);
    assert.deepEqual(next('0 9 1 * MON', utc(2026, 3, 30, 10), 2), ['2026-04-01T09:00', '2026-04-06T09:00']);
  });

  it('needs both day rules when the day of month starts with *', () => {
    // Odd days that are Mondays: 9 March, 23 March, 13 April.
    assert.deepEqual(next('0 9 */2 * MON', utc(2026, 3, 1), 3), [
      '2026-03-09T09:00',
      '2026-03-23T09:00',
      '2026-04-13T09:00',
    ]);
  });

  it('fires on the named months only', () => {
    assert.deepEqual(next('0 9 1 NOV,DEC *', utc(2026, 6, 1), 2), ['2026-11-01T09:00', '2026-12-01T09:00']);
  });
});

describe('fireTimesBetween', () => {
  it('fires three times a day for a shift schedule in London winter', () => {
    assert.deepEqual(
      fireTimesBetween(spec('0 7,15,23 * * *'), 'Europe/London', utc(2026, 1, 5), utc(2026, 1, 6)),
      [utc(2026, 1, 5, 7), utc(2026, 1, 5, 15), utc(2026, 1, 5, 23)],
    );
  });

  it('fires an hour earlier in UTC in London summer', () => {
    assert.deepEqual(
      fireTimesBetween(spec('0 7,15,23 * * *'), 'Europe/London', utc(2026, 7, 1), utc(2026, 7, 2)),
      [utc(2026, 7, 1, 6), utc(2026, 7, 1, 14), utc(2026, 7, 1, 22)],
    );
  });

  it('excludes the start of the window and includes its end', () => {
    const s = spec('0 7 * * *');
    assert.deepEqual(fireTimesBetween(s, 'UTC', utc(2026, 1, 5, 7), utc(2026, 1, 6, 7)), [
      utc(2026, 1, 6, 7),
    ]);
  });

  it('fires every 15 minutes, twice in a 30-minute window', () => {
    assert.deepEqual(
      fireTimesBetween(
        spec('*/15 * * * *'),
        'Europe/London',
        utc(2026, 5, 1, 12, 10),
        utc(2026, 5, 1, 12, 40),
      ),
      [utc(2026, 5, 1, 12, 15), utc(2026, 5, 1, 12, 30)],
    );
  });

  it('returns whole minutes even when the window does not start on one', () => {
    const from = utc(2026, 5, 1, 12, 0) + 30_000;
    assert.deepEqual(fireTimesBetween(spec('* * * * *'), 'UTC', from, from + 2 * MINUTE), [
      utc(2026, 5, 1, 12, 1),
      utc(2026, 5, 1, 12, 2),
    ]);
  });

  it('returns nothing for an empty or reversed window', () => {
    assert.deepEqual(fireTimesBetween(spec('* * * * *'), 'UTC', utc(2026, 1, 1), utc(2026, 1, 1)), []);
    assert.deepEqual(fireTimesBetween(spec('* * * * *'), 'UTC', utc(2026, 1, 2), utc(2026, 1, 1)), []);
  });

  it('skips 01:30 on the day it does not exist in London (2026-03-29)', () => {
    assert.deepEqual(
      fireTimesBetween(spec('30 1 * * *'), 'Europe/London', utc(2026, 3, 28), utc(2026, 3, 31)),
      [utc(2026, 3, 28, 1, 30), utc(2026, 3, 30, 0, 30)],
    );
  });

  it('fires 01:30 once, at its first occurrence, when London falls back (2026-10-25)', () => {
    assert.deepEqual(
      fireTimesBetween(spec('30 1 * * *'), 'Europe/London', utc(2026, 10, 24, 12), utc(2026, 10, 25, 12)),
      [utc(2026, 10, 25, 0, 30)],
    );
  });

  it('fires every minute of the repeated hour once when London falls back', () => {
    const fires = fireTimesBetween(
      spec('* 1 * * *'),
      'Europe/London',
      utc(2026, 10, 24, 23),
      utc(2026, 10, 25, 3),
    );
    assert.equal(fires.length, 60);
    assert.equal(fires[0], utc(2026, 10, 25, 0, 0));
    assert.equal(fires[59], utc(2026, 10, 25, 0, 59));
  });

  it('still fires the morning shift on the day London springs forward', () => {
    assert.deepEqual(
      fireTimesBetween(spec('0 7 * * *'), 'Europe/London', utc(2026, 3, 29), utc(2026, 3, 29, 12)),
      [utc(2026, 3, 29, 6)],
    );
  });

  it('skips 02:30 on the day it does not exist in New York (2026-03-08)', () => {
    assert.deepEqual(
      fireTimesBetween(spec('30 2 * * *'), 'America/New_York', utc(2026, 3, 7), utc(2026, 3, 10)),
      [utc(2026, 3, 7, 7, 30), utc(2026, 3, 9, 6, 30)],
    );
  });

  it('fires 01:30 once when New York falls back (2026-11-01)', () => {
    assert.deepEqual(
      fireTimesBetween(spec('30 1 * * *'), 'America/New_York', utc(2026, 10, 31, 12), utc(2026, 11, 2, 12)),
      [utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)],
    );
  });

  it('fires 01:45 once in the 30-minute fold of Lord Howe Island (2026-04-05)', () => {
    assert.deepEqual(
      fireTimesBetween(spec('45 1 * * *'), 'Australia/Lord_Howe', utc(2026, 4, 4, 12), utc(2026, 4, 4, 18)),
      [utc(2026, 4, 4, 14, 45)],
    );
  });

  it('fires 01:15 on Lord Howe Island on fall-back day too, before the fold', () => {
    assert.deepEqual(
      fireTimesBetween(spec('15 1 * * *'), 'Australia/Lord_Howe', utc(2026, 4, 4, 12), utc(2026, 4, 4, 18)),
      [utc(2026, 4, 4, 14, 15)],
    );
  });

  it('skips 02:15 in the 30-minute gap of Lord Howe Island (2026-10-04) but fires 02:45', () => {
    const window = [utc(2026, 10, 3, 12), utc(2026, 10, 3, 18)] as const;
    assert.deepEqual(fireTimesBetween(spec('15 2 * * *'), 'Australia/Lord_Howe', ...window), []);
    assert.deepEqual(fireTimesBetween(spec('45 2 * * *'), 'Australia/Lord_Howe', ...window), [
      utc(2026, 10, 3, 15, 45),
    ]);
  });

  it('knows about a fold that began before the window', () => {
    // The window starts inside London's repeated hour, after 01:30 first happened.
    assert.deepEqual(
      fireTimesBetween(spec('30 1 * * *'), 'Europe/London', utc(2026, 10, 25, 1, 0), utc(2026, 10, 25, 2, 0)),
      [],
    );
  });

  it('scans at most 366 days of a longer window', () => {
    const fires = fireTimesBetween(spec('0 0 1 1 *'), 'UTC', utc(2026, 1, 1), utc(2030, 1, 1));
    assert.deepEqual(fires, [utc(2027, 1, 1)]);
    assert.equal(CRON_SCAN_LIMIT_MS, 366 * DAY);
  });

  it('agrees with a minute-by-minute reading of the wall clock', () => {
    // Oracle: t fires when its wall time matches and that wall time was not already seen.
    // Each zone with a day on which its clocks change (Kolkata never changes).
    const cases: [string, number][] = [
      ['Europe/London', utc(2026, 3, 29)],
      ['Europe/London', utc(2026, 10, 25)],
      ['America/New_York', utc(2026, 3, 8)],
      ['America/New_York', utc(2026, 11, 1)],
      ['Australia/Lord_Howe', utc(2026, 4, 5)],
      ['Australia/Lord_Howe', utc(2026, 10, 4)],
      ['America/Santiago', utc(2026, 9, 6)],
      ['America/Santiago', utc(2026, 4, 5)],
      ['Asia/Kolkata', utc(2026, 3, 29)],
    ];
    const field = (max: number) =>
      fc.oneof(
        fc.constant('*'),
        fc.integer({ min: 0, max }).map(String),
        fc.constantFrom('*/15', '*/7', '1-5'),
      );
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.integer({ min: -36, max: 12 }),
        fc.tuple(field(59), field(23)),
        ([zone, around], shiftHours, [minute, hour]) => {
          const s = spec(`${minute} ${hour} * * *`);
          const has = (field: string, v: number) =>
            field === '*' ||
            (field.startsWith('*/') && v % Number(field.slice(2)) === 0) ||
            (field === '1-5' && v >= 1 && v <= 5) ||
            field === String(v);
          const matches = (wall: number) =>
            has(minute, new Date(wall).getUTCMinutes()) && has(hour, new Date(wall).getUTCHours());
          const from = around + shiftHours * HOUR;
          const to = from + 24 * HOUR;
          const seen = new Set<number>();
          for (let t = from - 4 * HOUR; t <= from; t += MINUTE) seen.add(t + offsetAt(t, zone));
          const expected: number[] = [];
          for (let t = from + MINUTE; t <= to; t += MINUTE) {
            const wall = t + offsetAt(t, zone);
            if (!seen.has(wall) && matches(wall)) expected.push(t);
            seen.add(wall);
          }
          assert.deepEqual(fireTimesBetween(s, zone, from, to), expected);
        },
      ),
      { numRuns: 60, seed: 20260329 },
    );
  });
});

describe('nextFireTimes', () => {
  it('lists the next shift prompts in order', () => {
    assert.deepEqual(nextFireTimes(spec('0 7,15,23 * * *'), 'Europe/London', utc(2026, 1, 5, 12), 4), [
      utc(2026, 1, 5, 15),
      utc(2026, 1, 5, 23),
      utc(2026, 1, 6, 7),
      utc(2026, 1, 6, 15),
    ]);
  });

  it('skips the weekend for a weekday schedule', () => {
    // 2026-03-06 is a Friday.
    assert.deepEqual(nextFireTimes(spec('0 9 * * MON-FRI'), 'UTC', utc(2026, 3, 6, 10), 1), [
      utc(2026, 3, 9, 9),
    ]);
  });

  it('skips a wall time lost to spring forward', () => {
    assert.deepEqual(nextFireTimes(spec('30 1 * * *'), 'Europe/London', utc(2026, 3, 28, 12), 1), [
      utc(2026, 3, 30, 0, 30),
    ]);
  });

  it('finds 29 February within the next year', () => {
    assert.deepEqual(nextFireTimes(spec('0 9 29 2 *'), 'UTC', utc(2027, 3, 1), 1), [utc(2028, 2, 29, 9)]);
  });

  it('gives up after 366 days', () => {
    assert.deepEqual(nextFireTimes(spec('0 9 29 2 *'), 'UTC', utc(2026, 3, 1), 1), []);
  });

  it('gives nothing for a count of zero', () => {
    assert.deepEqual(nextFireTimes(spec('* * * * *'), 'UTC', utc(2026, 1, 1), 0), []);
  });

  it('gives the same instants as fireTimesBetween', () => {
    const s = spec('*/20 6-9 * * 1,3,5');
    const from = utc(2026, 3, 1);
    const next = nextFireTimes(s, 'America/New_York', from, 50);
    assert.equal(next.length, 50);
    assert.deepEqual(fireTimesBetween(s, 'America/New_York', from, next[49] ?? 0), next);
  });
});
