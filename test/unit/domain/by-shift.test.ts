import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  byShiftFlipId,
  byShiftFor,
  byShiftShownTo,
  type ShiftEntry,
  type ShiftedPart,
  settleByShift,
  shiftFlipId,
  shiftReleasedTo,
} from '../../../src/domain/by-shift.js';
import { passes, releasedTo, type SettleInput, settle, type Viewer } from '../../../src/domain/release.js';
import type { Score } from '../../../src/domain/types.js';

const K = 5;
const DAY = 86_400_000;
const people = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const answers = (users: string[], shift: string | undefined, score: Score = 4, priv = true): ShiftEntry[] =>
  users.map((user) => ({ user, score, priv, ...(shift ? { shift } : {}) }));

function input(entries: ShiftEntry[], o: Partial<SettleInput> = {}): SettleInput {
  return {
    id: 'd1',
    cell: 'day',
    start: 0,
    end: DAY,
    at: DAY + 3_600_000,
    from: '1970-01-01',
    to: '1970-01-01',
    members: 20,
    k: K,
    entries,
    viewers: [],
    hasRemainder: true,
    ...o,
  };
}

/** Settles a cell as the cell service does: its parts, and the per-shift figures of a whole one. */
function settled(entries: ShiftEntry[], viewers: string[] = [], o: Partial<SettleInput> = {}) {
  const out = settle(input(entries, { viewers, ...o }));
  const whole = out.parts.length === 1 && out.parts[0]?.part === 'whole' ? out.parts[0] : undefined;
  const s = whole ? settleByShift(whole, entries, K, viewers) : { flips: [] };
  const part: ShiftedPart | undefined =
    whole && s.byShift ? { ...whole, byShift: s.byShift } : (out.parts[0] as ShiftedPart | undefined);
  return { part, out, flips: [...out.flips, ...s.flips] };
}

const leadOf = (flips: { viewer: string; part: string }[], who: string): Viewer => ({
  since: 0,
  flips: new Set(flips.filter((f) => f.viewer === who).map((f) => f.part)),
});
const NOBODY: Viewer = { since: 0, flips: new Set() };
const NAMED_LATER: Viewer = { flips: new Set() };
const shiftNamed = (p: ShiftedPart, name: string) => p.byShift?.shifts.find((s) => s.name === name);

describe('by-shift decisions at settlement', () => {
  it('shows a day and a night six people each answered, to anyone', () => {
    const { part } = settled([...answers(people(6, 'D'), 'day'), ...answers(people(6, 'N'), 'night', 2)]);
    assert.ok(part?.byShift);
    assert.deepEqual(
      part.byShift.shifts.map((s) => [s.name, s.people, s.n, s.dist, s.base, s.robust]),
      [
        ['day', 6, 6, [0, 0, 0, 6, 0], true, true],
        ['night', 6, 6, [0, 6, 0, 0, 0], true, true],
      ],
    );
    assert.equal(byShiftShownTo(part, NOBODY), true);
    assert.equal(byShiftShownTo(part, NAMED_LATER), true);
  });

  it('holds back every shift of a day whose night had two answers: the day alone would give the night away', () => {
    const { part } = settled([...answers(people(8, 'D'), 'day'), ...answers(people(2, 'N'), 'night', 1)]);
    assert.ok(part?.byShift);
    assert.equal(shiftNamed(part, 'day')?.base, true, 'the day shift alone passes');
    assert.equal(shiftNamed(part, 'night')?.base, false);
    assert.equal(part.byShift.base, false);
    assert.equal(byShiftShownTo(part, NOBODY), false);
    assert.equal(releasedTo(part, NOBODY), true, 'the whole day is still shown in the total');
  });

  it('shows the early shift when the late and night shifts withheld together pass the rules', () => {
    const { part } = settled([
      ...answers(people(6, 'E'), 'early'),
      ...answers(people(3, 'L'), 'late'),
      ...answers(people(3, 'N'), 'night'),
    ]);
    assert.ok(part?.byShift);
    assert.equal(byShiftShownTo(part, NOBODY), true);
    const shown = part.byShift.shifts.filter((s) => shiftReleasedTo(part, s, NOBODY)).map((s) => s.name);
    assert.deepEqual(shown, ['early']);
  });

  it('holds back by-shift figures from a lead who answered at night, when without them the night is too small', () => {
    const entries = [...answers(people(5, 'D'), 'day'), ...answers([...people(4, 'N'), 'LEAD'], 'night')];
    const { part, flips } = settled(entries, ['LEAD', 'OTHER']);
    assert.ok(part);
    assert.equal(byShiftShownTo(part, NOBODY), true, 'five answered each shift');
    const lead = leadOf(flips, 'LEAD');
    assert.deepEqual([...lead.flips].sort(), [byShiftFlipId('d1'), shiftFlipId('d1', 'night')].sort());
    assert.equal(releasedTo(part, lead), true, 'the total still shows nine other people');
    assert.equal(byShiftShownTo(part, lead), false);
    assert.equal(byShiftShownTo(part, leadOf(flips, 'OTHER')), true, 'a lead who did not answer sees both');
    assert.ok(
      part.byShift?.shifts.every((s) => !shiftReleasedTo(part, s, NAMED_LATER)),
      'nor, with any one of them left out, to a lead named later',
    );
  });

  it('lets a lead see the shifts when the only answers held back are their own', () => {
    const entries = [...answers(people(6, 'D'), 'day'), ...answers(['LEAD'], 'night')];
    const { part, flips } = settled(entries, ['LEAD']);
    assert.ok(part);
    assert.equal(byShiftShownTo(part, NOBODY), false, 'one night answer cannot be left to subtraction');
    const lead = leadOf(flips, 'LEAD');
    assert.equal(byShiftShownTo(part, lead), true, 'subtracting gives the lead only their own answer');
    assert.equal(shiftReleasedTo(part, shiftNamed(part, 'day') ?? assert.fail(), lead), true);
    assert.equal(shiftReleasedTo(part, shiftNamed(part, 'night') ?? assert.fail(), lead), false);
  });

  it('counts check-ins without a shift with the shifts held back', () => {
    const { part } = settled([...answers(people(6, 'D'), 'day'), ...answers(people(2, 'X'), undefined)]);
    assert.ok(part?.byShift);
    assert.deepEqual(
      part.byShift.shifts.map((s) => s.name),
      ['day'],
    );
    assert.equal(byShiftShownTo(part, NOBODY), false);
  });

  it('gives no per-shift figures for a channel without shifts, a split day or a remainder', () => {
    assert.equal(settled(answers(people(6, 'D'), undefined)).part?.byShift, undefined);
    // Six visible reactions and one private button: the day splits, its public part is never shown by shift.
    const split = settled([...answers(people(6, 'D'), 'day', 4, false), ...answers(['N0'], 'night')]);
    assert.equal(split.part?.part, 'public');
    assert.equal(split.part?.byShift, undefined);
    const rem = settled(answers(people(6, 'D'), 'day'), [], { id: 'rd1', cell: 'rem' });
    assert.equal(rem.part?.part, 'rem');
    assert.equal(rem.part?.byShift, undefined);
  });
});

const entryArb: fc.Arbitrary<ShiftEntry> = fc.record(
  {
    user: fc.constantFrom(...people(9, 'U'), 'LEAD'),
    score: fc.constantFrom<Score>(1, 2, 3, 4, 5),
    priv: fc.boolean(),
    shift: fc.constantFrom('early', 'late', 'night'),
  },
  { requiredKeys: ['user', 'score', 'priv'] },
);

describe('by-shift decisions, as properties', () => {
  it('never shows a shift when what is held back of its cell could be worked out and fails the rules', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 40 }), (entries) => {
        const { part, flips } = settled(entries, ['LEAD']);
        if (!part?.byShift) return;
        const shifts = part.byShift.shifts;
        const viewers: [string | undefined, Viewer][] = [
          [undefined, NOBODY],
          ['LEAD', leadOf(flips, 'LEAD')],
        ];
        for (const [who, viewer] of viewers) {
          if (!byShiftShownTo(part, viewer)) continue;
          const released = new Set<string>(
            shifts.filter((s) => shiftReleasedTo(part, s, viewer)).map((s) => s.name),
          );
          // Recomputed from the check-ins: every released shift passes for the viewer…
          for (const name of released) {
            const those = entries.filter((e) => e.shift === name);
            assert.ok(passes(those, K, who) === '', `shift ${name} passes`);
          }
          // …and what is left when they are subtracted from the total is empty or passes too.
          const rest = entries.filter((e) => !(e.shift && released.has(e.shift)) && e.user !== who);
          assert.ok(rest.length === 0 || passes(rest, K, who) === '', 'the held-back rest passes');
          assert.equal(releasedTo(part, viewer), true, 'and the total itself is shown');
        }
        // A viewer named later: every released shift and the held-back rest hold whoever is left out.
        if (byShiftShownTo(part, NAMED_LATER)) {
          const users = [...new Set(entries.map((e) => e.user))];
          const released = new Set<string>(
            shifts.filter((s) => shiftReleasedTo(part, s, NAMED_LATER)).map((s) => s.name),
          );
          const rest = entries.filter((e) => !(e.shift && released.has(e.shift)));
          for (const u of users)
            assert.ok(
              rest.every((e) => e.user === u) || passes(rest, K, u) === '',
              'the rest holds with anyone left out',
            );
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never lets scores decide what is shown by shift', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb, { maxLength: 40 }),
        fc.array(fc.constantFrom<Score>(1, 2, 3, 4, 5), { minLength: 40, maxLength: 40 }),
        (entries, other) => {
          const a = settled(entries, ['LEAD', 'U1']);
          const b = settled(
            entries.map((e, i) => ({ ...e, score: other[i] as Score })),
            ['LEAD', 'U1'],
          );
          const decisions = (x: typeof a) => ({
            shown: [x.part?.byShift?.base, x.part?.byShift?.robust],
            shifts: x.part?.byShift?.shifts.map((s) => [s.name, s.people, s.n, s.base, s.robust]),
            flips: x.flips,
          });
          assert.deepEqual(decisions(b), decisions(a));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('by-shift view', () => {
  it('sums each shift over the days shown by shift, and counts the days held back', () => {
    const day = (i: number, nightPeople: number): ShiftedPart => {
      const entries = [
        ...answers(people(6, 'D'), 'day', 4),
        ...answers(people(nightPeople, 'N'), 'night', 2),
      ];
      const { part } = settled(entries, [], {
        id: `d${i}`,
        start: i * DAY,
        end: (i + 1) * DAY,
        at: (i + 1) * DAY + 3_600_000,
      });
      return part ?? assert.fail();
    };
    const parts = [day(0, 6), day(1, 2), day(2, 7)];
    const v = byShiftFor(parts, NOBODY, 4 * DAY, 7);
    assert.equal(v.shownCells, 2);
    assert.equal(v.heldBack, 1);
    const byName = Object.fromEntries(v.shifts.map((s) => [s.name, s]));
    assert.equal(byName.day?.figures?.checkins, 12, 'the day shift of the two days shown by shift');
    assert.equal(byName.day?.figures?.average, 4);
    assert.equal(byName.night?.figures?.checkins, 13);
    assert.equal(byName.night?.figures?.respondents, 6, 'lower median of 6 and 7');
    assert.deepEqual(byName.night?.trend, [2, 2]);
    assert.deepEqual(
      v.parts.map((p) => [p.id, p.shift, p.n]),
      [
        ['d0#s:day', 'day', 6],
        ['d0#s:night', 'night', 6],
        ['d2#s:day', 'day', 6],
        ['d2#s:night', 'night', 7],
      ],
    );
    // A viewer named later sees only what holds whoever is left out: a six-person shift minus one is five.
    assert.equal(byShiftFor(parts, NAMED_LATER, 4 * DAY, 7).shownCells, 2);
  });
});
