// The bot's listener table (src/slack/routes.ts): each kind of payload reaches its handler, what no
// handler claims is still acknowledged, and every request is counted once in the metrics.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { App } from '@slack/bolt';
import { mountRoutes } from '../../src/slack/routes.js';
import { type Harness, startHarness } from '../support/harness.js';
import { type CareChannel, careChannel, fakePrompt } from '../support/scene.js';

describe('listener table', () => {
  let h: Harness;
  let care: CareChannel;
  const ts = `${Math.floor(Date.now() / 1000)}.000100`;

  before(async () => {
    h = await startHarness();
    care = await careChannel(h.standin, h.redis, h.prefix);
    await fakePrompt(h.redis, h.prefix, h.standin.teamId, care.channel, ts, Date.now());
  });
  after(() => h.close());

  const requests = async () => {
    const text = await (await fetch(`http://127.0.0.1:${h.metricsPort}/metrics`)).text();
    const count = (kind: string) =>
      Number(
        new RegExp(`wellbeing_requests_total\\{kind="${kind}",outcome="ok"\\} (\\d+)`).exec(text)?.[1] ?? 0,
      );
    return { event: count('event'), action: count('action'), command: count('command') };
  };

  it('acknowledges a button it has no handler for, and stores nothing', async () => {
    const before = await requests();
    const d = await h.standin.blockAction({
      userId: care.members[0] as string,
      channelId: care.channel,
      messageTs: ts,
      actionId: 'a_button_from_an_older_version',
    });
    assert.equal(d.status, 200);
    assert.equal((await requests()).action, before.action + 1);
    const me = await h.standin.slashCommand({
      command: '/wellbeing',
      text: 'me',
      userId: care.members[0] as string,
      channelId: care.channel,
    });
    assert.match(JSON.stringify(me.ack), /no check-ins/);
  });

  it('sends each kind of payload to its handler and counts each request once', async () => {
    const before = await requests();
    const reaction = await h.standin.reactionAdded({
      user: care.members[1] as string,
      reaction: 'four',
      channel: care.channel,
      ts,
    });
    assert.equal(reaction.status, 200);
    const button = await h.standin.blockAction({
      userId: care.members[2] as string,
      channelId: care.channel,
      messageTs: ts,
      actionId: 'checkin_score_3',
    });
    assert.equal(button.status, 200);
    const command = await h.standin.slashCommand({
      command: '/checkin',
      text: '5',
      userId: care.members[3] as string,
      channelId: care.channel,
    });
    assert.match(JSON.stringify(command.ack), /5/);
    // An event type the bot does not handle is answered 200 and counted too.
    const other = await h.standin.sendEvent({ type: 'emoji_changed', subtype: 'add', name: 'x' });
    assert.equal(other.status, 200);

    assert.deepEqual(await requests(), {
      event: before.event + 2,
      action: before.action + 1,
      command: before.command + 1,
    });
    const summary = await h.standin.slashCommand({
      command: '/wellbeing',
      text: 'me',
      userId: care.members[1] as string,
      channelId: care.channel,
    });
    assert.match(JSON.stringify(summary.ack), /4/);
  });

  it('refuses a second handler for the same event, action or command', () => {
    const app = new App({ token: 'xoxb-test', signingSecret: 'test', deferInitialization: true });
    const routes = mountRoutes(app);
    routes.event('reaction_added', async () => {});
    routes.action('checkin_forget', async () => {});
    routes.command('/checkin', async () => {});
    assert.throws(() => routes.event('reaction_added', async () => {}), /event reaction_added/);
    assert.throws(() => routes.action('checkin_forget', async () => {}), /action checkin_forget/);
    assert.throws(() => routes.command('/checkin', async () => {}), /command \/checkin/);
  });

  it('reports the process’s event loop lag, heap and GC pauses beside the bot’s own metrics', async () => {
    const text = await (await fetch(`http://127.0.0.1:${h.metricsPort}/metrics`)).text();
    for (const name of [
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_gc_duration_seconds',
    ]) {
      assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), name);
    }
    assert.match(text, /^# TYPE wellbeing_requests_total counter/m);
  });
});
