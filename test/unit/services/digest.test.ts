import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { QuietHours } from '../../../src/domain/quiet.js';
import type { Summary } from '../../../src/domain/summary.js';
import { createDigest, type DigestEntry, digestDue, digestWeekDue } from '../../../src/services/digest.js';
import type { ChannelSummary } from '../../../src/services/summaries.js';

const MONDAY_9_UTC = Date.parse('2026-11-23T09:00:00Z');

function fixture(
  o: { elected?: () => boolean; people?: Record<string, { tz?: string; quiet?: QuietHours }> } = {},
) {
  const sent: { team: string; lead: string; entries: readonly DigestEntry[] }[] = [];
  const claims: string[] = [];
  const asOf: (number | undefined)[] = [];
  const zones: Record<string, string | undefined> = {
    C1: 'Europe/London',
    C2: undefined,
    C3: 'America/New_York',
  };
  const leads: Record<string, string[]> = { C1: ['U1', 'U2'], C2: ['U1'], C3: ['U1'] };
  const low: Summary = {
    enough: true,
    periodDays: 7,
    respondents: 6,
    participationPct: 60,
    checkins: 6,
    average: 2.0,
    distribution: [3, 0, 0, 3, 0],
    lowSharePct: 50,
    change: -1.0,
    trend: [2],
    sparkline: '▃',
    withheld: { total: 6, few: 6, fewPrivate: 0, onePerson: 0 },
    parts: [{ from: '2026-11-22', to: '2026-11-22', part: 'whole' }],
  };
  const digest = createDigest({
    summaries: {
      summarize: async (_team, channel, periodDays, _viewer, now): Promise<ChannelSummary> => {
        asOf.push(now);
        return {
          channel,
          periodDays,
          firstDay: '2026-11-17',
          lastDay: '2026-11-23',
          hasPrompts: true,
          pooling: 'day',
          cells: [],
          suggest: [],
          k: 5,
          summary:
            channel === 'C1'
              ? low
              : {
                  enough: false,
                  periodDays,
                  k: 5,
                  withheld: { total: 0, few: 0, fewPrivate: 0, onePerson: 0 },
                },
        };
      },
    },
    channels: {
      promptChannels: async () => new Map(Object.entries(zones).map(([c, tz]) => [c, tz ? { tz } : {}])),
    },
    roles: { leadsOf: async (_team, channel) => leads[channel] ?? [] },
    teams: async () => ['T1'],
    coordinator: {
      shouldRun: (key) => {
        claims.push(key);
        return o.elected ? o.elected() : true;
      },
    },
    send: async (team, lead, entries) => {
      sent.push({ team, lead, entries });
    },
    ...(o.people
      ? {
          people: {
            zoneOf: async (_team: string, user: string) => o.people?.[user]?.tz,
            quietOf: async (_team: string, user: string) => o.people?.[user]?.quiet,
          },
        }
      : {}),
    defaultTz: 'UTC',
    log: pino({ level: 'silent' }),
  });
  return { digest, sent, claims, asOf };
}

describe('weekly digest', () => {
  it('is due in the quarter-hour from Monday 09:00 in the zone', () => {
    assert.equal(digestDue(MONDAY_9_UTC, 'UTC'), true);
    assert.equal(digestDue(MONDAY_9_UTC + 14 * 60_000, 'UTC'), true);
    assert.equal(digestDue(MONDAY_9_UTC + 15 * 60_000, 'UTC'), false);
    assert.equal(digestDue(MONDAY_9_UTC, 'America/New_York'), false); // 04:00 there
    assert.equal(digestDue(MONDAY_9_UTC + 7 * 86_400_000 - 3600_000, 'Europe/Berlin'), true);
    assert.equal(digestDue(MONDAY_9_UTC + 86_400_000, 'UTC'), false); // Tuesday
  });

  it('sends each lead one message with all their channels, with alerts only where numbers are shown', async () => {
    const { digest, sent, claims, asOf } = fixture();
    const run = await digest.runDigest(MONDAY_9_UTC);
    assert.deepEqual(new Set(asOf), new Set([MONDAY_9_UTC])); // the 7 days up to the digest's instant
    assert.deepEqual(run, { ran: true, sent: 2, failed: 0 });
    assert.deepEqual(claims, ['digest:T1:U1:2026-11-23', 'digest:T1:U2:2026-11-23']);
    const u1 = sent.find((s) => s.lead === 'U1');
    assert.deepEqual(
      u1?.entries.map((e) => [e.summary.channel, e.alerts]),
      [
        ['C1', ['Average fell by 1.0 since the previous week', 'Low scores (1–2) reached 50 %']],
        ['C2', []],
        ['C3', []],
      ],
    );
    assert.deepEqual(
      sent.find((s) => s.lead === 'U2')?.entries.map((e) => e.summary.channel),
      ['C1'],
    );
  });

  it('sends nothing when another replica claimed the lead’s digest of the week', async () => {
    const { digest, sent } = fixture({ elected: () => false });
    assert.deepEqual(await digest.runDigest(MONDAY_9_UTC + 5 * 60_000), { ran: false, sent: 0, failed: 0 });
    assert.equal(sent.length, 0);
  });

  it('claims nothing when no lead is due', async () => {
    const { digest, claims } = fixture();
    await digest.runDigest(MONDAY_9_UTC - 15 * 60_000);
    await digest.runDigest(MONDAY_9_UTC + 2 * 3_600_000);
    await digest.runDigest(MONDAY_9_UTC + 86_400_000);
    assert.deepEqual(claims, []);
  });

  it('times each lead’s digest on their own clock, not their channel’s', async () => {
    const { digest, sent } = fixture({
      people: { U1: { tz: 'America/New_York' }, U2: { tz: 'Europe/London' } },
    });
    await digest.runDigest(MONDAY_9_UTC);
    assert.deepEqual(
      sent.map((s) => s.lead),
      ['U2'],
    );
    await digest.runDigest(Date.parse('2026-11-23T14:00:00Z')); // 09:00 in New York
    assert.deepEqual(
      sent.map((s) => s.lead),
      ['U2', 'U1'],
    );
  });

  it('waits for a lead’s quiet hours to end, and never sends inside them', async () => {
    const quiet = { from: 8 * 60, to: 16 * 60 }; // a night lead asleep 08:00-16:00
    const { digest, sent } = fixture({
      people: { U1: { tz: 'Europe/London', quiet }, U2: { tz: 'UTC', quiet } },
    });
    await digest.runDigest(MONDAY_9_UTC);
    await digest.runDigest(Date.parse('2026-11-23T15:45:00Z'));
    assert.equal(sent.length, 0);
    await digest.runDigest(Date.parse('2026-11-23T16:00:00Z'));
    assert.deepEqual(sent.map((s) => s.lead).sort(), ['U1', 'U2']);
  });
});

describe('digestWeekDue', () => {
  const quiet = (from: string, to: string): QuietHours => {
    const m = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
    return { from: m(from), to: m(to) };
  };

  it('is due from Monday 09:00 in the zone for two hours', () => {
    assert.equal(digestWeekDue(MONDAY_9_UTC, 'UTC'), '2026-11-23');
    assert.equal(digestWeekDue(MONDAY_9_UTC + 119 * 60_000, 'UTC'), '2026-11-23');
    assert.equal(digestWeekDue(MONDAY_9_UTC + 120 * 60_000, 'UTC'), undefined);
    assert.equal(digestWeekDue(MONDAY_9_UTC - 60_000, 'UTC'), undefined);
    assert.equal(digestWeekDue(MONDAY_9_UTC, 'Asia/Kolkata'), undefined); // 14:30 there
    assert.equal(digestWeekDue(Date.parse('2026-11-23T03:30:00Z'), 'Asia/Kolkata'), '2026-11-23');
  });

  it('moves to the end of quiet hours that hold 09:00, the next morning when they cross midnight', () => {
    assert.equal(digestWeekDue(MONDAY_9_UTC, 'UTC', quiet('22:00', '10:00')), undefined);
    assert.equal(digestWeekDue(MONDAY_9_UTC + 3_600_000, 'UTC', quiet('22:00', '10:00')), '2026-11-23');
    // Quiet 10:00-02:00 does not hold 09:00: 09:00 it is.
    assert.equal(digestWeekDue(MONDAY_9_UTC, 'UTC', quiet('10:00', '02:00')), '2026-11-23');
    // Quiet 08:30-03:00 holds 09:00 and ends at 03:00 on Tuesday.
    const tuesday3 = Date.parse('2026-11-24T03:00:00Z');
    assert.equal(digestWeekDue(tuesday3 - 60_000, 'UTC', quiet('08:30', '03:00')), undefined);
    assert.equal(digestWeekDue(tuesday3, 'UTC', quiet('08:30', '03:00')), '2026-11-23');
  });

  it('is never due inside quiet hours, even within the two hours after the moment', () => {
    assert.equal(digestWeekDue(MONDAY_9_UTC + 30 * 60_000, 'UTC', quiet('09:30', '12:00')), undefined);
    assert.equal(digestWeekDue(MONDAY_9_UTC, 'UTC', quiet('09:30', '12:00')), '2026-11-23');
  });
});
