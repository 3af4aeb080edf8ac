// Resilient channels: a prompt channel the bot cannot read (removed, deleted, archived) is skipped
// with one log line and left out of a DM /checkin's choices until it can be read again; member
// lookups run concurrently within a bound and are cached; one unreadable channel never breaks the
// digest for the others. Signed HTTP, the real Bolt pipeline, real Redis, the stand-in's latency.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createKeys } from '../../src/store/keys.js';
import { type Harness, startHarness } from '../support/harness.js';
import { careChannel } from '../support/scene.js';

const CHANNELS = 200;
const MEMBER = 'U0RESMEMB1';
const id = (i: number) => `C0RS${String(i).padStart(4, '0')}`;
/** The member's channels (all readable). */
const MINE = [id(5), id(77), id(150)];
/** Ten channels Slack no longer has, ten that Slack refuses to the bot (removed from a private channel). */
const GONE = Array.from({ length: 10 }, (_, i) => id(180 + i));
const LEFT = Array.from({ length: 10 }, (_, i) => id(190 + i));

describe('a DM /checkin with 200 prompt channels, 20 of them unreadable', () => {
  let h: Harness;

  before(async () => {
    h = await startHarness();
    const keys = createKeys(h.prefix);
    const others = ['U0RESOTH01', 'U0RESOTH02'];
    for (let i = 0; i < CHANNELS; i++) {
      const channel = id(i);
      await h.redis.hset(keys.channels(h.standin.teamId), channel, JSON.stringify({ tz: 'UTC' }));
      if (GONE.includes(channel)) continue;
      const members = MINE.includes(channel) ? [MEMBER, ...others] : others;
      h.standin.addChannel({ id: channel, name: `ward-${i}`, members });
    }
    slackAsToday();
  });

  function slackAsToday() {
    for (const channel of LEFT) h.standin.injectError('conversations.members', 'not_in_channel', { channel });
    // Slack answering each member lookup a little late, as it does under load.
    h.standin.injectLatency('conversations.members', 40);
  }
  after(async () => h.close());

  /** The reply to a DM `/checkin 3`: in the acknowledgement, or after "one moment" through the response URL. */
  const dmCheckin = async (): Promise<{ status: number; ack: unknown }> => {
    const d = await h.standin.slashCommand({
      command: '/checkin',
      text: '3',
      userId: MEMBER,
      channelId: 'D0RESDM01',
    });
    if (!/One moment/.test(JSON.stringify(d.ack))) return d;
    return { status: d.status, ack: (await d.waitForResponse(20_000)).body };
  };
  const channelsOffered = (ack: unknown) =>
    [...JSON.stringify(ack).matchAll(/\\"c\\":\\"(C0RS\d{4})\\"/g)].map((m) => m[1]);
  const skippedLines = () =>
    h.logs
      .map((l) => JSON.parse(l) as { module?: string; msg: string; channel?: string; reason?: string })
      .filter((l) => l.module === 'channels' && /cannot read/.test(l.msg));

  it("offers exactly the person's readable channels, looking members up at most 8 at a time", async () => {
    const d = await dmCheckin();
    assert.equal(d.status, 200);
    assert.match(JSON.stringify(d.ack), /more than one care channel/);
    assert.deepEqual(channelsOffered(d.ack), MINE);
    // Every channel was asked once (the unreadable ones too: that is how the bot learns it).
    assert.equal(h.standin.callsTo('conversations.members').length, CHANNELS);
    const peak = h.standin.peakConcurrency('conversations.members');
    assert.ok(peak > 1 && peak <= 8, `at most 8 lookups in flight, and more than one: ${peak}`);
  });

  it('logs each unreadable channel once, with its reason and no person in it', () => {
    const lines = skippedLines();
    assert.deepEqual(lines.map((l) => l.channel).sort(), [...GONE, ...LEFT].sort());
    for (const l of lines) assert.ok(l.reason === 'channel_not_found' || l.reason === 'not_in_channel');
    assert.ok(!JSON.stringify(lines).includes(MEMBER));
  });

  it('answers again from the caches: no lookups, no new log lines', async () => {
    const calls = h.standin.callsTo('conversations.members').length;
    const logged = skippedLines().length;
    const d = await dmCheckin();
    assert.deepEqual(channelsOffered(d.ack), MINE);
    assert.equal(h.standin.callsTo('conversations.members').length, calls);
    assert.equal(skippedLines().length, logged);
  });

  it('answers "one moment" in time when Slack is slow, and the choice follows through the response URL', async () => {
    const keys = createKeys(h.prefix);
    for (let i = 0; i < CHANNELS; i++) await h.redis.del(keys.members(h.standin.teamId, id(i)));
    // 180 lookups, 8 at a time, 150 ms each: over 3 s, Slack's limit for an answer.
    h.standin.injectLatency('conversations.members', 150);
    const d = await h.standin.slashCommand({
      command: '/checkin',
      text: '3',
      userId: MEMBER,
      channelId: 'D0RESDM01',
    });
    assert.equal(d.status, 200);
    assert.match(JSON.stringify(d.ack), /One moment/);
    const later = await d.waitForResponse(20_000);
    assert.match(JSON.stringify(later.body), /more than one care channel/);
    assert.deepEqual(channelsOffered(later.body), MINE);
    h.standin.injectLatency('conversations.members', 40);
  });

  it('reads a channel again once the bot is invited back', async () => {
    const back = LEFT[0] as string;
    // The bot is invited back: Slack lets it read the channel again (the others stay refused).
    h.standin.clearInjections();
    for (const channel of LEFT.slice(1))
      h.standin.injectError('conversations.members', 'not_in_channel', { channel });
    h.standin.setMembers(back, [MEMBER]);
    const joined = await h.standin.sendEvent({
      type: 'member_joined_channel',
      user: h.standin.botUserId,
      channel: back,
      channel_type: 'C',
      team: h.standin.teamId,
      event_ts: `${Math.floor(Date.now() / 1000)}.000200`,
    });
    assert.equal(joined.status, 200);
    const d = await dmCheckin();
    assert.deepEqual(channelsOffered(d.ack), [...MINE, back]);
  });
});

describe('one unreadable channel and the weekly digest', () => {
  const MONDAY_9 = Date.parse('2026-11-23T09:00:00Z');
  let h: Harness;

  before(async () => {
    h = await startHarness({ clock: () => MONDAY_9 });
    await h.redis.sadd(createKeys(h.prefix).teams(), h.standin.teamId);
  });
  after(async () => h.close());

  it('still sends the lead the summary of their other channel when one was deleted', async () => {
    const lead = 'U0RESLEAD1';
    const kept = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0RESKEEP', lead });
    const gone = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0RESGONE', lead });
    h.standin.injectError('conversations.members', 'channel_not_found', { channel: gone.channel });
    h.standin.injectError('conversations.info', 'channel_not_found', { channel: gone.channel });
    h.standin.reset();
    const run = await h.bot.runDigest(MONDAY_9);
    assert.equal(run.failed, 0);
    const dms = h.standin.dms(lead).map((m) => `${m.text} ${JSON.stringify(m.blocks)}`);
    assert.equal(dms.length, 1);
    assert.match(dms[0] as string, new RegExp(`<#${kept.channel}>`));
  });
});
