import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { Summary } from '../../../src/domain/summary.js';
import { createDigest, type DigestEntry, digestDue } from '../../../src/services/digest.js';
import type { ChannelSummary } from '../../../src/services/summaries.js';

const MONDAY_9_UTC = Date.parse('2026-11-23T09:00:00Z');

function fixture(o: { elected?: () => boolean } = {}) {
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
          members: 10,
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

  it('sends each lead one message with their channels that are due, with alerts only where numbers are shown', async () => {
    const { digest, sent, claims, asOf } = fixture();
    const run = await digest.runDigest(MONDAY_9_UTC);
    assert.deepEqual(new Set(asOf), new Set([MONDAY_9_UTC])); // the 7 days up to the digest's instant
    assert.deepEqual(run, { ran: true, sent: 2, failed: 0 });
    assert.deepEqual(claims, ['digest:2026-11-23T09:00:00.000Z']);
    const u1 = sent.find((s) => s.lead === 'U1');
    assert.deepEqual(
      u1?.entries.map((e) => [e.summary.channel, e.alerts]),
      [
        ['C1', ['Average fell by 1.0 since the previous week', 'Low scores (1–2) reached 50 %']],
        ['C2', []],
      ],
    );
    assert.deepEqual(
      sent.find((s) => s.lead === 'U2')?.entries.map((e) => e.summary.channel),
      ['C1'],
    );
  });

  it('sends nothing when another replica was elected for the quarter-hour', async () => {
    const { digest, sent } = fixture({ elected: () => false });
    assert.deepEqual(await digest.runDigest(MONDAY_9_UTC + 5 * 60_000), { ran: false, sent: 0, failed: 0 });
    assert.equal(sent.length, 0);
  });

  it('claims nothing when no channel is due', async () => {
    const { digest, claims } = fixture();
    await digest.runDigest(MONDAY_9_UTC + 3_600_000);
    assert.deepEqual(claims, []);
  });
});
