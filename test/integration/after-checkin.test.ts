// What a stored check-in calls for comes back from the store's script as effects (support text due,
// App Home to refresh), and the after-check-in use case is the one place that acts on them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createAfterCheckin } from '../../src/services/after-checkin.js';
import { createCheckinStore } from '../../src/store/checkins.js';
import { createKeys } from '../../src/store/keys.js';
import { createSummaryStore } from '../../src/store/summaries.js';
import { slotAt } from '../support/open-cells.js';
import { testRedis, uniquePrefix } from '../support/redis.js';

const TEAM = 'T0AFTER';
const CHANNEL = 'C0AFTER';
const NOW = Math.floor(Date.now() / 60_000) * 60_000;

let redis: Redis;
before(() => {
  redis = testRedis();
});
after(() => redis.disconnect());

async function world() {
  const keys = createKeys(uniquePrefix());
  const store = createCheckinStore(redis, keys, { retentionDays: 30 });
  const answer = async (user: string, score: 1 | 2 | 3 | 4 | 5, nowMs = NOW) =>
    store.setAnswer(
      { team: TEAM, user, channel: CHANNEL },
      {
        score,
        source: 'command',
        nowMs,
        cell: await slotAt(redis, keys.prefix, TEAM, CHANNEL, nowMs),
        standalone: { day: new Date(nowMs).toISOString().slice(0, 10), max: 3 },
      },
    );
  return { keys, store, answer, summaries: createSummaryStore(redis, keys) };
}

describe('check-in effects from the store', () => {
  it('a first 1 in a day calls for the support text once; later ones and other scores do not', async () => {
    const { answer } = await world();
    const first = await answer('U1', 1);
    assert.equal(first.kind, 'stored');
    assert.deepEqual(first.kind === 'stored' && first.effects, { careDue: true, home: {} });
    const again = await answer('U1', 1, NOW + 60_000);
    assert.deepEqual(again.kind === 'stored' && again.effects, { home: {} });
    const other = await answer('U2', 4);
    assert.deepEqual(other.kind === 'stored' && other.effects, { home: {} });
  });

  it('names the App Home channel of someone who opened their tab', async () => {
    const { answer, summaries } = await world();
    await summaries.markHomeSeen(TEAM, 'U3', 'D0HOME3');
    const out = await answer('U3', 3);
    assert.deepEqual(out.kind === 'stored' && out.effects, { home: { dm: 'D0HOME3' } });
  });
});

describe('lifetimes counted on Redis’s clock', () => {
  // A replica's clock and Redis's may disagree (a few seconds in production; days for a test on a fixed
  // clock). Absolute expiry times from the bot's clock made a reaction list written "three days ago"
  // expire at once, so taking one of two reactions back withdrew the answer instead of falling back.
  it('keeps what a check-in writes for its full lifetime from the write, whatever the bot’s clock says', async () => {
    const { keys, store } = await world();
    const past = NOW - 3 * 86_400_000;
    const promptTs = `${Math.floor(past / 1000) - 60}.000100`;
    await redis.hset(keys.promptMessage(TEAM, CHANNEL, promptTs), {
      id: 'p',
      cat: 'c',
      at: String(past - 60_000),
    });
    const target = { team: TEAM, user: 'U9', channel: CHANNEL, promptTs };
    const cell = await slotAt(redis, keys.prefix, TEAM, CHANNEL, past);
    await store.reactionAdded(target, { emoji: 'two', score: 2, nowMs: past, cell });
    await store.reactionAdded(target, { emoji: 'five', score: 5, nowMs: past, cell });
    const reactionsLeft = await redis.pttl(keys.promptReactions(TEAM, CHANNEL, promptTs));
    assert.ok(reactionsLeft > 2 * 86_400_000 - 60_000, `reaction list lives 2 days, has ${reactionsLeft} ms`);
    const answersLeft = await redis.pttl(keys.answers(TEAM, 'U9'));
    assert.ok(
      answersLeft > 31 * 86_400_000 - 60_000,
      `answers live retention + 1 day, have ${answersLeft} ms`,
    );
    const back = await store.reactionRemoved(target, { emoji: 'five', nowMs: past, cell });
    assert.equal(back.kind, 'stored');
    assert.equal(back.kind === 'stored' && back.score, 2);
  });
});

describe('acting on the effects', () => {
  function harness(sendDm: () => Promise<{ sent: true } | { sent: false; reason: string }>) {
    const calls: string[] = [];
    const work: Array<{ where: string; done: Promise<unknown> }> = [];
    const act = createAfterCheckin({
      slack: {
        sendDm: async (_team, user, text) => {
          calls.push(`dm ${user} ${text}`);
          return sendDm();
        },
      },
      store: { careNotSent: async (_team, user) => void calls.push(`careNotSent ${user}`) },
      supportText: 'Call 555.',
      refreshHome: async (_team, user, known) => void calls.push(`home ${user} ${JSON.stringify(known)}`),
      background: (done, where) => work.push({ where, done }),
    });
    const settled = () => Promise.allSettled(work.map((w) => w.done));
    return { act, calls, work, settled };
  }

  it('sends the support text and refreshes the tab it was told of, in the background', async () => {
    const h = harness(async () => ({ sent: true }));
    h.act.act(TEAM, 'U1', { careDue: true, home: { dm: 'D1' } });
    assert.deepEqual(
      h.work.map((w) => w.where),
      ['app-home', 'care-dm'],
    );
    await h.settled();
    assert.equal(h.calls.length, 2);
    assert.equal(h.calls[0], 'home U1 {"dm":"D1"}');
    assert.match(h.calls[1] ?? '', /^dm U1 .*only you see this message\. Call 555\.$/);
  });

  it('looks the tab up when the store could not say (forget-me) and sends nothing else', async () => {
    const h = harness(async () => ({ sent: true }));
    h.act.act(TEAM, 'U2', { home: 'unknown' });
    await h.settled();
    assert.deepEqual(h.calls, ['home U2 undefined']);
  });

  it('clears the "sent today" marker when Slack certainly did not deliver the text, and reports it', async () => {
    const h = harness(async () => ({ sent: false, reason: 'ratelimited' }));
    h.act.act(TEAM, 'U3', { careDue: true, home: {} });
    const [home, care] = await h.settled();
    assert.equal(home?.status, 'fulfilled');
    assert.equal(care?.status, 'rejected');
    assert.match(String((care as PromiseRejectedResult).reason.message), /not delivered \(ratelimited\)/);
    assert.deepEqual(
      h.calls.map((c) => c.split(' ').slice(0, 2).join(' ')),
      ['home U3', 'dm U3', 'careNotSent U3'],
    );
  });

  it('keeps the marker when the text may have arrived (the call failed after sending)', async () => {
    const h = harness(async () => {
      throw new Error('socket hang up');
    });
    h.act.act(TEAM, 'U4', { careDue: true });
    const [care] = await h.settled();
    assert.equal(care?.status, 'rejected');
    assert.ok(!h.calls.includes('careNotSent U4'));
  });
});
