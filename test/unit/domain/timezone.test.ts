import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dayKey, localParts, offsetAt, validateTimeZone } from '../../../src/domain/timezone.js';

const HOUR = 3_600_000;

describe('validateTimeZone', () => {
  it('accepts an IANA zone as written', () => {
    assert.deepEqual(validateTimeZone('America/New_York'), { ok: true, value: 'America/New_York' });
  });

  it('returns the proper casing of a zone typed in the wrong case', () => {
    assert.deepEqual(validateTimeZone('europe/LONDON'), { ok: true, value: 'Europe/London' });
  });

  it('accepts UTC in any case', () => {
    assert.deepEqual(validateTimeZone('utc'), { ok: true, value: 'UTC' });
  });

  it('accepts the modern name Asia/Kolkata even where the engine lists Asia/Calcutta', () => {
    assert.deepEqual(validateTimeZone('asia/kolkata'), { ok: true, value: 'Asia/Kolkata' });
  });

  it('accepts an alias Intl knows, keeping the spelling the person chose', () => {
    assert.deepEqual(validateTimeZone('US/Eastern'), { ok: true, value: 'US/Eastern' });
  });

  it('ignores surrounding spaces', () => {
    assert.deepEqual(validateTimeZone('  Europe/Paris '), { ok: true, value: 'Europe/Paris' });
  });

  it('suggests the closest zone for a near miss', () => {
    assert.deepEqual(validateTimeZone('Europe/Lndon'), {
      ok: false,
      reason: 'Europe/Lndon is not a time zone — did you mean Europe/London?',
    });
  });

  it('suggests nothing when no zone is close', () => {
    assert.deepEqual(validateTimeZone('Mars/Base'), {
      ok: false,
      reason: 'Mars/Base is not a time zone. Use an IANA name such as Europe/London or America/New_York.',
    });
  });

  it('refuses a bare UTC offset, which has no daylight-saving rules', () => {
    assert.equal(validateTimeZone('+01:00').ok, false);
  });

  it('refuses an empty name', () => {
    assert.deepEqual(validateTimeZone(''), {
      ok: false,
      reason: 'A time zone is needed. Use an IANA name such as Europe/London or America/New_York.',
    });
  });

  it('escapes the name it echoes back', () => {
    const r = validateTimeZone('<!channel>');
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.reason.startsWith('&lt;!channel&gt; is not a time zone'));
  });
});

describe('localParts', () => {
  it('reads the wall clock in summer time', () => {
    // 2026-07-01 12:34 UTC is 13:34 in London, a Wednesday.
    assert.deepEqual(localParts(Date.UTC(2026, 6, 1, 12, 34), 'Europe/London'), {
      year: 2026,
      month: 7,
      day: 1,
      hour: 13,
      minute: 34,
      weekday: 3,
    });
  });

  it('gives midnight as hour 0, not 24', () => {
    assert.equal(localParts(Date.UTC(2026, 0, 5, 0, 0), 'UTC').hour, 0);
  });

  it('crosses the date line backwards for zones behind UTC', () => {
    const p = localParts(Date.UTC(2026, 0, 1, 3, 0), 'America/New_York');
    assert.deepEqual([p.year, p.month, p.day, p.hour, p.weekday], [2025, 12, 31, 22, 3]);
  });

  it('reads half-hour zones', () => {
    assert.equal(localParts(Date.UTC(2026, 0, 1, 0, 0), 'Asia/Kolkata').minute, 30);
  });

  it('gives Sunday as weekday 0', () => {
    assert.equal(localParts(Date.UTC(2026, 2, 29, 12), 'Europe/London').weekday, 0);
  });

  it('throws for a zone Intl does not know', () => {
    assert.throws(() => localParts(0, 'Mars/Base'), RangeError);
  });
});

describe('offsetAt', () => {
  it('is one hour in London summer time', () => {
    assert.equal(offsetAt(Date.UTC(2026, 6, 1), 'Europe/London'), HOUR);
  });

  it('is minus five hours in New York winter', () => {
    assert.equal(offsetAt(Date.UTC(2026, 0, 15), 'America/New_York'), -5 * HOUR);
  });
});

describe('dayKey', () => {
  it('is the local date, zero-padded', () => {
    assert.equal(dayKey(Date.UTC(2026, 2, 5, 12), 'Europe/London'), '2026-03-05');
  });

  it('is already tomorrow in Tokyo while it is today in UTC', () => {
    assert.equal(dayKey(Date.UTC(2026, 2, 5, 16), 'Asia/Tokyo'), '2026-03-06');
  });

  // dayKey remembers the last quarter-hour it read per zone (check-ins call it for every event), so
  // walk instants minute by minute across midnights, DST changes and a skipped day, in any order,
  // and compare with the date Intl itself prints.
  it('always agrees with Intl, around midnights, clock changes and skipped days', () => {
    const oracle = (ms: number, tz: string) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' })
        .format(ms)
        .slice(0, 10);
    const moments: Array<[string, number]> = [
      ['America/Santiago', Date.UTC(2026, 3, 5, 3)], // falls back at midnight
      ['America/Santiago', Date.UTC(2026, 8, 6, 4)], // springs forward at midnight
      ['America/Havana', Date.UTC(2026, 2, 8, 5)],
      ['Europe/London', Date.UTC(2026, 9, 25, 1)],
      ['Australia/Lord_Howe', Date.UTC(2026, 3, 4, 15)], // half-hour change
      ['Asia/Kathmandu', Date.UTC(2026, 0, 1, 18, 15)], // +05:45
      ['Pacific/Apia', Date.UTC(2011, 11, 30, 10)], // skipped 30 December 2011
      ['Pacific/Chatham', Date.UTC(2026, 3, 4, 14)], // +13:45 / +12:45
      ['UTC', Date.UTC(2026, 10, 26, 0)],
      // Until 1972 Liberia kept UTC-0:44:30, so its midnight fell inside a UTC quarter-hour.
      ['Africa/Monrovia', Date.UTC(1971, 5, 1, 0, 44, 30)],
    ];
    // A sweep each way through the hour around each change, 30 s at a time…
    for (const [tz, around] of moments) {
      const sweep = Array.from({ length: 121 }, (_, i) => around - 30 * 60_000 + i * 30_000);
      for (const ms of [...sweep, ...sweep.reverse()])
        assert.equal(dayKey(ms, tz), oracle(ms, tz), `${tz} at ${new Date(ms).toISOString()}`);
    }
    // …and random walks over the two days around it.
    fc.assert(
      fc.property(
        fc.constantFrom(...moments),
        fc.array(fc.integer({ min: -26 * 60, max: 26 * 60 }), { minLength: 1, maxLength: 40 }),
        ([tz, around], minutes) => {
          for (const m of minutes) {
            const ms = around + m * 60_000 + (m % 7) * 1_000;
            assert.equal(dayKey(ms, tz), oracle(ms, tz), `${tz} at ${new Date(ms).toISOString()}`);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
