import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AfterEventResult, PostRequest, PostResult } from '../../../src/services/prompts.js';
import { promptNowSubcommand } from '../../../src/slack/commands/prompts.js';
import type { CommandContext } from '../../../src/slack/commands/router.js';

function ctx(args: string[]): CommandContext {
  return {
    team: 'T1',
    user: 'U1',
    channel: 'C1',
    isAdmin: true,
    canLead: async () => true,
    args,
    rest: args.join(' '),
  };
}

/** For tests of ordinary categories: the after-event path must not be taken. */
const postAfterEvent = async (): Promise<AfterEventResult> => {
  throw new Error('postAfterEvent was not expected here');
};

describe('/wellbeing prompt now', () => {
  it('posts a mixed prompt when no category is given', async () => {
    const asked: PostRequest[] = [];
    const sub = promptNowSubcommand({
      service: {
        postPrompt: async (r) => {
          asked.push(r);
          return { kind: 'posted', ts: '1.2', promptId: 'grt-01', category: 'gratitude' };
        },
        postAfterEvent,
      },
      onError: () => {},
    });
    const reply = await sub.run(ctx(['now']));
    assert.deepEqual(asked, [{ team: 'T1', channel: 'C1', category: 'mixed', trigger: 'on_demand' }]);
    assert.match(reply.text, /Posted a gratitude prompt/);
  });

  it('answers before Slack’s deadline when a post is held up, and reports a later failure', async () => {
    let fail: (err: Error) => void = () => {};
    const errors: unknown[] = [];
    const sub = promptNowSubcommand({
      service: {
        postPrompt: () =>
          new Promise<PostResult>((_, reject) => {
            fail = reject;
          }),
        postAfterEvent,
      },
      onError: (err) => errors.push(err),
      waitMs: 5,
    });
    const reply = await sub.run(ctx(['now', 'compassion']));
    assert.match(reply.text, /will appear in this channel shortly/);
    fail(new Error('gave up after 429s'));
    await new Promise((r) => setImmediate(r));
    assert.equal(errors.length, 1);
  });

  it('refuses an unknown category without posting', async () => {
    let posted = 0;
    const sub = promptNowSubcommand({
      service: {
        postPrompt: async () => {
          posted += 1;
          return { kind: 'posted', ts: '1', promptId: 'x', category: 'compassion' };
        },
        postAfterEvent,
      },
      onError: () => {},
    });
    assert.match((await sub.run(ctx(['now', 'kindness']))).text, /"kindness" is not a category/);
    assert.match((await sub.run(ctx(['later']))).text, /prompt now \[category\]/);
    assert.equal(posted, 0);
  });

  it('after a hard event, posts through the after-event path and lists the follow-ups it added', async () => {
    const asked: string[] = [];
    const sub = promptNowSubcommand({
      service: {
        postPrompt: async () => {
          throw new Error('after-event must not go through the plain path');
        },
        postAfterEvent: async (team, channel, user) => {
          asked.push(`${team}/${channel}/${user}`);
          return {
            post: { kind: 'posted', ts: '1.5', promptId: 'aft-01', category: 'after-event' },
            followUps: [
              { id: '7', at: Date.parse('2026-11-27T19:00:00Z') },
              { id: '8', at: Date.parse('2026-11-28T07:00:00Z') },
              { id: '9', at: Date.parse('2026-11-28T19:00:00Z') },
            ],
            refused: 0,
            tz: 'Europe/London',
          };
        },
      },
      onError: () => {},
    });
    const reply = await sub.run(ctx(['now', 'after-event']));
    assert.deepEqual(asked, ['T1/C1/U1']);
    assert.match(reply.text, /Posted an after-event prompt/);
    assert.match(
      reply.text,
      /Fri 27 Nov, 19:00 \(ID \*7\*\); Sat 28 Nov, 07:00 \(ID \*8\*\); Sat 28 Nov, 19:00 \(ID \*9\*\)/,
    );
    assert.match(reply.text, /schedule remove &lt;id&gt;` cancels one/);
  });
});
