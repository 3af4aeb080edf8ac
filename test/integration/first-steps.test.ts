// The first ten minutes as the README tells them: a bot admin named in WELLBEING_ADMINS makes themself
// the lead of a fresh channel, adds a schedule and sees a prompt at once; help shows the next step.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from '../support/harness.js';

const ADMIN = 'U0ADMIN01';
const MEMBER = 'U0MEMBER1';
const CHANNEL = 'C0FRESH01';

describe('the first ten minutes', () => {
  let h: Harness;

  before(async () => {
    h = await startHarness({ env: { WELLBEING_ADMINS: ADMIN } });
    h.standin.addUser({ id: ADMIN, name: 'admin' });
    h.standin.addUser({ id: MEMBER, name: 'member' });
    h.standin.addUser({ id: h.standin.botUserId, name: 'wellbeing', isBot: true });
    // A channel the bot was just invited to: nothing about it is stored yet.
    h.standin.addChannel({ id: CHANNEL, name: 'ward-3-team', members: [ADMIN, MEMBER, h.standin.botUserId] });
  });
  after(async () => h.close());

  const wellbeing = async (text: string, user = ADMIN) => {
    const d = await h.standin.slashCommand({ command: '/wellbeing', text, userId: user, channelId: CHANNEL });
    return String((d.ack as { text?: string } | undefined)?.text ?? '');
  };

  it('shows an admin the next step in a channel that has no lead and no schedule', async () => {
    const help = await wellbeing('help');
    assert.match(help, /You are a bot admin \(`WELLBEING_ADMINS`\)/);
    assert.match(help, /\*Next step:\* this channel has no schedule yet/);
    assert.match(help, /1\. `\/wellbeing leads add @you`/);
    assert.match(help, /`\/wellbeing schedule add "0 9 \* \* \*"`/);
    assert.match(help, /`\/wellbeing prompt now`/);
  });

  it('shows a member no next step', async () => {
    assert.doesNotMatch(await wellbeing('help', MEMBER), /Next step/);
  });

  it('refuses a member in words that name the bot admins, not Slack workspace admins', async () => {
    const reply = await wellbeing(`leads add <@${MEMBER}|member>`, MEMBER);
    assert.match(reply, /^Only .*bot admins \(`WELLBEING_ADMINS`\) can do that/);
    assert.doesNotMatch(reply, /workspace admin/);
  });

  it('gets a prompt posted with the three commands the README gives', async () => {
    assert.match(await wellbeing(`leads add <@${ADMIN}|admin>`), /lead/i);
    assert.match(await wellbeing('schedule add "0 9 * * *"'), /Added schedule/);
    await wellbeing('prompt now');
    const deadline = Date.now() + 5_000;
    while (h.standin.messages(CHANNEL).length === 0) {
      assert.ok(Date.now() < deadline, 'no prompt was posted');
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.match(JSON.stringify(h.standin.messages(CHANNEL)[0]), /How are you arriving\?/);
  });

  it('shows no next step once the channel has a schedule', async () => {
    const help = await wellbeing('help');
    assert.doesNotMatch(help, /Next step/);
  });
});
