// Check-ins through signed HTTP, the real Bolt pipeline and real Redis.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { containsUnescapedSlackMarkup } from '../../src/domain/escape.js';
import { createCheckinStore } from '../../src/store/checkins.js';
import { createKeys } from '../../src/store/keys.js';
import { type Harness, startHarness } from '../support/harness.js';
import { openCounts } from '../support/open-cells.js';
import { keysHolding } from '../support/redis-scan.js';
import { type CareChannel, careChannel, fakePrompt } from '../support/scene.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
let clockMs = NOW;

describe('check-ins', () => {
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
    care = await careChannel(h.standin, h.redis, h.prefix, { channel: `C0CHK${String(n).padStart(3, '0')}` });
    promptTs = `${Math.floor(NOW / 1000) - 60}.0001${String(n).padStart(2, '0')}`;
    await fakePrompt(h.redis, h.prefix, h.standin.teamId, care.channel, promptTs, NOW - 60_000);
    h.standin.reset();
  });

  const store = () => createCheckinStore(h.redis, createKeys(h.prefix), { retentionDays: 180 });
  async function counts() {
    const p = await openCounts(h.redis, h.prefix, h.standin.teamId, care.channel);
    return { counts: p.counts, respondents: p.respondents };
  }
  const member = (i: number) => care.members[i] as string;
  const react = (
    user: string,
    reaction: string,
    o: { eventId?: string; retryNum?: number; ts?: string } = {},
  ) => h.standin.reactionAdded({ user, reaction, channel: care.channel, ts: o.ts ?? promptTs }, o);
  const unreact = (user: string, reaction: string) =>
    h.standin.reactionRemoved({ user, reaction, channel: care.channel, ts: promptTs });

  it('counts a mapped reaction on a prompt', async () => {
    const d = await react(member(0), 'four');
    assert.equal(d.status, 200);
    assert.deepEqual(await counts(), { counts: [0, 0, 0, 1, 0], respondents: 1 });
  });

  it('reports stored check-ins and their Redis latency in /metrics', async () => {
    await react(member(0), 'two');
    const text = await (await fetch(`http://127.0.0.1:${h.metricsPort}/metrics`)).text();
    assert.match(text, /wellbeing_checkins_stored_total\{source="reaction"\} [1-9]/);
    assert.match(text, /wellbeing_redis_latency_seconds_count\{op="checkin"\} [1-9]/);
  });

  it('counts a retried event once', async () => {
    const first = await react(member(0), 'three', { eventId: 'Ev0RETRY1' });
    const retry = await react(member(0), 'three', { eventId: 'Ev0RETRY1', retryNum: 1 });
    assert.equal(first.status, 200);
    assert.equal(retry.status, 200);
    assert.deepEqual(await counts(), { counts: [0, 0, 1, 0, 0], respondents: 1 });
  });

  it('does not count a redelivered reaction again after the person took it back', async () => {
    // Slack may deliver an event again late (its first delivery timed out on the way back), after a
    // later event already changed the answer. Only the event ID tells the two deliveries apart.
    await react(member(0), 'four', { eventId: 'Ev0LATE01' });
    await unreact(member(0), 'four');
    const late = await react(member(0), 'four', { eventId: 'Ev0LATE01', retryNum: 1 });
    assert.equal(late.status, 200);
    assert.deepEqual(await counts(), { counts: [0, 0, 0, 0, 0], respondents: 0 });
  });

  it('lets a newer reaction replace the earlier answer', async () => {
    await react(member(0), 'two');
    await react(member(0), 'grinning');
    assert.deepEqual(await counts(), { counts: [0, 0, 0, 0, 1], respondents: 1 });
  });

  it('withdraws the answer when the reaction that counts is removed', async () => {
    await react(member(0), 'four');
    await unreact(member(0), 'four');
    assert.deepEqual(await counts(), { counts: [0, 0, 0, 0, 0], respondents: 0 });
  });

  it('falls back to another mapped reaction of theirs that is still on the prompt', async () => {
    await react(member(0), 'two');
    await react(member(0), 'five');
    await unreact(member(0), 'five');
    assert.deepEqual(await counts(), { counts: [0, 1, 0, 0, 0], respondents: 1 });
  });

  it('ignores unmapped emoji, reactions on other messages and the bot’s own reactions', async () => {
    await react(member(0), 'pizza');
    await react(member(1), 'four', { ts: '1111111111.000001' });
    await react(h.standin.botUserId, 'one');
    assert.deepEqual(await counts(), { counts: [0, 0, 0, 0, 0], respondents: 0 });
  });

  it('never counts the reactions of bot users, app users or deactivated accounts', async () => {
    h.standin.addUser({ id: 'U0SOMEBOT', isBot: true });
    h.standin.addUser({ id: 'U0GONE', deleted: true });
    await react('U0SOMEBOT', 'four');
    await react('U0GONE', 'five');
    assert.deepEqual(await counts(), { counts: [0, 0, 0, 0, 0], respondents: 0 });
    await react(member(0), 'three');
    assert.deepEqual(await counts(), { counts: [0, 0, 1, 0, 0], respondents: 1 });
  });

  it('closes a prompt a day after it was posted: a late button is refused kindly and stores nothing', async () => {
    clockMs = NOW + 2 * 86_400_000;
    const d = await h.standin.blockAction({
      userId: member(0),
      channelId: care.channel,
      actionId: 'checkin_score_2',
      value: 'cmp-01:2',
      blockId: 'checkin',
      messageTs: promptTs,
    });
    assert.equal(d.status, 200);
    const eph = h.standin.ephemerals({ user: member(0) });
    assert.match(
      String((eph.at(-1)?.args as { text?: string } | undefined)?.text),
      /closed a day after it was posted.*\/checkin 3/,
    );
    await react(member(1), 'four'); // a late reaction is ignored too
    assert.deepEqual(await counts(), { counts: [0, 0, 0, 0, 0], respondents: 0 });
    assert.equal((await store().answersOf(h.standin.teamId, member(0), 0, clockMs)).length, 0);
  });

  it('counts at most three standalone /checkins per person and channel a day, with a kind reply after', async () => {
    await h.redis.del(createKeys(h.prefix).latestPrompt(h.standin.teamId, care.channel));
    for (let i = 0; i < 3; i++) {
      const d = await h.standin.slashCommand({
        command: '/checkin',
        text: '3',
        userId: member(2),
        channelId: care.channel,
      });
      assert.match(JSON.stringify(d.ack), /saved privately/);
    }
    const fourth = await h.standin.slashCommand({
      command: '/checkin',
      text: '1',
      userId: member(2),
      channelId: care.channel,
    });
    assert.match(JSON.stringify(fourth.ack), /already checked in three times today/);
    assert.deepEqual((await counts()).counts, [0, 0, 3, 0, 0]);
  });

  it('lets a private button press replace a reaction and confirms it privately', async () => {
    await react(member(0), 'two');
    const d = await h.standin.blockAction({
      userId: member(0),
      channelId: care.channel,
      actionId: 'checkin_score_4',
      value: 'cmp-01:4',
      blockId: 'checkin',
      messageTs: promptTs,
    });
    assert.equal(d.status, 200);
    assert.deepEqual(await counts(), { counts: [0, 0, 0, 1, 0], respondents: 1 });
    const eph = h.standin.ephemerals({ user: member(0) });
    assert.match(String((eph.at(-1)?.args as { text?: string } | undefined)?.text), /4 · good/);
  });

  it('stores nothing for a button on a message that is not a recorded prompt', async () => {
    await h.standin.blockAction({
      userId: member(0),
      channelId: care.channel,
      actionId: 'checkin_score_2',
      value: 'cmp-01:2',
      blockId: 'checkin',
      messageTs: '1111111111.000009',
    });
    assert.deepEqual(await counts(), { counts: [0, 0, 0, 0, 0], respondents: 0 });
    const eph = h.standin.ephemerals({ user: member(0) });
    assert.match(String((eph.at(-1)?.args as { text?: string } | undefined)?.text), /nothing was saved/);
  });

  it('answers the latest prompt with /checkin in the channel, replacing the earlier answer', async () => {
    await react(member(0), 'one');
    const d = await h.standin.slashCommand({
      command: '/checkin',
      text: '4',
      userId: member(0),
      channelId: care.channel,
    });
    assert.equal(d.status, 200);
    assert.match(JSON.stringify(d.ack), /4 · good/);
    assert.deepEqual(await counts(), { counts: [0, 0, 0, 1, 0], respondents: 1 });
  });

  it('stores a standalone check-in when the latest prompt is older than 24 hours', async () => {
    clockMs = NOW + 25 * 3_600_000;
    await h.standin.slashCommand({
      command: '/checkin',
      text: ':three: quiet night',
      userId: member(0),
      channelId: care.channel,
    });
    const answers = await store().answersOf(h.standin.teamId, member(0), 0, clockMs);
    assert.equal(answers.length, 1);
    assert.equal(answers[0]?.promptTs, undefined);
    assert.equal(answers[0]?.note, 'quiet night');
  });

  it('refuses a score outside 1–5 kindly and stores nothing', async () => {
    const d = await h.standin.slashCommand({
      command: '/checkin',
      text: '9',
      userId: member(0),
      channelId: care.channel,
    });
    assert.match(JSON.stringify(d.ack), /1 to 5/);
    assert.deepEqual(await counts(), { counts: [0, 0, 0, 0, 0], respondents: 0 });
  });

  it('refuses a note over 500 characters and stores nothing', async () => {
    const d = await h.standin.slashCommand({
      command: '/checkin',
      text: `3 ${'x'.repeat(600)}`,
      userId: member(0),
      channelId: care.channel,
    });
    assert.match(JSON.stringify(d.ack), /600 characters/);
    assert.deepEqual(await counts(), { counts: [0, 0, 0, 0, 0], respondents: 0 });
  });

  it('asks which channel when someone in two care channels checks in from a DM, storing nothing yet', async () => {
    const other = await careChannel(h.standin, h.redis, h.prefix, {
      channel: `C0OTH${String(n).padStart(3, '0')}`,
      members: 2,
    });
    h.standin.setMembers(other.channel, [member(0), ...other.members]);
    const d = await h.standin.slashCommand({
      command: '/checkin',
      text: '2 long day',
      userId: member(0),
      channelId: 'D0DIRECT1',
    });
    const ack = JSON.stringify(d.ack);
    assert.match(ack, /more than one care channel/);
    assert.match(ack, new RegExp(care.channel));
    assert.match(ack, new RegExp(other.channel));
    assert.equal((await store().answersOf(h.standin.teamId, member(0), 0, NOW)).length, 0);
  });

  // The support DM is sent after Slack has its answer, so these tests wait for the bot to settle.
  const checkinOne = (user: string) =>
    h.standin.slashCommand({ command: '/checkin', text: '1', userId: user, channelId: care.channel });
  const dmCalls = (user: string) =>
    h.standin.callsTo('chat.postMessage').filter((c) => c.args.channel === user);

  it('sends the support text to that person only, at most once a day, after a 1', async () => {
    await react(member(0), 'one');
    await checkinOne(member(0));
    await h.bot.idle();
    const dms = h.standin.dms(member(0));
    assert.equal(dms.length, 1);
    assert.match(String(dms[0]?.text), /988|assistance/);
    assert.equal(h.standin.dms(care.lead).length, 0);
    assert.equal(h.standin.callsTo('chat.postMessage').length, 1);
  });

  it('tries the support text again at the next 1 when Slack refused it the first time', async () => {
    const dmCallsWhenSettled = async () => {
      // The failure handler (which clears the marker) runs after the refused call, within the DM's work.
      await h.bot.idle();
      return dmCalls(member(1)).length;
    };
    h.standin.injectError('chat.postMessage', 'channel_not_found', { channel: member(1), times: 1 });
    await react(member(1), 'one');
    assert.equal(await dmCallsWhenSettled(), 1);
    assert.equal(h.standin.dms(member(1)).length, 0);

    await checkinOne(member(1));
    assert.equal(await dmCallsWhenSettled(), 2);
    assert.equal(h.standin.dms(member(1)).length, 1);

    // Delivered now, so a third 1 the same day brings nothing more.
    await checkinOne(member(1));
    assert.equal(await dmCallsWhenSettled(), 2);
  });

  it('sends no second support text the same day when the first one’s reply was lost (it may have arrived)', async () => {
    h.standin.injectLostReply('chat.postMessage', { channel: member(2), times: 1 });
    await react(member(2), 'one');
    await h.bot.idle();
    await checkinOne(member(2));
    // Settled includes any retry a client would make of a request error (Bolt's default waits about a second).
    await h.bot.idle();
    assert.deepEqual(
      dmCalls(member(2)).map((c) => c.status),
      [0],
      'one call, not repeated',
    );
    assert.equal(h.standin.dms(member(2)).length, 1, 'Slack did post it');
  });

  it('waits out a rate limit and then delivers the support text', async () => {
    h.standin.injectRateLimit('chat.postMessage', { channel: member(3), times: 1, retryAfterSec: 1 });
    await react(member(3), 'disappointed');
    await h.bot.idle();
    const calls = dmCalls(member(3));
    assert.deepEqual(
      calls.map((c) => c.status),
      [429, 200],
    );
    assert.ok((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0) >= 950, 'waited Retry-After');
  });

  it('shows a person their own note, escaped, and forgets everything on request', async () => {
    const note = 'ping <!channel> & <@U999> <http://evil.example|click>';
    await h.standin.slashCommand({
      command: '/checkin',
      text: `2 ${note}`,
      userId: member(0),
      channelId: care.channel,
    });
    const me = await h.standin.slashCommand({
      command: '/wellbeing',
      text: 'me',
      userId: member(0),
      channelId: care.channel,
    });
    await h.bot.idle(); // the App Home refresh after the check-in is one of the surfaces scanned
    // Everything the bot said: this reply and every call it made to Slack. Only mentions the bot itself
    // writes (the channel's people and the channel) are taken out before the scan, never the note's own.
    const surfaces = [JSON.stringify(me.ack), ...h.standin.calls.map((c) => JSON.stringify(c.args))];
    const ours = new RegExp(
      `<@(${[...care.members, care.lead].join('|')})>|<#${care.channel}(\\|[^>]*)?>`,
      'g',
    );
    assert.ok(
      surfaces.some((x) =>
        x.includes('ping &lt;!channel&gt; &amp; &lt;@U999&gt; &lt;http://evil.example|click&gt;'),
      ),
      'the note is shown to its author, escaped',
    );
    for (const x of surfaces) assert.equal(containsUnescapedSlackMarkup(x.replace(ours, '')), false, x);
    const ask = await h.standin.slashCommand({
      command: '/wellbeing',
      text: 'forget-me',
      userId: member(0),
      channelId: care.channel,
    });
    assert.match(JSON.stringify(ask.ack), /delete all 1/);
    const done = await h.standin.slashCommand({
      command: '/wellbeing',
      text: 'forget-me confirm',
      userId: member(0),
      channelId: care.channel,
    });
    assert.match(JSON.stringify(done.ack), /deleted 1 check-in/);
    assert.deepEqual(await counts(), { counts: [0, 0, 0, 0, 0], respondents: 0 });
    assert.equal((await store().answersOf(h.standin.teamId, member(0), 0, NOW)).length, 0);
    // Nothing in Redis holds their user ID any more.
    assert.deepEqual(await keysHolding(h.redis, h.prefix, member(0)), []);
  });
});
