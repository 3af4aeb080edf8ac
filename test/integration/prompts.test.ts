// Prompts and schedules, and the schedule/prompt commands, through signed HTTP, the real Bolt pipeline and
// real Redis, against the Slack stand-in.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { containsUnescapedSlackMarkup } from '../../src/domain/escape.js';
import { promptsIn } from '../../src/prompts/index.js';
import { createKeys } from '../../src/store/keys.js';
import { type Harness, startHarness } from '../support/harness.js';
import { type CareChannel, careChannel } from '../support/scene.js';

const NOW = Date.parse('2026-11-25T10:00:00Z'); // a Wednesday
const MINUTE = 60_000;
let clockMs = NOW;

type Ack = { text?: string; blocks?: unknown[] };

function ackText(d: { ack: unknown }): string {
  return String((d.ack as Ack | undefined)?.text ?? '');
}

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: Record<string, unknown>[];
};

describe('schedule and prompt commands', () => {
  let h: Harness;
  let care: CareChannel;
  let n = 0;

  before(async () => {
    h = await startHarness({ clock: () => clockMs });
  });
  after(async () => h.close());
  beforeEach(async () => {
    clockMs = NOW;
    n += 1;
    care = await careChannel(h.standin, h.redis, h.prefix, { channel: `C0CMD${String(n).padStart(3, '0')}` });
    h.standin.reset();
  });

  const keys = () => createKeys(h.prefix);
  const team = () => h.standin.teamId;
  const wellbeing = async (text: string, user = care.lead, channel = care.channel) =>
    ackText(await h.standin.slashCommand({ command: '/wellbeing', text, userId: user, channelId: channel }));
  const storedSchedules = async () => h.redis.hgetall(keys().schedules(team()));
  const schedulesOf = async (channel: string) =>
    Object.values(await storedSchedules())
      .map((j) => JSON.parse(j) as { channel: string })
      .filter((s) => s.channel === channel);

  it('lets a lead add a schedule and shows its next run in its own time zone', async () => {
    const reply = await wellbeing('schedule add "0 7,15,23 * * *" Europe/London compassion');
    assert.match(reply, /Added schedule \*\d+\*/);
    assert.match(reply, /0 7,15,23 \* \* \*.*Europe\/London.*compassion/);
    assert.match(reply, /next: Wed 25 Nov, 15:00 \(Europe\/London\)/);
    const [stored] = await schedulesOf(care.channel);
    assert.deepEqual(
      { ...(stored as object), createdAt: undefined },
      {
        channel: care.channel,
        cron: '0 7,15,23 * * *',
        tz: 'Europe/London',
        category: 'compassion',
        createdAt: undefined,
        createdBy: care.lead,
        source: 'command',
      },
    );
    assert.equal(await h.redis.sismember(keys().teams(), team()), 1);
  });

  it('lists the channel’s schedules with their IDs and next runs, and removes one by ID', async () => {
    const first = await wellbeing('schedule add "30 6 * * 1-5" America/New_York');
    const second = await wellbeing('schedule add "0 20 * * *" gratitude');
    const id1 = /\*(\d+)\*/.exec(first)?.[1];
    const id2 = /\*(\d+)\*/.exec(second)?.[1];
    const list = await wellbeing('schedule list');
    assert.match(
      list,
      new RegExp(`\\*${id1}\\* — \`30 6 \\* \\* 1-5\` · America/New_York · mixed.*next: Wed 25 Nov, 06:30`),
    );
    assert.match(
      list,
      new RegExp(`\\*${id2}\\* — \`0 20 \\* \\* \\*\` · UTC · gratitude.*next: Wed 25 Nov, 20:00`),
    );

    assert.match(await wellbeing(`schedule remove ${id1}`), new RegExp(`Removed schedule \\*${id1}\\*`));
    const after = await wellbeing('schedule list');
    assert.doesNotMatch(after, /America\/New_York/);
    assert.match(after, /gratitude/);
  });

  it('does not remove another channel’s schedule, and says the ID is unknown here', async () => {
    const other = await careChannel(h.standin, h.redis, h.prefix, {
      channel: `C0OTH${String(n).padStart(3, '0')}`,
    });
    const id = /\*(\d+)\*/.exec(await wellbeing('schedule add "0 9 * * *"', other.lead, other.channel))?.[1];
    const reply = await wellbeing(`schedule remove ${id}`);
    assert.match(reply, new RegExp(`no schedule with ID "${id}"`));
    assert.equal((await schedulesOf(other.channel)).length, 1);
  });

  it('refuses a member politely and stores nothing', async () => {
    const reply = await wellbeing('schedule add "0 7 * * *"', care.members[0]);
    assert.match(reply, /Only this channel's leads and bot admins \(`WELLBEING_ADMINS`\)/);
    assert.equal((await schedulesOf(care.channel)).length, 0);
  });

  it('explains a bad cron, an unknown zone or category and missing quotes, storing nothing', async () => {
    assert.match(await wellbeing('schedule add "0 25 * * *"'), /"0 25 \* \* \*": hour must be 0–23/);
    assert.match(
      await wellbeing('schedule add "0 7 * * *" Europe/Lndon'),
      /Europe\/Lndon is not a time zone — did you mean Europe\/London\?/,
    );
    assert.match(await wellbeing('schedule add "0 7 * * *" compasion'), /did you mean compassion\?/);
    assert.match(await wellbeing('schedule add 0 7 * * *'), /double quotes.*"0 7 \* \* \*"/);
    assert.match(await wellbeing('schedule remove'), /Which schedule\?/);
    assert.equal((await schedulesOf(care.channel)).length, 0);
  });

  it('posts a prompt now with five buttons and the number reactions, ready for check-ins', async () => {
    const reply = await wellbeing('prompt now mindfulness');
    assert.match(reply, /Posted a mindfulness prompt/);
    const [message] = h.standin.messages(care.channel);
    assert.ok(message, 'a prompt was posted');
    const blocks = message.blocks as Block[];
    const buttons = blocks.find((b) => b.block_id === 'checkin')?.elements ?? [];
    const stored = await h.redis.hgetall(keys().promptMessage(team(), care.channel, message.ts));
    assert.equal(stored.cat, 'mindfulness');
    assert.ok(promptsIn('mindfulness').some((p) => p.id === stored.id));
    assert.equal(stored.at, String(NOW));
    assert.deepEqual(
      buttons.map((b) => b.value),
      [1, 2, 3, 4, 5].map((s) => `${stored.id}:${s}`),
    );
    assert.deepEqual(await h.redis.hgetall(keys().latestPrompt(team(), care.channel)), {
      ts: message.ts,
      at: String(NOW),
    });
    assert.deepEqual([...message.reactions.keys()], ['one', 'two', 'three', 'four', 'five']);
    assert.ok([...message.reactions.values()].every((who) => who.has(h.standin.botUserId)));

    // The lead's button listener recognises the message as a prompt.
    await h.standin.blockAction({
      userId: care.members[0] as string,
      channelId: care.channel,
      actionId: 'checkin_score_4',
      messageTs: message.ts,
    });
    const confirm = h.standin.ephemerals({ user: care.members[0] }).at(-1);
    assert.match(String(confirm?.args.text), /4 · good/);
  });

  it('asks the lead to invite the bot when it is not in the channel', async () => {
    const channel = `C0OUT${String(n).padStart(3, '0')}`;
    h.standin.addChannel({ id: channel, name: 'night-shift', members: [care.lead], botIsMember: false });
    await h.redis.sadd(keys().leads(team(), channel), care.lead);
    const reply = await wellbeing('prompt now', care.lead, channel);
    assert.match(reply, /Invite me with `\/invite @wellbeing`/);
    assert.equal(h.standin.messages(channel).length, 0);
  });

  it('escapes a custom prompt wherever it is shown: <!channel> never reaches chat.postMessage', async () => {
    // Slack delivers &, < and > in command text as entities.
    const added = await wellbeing('prompts add compassion &lt;!channel&gt; breathe &amp; rest');
    assert.match(added, /Added custom prompt \*(c\d+)\* \(compassion\): &lt;!channel&gt; breathe &amp; rest/);
    const id = /\*(c\d+)\*/.exec(added)?.[1] as string;
    assert.match(await wellbeing('prompts list'), /&lt;!channel&gt; breathe &amp; rest/);

    // Every library prompt of the category is used, so the custom one is next.
    const rot = keys().rotation(team(), care.channel, 'compassion');
    for (const p of promptsIn('compassion')) await h.redis.hset(rot, p.id, '1');
    assert.match(await wellbeing('prompt now compassion'), /Posted a compassion prompt/);

    const [post] = h.standin.callsTo('chat.postMessage');
    const sent = JSON.stringify(post?.args);
    assert.ok(!sent.includes('<!channel>'), sent);
    assert.match(sent, /&lt;!channel&gt; breathe &amp; rest/);
    const prompt = ((post?.args.blocks ?? []) as Block[])[0]?.text?.text ?? '';
    assert.equal(containsUnescapedSlackMarkup(prompt.split('\n').slice(1).join('\n')), false);
    const ts = h.standin.messages(care.channel)[0]?.ts ?? '';
    assert.equal((await h.redis.hgetall(keys().promptMessage(team(), care.channel, ts))).id, id);
  });

  it('refuses an empty or over-long custom prompt and one in no category, storing nothing', async () => {
    assert.match(await wellbeing('prompts add gratitude'), /Add the text of the prompt/);
    assert.match(await wellbeing(`prompts add gratitude ${'x'.repeat(281)}`), /281 characters.*at most 280/);
    assert.match(await wellbeing('prompts add mixed A breath'), /belongs to one category/);
    assert.match(await wellbeing('prompts add gratitud A breath'), /did you mean gratitude\?/);
    assert.equal(await h.redis.hlen(keys().customPrompts(team(), care.channel)), 0);
  });

  it('shows schedules and prompts in help to a lead, and not to a member', async () => {
    const lead = await wellbeing('help');
    assert.match(lead, /\/wellbeing schedule add "&lt;cron&gt;"/);
    assert.match(lead, /\/wellbeing prompt now \[category\]/);
    assert.match(lead, /\/wellbeing prompts add &lt;category&gt; &lt;text&gt;/);
    const member = await wellbeing('help', care.members[0]);
    assert.doesNotMatch(member, /schedule|prompt now|prompts add/);
  });

  it('removes a custom prompt by ID, and explains that library prompts stay', async () => {
    const id = /\*(c\d+)\*/.exec(
      await wellbeing('prompts add self-care Drink some water before the next round.'),
    )?.[1];
    assert.match(await wellbeing('prompts remove cmp-01'), /one of the library's prompts/);
    assert.match(await wellbeing(`prompts remove ${id}`), new RegExp(`Removed custom prompt \\*${id}\\*`));
    assert.match(await wellbeing('prompts list'), /no custom prompts/);
  });
});

describe('scheduled prompts', () => {
  let h: Harness;
  let care: CareChannel;
  let n = 0;

  beforeEach(async () => {
    clockMs = NOW;
    n += 1;
    h = await startHarness({ clock: () => clockMs, replicas: 3 });
    care = await careChannel(h.standin, h.redis, h.prefix, { channel: `C0SCH${String(n).padStart(3, '0')}` });
  });
  afterEach(async () => h.close());

  const wellbeing = async (text: string, c: CareChannel = care) =>
    ackText(
      await h.standin.slashCommand({ command: '/wellbeing', text, userId: c.lead, channelId: c.channel }),
    );
  const posted = (channel = care.channel) => h.standin.messages(channel).length;
  const logLines = (msg: string) =>
    h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === msg);

  it('posts each slot once when three replicas run the same minute concurrently', async () => {
    const other = await careChannel(h.standin, h.redis, h.prefix, {
      channel: `C0SCX${String(n).padStart(3, '0')}`,
    });
    clockMs = NOW - 2 * MINUTE;
    await wellbeing('schedule add "0 10 * * *" UTC compassion');
    await wellbeing('schedule add "*/30 * * * *" mixed', other);
    clockMs = NOW;
    const runs = await Promise.all(h.bots.map((b) => b.runDue(NOW)));
    assert.equal(posted(), 1);
    assert.equal(posted(other.channel), 1);
    assert.equal(
      runs.reduce((s, r) => s + r.posted, 0),
      2,
    );
    assert.equal(
      runs.reduce((s, r) => s + r.claimedElsewhere, 0),
      4,
    );
    // Running the minute again, on any replica, posts nothing more.
    await Promise.all(h.bots.map((b) => b.runDue(NOW)));
    assert.equal(posted(), 1);
    assert.equal(posted(other.channel), 1);
  });

  it('posts a slot missed by less than 30 minutes once, when replicas start after an outage', async () => {
    clockMs = NOW - 60 * MINUTE;
    await wellbeing('schedule add "0 10 * * *"');
    // Replica 0 ran at 09:00, then every replica was down over 10:00.
    await h.bots[0]?.runDue(NOW - 60 * MINUTE);
    clockMs = NOW + 20 * MINUTE;
    const first = await h.bots[1]?.runDue(NOW + 20 * MINUTE);
    const second = await h.bots[2]?.runDue(NOW + 25 * MINUTE);
    assert.equal(first?.posted, 1);
    assert.equal(second?.posted, 0);
    assert.equal(second?.claimedElsewhere, 1);
    assert.equal(posted(), 1);
    const metrics = await h.bots[1]?.metrics.registry.getSingleMetricAsString(
      'wellbeing_prompts_posted_total',
    );
    assert.match(String(metrics), /trigger="catch_up"} 1/);
  });

  it('skips and logs a slot missed by 30 minutes or more', async () => {
    clockMs = NOW - 60 * MINUTE;
    const id = /\*(\d+)\*/.exec(await wellbeing('schedule add "0 10 * * *"'))?.[1];
    await h.bots[0]?.runDue(NOW - 60 * MINUTE);
    const late = await h.bots[1]?.runDue(NOW + 30 * MINUTE);
    await h.bots[2]?.runDue(NOW + 31 * MINUTE);
    assert.equal(late?.posted, 0);
    assert.equal(late?.skipped, 1);
    assert.equal(posted(), 0);
    const logged = logLines('skipped missed prompt slots that are 30 minutes late or more');
    assert.equal(logged.length, 1, 'logged once across replicas');
    assert.equal(logged[0]?.skipped, 1);
    assert.equal(logged[0]?.channel, care.channel);
    assert.equal(logged[0]?.schedule, id);
    assert.equal(logged[0]?.level, 30, 'logged at info');
  });

  it('waits Retry-After for a rate-limited channel without delaying another channel', async () => {
    const other = await careChannel(h.standin, h.redis, h.prefix, {
      channel: `C0SCY${String(n).padStart(3, '0')}`,
    });
    clockMs = NOW - MINUTE;
    await wellbeing('schedule add "0 10 * * *"');
    await wellbeing('schedule add "0 10 * * *"', other);
    h.standin.reset();
    h.standin.injectRateLimit('chat.postMessage', { channel: care.channel, times: 1, retryAfterSec: 1 });
    const started = Date.now();
    const run = await h.bots[0]?.runDue(NOW);
    assert.equal(run?.posted, 2);
    const calls = h.standin.callsTo('chat.postMessage');
    const toCare = calls.filter((c) => c.args.channel === care.channel);
    const toOther = calls.filter((c) => c.args.channel === other.channel);
    assert.deepEqual(
      toCare.map((c) => c.status),
      [429, 200],
    );
    assert.deepEqual(
      toOther.map((c) => c.status),
      [200],
    );
    const retryGap = (toCare[1]?.at ?? 0) - (toCare[0]?.at ?? 0);
    assert.ok(retryGap >= 950, `waited ${retryGap} ms after the 429`);
    assert.ok((toOther[0]?.at ?? Infinity) < (toCare[1]?.at ?? 0), 'the other channel went first');
    assert.ok((toOther[0]?.at ?? Infinity) - started < 500, 'the other channel was not held up');
    assert.equal(posted(), 1);
    assert.equal(posted(other.channel), 1);
  });

  it('does not post a prompt twice when Slack posted it but the reply was lost', async () => {
    clockMs = NOW - MINUTE;
    await wellbeing('schedule add "0 10 * * *"');
    h.standin.reset();
    h.standin.injectLostReply('chat.postMessage', { channel: care.channel, times: 1 });
    const run = await h.bots[0]?.runDue(NOW);
    // The bot cannot tell whether the post landed, so it counts the slot as failed and leaves it claimed.
    assert.equal(run?.failed, 1);
    assert.equal(posted(), 1, 'the post Slack did make');
    assert.deepEqual(
      h.standin.callsTo('chat.postMessage').map((c) => c.status),
      [0],
      'one call, not retried',
    );
    await Promise.all(h.bots.map((b) => b.runDue(NOW)));
    assert.equal(posted(), 1);
  });

  it('still adds all five number reactions when one reply is lost on the way', async () => {
    clockMs = NOW - MINUTE;
    await wellbeing('schedule add "0 10 * * *"');
    h.standin.reset();
    h.standin.injectLostReply('reactions.add', { times: 1 });
    const run = await h.bots[0]?.runDue(NOW);
    assert.equal(run?.posted, 1);
    const [message] = h.standin.messages(care.channel);
    assert.deepEqual([...(message?.reactions.keys() ?? [])].sort(), ['five', 'four', 'one', 'three', 'two']);
  });

  it('logs a channel the bot is not in once, with the fix, and still posts to the others', async () => {
    const gone = `C0GON${String(n).padStart(3, '0')}`;
    h.standin.addChannel({ id: gone, name: 'old-ward', members: [care.lead], botIsMember: false });
    await h.redis.sadd(createKeys(h.prefix).leads(h.standin.teamId, gone), care.lead);
    clockMs = NOW - MINUTE;
    await wellbeing('schedule add "*/5 * * * *"', { ...care, channel: gone });
    await wellbeing('schedule add "*/5 * * * *"');
    const first = await h.bots[0]?.runDue(NOW);
    await h.bots[0]?.runDue(NOW + 5 * MINUTE);
    assert.equal(first?.unreachable, 1);
    assert.equal(first?.posted, 1);
    assert.equal(posted(), 2);
    const warned = h.logs.filter((l) => l.includes('/invite @wellbeing') && l.includes(gone));
    assert.equal(warned.length, 1);
    // Nobody saw the refused prompts, so none of them counts as used in that channel's cycle.
    const keys = createKeys(h.prefix);
    for (const category of ['compassion', 'mindfulness', 'self-care', 'gratitude']) {
      const used = await h.redis.hkeys(keys.rotation(h.standin.teamId, gone, category));
      assert.deepEqual(
        used.filter((id) => !id.startsWith('~')),
        [],
        `${category} prompts marked used in ${gone}`,
      );
    }
  });

  it('stops posting a removed schedule at the next run', async () => {
    clockMs = NOW - MINUTE;
    const id = /\*(\d+)\*/.exec(await wellbeing('schedule add "* * * * *"'))?.[1];
    await h.bots[0]?.runDue(NOW);
    await wellbeing(`schedule remove ${id}`);
    await h.bots[1]?.runDue(NOW + MINUTE);
    await h.bots[0]?.runDue(NOW + MINUTE);
    assert.equal(posted(), 1);
  });
});
