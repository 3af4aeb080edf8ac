// The promise, attacked with ordinary commands: a lead never learns one person's private answer.
// Two channels live the same history, except that in one of them someone also answers privately — on a
// quiet night, among visible reactions, beside other apps' reactions, or today. Their lead must see the
// very same summaries (7, 30 and 90 days) and App Home line, that day and the days after, and the same
// again after that person's forget-me. All through signed HTTP, the real Bolt pipeline and real Redis.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from '../support/harness.js';
import { careChannel, fakePrompt } from '../support/scene.js';

const DAY = 86_400_000;
/** Monday 16 November 2026, 10:00 UTC. */
const MONDAY = Date.parse('2026-11-16T10:00:00Z');
let clockMs = MONDAY;

describe('release rules against a lead who wants to know', () => {
  let h: Harness;
  // Same people in both channels (careChannel names members after the channel's last two characters).
  const A = 'C0PAIRA7';
  const B = 'C0PAIRB7';
  const LEAD = 'U0PAIRLEAD';
  let members: string[] = [];
  const BOTS = ['UB0T1', 'UB0T2', 'UB0T3', 'UB0T4'];

  before(async () => {
    h = await startHarness({ clock: () => clockMs });
    for (const channel of [A, B]) {
      const c = await careChannel(h.standin, h.redis, h.prefix, { channel, members: 8, lead: LEAD });
      members = c.members;
    }
    for (const id of BOTS) h.standin.addUser({ id, isBot: true });
    h.standin.setMembers(A, [...members, LEAD, ...BOTS]);
    h.standin.setMembers(B, [...members, LEAD, ...BOTS]);
  });
  after(async () => h.close());

  const m = (i: number) => members[i] as string;
  const prompts = new Map<string, string>();
  /** A prompt posted in both channels at the current clock (the same day's answers go to it). */
  async function promptBoth(): Promise<void> {
    const ts = `${Math.floor(clockMs / 1000)}.000100`;
    for (const channel of [A, B]) {
      await fakePrompt(h.redis, h.prefix, h.standin.teamId, channel, ts, clockMs);
      prompts.set(channel, ts);
    }
  }
  const react = (channel: string, user: string, reaction: string) =>
    h.standin.reactionAdded({ user, reaction, channel, ts: prompts.get(channel) as string });
  const press = (channel: string, user: string, score: number) =>
    h.standin.blockAction({
      userId: user,
      channelId: channel,
      actionId: `checkin_score_${score}`,
      value: `cmp-01:${score}`,
      blockId: 'checkin',
      messageTs: prompts.get(channel) as string,
    });
  const both = async (f: (channel: string) => Promise<unknown>) => {
    await f(A);
    await f(B);
  };

  /** What the lead is shown about `channel`, with the channel's ID taken out so two channels compare. */
  async function leadSees(channel: string): Promise<string[]> {
    const out: string[] = [];
    for (const period of ['7d', '30d', '90d']) {
      const d = await h.standin.slashCommand({
        command: '/wellbeing',
        text: `summary ${period}`,
        userId: LEAD,
        channelId: channel,
      });
      assert.equal(d.status, 200);
      out.push(JSON.stringify(d.ack).replaceAll(channel, 'CH'));
    }
    await h.standin.appHomeOpened(LEAD);
    const blocks = (h.standin.views(LEAD).at(-1)?.blocks ?? []) as { text?: { text?: string } }[];
    const line = blocks.map((b) => b.text?.text ?? '').find((t) => t.startsWith(`<#${channel}>`));
    assert.ok(line, 'the App Home has a line for the channel');
    out.push(line.replaceAll(channel, 'CH'));
    return out;
  }

  async function sameForBoth(when: string): Promise<string[]> {
    const a = await leadSees(A);
    const b = await leadSees(B);
    assert.ok(
      a.every((v, i) => v === b[i]),
      `the lead tells the two channels apart ${when}:\n${a.find((v, i) => v !== b[i])}\n${b.find((v, i) => v !== a[i])}`,
    );
    return a;
  }

  it('shows the same to the lead whether or not someone also answered privately', async () => {
    // Monday: six colleagues react where everyone can see; numbers can be shown.
    await promptBoth();
    for (let i = 0; i < 6; i++)
      await both((c) => react(c, m(i), ['four', 'three', 'five', 'four', 'two', 'four'][i] as string));

    // Tuesday, a quiet night: only Grace answers, privately, and only in A.
    clockMs = MONDAY + DAY;
    await promptBoth();
    await press(A, m(6), 1);

    // Wednesday: five react visibly in both; in A one more presses a private button.
    clockMs = MONDAY + 2 * DAY;
    await promptBoth();
    for (let i = 0; i < 5; i++) await both((c) => react(c, m(i), 'three'));
    await press(A, m(7), 1);

    // Thursday: four other apps react in both (they never count); in A one person answers privately.
    clockMs = MONDAY + 3 * DAY;
    await promptBoth();
    for (const bot of BOTS) await both((c) => react(c, bot, 'five'));
    await press(A, m(6), 2);

    // Friday: six react in both; in A someone answers privately today, and the lead looks at once.
    clockMs = MONDAY + 4 * DAY;
    await promptBoth();
    for (let i = 0; i < 6; i++) await both((c) => react(c, m(i), 'four'));
    await press(A, m(7), 1);
    await sameForBoth('on Friday');

    // The days after, as each day settles.
    for (const later of [4 * DAY + 16 * 3_600_000, 5 * DAY, 7 * DAY, 12 * DAY]) {
      clockMs = MONDAY + later;
      await sameForBoth(`${later / DAY} days later`);
    }
    // What was shown is not nothing: Monday's and Wednesday's reactions are there.
    const shown = await leadSees(A);
    assert.match(shown[1] as string, /Average/); // the 30-day summary
  });

  it('shows the lead the same settled days before and after a colleague’s forget-me', async () => {
    clockMs = MONDAY + 13 * DAY;
    const before = await leadSees(A);
    const d = await h.standin.slashCommand({
      command: '/wellbeing',
      text: 'forget-me confirm',
      userId: m(0),
      channelId: A,
    });
    assert.match(JSON.stringify(d.ack), /Days that have already closed keep their anonymous team totals/);
    assert.deepEqual(await leadSees(A), before);
  });
});

describe('small crews', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ clock: () => clockMs, env: { WELLBEING_ADMINS: 'U0ADMIN9' } });
  });
  after(async () => h.close());

  it('shows two ordinary closed days with six people each', async () => {
    clockMs = MONDAY;
    const care = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0WARDD1', members: 8 });
    for (const day of [0, 1]) {
      clockMs = MONDAY + day * DAY;
      const ts = `${Math.floor(clockMs / 1000)}.000200`;
      await fakePrompt(h.redis, h.prefix, h.standin.teamId, care.channel, ts, clockMs);
      for (let i = 0; i < 6; i++)
        await h.standin.reactionAdded({
          user: care.members[i] as string,
          reaction: 'four',
          channel: care.channel,
          ts,
        });
    }
    clockMs = MONDAY + 2 * DAY;
    const d = await h.standin.slashCommand({
      command: '/wellbeing',
      text: 'summary',
      userId: care.lead,
      channelId: care.channel,
    });
    const text = JSON.stringify(d.ack);
    assert.match(text, /\*Check-ins\*\\n12/);
    assert.match(text, /6 people on a typical day/);
  });

  it('gives a night crew of six, three answering by button each night and pooled by week, numbers for 30 days', async () => {
    clockMs = Date.parse('2026-10-29T20:00:00Z'); // a Thursday evening
    const crew = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0NIGHT6', members: 6 });
    const wb = (userId: string, text: string) =>
      h.standin.slashCommand({ command: '/wellbeing', text, userId, channelId: crew.channel });
    assert.match(JSON.stringify((await wb(crew.lead, 'pooling week')).ack), /counted week by week/);
    assert.match(JSON.stringify((await wb('U0ADMIN9', 'reactions off')).ack), /stop adding/);
    // From Monday 2 November, two weeks of nights.
    const start = Date.parse('2026-11-02T21:00:00Z');
    for (let night = 0; night < 14; night++) {
      clockMs = start + night * DAY;
      const ts = `${Math.floor(clockMs / 1000)}.000300`;
      await fakePrompt(h.redis, h.prefix, h.standin.teamId, crew.channel, ts, clockMs);
      for (let j = 0; j < 3; j++) {
        const who = crew.members[(night * 3 + j) % 6] as string;
        const d = await h.standin.blockAction({
          userId: who,
          channelId: crew.channel,
          actionId: `checkin_score_${1 + ((night + j) % 5)}`,
          value: `cmp-01:${1 + ((night + j) % 5)}`,
          blockId: 'checkin',
          messageTs: ts,
        });
        assert.equal(d.status, 200);
      }
    }
    clockMs = Date.parse('2026-11-16T02:00:00Z'); // both weeks have settled
    const text = JSON.stringify((await wb(crew.lead, 'summary 30d')).ack);
    assert.match(text, /\*Check-ins\*\\n42/);
    assert.match(text, /Counted by week/);
    assert.doesNotMatch(text, /Nothing to show yet/);
  });

  it('stops counting reactions where a bot admin turned them off, and refuses a lead who tries', async () => {
    clockMs = MONDAY;
    const care = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0QUIET5', members: 6 });
    const refused = await h.standin.slashCommand({
      command: '/wellbeing',
      text: 'reactions off',
      userId: care.lead,
      channelId: care.channel,
    });
    assert.match(JSON.stringify(refused.ack), /Only bot admins/);
    await h.standin.slashCommand({
      command: '/wellbeing',
      text: 'reactions off',
      userId: 'U0ADMIN9',
      channelId: care.channel,
    });
    const ts = `${Math.floor(clockMs / 1000)}.000400`;
    await fakePrompt(h.redis, h.prefix, h.standin.teamId, care.channel, ts, clockMs);
    await h.standin.reactionAdded({
      user: care.members[0] as string,
      reaction: 'four',
      channel: care.channel,
      ts,
    });
    const { openCounts } = await import('../support/open-cells.js');
    assert.equal((await openCounts(h.redis, h.prefix, h.standin.teamId, care.channel)).respondents, 0);
  });

  it('refuses an unknown pooling or time zone kindly, and changes nothing', async () => {
    const care = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0ODDS01', members: 3 });
    const ask = async (text: string) =>
      JSON.stringify(
        (
          await h.standin.slashCommand({
            command: '/wellbeing',
            text,
            userId: care.lead,
            channelId: care.channel,
          })
        ).ack,
      );
    assert.match(await ask('pooling fortnight'), /Pooling is `day`, `week` or `4w`/);
    assert.match(await ask('timezone Mars/Olympus'), /I don't know the time zone/);
    assert.match(await ask('pooling'), /counted day by day/);
    assert.match(await ask('timezone'), /uses \*UTC\*/);
  });
});
