// Signatures, who may run what, escaping of people's text, secrets in logs,
// and workspaces kept apart — through signed HTTP, the real Bolt pipeline and real Redis.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { containsUnescapedSlackMarkup } from '../../src/domain/escape.js';
import { createKeys } from '../../src/store/keys.js';
import { APP_TOKEN, BOT_TOKEN, type Harness, SIGNING_SECRET, startHarness } from '../support/harness.js';
import { type CareChannel, careChannel, fakePrompt } from '../support/scene.js';
import { signSlackRequest } from '../support/signing.js';

const ADMIN = 'U0ADMIN01';
const nowTs = (offsetSec = 0) => `${Math.floor(Date.now() / 1000) - offsetSec}.000100`;

/** `/wellbeing` replies that refuse for lack of a role: they always name leads or admins as the ones who may. */
const REFUSAL = /\bonly\b[^.]*\b(leads|admins)\b/i;

function ackText(ack: unknown): string {
  return JSON.stringify(ack ?? '');
}

function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('signatures', () => {
  let h: Harness;
  let care: CareChannel;
  let ts: string;

  before(async () => {
    h = await startHarness();
    care = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0SIG001' });
    ts = nowTs(60);
    await fakePrompt(h.redis, h.prefix, h.standin.teamId, care.channel, ts, Date.now() - 60_000);
  });
  after(async () => h.close());

  const member = () => care.members[0] as string;
  const keyCount = async () => (await h.redis.keys(`${h.prefix}:*`)).length;
  const me = async () =>
    ackText(
      (
        await h.standin.slashCommand({
          command: '/wellbeing',
          text: 'me',
          userId: member(),
          channelId: care.channel,
        })
      ).ack,
    );

  for (const signature of ['missing', 'wrong', 'stale'] as const) {
    it(`refuses a reaction event with a ${signature} signature with 401 and stores nothing`, async () => {
      const before = await keyCount();
      const d = await h.standin.reactionAdded(
        { user: member(), reaction: 'four', channel: care.channel, ts },
        { signature },
      );
      assert.equal(d.status, 401);
      assert.equal(await keyCount(), before);
      assert.match(await me(), /no check-ins/);
    });
  }

  it('refuses valid signing headers replayed with a different body with 401 and stores nothing', async () => {
    const fields = (text: string) =>
      new URLSearchParams({
        team_id: h.standin.teamId,
        channel_id: care.channel,
        user_id: member(),
        command: '/checkin',
        text,
        response_url: `${h.standin.url}/nowhere`,
        trigger_id: '1.2.3',
      }).toString();
    const original = fields('3');
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      ...signSlackRequest(SIGNING_SECRET, original, Math.floor(Date.now() / 1000)),
    };
    const before = await keyCount();
    const status = await post(h.botUrl, headers, fields('1 replayed with another body'));
    assert.equal(status, 401);
    assert.equal(await keyCount(), before);
    assert.match(await me(), /no check-ins/);
  });
});

describe('who may run which /wellbeing subcommand', () => {
  let h: Harness;
  let care: CareChannel;
  let other: CareChannel;

  before(async () => {
    h = await startHarness({ env: { WELLBEING_ADMINS: ADMIN } });
    care = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0AUTH01' });
    other = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0AUTH02', members: 2 });
    h.standin.addUser({ id: ADMIN, name: 'admin' });
  });
  after(async () => h.close());

  type Role = 'member' | 'lead here' | 'lead elsewhere' | 'admin';
  const roles: Role[] = ['member', 'lead here', 'lead elsewhere', 'admin'];
  const userOf = (role: Role): string =>
    ({
      member: care.members[0] as string,
      'lead here': care.lead,
      'lead elsewhere': other.lead,
      admin: ADMIN,
    })[role];

  // Help, me and forget-me are everyone's; leads listing and summaries are for this
  // channel's leads and admins; only admins change leads.
  const matrix: { text: string; allowed: Role[] }[] = [
    { text: 'help', allowed: roles },
    { text: 'me', allowed: roles },
    { text: 'forget-me', allowed: roles },
    { text: 'leads', allowed: ['lead here', 'admin'] },
    { text: 'leads add <@U0NEWLEAD>', allowed: ['admin'] },
    { text: 'leads remove <@U0NEWLEAD>', allowed: ['admin'] },
    { text: 'summary', allowed: ['lead here', 'admin'] },
    { text: 'summary 30d', allowed: ['lead here', 'admin'] },
    { text: 'schedule add "0 9 * * 1" Europe/London compassion', allowed: ['lead here', 'admin'] },
    { text: 'schedule list', allowed: ['lead here', 'admin'] },
    { text: 'schedule remove 999', allowed: ['lead here', 'admin'] },
    { text: 'prompt now', allowed: ['lead here', 'admin'] },
    { text: 'prompts add compassion Take one slow breath together.', allowed: ['lead here', 'admin'] },
    { text: 'prompts list', allowed: ['lead here', 'admin'] },
    { text: 'prompts remove 999', allowed: ['lead here', 'admin'] },
  ];

  for (const row of matrix) {
    for (const role of roles) {
      const allowed = row.allowed.includes(role);
      it(`${allowed ? 'lets' : 'refuses'} a ${role} ${allowed ? 'run' : 'running'} /wellbeing ${row.text}`, async () => {
        const leadsBefore = (
          await h.redis.smembers(createKeys(h.prefix).leads(h.standin.teamId, care.channel))
        ).sort();
        const d = await h.standin.slashCommand({
          command: '/wellbeing',
          text: row.text,
          userId: userOf(role),
          channelId: care.channel,
        });
        assert.equal(d.status, 200);
        const text = ackText(d.ack);
        assert.doesNotMatch(text, /I don't know/, 'the subcommand does not exist');
        if (allowed) assert.doesNotMatch(text, REFUSAL);
        else {
          assert.match(text, REFUSAL);
          const leadsAfter = (
            await h.redis.smembers(createKeys(h.prefix).leads(h.standin.teamId, care.channel))
          ).sort();
          assert.deepEqual(leadsAfter, leadsBefore);
        }
      });
    }
  }

  it('lets an admin add a lead who can then list the leads', async () => {
    const added = await h.standin.slashCommand({
      command: '/wellbeing',
      text: 'leads add <@U0FRESH01>',
      userId: ADMIN,
      channelId: care.channel,
    });
    assert.match(ackText(added.ack), /now a lead/);
    const listed = await h.standin.slashCommand({
      command: '/wellbeing',
      text: 'leads',
      userId: 'U0FRESH01',
      channelId: care.channel,
    });
    assert.match(ackText(listed.ack), /U0FRESH01/);
    assert.doesNotMatch(ackText(listed.ack), REFUSAL);
  });
});

describe('escaping of people’s text', () => {
  let h: Harness;
  let care: CareChannel;
  let n = 0;

  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());
  beforeEach(async () => {
    n += 1;
    care = await careChannel(h.standin, h.redis, h.prefix, {
      channel: `C0ESC${String(n).padStart(3, '0')}`,
      members: 2,
    });
    h.standin.reset();
  });

  const hostile = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          '<!channel>',
          '<!here>',
          '<@U123>',
          '<#C123>',
          '<http://evil.example|click>',
          '&amp;',
          '&',
          '<',
          '>',
        ),
        fc.string({ maxLength: 8 }),
      ),
      { minLength: 1, maxLength: 12 },
    )
    .map((parts) => parts.join(' ').replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0 && s.length <= 400);

  it('never echoes markup from a /checkin note unescaped, in any reply or outbound message', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(hostile, async (note) => {
        run += 1;
        const user = `U0ESC${String(n).padStart(2, '0')}P${String(run).padStart(3, '0')}`;
        h.standin.addUser({ id: user, name: user.toLowerCase() });
        h.standin.setMembers(care.channel, [...care.members, care.lead, user, h.standin.botUserId]);
        const ours = new RegExp(
          `<@(${[user, ...care.members, care.lead, h.standin.botUserId].join('|')})>|<#${care.channel}>`,
          'g',
        );
        const clean = (s: string) => s.replace(ours, '');
        const acks: unknown[] = [];
        for (const text of [`1 ${note}`, 'me']) {
          const d = await h.standin.slashCommand({
            command: text === 'me' ? '/wellbeing' : '/checkin',
            text,
            userId: user,
            channelId: care.channel,
          });
          assert.equal(d.status, 200);
          acks.push(d.ack);
        }
        assert.match(ackText(acks[1]), /1 ·/, 'the check-in was not stored, so nothing was echoed');
        for (const ack of acks)
          assert.equal(containsUnescapedSlackMarkup(clean(ackText(ack))), false, ackText(ack));
        for (const call of h.standin.calls) {
          const args = clean(JSON.stringify(call.args));
          assert.equal(containsUnescapedSlackMarkup(args), false, `${call.method}: ${args}`);
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('secrets and notes in logs', () => {
  const NOTE = 'zebra-note-7781 about a hard shift';
  for (const socketMode of [false, true]) {
    it(`keeps tokens, the signing secret and note text out of debug logs (${socketMode ? 'Socket Mode' : 'HTTP'})`, async () => {
      const h = await startHarness({ socketMode, env: { LOG_LEVEL: 'debug' } });
      try {
        if (socketMode) await h.standin.waitForSocketConnection();
        const care = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0LOG001' });
        const ts = nowTs(60);
        await fakePrompt(h.redis, h.prefix, h.standin.teamId, care.channel, ts, Date.now() - 60_000);
        for (const [i, user] of care.members.entries()) {
          await h.standin.reactionAdded({
            user,
            reaction: ['one', 'two', 'three', 'four', 'five'][i % 5] as string,
            channel: care.channel,
            ts,
          });
          await h.standin.slashCommand({
            command: '/checkin',
            text: `${(i % 5) + 1} ${NOTE}`,
            userId: user,
            channelId: care.channel,
          });
        }
        const u = care.members[0] as string;
        await h.standin.slashCommand({
          command: '/checkin',
          text: `9 ${NOTE}`,
          userId: u,
          channelId: care.channel,
        });
        await h.standin.slashCommand({
          command: '/checkin',
          text: `3 ${'x'.repeat(501)} ${NOTE}`,
          userId: u,
          channelId: care.channel,
        });
        for (const text of ['me', 'help', 'summary', 'leads', 'forget-me', 'forget-me confirm'])
          await h.standin.slashCommand({
            command: '/wellbeing',
            text,
            userId: text === 'summary' || text === 'leads' ? care.lead : u,
            channelId: care.channel,
          });
        await h.standin.appHomeOpened(u);
        await h.standin.appHomeOpened(care.lead);
        // Failing Slack calls make the bot log errors with their context: notes must stay out of those too.
        for (const method of [
          'chat.postMessage',
          'chat.postEphemeral',
          'views.publish',
          'conversations.open',
        ])
          h.standin.injectError(method, 'internal_error');
        const v = care.members[1] as string;
        await h.standin.slashCommand({
          command: '/checkin',
          text: `1 ${NOTE}`,
          userId: v,
          channelId: care.channel,
        });
        await h.standin.blockAction({
          userId: v,
          channelId: care.channel,
          actionId: 'checkin_score_1',
          value: 'cmp-01:1',
          blockId: 'checkin',
          messageTs: ts,
        });
        await h.standin.appHomeOpened(v);
        await h.standin.slashCommand({
          command: '/wellbeing',
          text: 'summary',
          userId: care.lead,
          channelId: care.channel,
        });
        assert.ok(
          h.logs.some((l) => l.includes('"level":50')),
          'no error was logged, so the test proves little',
        );
        const all = h.logs.join('\n');
        for (const secret of [BOT_TOKEN, SIGNING_SECRET, APP_TOKEN, 'zebra-note-7781'])
          assert.equal(all.includes(secret), false, `the logs contain ${secret}`);
      } finally {
        await h.close();
      }
    });
  }
});

describe('workspaces', () => {
  let clockMs: number | undefined;
  const OTHER = 'T0OTHER';
  let h: Harness;
  let care: CareChannel;
  let ts: string;

  before(async () => {
    h = await startHarness({ env: { WELLBEING_MIN_GROUP: '3' }, clock: () => clockMs ?? Date.now() });
    care = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0WSP001', members: 4 });
    // The same channel and people also exist as a care channel of another workspace.
    const keys = createKeys(h.prefix);
    await h.redis.hset(keys.channels(OTHER), care.channel, JSON.stringify({ tz: 'UTC' }));
    await h.redis.sadd(keys.leads(OTHER, care.channel), care.lead);
    await h.redis.sadd(keys.leadOf(OTHER, care.lead), care.channel);
    ts = nowTs(60);
    await fakePrompt(h.redis, h.prefix, OTHER, care.channel, ts, Date.now() - 60_000);
    for (const user of care.members) {
      const d = await h.standin.reactionAdded(
        { user, reaction: 'two', channel: care.channel, ts },
        { teamId: OTHER },
      );
      assert.equal(d.status, 200);
    }
    const c = await h.standin.slashCommand({
      command: '/checkin',
      text: '2 other-workspace-note',
      userId: care.members[0] as string,
      channelId: care.channel,
      teamId: OTHER,
    });
    assert.match(ackText(c.ack), /2 ·/);
  });
  after(async () => h.close());

  const wellbeing = (text: string, userId: string, teamId?: string) =>
    h.standin
      .slashCommand({
        command: '/wellbeing',
        text,
        userId,
        channelId: care.channel,
        ...(teamId ? { teamId } : {}),
      })
      .then((d) => ackText(d.ack));

  it('shows a person their check-ins in the workspace they made them in', async () => {
    assert.match(await wellbeing('me', care.members[0] as string, OTHER), /other-workspace-note/);
  });

  it('never shows one workspace’s check-ins to the same person in another workspace', async () => {
    const text = await wellbeing('me', care.members[0] as string);
    assert.match(text, /no check-ins/);
    assert.doesNotMatch(text, /other-workspace-note/);
  });

  it('never counts one workspace’s check-ins in another workspace’s summary', async () => {
    clockMs = Date.now() + 86_400_000 + 3_600_000; // the day has settled
    const here = await wellbeing('summary', care.lead);
    const there = await wellbeing('summary', care.lead, OTHER);
    // Three reactions there (the fourth person's /checkin made theirs private and kept it out of the day).
    assert.match(there, /\b3 people\b/);
    assert.doesNotMatch(here, /\b3 people\b/);
    assert.notEqual(here, there);
  });

  it('does not let a lead of another workspace’s channel lead it here', async () => {
    const keys = createKeys(h.prefix);
    await h.redis.sadd(keys.leads(OTHER, 'C0WSP002'), 'U0OTHERLD');
    h.standin.addUser({ id: 'U0OTHERLD', name: 'otherlead' });
    const text = await h.standin
      .slashCommand({ command: '/wellbeing', text: 'summary', userId: 'U0OTHERLD', channelId: 'C0WSP002' })
      .then((d) => ackText(d.ack));
    assert.match(text, REFUSAL);
  });

  it('keeps a person’s check-ins and notes under the hash tag of the workspace they were made in', async () => {
    const user = care.members[0] as string;
    const keysOfUser = [
      ...(await h.redis.keys(`${h.prefix}:*:ua:${user}`)),
      ...(await h.redis.keys(`${h.prefix}:*:person:${user}`)),
    ];
    assert.ok(keysOfUser.length >= 1, keysOfUser.join(', '));
    assert.ok(
      (
        await Promise.all(
          keysOfUser.map((k) => h.redis.type(k).then((t) => (t === 'hash' ? h.redis.hgetall(k) : {}))),
        )
      )
        .map((v) => JSON.stringify(v))
        .some((v) => v.includes('other-workspace-note')),
      'the note is under the hash tag of its workspace',
    );
    for (const k of keysOfUser) assert.ok(k.startsWith(`${h.prefix}:{${OTHER}}:`), k);
  });
});
