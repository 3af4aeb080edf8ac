import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type CellEntry,
  holdsWhoeverIsLeftOut,
  passes,
  releasedTo,
  type SettledPart,
  type SettleInput,
  settle,
  viewFor,
} from '../../../src/domain/release.js';
import type { Score } from '../../../src/domain/types.js';

const K = 5;
const people = (n: number, prefix = 'U') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const entry = (user: string, score: Score, priv = false): CellEntry => ({ user, score, priv });

function input(entries: CellEntry[], o: Partial<SettleInput> = {}): SettleInput {
  return {
    id: 'd1',
    cell: 'day',
    start: 0,
    end: 86_400_000,
    at: 90_000_000,
    from: '1970-01-01',
    to: '1970-01-01',
    members: 10,
    k: K,
    entries,
    viewers: [],
    hasRemainder: true,
    ...o,
  };
}

const entryArb = fc.record({
  user: fc.constantFrom(...people(9), 'LEAD'),
  score: fc.constantFrom<Score>(1, 2, 3, 4, 5),
  priv: fc.boolean(),
});

describe('release rules', () => {
  it('releases a day five people answered, to anyone', () => {
    const out = settle(input(people(5).map((u) => entry(u, 4))));
    assert.equal(out.parts.length, 1);
    assert.equal(out.parts[0]?.base, true);
    assert.equal(out.parts[0]?.robust, false, 'with any one of them left out only four remain');
  });

  it('withholds a quiet night with one answer, and says too few answered', () => {
    const out = settle(input([entry('U0', 1, true)]));
    // One private answer: the day is split, its private answer goes to the week's remainder.
    assert.deepEqual(out.parts, []);
    assert.deepEqual(out.toRemainder, [0]);
  });

  it('keeps one private button among five visible reactions out of the day, so it cannot be subtracted', () => {
    const entries = [...people(5).map((u) => entry(u, 4)), entry('U9', 1, true)];
    const out = settle(input(entries));
    assert.equal(out.parts.length, 1);
    assert.equal(out.parts[0]?.part, 'public');
    assert.deepEqual(out.parts[0]?.dist, [0, 0, 0, 5, 0]);
    assert.deepEqual(out.toRemainder, [5]);
  });

  it('does not let a lead pad a cell with their own answers', () => {
    const entries = [...people(4).map((u) => entry(u, 3)), entry('LEAD', 5)];
    const out = settle(input(entries, { viewers: ['LEAD'] }));
    const part = out.parts[0] as SettledPart;
    assert.equal(part.base, true, 'five people answered');
    assert.deepEqual(out.flips, [{ viewer: 'LEAD', part: 'd1' }]);
    assert.equal(
      releasedTo(part, { since: 0, flips: new Set(['d1']) }),
      false,
      'not to the lead who answered',
    );
    assert.equal(releasedTo(part, { since: 0, flips: new Set() }), true, 'to a lead who did not');
    assert.equal(releasedTo(part, { flips: new Set() }), false, 'nor to a lead named later');
  });

  it('withholds a cell where one person gave more than half of the check-ins', () => {
    const entries = [
      ...people(5).map((u) => entry(u, 3)),
      ...Array.from({ length: 6 }, () => entry('U0', 1)),
    ];
    assert.equal(passes(entries, K), 'one-person');
  });

  it('never lets scores decide what is released or how a cell splits', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb, { maxLength: 30 }),
        fc.array(fc.constantFrom<Score>(1, 2, 3, 4, 5), { minLength: 30, maxLength: 30 }),
        (entries, other) => {
          const a = settle(input(entries, { viewers: ['LEAD', 'U1'] }));
          const rescored = entries.map((e, i) => ({ ...e, score: other[i] as Score }));
          const b = settle(input(rescored, { viewers: ['LEAD', 'U1'] }));
          const decisions = (o: typeof a) => ({
            parts: o.parts.map((p) => [p.id, p.part, p.base, p.robust, p.why, p.people, p.n]),
            flips: o.flips,
            toRemainder: o.toRemainder,
            dropped: o.dropped,
          });
          assert.deepEqual(decisions(b), decisions(a));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('puts every check-in in exactly one place: a part, the remainder, or withheld for good', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 30 }), fc.boolean(), (entries, hasRemainder) => {
        const out = settle(input(entries, { hasRemainder }));
        const inParts = out.parts.reduce((n, p) => n + p.n, 0);
        assert.equal(inParts + out.toRemainder.length + out.dropped, entries.length);
      }),
      { numRuns: 300 },
    );
  });

  it('releases a part to a viewer only when it passes rule 3 with their own answers left out', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb, { maxLength: 30 }),
        fc.constantFrom('LEAD', 'U1', 'U8', 'NOBODY'),
        (entries, v) => {
          const out = settle(input(entries, { viewers: [v] }));
          const flips = new Set(out.flips.filter((f) => f.viewer === v).map((f) => f.part));
          for (const part of out.parts) {
            const own = part.part === 'public' ? entries.filter((e) => !e.priv) : entries;
            const shown = releasedTo(part, { since: 0, flips });
            assert.equal(shown, passes(own, K, v) === '', `part ${part.id} for ${v}`);
            // A viewer named later sees it only if it holds whoever is left out.
            if (releasedTo(part, { flips: new Set() })) {
              for (const u of new Set(own.map((e) => e.user))) assert.equal(passes(own, K, u), '');
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('shows only whole released parts, summed, and leaves the rest out with a count', () => {
    const parts: SettledPart[] = [0, 1, 2, 3].map((i) => ({
      id: `d${i}`,
      cell: 'day',
      part: 'whole',
      start: i * 86_400_000,
      end: (i + 1) * 86_400_000,
      at: (i + 1) * 86_400_000 + 3_600_000,
      from: `d${i}`,
      to: `d${i}`,
      people: 5 + i,
      members: 10,
      n: 5 + i,
      dist: [0, 0, 5 + i, 0, 0],
      base: i !== 2,
      robust: i !== 2,
      why: i === 2 ? 'few' : '',
    }));
    const v = viewFor(parts, { since: 0, flips: new Set() }, 5 * 86_400_000, 7);
    assert.deepEqual(
      v.shown.map((p) => p.id),
      ['d0', 'd1', 'd3'],
    );
    assert.equal(v.withheld.total, 1);
    assert.equal(v.figures?.checkins, 5 + 6 + 8);
    assert.equal(v.figures?.respondents, 6, 'the lower median of 5, 6 and 8');
    assert.equal(v.figures?.participationPct, 60);
    // Nothing about a part before it settles.
    const early = viewFor(parts, { since: 0, flips: new Set() }, 4 * 86_400_000 + 1_000, 7);
    assert.deepEqual(
      early.shown.map((p) => p.id),
      ['d0', 'd1'],
    );
    assert.equal(early.withheld.total, 1);
  });
});

describe('whoever is left out', () => {
  it('agrees with rule 3 tried for each respondent in turn', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 40 }), fc.integer({ min: 3, max: 6 }), (entries, k) => {
        const users = [...new Set(entries.map((e) => e.user))];
        const slow = users.every((u) => passes(entries, k, u) === '');
        assert.equal(holdsWhoeverIsLeftOut(entries, k), slow);
      }),
      { numRuns: 2000 },
    );
  });
});
