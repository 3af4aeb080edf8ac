import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deliveryTime, formatQuiet, inQuiet, parseQuiet, weeklyMoments } from '../../../src/domain/quiet.js';

describe('parseQuiet', () => {
  it('reads quiet hours that cross midnight, and ones within a day', () => {
    assert.deepEqual(parseQuiet('22:00-07:00'), { ok: true, value: { from: 1320, to: 420 } });
    assert.deepEqual(parseQuiet('08:00 – 16:00'), { ok: true, value: { from: 480, to: 960 } });
    assert.equal(formatQuiet({ from: 1320, to: 420 }), '22:00-07:00');
  });

  it('reads off as no quiet hours', () => {
    assert.deepEqual(parseQuiet('off'), { ok: true, value: null });
  });

  it('refuses what it cannot read, with an example', () => {
    const r = parseQuiet('after 10pm');
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.reason, /HH:MM-HH:MM.*\/wellbeing quiet 08:00-16:00/);
    assert.equal(parseQuiet('25:00-07:00').ok, false);
  });

  it('refuses an empty window and one longer than 18 hours', () => {
    assert.match(parseQuiet('09:00-09:00').ok ? '' : 'refused', /refused/);
    const r = parseQuiet('07:00-06:00');
    assert.match(r.ok ? '' : r.reason, /23 hours; quiet hours can last up to 18/);
  });

  it('escapes what it echoes', () => {
    const r = parseQuiet('<!here>');
    assert.doesNotMatch(r.ok ? '' : r.reason, /<!here>/);
  });
});

describe('quiet hours on the person’s clock', () => {
  const q = { from: 22 * 60, to: 7 * 60 };

  it('knows whether an instant is inside them, in the person’s zone', () => {
    assert.equal(inQuiet(Date.parse('2026-11-23T23:00:00Z'), 'UTC', q), true);
    assert.equal(inQuiet(Date.parse('2026-11-23T07:00:00Z'), 'UTC', q), false);
    assert.equal(inQuiet(Date.parse('2026-11-23T03:00:00Z'), 'America/New_York', q), true); // 22:00 EST
    assert.equal(inQuiet(Date.parse('2026-11-23T03:00:00Z'), 'UTC', undefined), false);
  });

  it('delivers at 09:00, or when quiet hours holding 09:00 end', () => {
    const monday = { year: 2026, month: 11, day: 23 };
    assert.equal(deliveryTime(monday, 'Europe/London'), Date.parse('2026-11-23T09:00:00Z'));
    assert.equal(
      deliveryTime(monday, 'Europe/London', { from: 480, to: 960 }),
      Date.parse('2026-11-23T16:00:00Z'),
    );
    assert.equal(deliveryTime(monday, 'UTC', { from: 510, to: 180 }), Date.parse('2026-11-24T03:00:00Z'));
    assert.equal(deliveryTime(monday, 'UTC', q), Date.parse('2026-11-23T09:00:00Z'));
  });

  it('names this week’s and last week’s Monday on the person’s calendar', () => {
    // Monday 01:00 in Auckland is still Sunday in UTC.
    const m = weeklyMoments(Date.parse('2026-11-22T12:00:00Z'), 'Pacific/Auckland');
    assert.deepEqual(
      m.map((x) => x.week),
      ['2026-11-23', '2026-11-16'],
    );
    assert.equal(m[0]?.at, Date.parse('2026-11-22T20:00:00Z')); // 09:00 NZDT
  });
});
