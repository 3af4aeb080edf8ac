// Fuzzing the running bot over signed HTTP (fast-check): random slash-command texts, random events and
// random interaction payloads — unicode, control characters, 10 kB, quotes, mentions, missing fields,
// wrong types, unknown ids. The bot never crashes, never answers 5xx (Redis is up throughout), never
// echoes markup that pings or links, and stores nothing from an input it refused.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_EMOJI_MAP } from '../../src/domain/emoji.js';
import { unescapeText } from '../../src/domain/escape.js';
import { parseCheckinText } from '../../src/domain/text.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/harness.js';
import { type CareChannel, careChannel, fakePrompt } from '../support/scene.js';
import { signSlackRequest } from '../support/signing.js';

const RUNS = 120;

/** Pieces people (and scripts) type: mentions, quotes, entities, control characters, scores, words. */
const piece = fc.oneof(
  fc.constantFrom(
    '<!here>',
    '<!channel>',
    '<!everyone>',
    '<@U0FUZZ001>',
    '<@U0FUZZ001|sam>',
    '<#C0FUZZ001|ward>',
    '<https://evil.example|click>',
    '&lt;!here&gt;',
    '&amp;',
    '"',
    '“',
    '”',
    "'",
    '`',
    '\u0000',
    '\u0007',
    '\u202e',
    '\t',
    '\n',
    '\r\n',
    ':one:',
    ':five:',
    ':nope:',
    '3',
    '9',
    '-1',
    '2.5',
    'help',
    'me',
    'export',
    'forget-me',
    'admin',
    'forget',
    'summary',
    'leads',
    'add',
    'schedule',
    'prompts',
    '30d',
    '🌿',
    '👩🏽‍⚕️',
  ),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const typed = fc.oneof(
  { weight: 8, arbitrary: fc.array(piece, { maxLength: 12 }).map((p) => p.join(' ')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 10_000, maxLength: 10_240 }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(10_240), `3 ${'🌿'.repeat(5_000)}`) },
);

/** A value of any JSON type, or none: for fields that may be missing or of the wrong type. */
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, anyValue);

/** Markup that would make Slack ping people or show a link, in a reply built from typed text. */
const PINGS_OR_LINKS = /<!|<https?:|<mailto:/i;

function postSigned(url: string, contentType: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': contentType,
          ...signSlackRequest(SIGNING_SECRET, body, Math.floor(Date.now() / 1000)),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('fuzzing the running bot', () => {
  let h: Harness;
  let care: CareChannel;
  const promptTs = `${Math.floor(Date.now() / 1000) - 60}.000100`;

  before(async () => {
    h = await startHarness();
    care = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0FUZZ001' });
    await fakePrompt(h.redis, h.prefix, h.standin.teamId, care.channel, promptTs, Date.now() - 60_000);
  });
  after(async () => h.close());

  /** Every key under the test's prefix with a fingerprint of its value. */
  async function keyspace(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    let cursor = '0';
    do {
      const [next, keys] = await h.redis.scan(cursor, 'MATCH', `${h.prefix}:*`, 'COUNT', 1000);
      cursor = next;
      for (const k of keys) out.set(k, (await h.redis.dumpBuffer(k))?.toString('base64') ?? '');
    } while (cursor !== '0');
    return out;
  }
  const same = (a: Map<string, string>, b: Map<string, string>) =>
    a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
  const member = () => care.members[0] as string;
  const stillUp = async () =>
    assert.equal((await fetch(`http://127.0.0.1:${h.port}/healthz`)).status, 200, 'the process is up');

  it('answers any /wellbeing text from a member kindly, inert, and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        typed,
        fc.constantFrom(care.channel, 'D0FUZZDM1', 'C0NOWHERE'),
        async (text, channel) => {
          const before = await keyspace();
          const d = await h.standin.slashCommand({
            command: '/wellbeing',
            text,
            userId: member(),
            channelId: channel,
          });
          assert.equal(d.status, 200);
          const reply = (d.ack as { text?: unknown })?.text;
          assert.equal(typeof reply, 'string');
          assert.ok(
            (reply as string).length > 0 && (reply as string).length < 4_000,
            `reply of ${(reply as string).length}`,
          );
          assert.doesNotMatch(reply as string, PINGS_OR_LINKS);
          // A member with no check-ins: nothing they can type stores anything.
          assert.ok(same(before, await keyspace()), `"${text.slice(0, 60)}" changed Redis`);
        },
      ),
      { numRuns: RUNS },
    );
    await stillUp();
  });

  it('refuses any /checkin text that is not a check-in with a kind reply, storing nothing', async () => {
    await fc.assert(
      fc.asyncProperty(typed, fc.constantFrom(care.channel, 'D0FUZZDM1'), async (text, channel) => {
        const before = await keyspace();
        const d = await h.standin.slashCommand({
          command: '/checkin',
          text,
          userId: member(),
          channelId: channel,
        });
        assert.equal(d.status, 200);
        const reply = String((d.ack as { text?: unknown })?.text ?? '');
        assert.doesNotMatch(reply, PINGS_OR_LINKS);
        if (!parseCheckinText(unescapeText(text), DEFAULT_EMOJI_MAP).ok) {
          assert.ok(reply.length > 0);
          assert.ok(same(before, await keyspace()), `refused "${text.slice(0, 60)}" changed Redis`);
        }
      }),
      { numRuns: RUNS },
    );
    await stillUp();
  });

  it('takes any event payload without a 5xx, storing nothing for unknown messages and channels', async () => {
    const event = fc.record(
      {
        type: fc.oneof(
          fc.constantFrom(
            'reaction_added',
            'reaction_removed',
            'app_home_opened',
            'member_joined_channel',
            'member_left_channel',
            'message',
          ),
          anyValue,
        ),
        user: maybe(fc.constantFrom(member(), 'U0FUZZNEW', '')),
        reaction: maybe(fc.constantFrom('one', 'five', 'grinning', 'nope', '')),
        item: maybe(
          fc.record(
            {
              type: maybe(fc.constantFrom('message', 'file')),
              channel: maybe(fc.constantFrom('C0NOWHERE', 'C0FUZZ404')),
              ts: maybe(fc.constantFrom('1.000001', 'not-a-ts', '')),
            },
            { requiredKeys: [] },
          ),
        ),
        channel: maybe(fc.constantFrom('C0NOWHERE', 'D0FUZZDM1')),
        tab: maybe(fc.constantFrom('messages', 'about')),
        text: maybe(typed),
        event_ts: maybe(fc.constant('1.000002')),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(event, async (e) => {
        const before = await keyspace();
        const d = await h.standin.sendEvent(JSON.parse(JSON.stringify(e)) as Record<string, unknown>);
        assert.ok(
          d.status > 0 && d.status < 500,
          `status ${d.status} for ${JSON.stringify(e).slice(0, 200)}`,
        );
        assert.ok(same(before, await keyspace()), `event ${JSON.stringify(e).slice(0, 200)} changed Redis`);
      }),
      { numRuns: RUNS },
    );
    await stillUp();
  });

  it('takes any interaction payload without a 5xx, storing nothing for unknown or malformed ones', async () => {
    const action = fc.record(
      {
        action_id: maybe(
          fc.constantFrom(
            'checkin_score_3',
            'checkin_score_9',
            'checkin_pick_0',
            'forget_me_confirm',
            'home_checkin_2',
            'home_pick_0',
            'nobody_handles_this',
          ),
        ),
        value: maybe(
          fc.oneof(
            typed,
            fc.constantFrom('{"c":"C0FUZZ001","p":"0123456789ab"}', '{"c":"C0NOWHERE","s":3}', '{"c":'),
          ),
        ),
        type: maybe(fc.constant('button')),
        block_id: maybe(fc.string({ maxLength: 10 })),
      },
      { requiredKeys: [] },
    );
    const payload = fc.record(
      {
        type: fc.oneof(fc.constant('block_actions'), anyValue),
        user: maybe(
          fc.record({
            id: maybe(fc.constantFrom(member(), 'U0FUZZNEW')),
            team_id: maybe(fc.constant('T0CARE')),
          }),
        ),
        team: maybe(fc.record({ id: maybe(fc.constant(h.standin.teamId)) })),
        channel: maybe(fc.record({ id: maybe(fc.constantFrom('C0NOWHERE', 'D0FUZZDM1')) })),
        container: maybe(
          fc.record({ type: maybe(fc.constantFrom('message', 'view')), message_ts: anyValue }),
        ),
        message: maybe(fc.record({ ts: maybe(fc.constantFrom('1.000001', promptTs)) })),
        view: maybe(fc.record({ private_metadata: anyValue })),
        actions: maybe(fc.array(action, { maxLength: 2 })),
        api_app_id: maybe(fc.constant('AWELLBEING')),
        trigger_id: maybe(fc.constant('1.2.3')),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(payload, async (p) => {
        // The fuzzed person is never in the prompt's channel, so no payload may store a check-in.
        const before = await keyspace();
        const body = new URLSearchParams({ payload: JSON.stringify(p) }).toString();
        const status = await postSigned(h.botUrl, 'application/x-www-form-urlencoded', body);
        assert.ok(status > 0 && status < 500, `status ${status} for ${JSON.stringify(p).slice(0, 300)}`);
        const after = await keyspace();
        assert.ok(same(before, after), `payload ${JSON.stringify(p).slice(0, 300)} changed Redis`);
      }),
      { numRuns: RUNS },
    );
    await stillUp();
  });

  it('takes slash-command bodies with missing or odd fields without a 5xx or a stored check-in', async () => {
    const field = (name: string, values: fc.Arbitrary<string>) =>
      fc.option(
        values.map((v) => [name, v] as const),
        { nil: undefined },
      );
    const form = fc.tuple(
      field('command', fc.constantFrom('/checkin', '/wellbeing', '/unknown', '')),
      field('text', typed),
      field('user_id', fc.constantFrom(member(), 'U0FUZZNEW', '', 'not a user')),
      field('channel_id', fc.constantFrom(care.channel, 'D0FUZZDM1', '', 'C0NOWHERE')),
      field('team_id', fc.constantFrom(h.standin.teamId, '', 'T0OTHER')),
      field('response_url', fc.constantFrom(`${h.standin.url}/nowhere`, 'not a url')),
    );
    await fc.assert(
      fc.asyncProperty(form, async (fields) => {
        const pairs = fields.filter((f): f is readonly [string, string] => f !== undefined);
        const text = pairs.find(([k]) => k === 'text')?.[1] ?? '';
        const refused = !parseCheckinText(unescapeText(text), DEFAULT_EMOJI_MAP).ok;
        const before = await keyspace();
        const body = new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, v])).toString();
        const status = await postSigned(h.botUrl, 'application/x-www-form-urlencoded', body);
        assert.ok(status > 0 && status < 500, `status ${status} for ${body.slice(0, 300)}`);
        const command = pairs.find(([k]) => k === 'command')?.[1];
        if (command !== '/checkin' || refused)
          assert.ok(same(before, await keyspace()), `${body.slice(0, 200)} changed Redis`);
      }),
      { numRuns: RUNS },
    );
    await stillUp();
  });
});
