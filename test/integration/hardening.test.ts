// Hardening: /metrics only on its own port, typed text echoed inert, notes counted in characters
// people see, and channel-choice buttons that carry no note — over signed HTTP, real Bolt, real Redis.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { containsUnescapedSlackMarkup } from '../../src/domain/escape.js';
import { createCheckinStore } from '../../src/store/checkins.js';
import { createKeys } from '../../src/store/keys.js';
import { PENDING_TTL_S } from '../../src/store/pending.js';
import { type Harness, startHarness } from '../support/harness.js';
import { type CareChannel, careChannel, fakePrompt } from '../support/scene.js';

const ADMIN = 'U0HARDADM';
const ackText = (ack: unknown) => JSON.stringify(ack ?? '');
/** Slack delivers `&`, `<` and `>` typed by a person HTML-encoded; mentions arrive as `<!here>`. */
const slackEncoded = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('hardening', () => {
  let h: Harness;
  let care: CareChannel;
  let other: CareChannel;

  before(async () => {
    h = await startHarness({ env: { WELLBEING_ADMINS: ADMIN } });
    care = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0HARD01' });
    other = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0HARD02', members: 2 });
    // member 0 is in both care channels, so a DM /checkin asks which one.
    h.standin.setMembers(other.channel, [care.members[0] as string, ...other.members, h.standin.botUserId]);
    await fakePrompt(
      h.redis,
      h.prefix,
      h.standin.teamId,
      care.channel,
      '1.000100',
      Date.now() - 3 * 86_400_000,
    );
  });
  after(async () => h.close());

  const member = (i: number) => care.members[i] as string;
  const store = () => createCheckinStore(h.redis, createKeys(h.prefix), { retentionDays: 180 });
  const answers = (user: string) => store().answersOf(h.standin.teamId, user, 0, Date.now() + 1_000);
  const command = (command: string, text: string, userId: string, channelId: string) =>
    h.standin.slashCommand({ command, text, userId, channelId });

  it('serves /metrics on METRICS_PORT and answers 404 for it on the Slack port', async () => {
    const onSlackPort = await fetch(`http://127.0.0.1:${h.port}/metrics`);
    assert.equal(onSlackPort.status, 404);
    assert.doesNotMatch(await onSlackPort.text(), /wellbeing_/);
    const own = await fetch(`http://127.0.0.1:${h.metricsPort}/metrics`);
    assert.equal(own.status, 200);
    assert.match(await own.text(), /wellbeing_requests_total/);
    assert.notEqual(h.metricsPort, h.port);
    // Nothing but /metrics is on the metrics port.
    assert.equal((await fetch(`http://127.0.0.1:${h.metricsPort}/readyz`)).status, 404);
  });

  for (const typed of [
    '<!here>',
    '<!channel> hello',
    '<@U0HARD999>',
    '<https://evil.example|click>',
    'a&b',
  ]) {
    it(`echoes an unknown subcommand ${JSON.stringify(typed)} back inert, as typed`, async () => {
      // Mentions arrive as markup (`<!here>`); characters the person typed arrive HTML-encoded.
      for (const text of [typed, slackEncoded(typed)]) {
        const d = await command('/wellbeing', text, member(1), care.channel);
        const reply = (d.ack as { text: string }).text;
        assert.ok(!containsUnescapedSlackMarkup(reply), `unescaped markup in ${reply}`);
        assert.match(reply, /I don't know/);
        assert.match(reply, /\/wellbeing help/);
      }
    });
  }

  it('echoes an unknown `leads` action inert', async () => {
    const d = await command('/wellbeing', 'leads <!everyone>', care.lead, care.channel);
    const reply = (d.ack as { text: string }).text;
    assert.ok(!containsUnescapedSlackMarkup(reply), reply);
    assert.match(reply, /leads &lt;!everyone&gt;/);
  });

  it('quotes back only the start of a 10 kB unknown subcommand', async () => {
    const d = await command('/wellbeing', 'x'.repeat(10_000), member(1), care.channel);
    const reply = (d.ack as { text: string }).text;
    assert.ok(reply.length < 400, `reply of ${reply.length} characters`);
    assert.match(reply, /x{40}…/);
  });

  it('counts a note in characters: 500 emoji are kept whole, 501 are refused and store nothing', async () => {
    const user = member(2);
    const refused = await command('/checkin', `4 ${'🌿'.repeat(501)}`, user, care.channel);
    assert.match(ackText(refused.ack), /501 characters/);
    assert.equal((await answers(user)).length, 0);
    const stored = await command('/checkin', `4 ${'🌿'.repeat(500)}`, user, care.channel);
    assert.match(ackText(stored.ack), /saved privately/);
    const [a] = await answers(user);
    assert.equal(a?.note, '🌿'.repeat(500));
  });

  describe('choosing the channel of a DM /checkin', () => {
    const user = () => member(0);
    const keys = () => createKeys(h.prefix);
    const pendingKey = () => keys().pendingCheckin(h.standin.teamId, user());
    type Button = { action_id: string; value: string };
    const buttonsOf = (ack: unknown): Button[] =>
      ((ack as { blocks?: { elements?: Button[] }[] }).blocks ?? []).flatMap((b) => b.elements ?? []);
    const press = (b: Button) =>
      h.standin.blockAction({
        userId: user(),
        channelId: 'D0HARDDM1',
        actionId: b.action_id,
        value: b.value,
        messageTs: '1.000001',
      });
    const longNote = `${'💙'.repeat(499)}<`;

    it('keeps the note out of the buttons and stores it whole, once, in the channel picked', async () => {
      await h.redis.del(pendingKey());
      const d = await command('/checkin', `2 ${slackEncoded(longNote)}`, user(), 'D0HARDDM1');
      const buttons = buttonsOf(d.ack);
      assert.equal(buttons.length, 2);
      for (const b of buttons) {
        assert.ok(b.value.length < 2_000, `a button value of ${b.value.length} characters`);
        assert.doesNotMatch(b.value, /💙/);
      }
      assert.equal((await answers(user())).length, 0, 'nothing is stored before the choice');
      const ttl = await h.redis.ttl(pendingKey());
      assert.ok(ttl > 0 && ttl <= PENDING_TTL_S, `pending TTL ${ttl}`);

      const pick = buttons.find((b) => b.value.includes(other.channel)) as Button;
      const first = await press(pick);
      assert.equal(first.status, 200);
      const reply = await first.waitForResponse();
      assert.match(JSON.stringify(reply.body), /saved privately/);
      const stored = await answers(user());
      assert.deepEqual(
        stored.map((a) => [a.channel, a.score, a.note]),
        [[other.channel, 2, longNote]],
      );
      assert.equal(await h.redis.exists(pendingKey()), 0, 'the waiting note is deleted once used');

      // The same button again (a double tap, a second device) stores nothing more.
      const again = await press(pick);
      assert.match(JSON.stringify((await again.waitForResponse()).body), /expired/);
      assert.equal((await answers(user())).length, 1);
    });

    it('refuses a channel that was not offered, and a made-up or malformed button, storing nothing', async () => {
      await h.redis.del(pendingKey());
      const before = (await answers(user())).length;
      const d = await command('/checkin', '5', user(), 'D0HARDDM1');
      const [b] = buttonsOf(d.ack);
      assert.ok(b);
      const id = (JSON.parse(b.value) as { p: string }).p;
      for (const value of [
        JSON.stringify({ c: 'C0NOTOFFRD', p: id }),
        JSON.stringify({ c: other.channel, p: 'ffffffffffff' }),
        '{"c":',
        'x'.repeat(3_000),
      ]) {
        const res = await press({ action_id: b.action_id, value });
        assert.equal(res.status, 200);
        assert.match(JSON.stringify((await res.waitForResponse()).body), /expired|nothing was saved/);
      }
      assert.equal((await answers(user())).length, before);
    });
  });
});
