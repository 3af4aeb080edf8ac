import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PostRequest, PostResult } from '../../../src/services/prompts.js';
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

describe('/wellbeing prompt now', () => {
  it('posts a mixed prompt when no category is given', async () => {
    const asked: PostRequest[] = [];
    const sub = promptNowSubcommand({
      service: {
        postPrompt: async (r) => {
          asked.push(r);
          return { kind: 'posted', ts: '1.2', promptId: 'grt-01', category: 'gratitude' };
        },
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
      },
      onError: () => {},
    });
    assert.match((await sub.run(ctx(['now', 'kindness']))).text, /"kindness" is not a category/);
    assert.match((await sub.run(ctx(['later']))).text, /prompt now \[category\]/);
    assert.equal(posted, 0);
  });
});
