import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  formatShiftRule,
  nextShiftFireTime,
  nextShiftStarts,
  parseShiftScheduleAdd,
  type ShiftRule,
  shiftFireTimesBetween,
} from '../../../src/domain/shift-schedule.js';
import { parseShifts, type ShiftPattern } from '../../../src/domain/shifts.js';

const at = (iso: string) => Date.parse(iso);
function pattern(text: string): ShiftPattern {
  const r = parseShifts(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}
const DAY_NIGHT = pattern('day 07:00-19:00, night 19:00-07:00');
const LONDON = 'Europe/London';
const tokens = (s: string) => s.split(/\s+/);

describe('parseShiftScheduleAdd', () => {
  it('reads an anchor, an offset and a category', () => {
    assert.deepEqual(parseShiftScheduleAdd(tokens('shift-start +15 mindfulness'), DAY_NIGHT), {
      ok: true,
      value: { rule: { anchor: 'shift-start', offsetMinutes: 15, shifts: [] }, category: 'mindfulness' },
    });
  });

  it('reads a negative offset and a shift name, spelled as the pattern spells it', () => {
    assert.deepEqual(parseShiftScheduleAdd(tokens('shift-end -30 compassion NIGHT'), DAY_NIGHT), {
      ok: true,
      value: { rule: { anchor: 'shift-end', offsetMinutes: -30, shifts: ['night'] }, category: 'compassion' },
    });
  });

  it('defaults to +0 and mixed, and naming every shift means every shift', () => {
    assert.deepEqual(parseShiftScheduleAdd(tokens('mid-shift day night'), DAY_NIGHT), {
      ok: true,
      value: { rule: { anchor: 'mid-shift', offsetMinutes: 0, shifts: [] }, category: 'mixed' },
    });
  });

  it('asks a channel without shifts to set them first, with the command that does it', () => {
    const r = parseShiftScheduleAdd(tokens('shift-start +0'), undefined);
    assert.equal(r.ok, false);
    assert.match(
      r.ok ? '' : r.reason,
      /Set your shifts first: `\/wellbeing shifts set "day 07:00-19:00, night 19:00-07:00"`/,
    );
  });

  it('refuses a word that is neither a category nor a shift of the channel, naming the shifts', () => {
    const r = parseShiftScheduleAdd(tokens('shift-start evening'), DAY_NIGHT);
    assert.match(
      r.ok ? '' : r.reason,
      /"evening" is neither a category nor one of this channel's shifts \(day, night\)/,
    );
  });

  it('suggests the category a typo meant', () => {
    const r = parseShiftScheduleAdd(tokens('shift-start mindfulnes'), DAY_NIGHT);
    assert.match(r.ok ? '' : r.reason, /did you mean mindfulness/);
  });

  it('refuses an offset without a sign, and one more than 12 hours away', () => {
    const a = parseShiftScheduleAdd(tokens('shift-start 15'), DAY_NIGHT);
    assert.match(a.ok ? '' : a.reason, /minutes with a sign, such as \+15 or -30/);
    const b = parseShiftScheduleAdd(tokens('shift-start +900'), DAY_NIGHT);
    assert.match(b.ok ? '' : b.reason, /offsets run up to 720 minutes/);
  });

  it('refuses two offsets or two categories', () => {
    assert.equal(parseShiftScheduleAdd(tokens('shift-start +5 +10'), DAY_NIGHT).ok, false);
    assert.equal(parseShiftScheduleAdd(tokens('shift-start gratitude compassion'), DAY_NIGHT).ok, false);
  });
});

describe('shiftFireTimesBetween', () => {
  const rule = (anchor: ShiftRule['anchor'], offsetMinutes = 0, shifts: string[] = []): ShiftRule => ({
    anchor,
    offsetMinutes,
    shifts,
  });
  const day = [at('2026-11-27T00:00:00Z'), at('2026-11-28T00:00:00Z')] as const;

  it('fires at the start of every shift', () => {
    assert.deepEqual(shiftFireTimesBetween(rule('shift-start'), DAY_NIGHT, LONDON, ...day), [
      at('2026-11-27T07:00:00Z'),
      at('2026-11-27T19:00:00Z'),
    ]);
  });

  it('fires 15 minutes into every shift', () => {
    assert.deepEqual(shiftFireTimesBetween(rule('shift-start', 15), DAY_NIGHT, LONDON, ...day), [
      at('2026-11-27T07:15:00Z'),
      at('2026-11-27T19:15:00Z'),
    ]);
  });

  it('fires in the middle of each shift', () => {
    assert.deepEqual(shiftFireTimesBetween(rule('mid-shift'), DAY_NIGHT, LONDON, ...day), [
      at('2026-11-27T01:00:00Z'),
      at('2026-11-27T13:00:00Z'),
    ]);
  });

  it('fires 30 minutes before the night shift ends, only for nights', () => {
    assert.deepEqual(shiftFireTimesBetween(rule('shift-end', -30, ['night']), DAY_NIGHT, LONDON, ...day), [
      at('2026-11-27T06:30:00Z'),
    ]);
  });

  it('counts a window as (from, to]: a fire time at `from` belongs to the window before', () => {
    const seven = at('2026-11-27T07:00:00Z');
    assert.deepEqual(
      shiftFireTimesBetween(rule('shift-start'), DAY_NIGHT, LONDON, seven, seven + 60_000),
      [],
    );
    assert.deepEqual(shiftFireTimesBetween(rule('shift-start'), DAY_NIGHT, LONDON, seven - 60_000, seven), [
      seven,
    ]);
  });

  it('puts mid-shift in the real middle of the 13-hour night the clocks go back', () => {
    const times = shiftFireTimesBetween(
      rule('mid-shift', 0, ['night']),
      DAY_NIGHT,
      LONDON,
      at('2026-10-24T12:00:00Z'),
      at('2026-10-25T12:00:00Z'),
    );
    assert.deepEqual(times, [at('2026-10-25T00:30:00Z')]); // 18:00Z + 6.5 h
  });

  it('fires once at a night shift start on the night the clocks go forward', () => {
    const times = shiftFireTimesBetween(
      rule('shift-start'),
      DAY_NIGHT,
      LONDON,
      at('2026-03-28T12:00:00Z'),
      at('2026-03-29T12:00:00Z'),
    );
    assert.deepEqual(times, [at('2026-03-28T19:00:00Z'), at('2026-03-29T06:00:00Z')]);
  });

  it('shows the next run and the next shift starts', () => {
    const now = at('2026-11-27T10:00:00Z');
    assert.equal(
      nextShiftFireTime(rule('shift-end', -30), DAY_NIGHT, LONDON, now),
      at('2026-11-27T18:30:00Z'),
    );
    assert.deepEqual(nextShiftStarts(DAY_NIGHT, LONDON, now, 3), [
      at('2026-11-27T19:00:00Z'),
      at('2026-11-28T07:00:00Z'),
      at('2026-11-28T19:00:00Z'),
    ]);
  });

  it('names a rule the way schedule list shows it', () => {
    assert.equal(formatShiftRule(rule('shift-end', -30, ['night'])), 'shift-end -30 night');
    assert.equal(formatShiftRule(rule('shift-start')), 'shift-start +0');
  });
});

describe('shift fire times over consecutive windows (property)', () => {
  it('finds every fire time exactly once however the time line is cut into scheduler windows', () => {
    const patterns = [
      DAY_NIGHT,
      pattern('early 07:00-15:00, late 15:00-23:00, night 23:00-07:00'),
      pattern('late 13:30-01:30, early 01:30-13:30'),
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...patterns),
        fc.constantFrom('Europe/London', 'America/New_York', 'Australia/Lord_Howe'),
        fc.constantFrom<ShiftRule['anchor']>('shift-start', 'mid-shift', 'shift-end'),
        fc.integer({ min: -720, max: 720 }),
        // Around the spring and autumn clock changes of both hemispheres.
        fc.constantFrom(
          at('2026-03-07T00:00:00Z'),
          at('2026-04-04T00:00:00Z'),
          at('2026-10-03T00:00:00Z'),
          at('2026-10-31T00:00:00Z'),
        ),
        fc.array(fc.integer({ min: 1, max: 180 }), { minLength: 10, maxLength: 40 }),
        (p, tz, anchor, offsetMinutes, start, steps) => {
          const r: ShiftRule = { anchor, offsetMinutes, shifts: [] };
          let from = start;
          const pieces: number[] = [];
          for (const step of steps) {
            const to = from + step * 60_000;
            pieces.push(...shiftFireTimesBetween(r, p, tz, from, to));
            from = to;
          }
          assert.deepEqual(pieces, shiftFireTimesBetween(r, p, tz, start, from));
          assert.equal(new Set(pieces).size, pieces.length);
        },
      ),
      { numRuns: 150 },
    );
  });
});
