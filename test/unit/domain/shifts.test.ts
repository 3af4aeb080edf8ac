import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  formatShifts,
  parseShifts,
  type ShiftPattern,
  shiftAt,
  shiftDayInstances,
  shiftsBetween,
} from '../../../src/domain/shifts.js';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

function pattern(text: string): ShiftPattern {
  const r = parseShifts(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

function refusal(text: string): string {
  const r = parseShifts(text);
  assert.equal(r.ok, false, `expected "${text}" to be refused`);
  return r.ok ? '' : r.reason;
}

const DAY_NIGHT = pattern('day 07:00-19:00, night 19:00-07:00');

describe('parseShifts', () => {
  it('reads two shifts and prints them back the same way', () => {
    const p = pattern('"day 07:00-19:00, night 19:00-07:00"');
    assert.deepEqual(p.shifts, [
      { name: 'day', start: 420, end: 1140 },
      { name: 'night', start: 1140, end: 420 },
    ]);
    assert.equal(formatShifts(p), 'day 07:00-19:00, night 19:00-07:00');
  });

  it('reads three 8-hour shifts listed in any order, keeping the first listed as the start of the day', () => {
    const p = pattern('early 07:00-15:00, night 23:00-07:00, late 15:00-23:00');
    assert.equal(formatShifts(p), 'early 07:00-15:00, late 15:00-23:00, night 23:00-07:00');
  });

  it('accepts curly quotes, spaces around the dash, 24:00 as an end and names of the team’s choosing', () => {
    const p = pattern('“Tag 06:00 - 18:00; Nacht 18:00–24:00, spät 00:00-06:00”');
    assert.equal(formatShifts(p), 'Tag 06:00-18:00, Nacht 18:00-00:00, spät 00:00-06:00');
  });

  it('refuses overlapping shifts, saying where they overlap', () => {
    const reason = refusal('day 07:00-19:00, night 18:00-07:00');
    assert.match(reason, /day and night overlap from 18:00 to 19:00/);
    assert.match(reason, /day 07:00-19:00, night 19:00-07:00/);
  });

  it('refuses a night shift that runs into the next day shift', () => {
    assert.match(refusal('day 07:00-19:00, night 19:00-08:00'), /night and day overlap from 07:00 to 08:00/);
  });

  it('refuses a gap, saying which hours no shift covers', () => {
    const reason = refusal('day 07:00-19:00, night 20:00-07:00');
    assert.match(reason, /No shift covers 19:00-20:00/);
    assert.match(reason, /e\.g\./);
  });

  it('refuses a gap before the first shift', () => {
    assert.match(refusal('day 07:00-19:00, night 19:00-06:00'), /No shift covers 06:00-07:00/);
  });

  it('refuses 25:00 as a time of day', () => {
    assert.match(
      refusal('day 07:00-25:00, night 19:00-07:00'),
      /25:00 is not a time of day: times run from 00:00 to 23:59/,
    );
  });

  it('refuses 12-hour clock times with the HH:MM form that works', () => {
    assert.match(refusal('day 7am-7pm, night 7pm-7am'), /"7am".*HH:MM on the 24-hour clock/);
  });

  it('refuses an unknown word and shows a working example', () => {
    const reason = refusal('day 07:00-19:00 please, night 19:00-07:00');
    assert.match(reason, /I don't know the word "please"/);
    assert.match(reason, /day 07:00-19:00, night 19:00-07:00/);
  });

  it('refuses two shifts without a comma between them', () => {
    assert.match(refusal('day 07:00-19:00 night 19:00-07:00'), /put a comma between shifts/);
  });

  it('refuses two shifts with one name, whatever the case', () => {
    assert.match(refusal('day 07:00-19:00, Day 19:00-07:00'), /Two shifts are called "Day"/);
  });

  it('refuses one shift only', () => {
    assert.match(refusal('all-day 07:00-07:00'), /One shift cannot make a rota/);
  });

  it('refuses four shifts', () => {
    assert.match(
      refusal('a 00:00-06:00, b 06:00-12:00, c 12:00-18:00, d 18:00-00:00'),
      /two or three shifts a day; that was 4/,
    );
  });

  it('refuses a shift without hours, or without a name', () => {
    assert.match(refusal('day, night 19:00-07:00'), /"day" has no hours/);
    assert.match(refusal('07:00-19:00, night 19:00-07:00'), /needs a name before its hours/);
  });

  it('refuses a shift called like a category, so schedules can tell them apart', () => {
    assert.match(refusal('mindfulness 07:00-19:00, night 19:00-07:00'), /a word the bot already uses/);
  });

  it('refuses a shift shorter than an hour', () => {
    assert.match(refusal('day 07:00-07:30, night 07:30-07:00'), /shorter than an hour/);
  });

  it('refuses an empty pattern with an example', () => {
    assert.match(refusal('  '), /day 07:00-19:00, night 19:00-07:00/);
  });

  it('echoes what was typed only escaped', () => {
    const reason = refusal('day 07:00-19:00 <!channel>, night 19:00-07:00');
    assert.doesNotMatch(reason, /<!channel>/);
    assert.match(reason, /&lt;!channel&gt;/);
  });
});

describe('shiftAt', () => {
  it('finds the day shift of a winter day in London', () => {
    assert.deepEqual(shiftAt(at('2026-11-27T10:00:00Z'), 'Europe/London', DAY_NIGHT), {
      name: 'day',
      start: at('2026-11-27T07:00:00Z'),
      end: at('2026-11-27T19:00:00Z'),
      shiftDay: '2026-11-27',
    });
  });

  it('dates a night shift after midnight by the shift-day of its start', () => {
    const night = shiftAt(at('2026-11-28T02:00:00Z'), 'Europe/London', DAY_NIGHT);
    assert.equal(night.name, 'night');
    assert.equal(night.shiftDay, '2026-11-27');
    assert.equal(night.start, at('2026-11-27T19:00:00Z'));
    assert.equal(night.end, at('2026-11-28T07:00:00Z'));
  });

  it('puts 23:00 and 02:00 of one night in the same shift', () => {
    const tz = 'America/New_York';
    const a = shiftAt(at('2026-11-28T04:00:00Z'), tz, DAY_NIGHT); // 23:00 EST
    const b = shiftAt(at('2026-11-28T07:00:00Z'), tz, DAY_NIGHT); // 02:00 EST
    assert.deepEqual(a, b);
    assert.equal(a.shiftDay, '2026-11-27');
  });

  it('changes shift exactly at the boundary', () => {
    const seven = at('2026-11-28T07:00:00Z');
    assert.equal(shiftAt(seven - 1, 'Europe/London', DAY_NIGHT).name, 'night');
    assert.equal(shiftAt(seven, 'Europe/London', DAY_NIGHT).name, 'day');
    assert.equal(shiftAt(seven, 'Europe/London', DAY_NIGHT).shiftDay, '2026-11-28');
  });

  it('follows the channel zone: 07:00 in Sydney is 20:00 UTC the day before', () => {
    const s = shiftAt(at('2026-11-27T20:30:00Z'), 'Australia/Sydney', DAY_NIGHT);
    assert.equal(s.name, 'day');
    assert.equal(s.shiftDay, '2026-11-28');
    assert.equal(s.start, at('2026-11-27T20:00:00Z'));
  });

  it('makes the London night the clocks go forward 11 hours long', () => {
    const night = shiftAt(at('2026-03-29T03:00:00Z'), 'Europe/London', DAY_NIGHT);
    assert.equal(night.shiftDay, '2026-03-28');
    assert.equal(night.start, at('2026-03-28T19:00:00Z')); // 19:00 GMT
    assert.equal(night.end, at('2026-03-29T06:00:00Z')); // 07:00 BST
    assert.equal(night.end - night.start, 11 * HOUR);
  });

  it('makes the London night the clocks go back 13 hours long', () => {
    const night = shiftAt(at('2026-10-25T03:00:00Z'), 'Europe/London', DAY_NIGHT);
    assert.equal(night.start, at('2026-10-24T18:00:00Z')); // 19:00 BST
    assert.equal(night.end, at('2026-10-25T07:00:00Z')); // 07:00 GMT
    assert.equal(night.end - night.start, 13 * HOUR);
  });

  it('moves a boundary the clocks skip to the instant they jump (New York, spring)', () => {
    const p = pattern('late 14:00-02:30, early 02:30-14:00');
    const [late, early] = shiftDayInstances('2026-03-07', 'America/New_York', p);
    assert.equal(late?.start, at('2026-03-07T19:00:00Z')); // 14:00 EST
    assert.equal(late?.end, at('2026-03-08T07:00:00Z')); // 02:30 does not exist: 03:00 EDT
    assert.equal(early?.start, late?.end);
    assert.equal(early?.end, at('2026-03-08T18:00:00Z')); // 14:00 EDT
    assert.equal((early?.end ?? 0) - (early?.start ?? 0), 11 * HOUR);
  });

  it('takes the first of a repeated boundary (New York, autumn)', () => {
    const p = pattern('late 13:30-01:30, early 01:30-13:30');
    const [late, early] = shiftDayInstances('2026-10-31', 'America/New_York', p);
    assert.equal(late?.end, at('2026-11-01T05:30:00Z')); // the first 01:30, still EDT
    assert.equal(early?.start, at('2026-11-01T05:30:00Z'));
    assert.equal(early?.end, at('2026-11-01T18:30:00Z')); // 13:30 EST
    assert.equal((early?.end ?? 0) - (early?.start ?? 0), 13 * HOUR);
    // The second 01:30 (06:30Z) is inside the early shift, not a new one.
    assert.equal(shiftAt(at('2026-11-01T06:30:00Z'), 'America/New_York', p).name, 'early');
  });
});

describe('shiftsBetween', () => {
  it('lists the shifts that overlap a window, in order and without gaps', () => {
    const list = shiftsBetween(
      at('2026-11-27T12:00:00Z'),
      at('2026-11-29T12:00:00Z'),
      'Europe/London',
      DAY_NIGHT,
    );
    assert.deepEqual(
      list.map((s) => `${s.shiftDay} ${s.name}`),
      ['2026-11-27 day', '2026-11-27 night', '2026-11-28 day', '2026-11-28 night', '2026-11-29 day'],
    );
    for (let i = 1; i < list.length; i++) assert.equal(list[i]?.start, list[i - 1]?.end);
  });

  it('returns nothing for an empty window', () => {
    const t = at('2026-11-27T12:00:00Z');
    assert.deepEqual(shiftsBetween(t, t, 'Europe/London', DAY_NIGHT), []);
  });
});

// Patterns of 2 or 3 shifts (each at least an hour) that tile the day, starting anywhere.
const patternArb = fc
  .record({
    origin: fc.integer({ min: 0, max: 1439 }),
    cuts: fc.oneof(
      fc.tuple(fc.integer({ min: 60, max: 1380 })).map(([a]) => [a]),
      fc
        .tuple(fc.integer({ min: 60, max: 1320 }), fc.integer({ min: 60, max: 1320 }))
        .filter(([a, b]) => a + b <= 1380)
        .map(([a, b]) => [a, a + b]),
    ),
  })
  .map(({ origin, cuts }) => {
    const bounds = [0, ...cuts, 1440].map((m) => (origin + m) % 1440);
    const hhmm = (m: number) =>
      `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const text = bounds
      .slice(0, -1)
      .map((b, i) => `s${i} ${hhmm(b)}-${hhmm(bounds[i + 1] as number)}`)
      .join(', ');
    return pattern(text);
  });

const ZONES = [
  'Europe/London',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'America/Santiago',
  'UTC',
];

describe('shifts tile time (property)', () => {
  it('puts every instant in exactly one shift, and neighbouring shifts share their boundary', () => {
    fc.assert(
      fc.property(
        patternArb,
        fc.constantFrom(...ZONES),
        fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2027-01-01T00:00:00Z') }),
        (p, tz, t) => {
          const here = shiftAt(t, tz, p);
          assert.ok(here.start <= t && t < here.end);
          const around = shiftsBetween(t - 2 * 86_400_000, t + 2 * 86_400_000, tz, p);
          assert.equal(around.filter((s) => s.start <= t && t < s.end).length, 1);
          assert.ok(around.some((s) => s.start === here.start && s.name === here.name));
          for (let i = 1; i < around.length; i++) assert.equal(around[i]?.start, around[i - 1]?.end);
          for (const s of around) assert.deepEqual(shiftAt(s.start, tz, p), s);
        },
      ),
      { numRuns: 400 },
    );
  });
});
