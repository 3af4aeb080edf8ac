// The bot in Socket Mode, end to end, against the stand-in's WebSocket.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from '../support/harness.js';
import { type CareChannel, careChannel, fakePrompt } from '../support/scene.js';
import { waitFor } from '../support/wait.js';

describe('Socket Mode', () => {
  let h: Harness;
  let care: CareChannel;
  const ts = `${Math.floor(Date.now() / 1000)}.000200`;

  before(async () => {
    h = await startHarness({ socketMode: true });
    care = await careChannel(h.standin, h.redis, h.prefix);
    await fakePrompt(h.redis, h.prefix, h.standin.teamId, care.channel, ts, Date.now());
    await waitFor(() => h.standin.socketConnections() > 0, { what: 'the bot to open a socket' });
  });
  after(async () => h.close());

  it('acknowledges a reaction envelope after storing the check-in', async () => {
    const d = await h.standin.reactionAdded(
      { user: care.members[0] as string, reaction: 'five', channel: care.channel, ts },
      { via: 'socket' },
    );
    assert.equal(d.status, 200);
    const me = await h.standin.slashCommand(
      { command: '/wellbeing', text: 'me', userId: care.members[0] as string, channelId: care.channel },
      { via: 'socket' },
    );
    assert.match(JSON.stringify(me.ack), /5 · thriving/);
  });

  it('answers a slash command envelope with an ephemeral reply', async () => {
    const d = await h.standin.slashCommand(
      { command: '/checkin', text: '9', userId: care.members[1] as string, channelId: care.channel },
      { via: 'socket' },
    );
    assert.equal(d.status, 200);
    assert.match(JSON.stringify(d.ack), /1 to 5/);
  });

  it('still serves health routes on PORT', async () => {
    assert.equal((await fetch(`http://127.0.0.1:${h.port}/healthz`)).status, 200);
    assert.equal((await fetch(`http://127.0.0.1:${h.port}/readyz`)).status, 200);
  });
});

describe('Socket Mode readiness', () => {
  let h: Harness;

  before(async () => {
    h = await startHarness({ socketMode: true });
    await h.standin.waitForSocketConnection();
  });
  after(async () => h.close());

  const readyz = async () => {
    const res = await fetch(`http://127.0.0.1:${h.port}/readyz`);
    return { status: res.status, body: (await res.json()) as { reason?: string } };
  };

  it('is not ready while the socket is down, and ready again once it reconnects', async () => {
    assert.equal((await readyz()).status, 200);
    // Slack asks the client to reconnect; the client waits a few seconds before it opens a new socket.
    await h.standin.disconnectSockets();
    const down = await readyz();
    assert.equal(down.status, 503);
    assert.match(down.body.reason ?? '', /Socket Mode connection is down/);
    // Nothing about where Slack or Redis live.
    assert.doesNotMatch(down.body.reason ?? '', /127\.0\.0\.1|:\d{2,5}/);
    await h.standin.waitForSocketConnection(20_000);
    const deadline = Date.now() + 5_000;
    while ((await readyz()).status !== 200) {
      assert.ok(Date.now() < deadline, 'never became ready again after the socket reconnected');
      await new Promise((r) => setTimeout(r, 20));
    }
  });
});
