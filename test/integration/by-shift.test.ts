// `/wellbeing summary … by-shift` through signed HTTP, the real Bolt pipeline and real Redis, against the
// Slack stand-in; time is driven by hand. The channel is in New York (EST, UTC-5, in November).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { NO_SHIFTS, NOTHING_BY_SHIFT } from '../../src/slack/blocks/by-shift.js';
import { SUMMARY_REFUSAL } from '../../src/slack/blocks/summary.js';
import { type Harness, startHarness } from '../support/harness.js';
import { openCounts } from '../support/open-cells.js';
import { type CareChannel, careChannel, fakePrompt } from '../support/scene.js';

const TZ = 'America/New_York';
/** A local wall time in New York in November (UTC-5) as an instant. */
const local = (wall: string) => Date.parse(`${wall}-05:00`);
const DAY_NIGHT = '"day 07:00-19:00, night 19:00-07:00"';
// Tuesday 24 November 2026, noon: shifts set now count from Wednesday, 00:00, when the day in progress ends.
const SET_AT = local('2026-11-24T12:00:00');
let clockMs = SET_AT;

type Ack = { text: string; blocks?: unknown[] };

describe('/wellbeing summary by-shift', () => {
  let h: Harness;
  let care: CareChannel;
  let n = 0;

  before(async () => {
    h = await startHarness({ clock: () => clockMs });
  });
  after(async () => h.close());
  beforeEach(async () => {
    clockMs = SET_AT;
    n += 1;
    care = await careChannel(h.standin, h.redis, h.prefix, {
      channel: `C0BYS${String(n).padStart(3, '0')}`,
      members: 12,
      tz: TZ,
    });
  });

  const member = (i: number) => care.members[i] as string;
  const wellbeing = async (text: string, user = care.lead): Promise<Ack> => {
    const d = await h.standin.slashCommand({
      command: '/wellbeing',
      text,
      userId: user,
      channelId: care.channel,
    });
    assert.equal(d.status, 200);
    return d.ack as Ack;
  };
  const shown = (ack: Ack) => JSON.stringify(ack);
  /** A prompt posted at local `wall`; returns its ts. */
  const prompt = async (wall: string) => {
    const atMs = local(wall);
    const ts = `${Math.floor(atMs / 1000)}.000${String(n).padStart(3, '0')}`;
    await fakePrompt(h.redis, h.prefix, h.standin.teamId, care.channel, ts, atMs);
    return ts;
  };
  /** Members `who` press a score on the prompt at local `wall`. */
  const press = async (ts: string, wall: string, who: number[], score = 4) => {
    clockMs = local(wall);
    for (const i of who) {
      const d = await h.standin.blockAction({
        userId: member(i),
        channelId: care.channel,
        actionId: `checkin_score_${score}`,
        value: `cmp-01:${score}`,
        blockId: 'checkin',
        messageTs: ts,
      });
      assert.equal(d.status, 200);
    }
  };
  /** The text of the section about shift `name`, or undefined when it is not shown. */
  const shiftSection = (ack: Ack, name: string) =>
    ((ack.blocks ?? []) as { text?: { text: string } }[])
      .map((b) => b.text?.text ?? '')
      .find((t) => t.startsWith(`*${name}* —`));
  const setShifts = async () => {
    clockMs = SET_AT;
    assert.match((await wellbeing(`shifts set ${DAY_NIGHT}`)).text, /Shifts set/);
  };

  it('counts answers at 23:00 and 02:00 of one night as one night, in the next morning’s summary once released', async () => {
    await setShifts();
    const morning = await prompt('2026-11-25T08:00:00');
    await press(morning, '2026-11-25T09:30:00', [0, 1, 2, 3, 4, 5], 4);
    const evening = await prompt('2026-11-25T19:15:00');
    await press(evening, '2026-11-25T23:00:00', [6, 7, 8], 2);
    await press(evening, '2026-11-26T02:00:00', [9, 10, 11], 3);
    // The shift-day ends at 07:00 and settles an hour later: nothing about it before.
    clockMs = local('2026-11-26T07:30:00');
    assert.match(shown(await wellbeing('summary by-shift')), new RegExp(NOTHING_BY_SHIFT.slice(0, 40)));
    clockMs = local('2026-11-26T09:00:00');
    const ack = await wellbeing('summary by-shift');
    const day = shiftSection(ack, 'day') ?? assert.fail(shown(ack));
    const night = shiftSection(ack, 'night') ?? assert.fail(shown(ack));
    assert.match(day, /6 people on a typical shift · 6 check-ins · average 4\.0 of 5/);
    assert.match(day, /\(1 day\)/);
    // Three before midnight and three after, in one night of one shift-day.
    assert.match(night, /6 people on a typical shift · 6 check-ins · average 2\.5 of 5/);
    assert.match(night, /\(1 day\)\n3 · okay: 3 · 2 · struggling: 3$/);
    assert.doesNotMatch(shown(ack), /not shown by shift/);
    // The plain summary still shows the whole shift-day as one period.
    assert.match(shown(await wellbeing('summary')), /12 people on a typical day/);
    // The export has the shift-day's row and, beside it, one per shift.
    await wellbeing('export 30d');
    let csv = '';
    for (let i = 0; i < 100 && !csv; i++) {
      csv = h.standin.files().at(-1)?.content ?? '';
      if (!csv) await new Promise((r) => setTimeout(r, 20));
    }
    const rows = csv.trim().split(/\r?\n/);
    assert.match(rows[0] as string, /,shift,/);
    assert.deepEqual(
      rows.slice(1).map((r) => r.split(',')[2]),
      ['', 'day', 'night'],
    );
  });

  it('holds back a day whose night had too few answers, and shows the day shift of a day whose night had none', async () => {
    await setShifts();
    const thursday = await prompt('2026-11-26T08:00:00');
    await press(thursday, '2026-11-26T10:00:00', [0, 1, 2, 3, 4, 5], 5);
    const thursdayNight = await prompt('2026-11-26T19:15:00');
    await press(thursdayNight, '2026-11-27T01:00:00', [6, 7], 1); // two people: too few to stay anonymous
    const friday = await prompt('2026-11-27T08:00:00');
    await press(friday, '2026-11-27T10:00:00', [0, 1, 2, 3, 4, 5], 3); // and nobody answers that night
    clockMs = local('2026-11-28T09:00:00');
    const ack = await wellbeing('summary by-shift');
    const day = shiftSection(ack, 'day') ?? assert.fail(shown(ack));
    // Only Friday's day shift: Thursday's day shift, beside the day's total, would give the night away.
    assert.match(day, /6 people on a typical shift · 6 check-ins · average 3\.0 of 5/);
    assert.match(day, /\(1 day\)/);
    assert.equal(shiftSection(ack, 'night'), undefined);
    assert.match(shown(ack), /1 day is in the team total but not shown by shift/);
    assert.doesNotMatch(shown(ack), /running on empty|average 1\.0|average 5\.0/);
    // Both days are in the team total.
    assert.match(shown(await wellbeing('summary')), /Check-ins\*\\n14/);
  });

  it('shows a day the same by shift whether or not someone also answered privately beside the reactions', async () => {
    // The attack: a day with enough visible reactions in each shift is held back by shift only because
    // 1 to k − 1 people answered privately (its private answers wait in the week's remainder); beside the
    // plain summary, that tells a lead someone answered privately. Two channels, the same reactions;
    // in the second one person also presses a button at night.
    await setShifts();
    const twin = await careChannel(h.standin, h.redis, h.prefix, {
      channel: `C0TWN${String(n).padStart(3, '0')}`,
      members: 12,
      tz: TZ,
      lead: care.lead,
    });
    clockMs = SET_AT;
    const d = await h.standin.slashCommand({
      command: '/wellbeing',
      text: `shifts set ${DAY_NIGHT}`,
      userId: care.lead,
      channelId: twin.channel,
    });
    assert.match(JSON.stringify(d.ack), /Shifts set/);
    for (const [channel, people] of [
      [care.channel, care.members],
      [twin.channel, twin.members],
    ] as const) {
      for (const [wall, who, emoji] of [
        ['2026-11-25T09:00:00', [0, 1, 2, 3, 4, 5], 'four'],
        ['2026-11-25T21:00:00', [6, 7, 8, 9, 10], 'two'],
      ] as const) {
        const atMs = local(wall);
        const ts = `${Math.floor(atMs / 1000)}.000${String(n).padStart(3, '0')}`;
        await fakePrompt(h.redis, h.prefix, h.standin.teamId, channel, ts, atMs);
        clockMs = atMs + 60_000;
        for (const i of who)
          await h.standin.reactionAdded({ user: people[i] as string, reaction: emoji, channel, ts });
        if (channel === twin.channel && emoji === 'two') {
          const b = await h.standin.blockAction({
            userId: people[11] as string,
            channelId: channel,
            actionId: 'checkin_score_1',
            value: 'cmp-01:1',
            blockId: 'checkin',
            messageTs: ts,
          });
          assert.equal(b.status, 200);
        }
      }
    }
    clockMs = local('2026-11-26T09:00:00');
    const ask = async (channel: string) =>
      JSON.stringify(
        (
          await h.standin.slashCommand({
            command: '/wellbeing',
            text: 'summary by-shift',
            userId: care.lead,
            channelId: channel,
          })
        ).ack,
      ).replaceAll(channel, 'CH');
    const plain = await ask(care.channel);
    assert.match(plain, /\*night\* —/);
    assert.equal(await ask(twin.channel), plain);
  });

  it('keeps a changed answer in the shift it was first given in', async () => {
    await setShifts();
    const ts = await prompt('2026-11-25T18:00:00');
    await press(ts, '2026-11-25T18:50:00', [0], 4);
    await press(ts, '2026-11-25T19:10:00', [0], 2); // changed after the night began
    await press(ts, '2026-11-25T19:20:00', [1], 5);
    const open = await openCounts(h.redis, h.prefix, h.standin.teamId, care.channel);
    assert.deepEqual(open.entries.get(member(0)), ['2p|day']);
    assert.deepEqual(open.entries.get(member(1)), ['5p|night']);
  });

  it('tells a lead kindly that a channel without shifts has nothing to show by shift, and refuses anyone else as usual', async () => {
    const ts = await prompt('2026-11-24T08:00:00');
    await press(ts, '2026-11-24T09:00:00', [0, 1, 2, 3, 4, 5]);
    clockMs = local('2026-11-25T09:00:00');
    assert.equal((await wellbeing('summary by-shift')).text, NO_SHIFTS(care.channel));
    assert.match(NO_SHIFTS(care.channel), /shifts set "day 07:00-19:00, night 19:00-07:00"/);
    assert.equal((await wellbeing('summary 30d by shift')).text, NO_SHIFTS(care.channel));
    assert.deepEqual(await wellbeing('summary by-shift', member(0)), {
      response_type: 'ephemeral',
      text: SUMMARY_REFUSAL,
    });
    // The plain summary is unchanged.
    assert.match(shown(await wellbeing('summary')), /6 people on a typical day/);
  });
});
