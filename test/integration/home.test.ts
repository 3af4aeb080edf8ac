// The App Home through signed HTTP, the real Bolt pipeline and real Redis.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createCheckinStore } from '../../src/store/checkins.js';
import { createKeys } from '../../src/store/keys.js';
import { type Harness, startHarness } from '../support/harness.js';
import { slotAt } from '../support/open-cells.js';
import { type CareChannel, careChannel, fakePrompt } from '../support/scene.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
let clockMs = NOW;

describe('App Home', () => {
  let h: Harness;
  let care: CareChannel;
  let promptTs: string;
  let n = 0;

  before(async () => {
    h = await startHarness({ clock: () => clockMs });
  });
  after(async () => h.close());
  beforeEach(async () => {
    clockMs = NOW;
    n += 1;
    care = await careChannel(h.standin, h.redis, h.prefix, { channel: `C0HOM${String(n).padStart(3, '0')}` });
    promptTs = `${Math.floor(NOW / 1000) - 60}.0003${String(n).padStart(2, '0')}`;
    await fakePrompt(h.redis, h.prefix, h.standin.teamId, care.channel, promptTs, NOW - 60_000);
    h.standin.reset();
  });

  const member = (i: number) => care.members[i] as string;
  const checkin = (user: string, text: string) =>
    h.standin.slashCommand({ command: '/checkin', text, userId: user, channelId: care.channel });
  const latestView = (user: string) => h.standin.views(user).at(-1);
  const actionIds = (view: Record<string, unknown> | undefined) =>
    JSON.stringify(view?.blocks ?? []).match(/"action_id":"[^"]+"/g) ?? [];
  /** The bot refreshes a tab after it acknowledged the check-in; the view once that has settled. */
  async function viewMatching(user: string, re: RegExp): Promise<string> {
    await h.bot.idle();
    const view = JSON.stringify(latestView(user) ?? {});
    assert.match(view, re, `the view published for ${user}`);
    return view;
  }

  it("publishes a member's last 14 days and check-in buttons, without their notes", async () => {
    // Standalone check-ins on three different days (no recent prompt to answer).
    await h.redis.del(createKeys(h.prefix).latestPrompt(h.standin.teamId, care.channel));
    clockMs = NOW - 3 * 86_400_000;
    await checkin(member(0), '2 <!channel> a note nobody else sees');
    clockMs = NOW - 20 * 86_400_000; // outside the 14 days
    await checkin(member(0), '5');
    clockMs = NOW;
    await checkin(member(0), '4');
    const d = await h.standin.appHomeOpened(member(0));
    assert.equal(d.status, 200);
    const view = latestView(member(0));
    assert.equal(view?.type, 'home');
    const text = JSON.stringify(view);
    assert.match(text, /Sun 22 Nov — \*2 · struggling\*/);
    assert.match(text, /Wed 25 Nov — \*4 · good\*/);
    assert.doesNotMatch(text, /thriving\*/); // the check-in of 20 days ago
    assert.match(text, /2 check-ins, average 3\.0/);
    assert.match(text, /`·+▃··▆`/); // one mark per day, oldest first
    assert.doesNotMatch(text, /nobody else sees|<!channel>/);
    assert.deepEqual(
      actionIds(view).filter((a) => a.includes('home_checkin')),
      [1, 2, 3, 4, 5].map((s) => `"action_id":"home_checkin_${s}"`),
    );
    assert.doesNotMatch(text, /Your teams/); // a member leads nothing
  });

  it('shows a lead a 7-day line for each channel they lead, with the same threshold', async () => {
    const small = await careChannel(h.standin, h.redis, h.prefix, {
      channel: 'C0SMALLQ8',
      members: 3,
      lead: care.lead,
    });
    const store = createCheckinStore(h.redis, createKeys(h.prefix), { retentionDays: 180 });
    for (let i = 0; i < 5; i++) {
      await h.standin.reactionAdded({
        user: member(i),
        reaction: 'four',
        channel: care.channel,
        ts: promptTs,
      });
    }
    for (const [i, user] of small.members.entries()) {
      await store.setAnswer(
        { team: h.standin.teamId, user, channel: small.channel },
        {
          score: 1,
          source: 'command',
          nowMs: NOW - i,
          cell: await slotAt(h.redis, h.prefix, h.standin.teamId, small.channel, NOW - i),
        },
      );
    }
    clockMs = NOW + 86_400_000; // the day settled an hour after it ended
    await h.standin.appHomeOpened(care.lead);
    const text = JSON.stringify(latestView(care.lead));
    assert.match(text, /Your teams — last 7 days/);
    assert.match(text, new RegExp(`<#${care.channel}> — 5 people \\(56 % took part\\) · average 4\\.0`));
    assert.match(text, new RegExp(`<#${small.channel}> — Nothing to show yet`));
    assert.doesNotMatch(text, /average 1\.0/);
  });

  it('refreshes the tab after the person checks in', async () => {
    await h.standin.appHomeOpened(member(1));
    assert.match(JSON.stringify(latestView(member(1))), /No check-ins in the last 14 days/);
    await checkin(member(1), '3');
    await viewMatching(member(1), /Wed 25 Nov — \*3 · okay\*/);
  });

  it("records a check-in from the App Home buttons for the person's one care channel", async () => {
    await h.standin.appHomeOpened(member(2));
    const d = await h.standin.blockAction({ userId: member(2), actionId: 'home_checkin_5' });
    assert.equal(d.status, 200);
    await viewMatching(member(2), /Wed 25 Nov — \*5 · thriving\*/);
    const store = createCheckinStore(h.redis, createKeys(h.prefix), { retentionDays: 180 });
    const answers = await store.answersOf(h.standin.teamId, member(2), 0, NOW + 1);
    assert.deepEqual(
      answers.map((a) => [a.channel, a.score, a.promptTs]),
      [[care.channel, 5, promptTs]], // it answered the latest prompt, as /checkin would
    );
  });

  it('asks which team when the person is in two care channels, and stores the choice', async () => {
    const other = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0SECONDZ7', members: 1 });
    h.standin.setMembers(other.channel, [member(3), ...other.members]);
    await h.standin.appHomeOpened(member(3));
    await h.standin.blockAction({ userId: member(3), actionId: 'home_checkin_2' });
    const asking = await viewMatching(member(3), /more than one care channel/);
    assert.match(asking, new RegExp(`<#${other.channel}>`));
    const store = createCheckinStore(h.redis, createKeys(h.prefix), { retentionDays: 180 });
    assert.equal((await store.answersOf(h.standin.teamId, member(3), 0, NOW + 1)).length, 0);
    const pick = actionIds(latestView(member(3))).find((a) => a.includes('home_pick'));
    const index = (JSON.stringify(latestView(member(3))).match(/"value":"\{[^}]*\}"/g) ?? []).findIndex((v) =>
      v.includes(other.channel),
    );
    assert.ok(pick);
    await h.standin.blockAction({ userId: member(3), actionId: `home_pick_${index}` });
    await viewMatching(member(3), /Wed 25 Nov — \*2 · struggling\*/);
    const answers = await store.answersOf(h.standin.teamId, member(3), 0, NOW + 1);
    assert.deepEqual(
      answers.map((a) => [a.channel, a.score]),
      [[other.channel, 2]],
    );
  });
});
