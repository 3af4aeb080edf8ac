// `/wellbeing summary` through signed HTTP, the real Bolt pipeline and real Redis.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import type { Score } from '../../src/domain/types.js';
import { BAD_PERIOD, SUMMARY_REFUSAL } from '../../src/slack/blocks/summary.js';
import { createCheckinStore } from '../../src/store/checkins.js';
import { createKeys } from '../../src/store/keys.js';
import { type Harness, startHarness } from '../support/harness.js';
import { slotAt } from '../support/open-cells.js';
import { type CareChannel, careChannel, fakePrompt } from '../support/scene.js';
import { waitFor } from '../support/wait.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
/** 01:30 the next day: the 25th settled at 01:00. */
const NEXT_DAY = Date.parse('2026-11-26T01:30:00Z');
const DAY_MS = 86_400_000;
let clockMs = NOW;

describe('/wellbeing summary', () => {
  let h: Harness;
  let care: CareChannel;
  let promptTs: string;
  let n = 0;

  before(async () => {
    h = await startHarness({ clock: () => clockMs, env: { WELLBEING_ADMINS: 'U0ADMIN01' } });
  });
  after(async () => h.close());
  beforeEach(async () => {
    clockMs = NOW;
    n += 1;
    care = await careChannel(h.standin, h.redis, h.prefix, { channel: `C0SUM${String(n).padStart(3, '0')}` });
    promptTs = `${Math.floor(NOW / 1000) - 60}.0002${String(n).padStart(2, '0')}`;
    await fakePrompt(h.redis, h.prefix, h.standin.teamId, care.channel, promptTs, NOW - 60_000);
    h.standin.reset();
  });

  const member = (i: number) => care.members[i] as string;
  const react = (i: number, reaction: string) =>
    h.standin.reactionAdded({ user: member(i), reaction, channel: care.channel, ts: promptTs });
  const press = (i: number, score: number) =>
    h.standin.blockAction({
      userId: member(i),
      channelId: care.channel,
      actionId: `checkin_score_${score}`,
      value: `cmp-01:${score}`,
      blockId: 'checkin',
      messageTs: promptTs,
    });
  const checkin = (user: string, text: string, channelId = care.channel) =>
    h.standin.slashCommand({ command: '/checkin', text, userId: user, channelId });
  const ask = async (user: string, text = 'summary', channelId = care.channel) => {
    const d = await h.standin.slashCommand({ command: '/wellbeing', text, userId: user, channelId });
    assert.equal(d.status, 200);
    assert.deepEqual(d.ackProblems, [], 'the reply keeps Slack’s Block Kit rules (charts included)');
    return d.ack as { text: string; blocks?: unknown[] };
  };
  const shown = (ack: { text: string; blocks?: unknown[] }) => JSON.stringify(ack);
  const later = (ms = NEXT_DAY) => {
    clockMs = ms;
  };
  /** The labelled numbers of a summary: { Respondents: '6 people', Participation: '67 % of 9 members', … }. */
  const fields = (ack: { blocks?: unknown[] }) => {
    const out: Record<string, string> = {};
    for (const b of (ack.blocks ?? []) as { fields?: { text: string }[]; text?: { text: string } }[]) {
      for (const t of [...(b.fields ?? []).map((f) => f.text), b.text?.text ?? '']) {
        const m = /^\*([^*]+)\*(?: \([^)]*\))?\n([\s\S]*)$/.exec(t);
        if (m) out[m[1] as string] = m[2] as string;
      }
    }
    return out;
  };

  it('shows a lead the respondents, participation, average and distribution of answers by reaction, button and /checkin', async () => {
    // Nine people (eight members and the lead), plus a bot and a deactivated account that do not count.
    h.standin.addUser({ id: `UX${n}BOT`, isBot: true });
    h.standin.addUser({ id: `UX${n}GONE`, deleted: true });
    h.standin.setMembers(care.channel, [...care.members, care.lead, `UX${n}BOT`, `UX${n}GONE`]);
    await react(0, 'four');
    await react(1, 'two');
    await react(7, 'two');
    await react(7, 'four'); // two reactions of one person: the channel cannot tell which counts (private)
    await press(2, 5);
    await press(3, 3);
    await checkin(member(4), '4 long shift');
    await checkin(member(5), '1', 'D0SOMEDM1'); // from a DM: their one care channel
    await react(6, 'three');
    await press(6, 2); // a button replaces the visible reaction: private
    // Nothing about the day before it settles, an hour after it ends.
    assert.match(shown(await ask(care.lead)), /Nothing to show yet/);
    later();
    const ack = await ask(care.lead);
    const f = fields(ack);
    assert.equal(f.Respondents, '8 people on a typical day');
    assert.equal(f.Participation, '89 % on a typical day'); // 8 of 9 people
    assert.equal(f['Check-ins'], '8');
    assert.equal(f.Average, '3.1 of 5'); // (4 + 2 + 4 + 5 + 3 + 4 + 1 + 2) / 8 = 3.125
    assert.equal(f['Low scores (1–2)'], '38 % of check-ins');
    const distribution = (f.Distribution ?? '').replace(/`/g, '').split('\n');
    assert.deepEqual(
      distribution.map((line) => line.replace(/ +[█▏]* /, ' = ')),
      ['5 · thriving = 1', '4 · good = 3', '3 · okay = 1', '2 · struggling = 2', '1 · running on empty = 1'],
    );
    assert.doesNotMatch(shown(ack), /long shift/);
    // Native charts above the text: a line with one point per released day, and the distribution.
    const charts = (ack.blocks ?? []).filter(
      (b) => (b as { type?: string }).type === 'data_visualization',
    ) as {
      chart: { type: string; series?: { data: { value: number }[] }[] };
    }[];
    assert.deepEqual(
      charts.map((c) => c.chart.type),
      ['line', 'bar'],
    );
    assert.deepEqual(
      charts[0]?.chart.series?.[0]?.data.map((d) => d.value),
      [3.1],
    );
  });

  it('refuses a member, a lead of another channel and a stranger with the same words, whatever the channel holds', async () => {
    for (let i = 0; i < 6; i++) await react(i, 'three');
    const other = await careChannel(h.standin, h.redis, h.prefix, {
      channel: 'C0OTHERZ9',
      members: 2,
    });
    h.standin.reset();
    const refusals = [
      await ask(member(0)), // a member of a channel with answers
      await ask(other.lead, `summary <#${care.channel}|ward>`, other.channel), // another channel's lead
      await ask(other.lead, `summary <#${care.channel}|ward> 30d`, 'D0OTHERDM'), // …from a DM
      await ask(member(0), `summary <#${other.channel}|peers>`), // a channel with no answers
      await ask(member(0), 'summary <#C0NOWHERE9|nowhere>'), // a channel that does not exist
    ];
    for (const r of refusals) assert.deepEqual(r, { response_type: 'ephemeral', text: SUMMARY_REFUSAL });
    // Nothing about those channels was looked up in Slack either.
    assert.equal(h.standin.callsTo('conversations.info').length, 0);
    assert.equal(h.standin.callsTo('conversations.members').length, 0);
  });

  it('shows no numbers for a day four people answered, says why, and a fifth answer after it settled changes nothing', async () => {
    for (let i = 0; i < 4; i++) await react(i, ['four', 'two', 'five', 'three'][i] as string);
    later();
    const before = shown(await ask(care.lead));
    assert.match(before, /Nothing to show yet: days appear an hour after they end/);
    assert.match(
      before,
      /1 period was left out to keep everyone anonymous: 1 because fewer than 5 people answered/,
    );
    assert.doesNotMatch(before, /Average|Check-ins|of 5|%|[▁▂▃▄▅▆▇█]/);
    assert.doesNotMatch(before, /\b4 people|\b4 of\b/); // not even how many answered
    assert.doesNotMatch(before, /data_visualization/); // and no chart

    // The prompt still takes answers, but a new answer counts in the day it is given, not the settled one.
    await react(4, 'one');
    assert.equal(shown(await ask(care.lead)), before);
    await react(0, 'one'); // nor does a changed answer reach a settled day
    assert.equal(shown(await ask(care.lead)), before);
  });

  it('shows a day five people answered, and nothing changes it once settled', async () => {
    for (let i = 0; i < 5; i++) await react(i, ['four', 'two', 'five', 'three', 'five'][i] as string);
    later();
    const first = await ask(care.lead);
    assert.equal(fields(first).Average, '3.8 of 5'); // (4 + 2 + 5 + 3 + 5) / 5
    assert.equal(fields(first).Respondents, '5 people on a typical day');
    assert.equal(fields(first).Participation, '56 % on a typical day');
    await react(4, 'one');
    await checkin(member(5), '1');
    h.standin.setMembers(care.channel, [...care.members, care.lead, `UN${n}EW`]);
    later(NEXT_DAY + 3_600_000);
    assert.deepEqual(fields(await ask(care.lead)), fields(first));
  });

  it("does not count the lead's own answer towards the five", async () => {
    for (let i = 0; i < 4; i++) await react(i, 'four');
    await h.standin.reactionAdded({ user: care.lead, reaction: 'two', channel: care.channel, ts: promptTs });
    later();
    assert.match(shown(await ask(care.lead)), /Nothing to show yet/);
    // An admin who did not answer sees the five.
    assert.equal(fields(await ask('U0ADMIN01')).Respondents, '5 people on a typical day');
  });

  it('refuses an unknown period kindly', async () => {
    const r = await ask(care.lead, 'summary 8w');
    assert.deepEqual(r, { response_type: 'ephemeral', text: BAD_PERIOD });
    assert.equal(BAD_PERIOD, 'Periods are 7d, 30d or 90d — e.g. /wellbeing summary 30d');
  });

  it('lets a lead ask about their channel from a DM, for 30 days', async () => {
    for (let i = 0; i < 5; i++) await react(i, 'four');
    later();
    const ack = await ask(care.lead, `summary 30d <#${care.channel}|ward-7>`, 'D0LEADDM1');
    assert.match(shown(ack), /last 30 days\* \(28 Oct – 26 Nov 2026\)/);
    assert.equal(fields(ack).Average, '4.0 of 5');
  });

  it('asks which channel when a summary is asked for in a DM without one', async () => {
    assert.match(shown(await ask(care.lead, 'summary', 'D0LEADDM2')), /Which team\?/);
  });

  it('tells an admin when the channel cannot be seen or the bot is not in it', async () => {
    const unknown = shown(await ask('U0ADMIN01', 'summary <#C0NOWHERE9|x>'));
    assert.match(unknown, /can't see that channel/);
    h.standin.injectError('conversations.info', 'not_in_channel', { channel: care.channel, times: 1 });
    const outside = shown(await ask('U0ADMIN01', `summary <#${care.channel}|ward>`));
    assert.match(outside, /I'm not in/);
  });

  it('costs the same few Redis round trips for a small and a large history', async () => {
    const large = await careChannel(h.standin, h.redis, h.prefix, {
      channel: 'C0BIGQ7',
    });
    const store = createCheckinStore(h.redis, createKeys(h.prefix), { retentionDays: 180 });
    const team = h.standin.teamId;
    const seed = async (channel: string, people: number, perPerson: number) => {
      const writes: Promise<unknown>[] = [];
      for (let u = 0; u < people; u++) {
        for (let j = 0; j < perPerson; j++) {
          const nowMs = NOW - ((u * 7 + j * 13) % 170) * DAY_MS - u * 1000 - j;
          const cell = await slotAt(h.redis, h.prefix, team, channel, nowMs);
          writes.push(
            store.setAnswer(
              { team, user: `UH${u}`, channel },
              { score: (((u + j) % 5) + 1) as Score, source: 'command', nowMs, cell },
            ),
          );
        }
        if (writes.length >= 500) await Promise.all(writes.splice(0));
      }
      await Promise.all(writes);
    };
    await seed(care.channel, 6, 1);
    await seed(large.channel, 200, 50); // 10,000 check-ins over 170 days

    later();
    const small = await roundTrips(h.redis, h.prefix, () => ask(care.lead, 'summary 90d'));
    const big = await roundTrips(h.redis, h.prefix, () => ask(large.lead, 'summary 90d', large.channel));
    assert.match(shown(small.result), /Nothing to show yet/); // one person a day
    assert.match(fields(big.result).Respondents ?? '', /^\d+ people on a typical day$/);
    assert.equal(big.client, small.client);
    assert.equal(big.all, small.all); // not even the scripts do more work for a longer history
    // Commands, not round trips: pipelined reads count one each.
    assert.ok(small.client <= 16, `${small.client} commands`);
  });
});

/**
 * Redis commands about this test's keys while `action` runs (the second time: caches are warm):
 * `client` counts what the bot sent, `all` adds the commands its scripts ran.
 */
async function roundTrips<T>(redis: Redis, prefix: string, action: () => Promise<T>) {
  await action();
  const monitor = await redis.monitor();
  const seen: { args: string[]; source: string }[] = [];
  monitor.on('monitor', (_time: string, args: string[], source: string) => seen.push({ args, source }));
  const marker = `${prefix}:round-trip-marker:${Math.random()}`;
  let result: T;
  try {
    result = await action();
    await redis.get(marker);
    await waitFor(() => seen.some((s) => s.args.includes(marker)), { what: 'MONITOR to show the marker' });
  } finally {
    monitor.disconnect();
  }
  const ours = seen.filter((s) => s.args.some((a) => a.startsWith(`${prefix}:`)) && !s.args.includes(marker));
  if (process.env.DEBUG_ROUND_TRIPS)
    for (const s of ours) console.log(s.source, s.args.slice(0, 3).join(' '));
  return { result, client: ours.filter((s) => s.source !== 'lua').length, all: ours.length };
}
