// Shifts (a channel's rota, shift-relative schedules, pause, after-event follow-ups) through signed
// HTTP, the real Bolt pipeline and real Redis, against the Slack stand-in; time is driven by hand.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { findPrompt } from '../../src/prompts/index.js';
import { createKeys } from '../../src/store/keys.js';
import { type Harness, startHarness } from '../support/harness.js';
import { type CareChannel, careChannel } from '../support/scene.js';

const at = (iso: string) => Date.parse(iso);
// Thursday 26 November 2026, 12:00 in New York (EST, UTC-5).
const NOON = at('2026-11-26T17:00:00Z');
const DAY_NIGHT = '"day 07:00-19:00, night 19:00-07:00"';
let clockMs = NOON;

type Ack = { text?: string };

describe('shifts', () => {
  let h: Harness;
  let care: CareChannel;
  let n = 0;

  beforeEach(async () => {
    clockMs = NOON;
    n += 1;
    h = await startHarness({ clock: () => clockMs, replicas: 2 });
    care = await careChannel(h.standin, h.redis, h.prefix, {
      channel: `C0SHF${String(n).padStart(3, '0')}`,
      tz: 'America/New_York',
    });
  });
  afterEach(async () => h.close());

  const wellbeing = async (text: string, user = care.lead) =>
    String(
      (
        (await h.standin.slashCommand({ command: '/wellbeing', text, userId: user, channelId: care.channel }))
          .ack as Ack | undefined
      )?.text ?? '',
    );
  const posts = () => h.standin.messages(care.channel);
  /** Every replica evaluates the minute ending at `iso`, at once. */
  async function minute(iso: string) {
    clockMs = at(iso);
    return Promise.all(h.bots.map((b) => b.runDue(clockMs)));
  }
  const settings = async () =>
    h.redis.hget(createKeys(h.prefix).channelSettings(h.standin.teamId), care.channel);

  it('sets, shows and clears a channel’s shifts', async () => {
    assert.match(await wellbeing('shifts'), /no shifts yet.*shifts set "day 07:00-19:00, night 19:00-07:00"/);
    const set = await wellbeing(`shifts set ${DAY_NIGHT}`);
    assert.match(set, /Shifts set: `day 07:00-19:00, night 19:00-07:00` \(America\/New_York\)/);
    // The day in progress (midnight to midnight until now) is not re-cut: shift-days start after it.
    assert.match(set, /Summaries count by shift-day from Fri 27 Nov, 00:00, when the day in progress ends/);
    assert.match(await wellbeing('shifts'), /`day 07:00-19:00, night 19:00-07:00`/);
    assert.match(
      await wellbeing(`shifts set ${DAY_NIGHT}`),
      /already has these shifts, so nothing was changed/,
    );
    assert.match(await wellbeing('shifts clear'), /Shifts cleared/);
    assert.equal(await settings(), null);
  });

  it('refuses a bad pattern with what is wrong and an example, storing nothing', async () => {
    assert.match(
      await wellbeing('shifts set "day 07:00-19:00, night 20:00-07:00"'),
      /No shift covers 19:00-20:00/,
    );
    assert.match(
      await wellbeing('shifts set "day 07:00-25:00, night 19:00-07:00"'),
      /25:00 is not a time of day/,
    );
    assert.match(await wellbeing('shifts set "day 07:00-19:00 and night 19:00-07:00"'), /comma/);
    assert.equal(await settings(), null);
  });

  it('lets only the channel’s leads and admins change shifts', async () => {
    const reply = await wellbeing(`shifts set ${DAY_NIGHT}`, care.members[0]);
    assert.match(reply, /Only this channel's leads and bot admins/);
    assert.equal(await settings(), null);
  });

  it('refuses a shift-relative schedule kindly while the channel has no shifts', async () => {
    const reply = await wellbeing('schedule add shift-start +15 mindfulness');
    assert.match(
      reply,
      /Set your shifts first: `\/wellbeing shifts set "day 07:00-19:00, night 19:00-07:00"`/,
    );
    assert.deepEqual(await h.redis.hgetall(createKeys(h.prefix).schedules(h.standin.teamId)), {});
  });

  it('posts a shift-start prompt at 19:00 and at 07:00 in the channel’s zone, once each across two replicas', async () => {
    await wellbeing(`shifts set ${DAY_NIGHT}`);
    const added = await wellbeing('schedule add shift-start +0');
    assert.match(added, /`shift-start \+0` · follows this channel's shifts · mixed/);
    assert.match(added, /next: Thu 26 Nov, 19:00 \(America\/New_York\)/);
    assert.match(await wellbeing('schedule list'), /shift-start \+0.*next: Thu 26 Nov, 19:00/);

    await minute('2026-11-26T23:59:00Z'); // 18:59 EST
    assert.equal(posts().length, 0);
    const sevenPm = await minute('2026-11-27T00:00:00Z'); // 19:00 EST
    assert.equal(posts().length, 1);
    assert.equal(
      sevenPm.reduce((s, r) => s + r.posted, 0),
      1,
    );
    assert.equal(
      sevenPm.reduce((s, r) => s + r.claimedElsewhere, 0),
      1,
    );
    await minute('2026-11-27T00:01:00Z');
    await minute('2026-11-27T05:00:00Z'); // midnight: nothing
    await minute('2026-11-27T11:59:00Z');
    assert.equal(posts().length, 1);
    await minute('2026-11-27T12:00:00Z'); // 07:00 EST
    await minute('2026-11-27T12:01:00Z');
    assert.equal(posts().length, 2);
  });

  it('posts a shift-end -30 prompt only for the night shift, with its category', async () => {
    await wellbeing(`shifts set ${DAY_NIGHT}`);
    await wellbeing('schedule add shift-end -30 compassion night');
    await minute('2026-11-26T23:30:00Z'); // 18:30: the day shift ends soon, not named
    await minute('2026-11-27T11:30:00Z'); // 06:30: the night ends at 07:00
    const [post] = posts();
    assert.equal(posts().length, 1);
    assert.match(String(post?.text), /A moment of compassion/);
  });

  it('catches up a shift slot missed by less than 30 minutes, once, when replicas come back', async () => {
    await wellbeing(`shifts set ${DAY_NIGHT}`);
    await wellbeing('schedule add shift-start +0');
    await h.bots[0]?.runDue(at('2026-11-26T23:50:00Z'));
    // Every replica was down over 19:00; they come back at 19:20.
    const [a, b] = await minute('2026-11-27T00:20:00Z');
    assert.equal((a?.posted ?? 0) + (b?.posted ?? 0), 1);
    assert.equal(posts().length, 1);
  });

  it('follows a new pattern at once: the next slot comes from the shifts set now', async () => {
    await wellbeing(`shifts set ${DAY_NIGHT}`);
    await wellbeing('schedule add shift-start +0');
    await wellbeing('shifts set "early 08:00-20:00, late 20:00-08:00"');
    assert.match(await wellbeing('schedule list'), /next: Thu 26 Nov, 20:00/);
    await minute('2026-11-27T00:00:00Z');
    assert.equal(posts().length, 0);
    await minute('2026-11-27T01:00:00Z');
    assert.equal(posts().length, 1);
  });

  it('skips a scheduled slot while paused, says so in schedule list, and resume brings the next one back', async () => {
    await wellbeing('schedule add "0 9 * * *" America/New_York');
    const paused = await wellbeing('pause until 2026-11-27');
    assert.match(paused, /paused until the end of Fri 27 Nov 2026\* \(America\/New_York\)/);
    assert.match(await wellbeing('schedule list'), /paused until the end of Fri 27 Nov 2026/);

    const nine = await minute('2026-11-27T14:00:00Z'); // Friday 09:00 EST: paused
    assert.equal(posts().length, 0);
    assert.equal(
      nine.reduce((s, r) => s + r.paused, 0),
      2,
    );

    clockMs = at('2026-11-27T15:00:00Z');
    assert.match(await wellbeing('resume'), /Resumed/);
    assert.doesNotMatch(await wellbeing('schedule list'), /paused/);
    await minute('2026-11-28T14:00:00Z'); // Saturday 09:00: back
    assert.equal(posts().length, 1);
    assert.match(await wellbeing('resume'), /not paused, so nothing was changed/);
  });

  it('keeps prompt now working in a paused channel', async () => {
    await wellbeing('pause until 2026-12-01');
    assert.match(await wellbeing('prompt now compassion'), /Posted a compassion prompt/);
    assert.equal(posts().length, 1);
  });

  it('ends a pause on its own after the day named', async () => {
    await wellbeing('schedule add "0 9 * * *" America/New_York');
    await wellbeing('pause until 2026-11-27');
    await minute('2026-11-27T14:00:00Z');
    await minute('2026-11-28T14:00:00Z');
    assert.equal(posts().length, 1);
  });

  it('refuses a pause date it cannot read, or one that has passed', async () => {
    assert.match(await wellbeing('pause until tomorrow'), /YYYY-MM-DD, e\.g\. `\/wellbeing pause until/);
    assert.match(await wellbeing('pause until 2026-11-25'), /has already passed/);
    assert.match(await wellbeing('pause until 2026-02-30'), /not a day on the calendar/);
    assert.equal(await settings(), null);
  });

  it('after a hard event posts an after-event prompt and follows up at the next three shift starts; remove cancels one', async () => {
    await wellbeing(`shifts set ${DAY_NIGHT}`);
    const reply = await wellbeing('prompt now after-event');
    assert.match(reply, /Posted an after-event prompt/);
    assert.match(
      reply,
      /Thu 26 Nov, 19:00 \(ID \*\d+\*\); Fri 27 Nov, 07:00 \(ID \*\d+\*\); Fri 27 Nov, 19:00/,
    );
    const first = posts()[0];
    assert.match(String(first?.text), /After a hard moment/);

    const list = await wellbeing('schedule list');
    const ids = [...list.matchAll(/\*(\d+)\* — one follow-up · after-event/g)].map((m) => m[1]);
    assert.equal(ids.length, 3);
    assert.match(await wellbeing(`schedule remove ${ids[1]}`), /Removed schedule/);

    await minute('2026-11-27T00:00:00Z'); // 19:00
    await minute('2026-11-27T12:00:00Z'); // 07:00: cancelled
    await minute('2026-11-28T00:00:00Z'); // 19:00
    const texts = posts().map((m) => String(m.text));
    assert.equal(texts.length, 3);
    for (const t of texts) assert.match(t, /After a hard moment/);
    // Past follow-ups are dropped from the list.
    assert.doesNotMatch(await wellbeing('schedule list'), /one follow-up/);
    assert.ok(findPrompt('aft-01'));
  });

  it('without shifts, follows up on the next three days at the channel’s first schedule time', async () => {
    await wellbeing('schedule add "30 8,16 * * *" America/New_York gratitude');
    const reply = await wellbeing('prompt now after-event');
    assert.match(reply, /Fri 27 Nov, 08:30 .*; Sat 28 Nov, 08:30 .*; Sun 29 Nov, 08:30/);
  });
});
