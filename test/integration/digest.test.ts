// The weekly digest: two replicas against one Redis and the Slack stand-in; runDigest(now) driven
// with a fixed clock.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Score } from '../../src/domain/types.js';
import { addDays } from '../../src/services/summaries.js';
import { createCheckinStore } from '../../src/store/checkins.js';
import { createKeys } from '../../src/store/keys.js';
import { type Harness, startHarness } from '../support/harness.js';
import { slotAt } from '../support/open-cells.js';
import { careChannel } from '../support/scene.js';

// Monday 23 November 2026, 09:00 in London (UTC in winter).
const MONDAY_9 = Date.parse('2026-11-23T09:00:00Z');
let clockMs = MONDAY_9;

describe('weekly digest', () => {
  let h: Harness;
  let n = 0;

  before(async () => {
    h = await startHarness({ clock: () => clockMs, replicas: 2 });
    await h.redis.sadd(createKeys(h.prefix).teams(), h.standin.teamId);
  });
  after(async () => h.close());
  beforeEach(() => {
    n += 1;
    clockMs = MONDAY_9;
  });

  const store = () => createCheckinStore(h.redis, createKeys(h.prefix), { retentionDays: 180 });
  /** One answer from each person on `day` (the channel's zone). */
  async function answers(channel: string, people: readonly string[], day: string, scores: readonly Score[]) {
    for (const [i, user] of people.entries()) {
      const nowMs = Date.parse(`${day}T12:00:00Z`) - i;
      await store().setAnswer(
        { team: h.standin.teamId, user, channel },
        {
          score: scores[i % scores.length] as Score,
          source: 'command',
          nowMs,
          cell: await slotAt(h.redis, h.prefix, h.standin.teamId, channel, nowMs, 'Europe/London'),
        },
      );
    }
  }
  const dmTexts = (user: string) => h.standin.dms(user).map((m) => `${m.text}\n${JSON.stringify(m.blocks)}`);

  it('sends each lead one DM with the 7-day summary and an alert, once across two replicas', async () => {
    const care = await careChannel(h.standin, h.redis, h.prefix, {
      channel: `C0DIG${n}A1`,
      tz: 'Europe/London',
    });
    const people = care.members.slice(0, 6);
    await answers(care.channel, people, '2026-11-12', [5, 4]); // the week before: average 4.5
    await answers(care.channel, people, '2026-11-20', [2, 3]); // this week: average 2.5, half low
    h.standin.reset();

    const [a, b] = await Promise.all([h.bots[0]?.runDigest(MONDAY_9), h.bots[1]?.runDigest(MONDAY_9)]);
    assert.equal((a?.sent ?? 0) + (b?.sent ?? 0), 1);
    const dms = dmTexts(care.lead);
    assert.equal(dms.length, 1);
    assert.match(
      dms[0] as string,
      new RegExp(`<#${care.channel}> — 6 people \\(67 % took part\\) · average 2\\.5`),
    );
    assert.match(dms[0] as string, /Average fell by 2\.0 since the previous week/);
    assert.match(dms[0] as string, /Low scores \(1–2\) reached 50 %/);
    for (const m of care.members) assert.equal(h.standin.dms(m).length, 0); // only leads get it

    // The same quarter-hour again (a late tick, a restarted replica): nothing more.
    await h.bots[1]?.runDigest(MONDAY_9 + 60_000);
    assert.equal(h.standin.dms(care.lead).length, 1);
  });

  it('shows no numbers and no alert for a channel below the threshold', async () => {
    const care = await careChannel(h.standin, h.redis, h.prefix, {
      channel: `C0DIG${n}B2`,
      tz: 'Europe/London',
    });
    const next = MONDAY_9 + 7 * 86_400_000;
    await answers(care.channel, care.members.slice(0, 4), addDays('2026-11-30', -1), [1]);
    h.standin.reset();
    clockMs = next;
    await h.bots[0]?.runDigest(next);
    const dms = dmTexts(care.lead);
    assert.equal(dms.length, 1);
    assert.match(dms[0] as string, /Nothing to show yet/);
    assert.doesNotMatch(dms[0] as string, /:warning:|average|%/);
  });

  it("waits for Monday 09:00 in the lead's own Slack time zone, not the channel's", async () => {
    const kolkata = await careChannel(h.standin, h.redis, h.prefix, {
      channel: `C0DIG${n}C3`,
      tz: 'Europe/London',
    });
    h.standin.addUser({ id: kolkata.lead, tz: 'Asia/Kolkata' });
    h.standin.reset();
    const monday = Date.parse('2026-12-07T09:00:00Z'); // 09:00 in the channel's zone, 14:30 the lead's
    clockMs = monday;
    await h.bots[0]?.runDigest(monday);
    assert.equal(h.standin.dms(kolkata.lead).length, 0);
    const kolkata9 = Date.parse('2026-12-07T03:30:00Z'); // 09:00 in Kolkata
    clockMs = kolkata9;
    await h.bots[0]?.runDigest(kolkata9);
    assert.equal(h.standin.dms(kolkata.lead).length, 1);
  });

  it('reaches a lead in another zone when their quiet hours end, once across two replicas', async () => {
    const care = await careChannel(h.standin, h.redis, h.prefix, {
      channel: `C0DIG${n}D4`,
      tz: 'Europe/London',
    });
    // A night lead in New York who sleeps 08:00-16:00 on their own clock.
    h.standin.addUser({ id: care.lead, tz: 'America/New_York' });
    clockMs = Date.parse('2026-12-13T12:00:00Z'); // Sunday
    const quiet = await h.standin.slashCommand({
      command: '/wellbeing',
      text: 'quiet 08:00-16:00',
      userId: care.lead,
      channelId: `D0${care.lead}`,
    });
    assert.match(
      String((quiet.ack as { text?: string }).text),
      /Quiet hours set: \*08:00-16:00\*.*next: Mon 14 Dec, 16:00 \(America\/New_York/,
    );
    h.standin.reset();
    const run = async (iso: string) => {
      clockMs = Date.parse(iso);
      await Promise.all(h.bots.map((b) => b.runDigest(clockMs)));
      return h.standin.dms(care.lead).length;
    };
    assert.equal(await run('2026-12-14T09:00:00Z'), 0); // the channel's Monday 09:00
    assert.equal(await run('2026-12-14T14:00:00Z'), 0); // 09:00 in New York: inside quiet hours
    assert.equal(await run('2026-12-14T20:45:00Z'), 0); // 15:45 there
    assert.equal(await run('2026-12-14T21:00:00Z'), 1); // 16:00 there: quiet hours over
    assert.equal(await run('2026-12-14T21:15:00Z'), 1); // once
  });
});
