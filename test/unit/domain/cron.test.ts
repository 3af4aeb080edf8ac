import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  CRON_SCAN_LIMIT_MS,
  type CronSpec,
  cronMatches,
  fireTimesBetween,
  nextFireTimes,
  parseCron,
} from '../../../src/domain/cron.js';
import { localParts, offsetAt } from '../../../src/domain/timezone.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

function spec(expr: string): CronSpec {
  const r = parseCron(expr);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

function reason(expr: string): string {
  const r = parseCron(expr);
  if (r.ok) throw new Error(`${expr} parsed`);
  return r.reason;
}

const utc = (y: number, mo: number, d: number, h = 0, mi = 0): number => Date.UTC(y, mo - 1, d, h, mi);

/** Fires on day `d` (local parts). */
function parts(y: number, mo: number, d: number, h = 0, mi = 0) {
  return localParts(Date.UTC(y, mo - 1, d, h, mi), 'UTC');
}

describe('parseCron', () => {
  it('expands lists, ranges and steps', () => {
    const s = spec('*/15 7,15,23 1-5 1-12/4 *');
    assert.deepEqual(s.minutes, [0, 15, 30, 45]);
    assert.deepEqual(s.hours, [7, 15, 23]);
    assert.deepEqual(s.daysOfMonth, [1, 2, 3, 4, 5]);
    assert.deepEqual(s.months, [1, 5, 9]);
  });

  it('steps through a range', () => {
    assert.deepEqual(spec('1-30/5 * * * *').minutes, [1, 6, 11, 16, 21, 26]);
  });

  it('reads a start with a step as running to the end of the field', () => {
    assert.deepEqual(spec('50/5 * * * *').minutes, [50, 55]);
  });

  it('reads month names in any case', () => {
    assert.deepEqual(spec('0 9 * jan,Mar-MAY *').months, [1, 3, 4, 5]);
  });

  it('reads weekday names in any case', () => {
    assert.deepEqual(spec('0 9 * * mon-FRI').daysOfWeek, [1, 2, 3, 4, 5]);
  });

  it('treats weekday 7 as Sunday', () => {
    assert.deepEqual(spec('0 9 * * 5-7').daysOfWeek, [0, 5, 6]);
  });

  it('keeps the expression with single spaces', () => {
    assert.equal(spec('  0   7,15  *  * * ').expression, '0 7,15 * * *');
  });

  it('treats a day field starting with * as unrestricted, as Vixie cron does', () => {
    const s = spec('0 0 */2 * 1');
    assert.equal(s.dayOfMonthRestricted, false);
    assert.equal(s.dayOfWeekRestricted, true);
  });
});

describe('parseCron refusals', () => {
  it('names the hour range', () => {
    assert.equal(reason('0 25 * * *'), '"0 25 * * *": hour must be 0–23');
  });

  it('names the minute range', () => {
    assert.equal(reason('61 * * * *'), '"61 * * * *": minute must be 0–59');
  });

  it('names the day-of-month range', () => {
    assert.equal(reason('0 7 32 * *'), '"0 7 32 * *": day of month must be 1–31');
  });

  it('names the month range', () => {
    assert.equal(reason('0 7 * 0 *'), '"0 7 * 0 *": month must be 1–12');
  });

  it('names the day-of-week range', () => {
    assert.equal(reason('0 7 * * 8'), '"0 7 * * 8": day of week must be 0–7');
  });

  it('checks the end of a range too', () => {
    assert.equal(reason('0 7-24 * * *'), '"0 7-24 * * *": hour must be 0–23');
  });

  it('explains the five fields when one is missing', () => {
    assert.equal(
      reason('0 7 * *'),
      '"0 7 * *": a schedule needs 5 fields (minute hour day month weekday), e.g. "0 7,15,23 * * *"',
    );
  });

  it('explains the five fields for an empty expression', () => {
    assert.match(reason('   '), /^"": a schedule needs 5 fields/);
  });

  it('refuses a seconds field, saying so', () => {
    assert.equal(
      reason('0 0 7 * * *'),
      '"0 0 7 * * *": schedules run to the minute, so there is no seconds field — a schedule needs 5 fields (minute hour day month weekday), e.g. "0 7,15,23 * * *"',
    );
  });

  it('names a field that is not a number', () => {
    assert.equal(reason('0 x * * *'), '"0 x * * *": hour "x" is not a number or range');
  });

  it('names the item of a list that is not a number', () => {
    assert.equal(reason('0 7,x * * *'), '"0 7,x * * *": hour "x" is not a number or range');
  });

  it('refuses an empty list item', () => {
    assert.equal(reason('1,,2 * * * *'), '"1,,2 * * * *": minute "1,,2" is not a number or range');
  });

  it('mentions names for a month that is neither number nor name', () => {
    assert.equal(
      reason('0 7 * foo *'),
      '"0 7 * foo *": month "foo" is not a number, range or name such as JAN',
    );
  });

  it('refuses a step of zero', () => {
    assert.equal(
      reason('*/0 * * * *'),
      '"*/0 * * * *": minute step "0" must be a whole number of 1 or more, e.g. */15',
    );
  });

  it('refuses a step that is not a number', () => {
    assert.equal(
      reason('*/x * * * *'),
      '"*/x * * * *": minute step "x" must be a whole number of 1 or more, e.g. */15',
    );
  });

  it('refuses a range that runs backwards', () => {
    assert.equal(
      reason('0 7 * * 5-1'),
      '"0 7 * * 5-1": day of week range "5-1" runs backwards; put the smaller value first, e.g. 1-5',
    );
  });

  it('refuses a schedule that can never run', () => {
    assert.equal(
      reason('0 7 30 2 *'),
      '"0 7 30 2 *": that schedule would never run — none of its months has those days',
    );
  });

  it('accepts 29 February, which does happen', () => {
    assert.equal(parseCron('0 7 29 2 *').ok, true);
  });

  it('accepts 30 February when a weekday can stand in for it', () => {
    assert.equal(parseCron('0 7 30 2 MON').ok, true);
  });

  it('escapes the expression it quotes', () => {
    assert.match(reason('<!channel> * * * *'), /^"&lt;!channel&gt; \* \* \* \*": minute "&lt;!channel&gt;"/);
  });
});

describe('cronMatches', () => {
  it('matches the listed hours on the minute', () => {
    const s = spec('0 7,15,23 * * *');
    assert.equal(cronMatches(s, parts(2026, 1, 5, 15, 0)), true);
    assert.equal(cronMatches(s, parts(2026, 1, 5, 15, 1)), false);
    assert.equal(cronMatches(s, parts(2026, 1, 5, 16, 0)), false);
  });

  it('matches either day rule when both are restricted', () => {
    const s = spec('0 9 1 * MON');
    assert.equal(cronMatches(s, parts(2026, 3, 2, 9)), true, 'Monday 2 March');
    assert.equal(cronMatches(s, parts(2026, 4, 1, 9)), true, 'Wednesday 1 April');
    assert.equal(cronMatches(s, parts(2026, 3, 3, 9)), false, 'Tuesday 3 March');
  });

  it('needs both day rules when the day of month starts with *', () => {
    const s = spec('0 9 */2 * MON');
    assert.equal(cronMatches(s, parts(2026, 3, 9, 9)), true, 'Monday the 9th');
    assert.equal(cronMatches(s, parts(2026, 3, 2, 9)), false, 'Monday the 2nd');
    assert.equal(cronMatches(s, parts(2026, 3, 3, 9)), false, 'Tuesday the 3rd');
  });

  it('matches Sunday written as 7', () => {
    assert.equal(cronMatches(spec('0 9 * * 7'), parts(2026, 3, 1, 9)), true);
  });

  it('matches only the named months', () => {
    const s = spec('0 9 * DEC *');
    assert.equal(cronMatches(s, parts(2026, 12, 1, 9)), true);
    assert.equal(cronMatches(s, parts(2026, 11, 1, 9)), false);
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
          const from = around + shiftHours * HOUR;
          const to = from + 24 * HOUR;
          const seen = new Set<number>();
          for (let t = from - 4 * HOUR; t <= from; t += MINUTE) seen.add(t + offsetAt(t, zone));
          const expected: number[] = [];
          for (let t = from + MINUTE; t <= to; t += MINUTE) {
            const wall = t + offsetAt(t, zone);
            if (!seen.has(wall) && cronMatches(s, localParts(t, zone))) expected.push(t);
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
