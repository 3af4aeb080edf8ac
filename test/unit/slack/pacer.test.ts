import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createChannelPacer } from '../../../src/slack/pacer.js';

/** Virtual time: sleeps wait until the test releases them. */
function manualTime() {
  let t = 0;
  const sleeps: { ms: number; wake: () => void }[] = [];
  return {
    now: () => t,
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        sleeps.push({ ms, wake });
      }),
    sleeps,
    /** Advances time by the first pending sleep and wakes it. */
    wakeFirst() {
      const s = sleeps.shift();
      if (!s) throw new Error('nothing is sleeping');
      t += s.ms;
      s.wake();
    },
  };
}

const rateLimited = (retryAfter: number) =>
  Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter });

const settle = () => new Promise((r) => setImmediate(r));

describe('the channel pacer', () => {
  it('waits a second between two posts in the same channel', async () => {
    const time = manualTime();
    const pacer = createChannelPacer({ now: time.now, sleep: time.sleep });
    const at: number[] = [];
    const first = pacer.run('C1', async () => at.push(time.now()));
    const second = pacer.run('C1', async () => at.push(time.now()));
    await settle();
    assert.deepEqual(at, [0]);
    assert.deepEqual(
      time.sleeps.map((s) => s.ms),
      [1000],
    );
    time.wakeFirst();
    await Promise.all([first, second]);
    assert.deepEqual(at, [0, 1000]);
  });

  it('waits Retry-After for the channel and tries again, while another channel goes ahead', async () => {
    const time = manualTime();
    const limited: string[] = [];
    const pacer = createChannelPacer({
      now: time.now,
      sleep: time.sleep,
      onRateLimited: (channel, sec) => limited.push(`${channel}:${sec}`),
    });
    const calls: string[] = [];
    let failOnce = true;
    const a = pacer.run('CA', async () => {
      calls.push(`A@${time.now()}`);
      if (failOnce) {
        failOnce = false;
        throw rateLimited(3);
      }
      return 'a';
    });
    await settle();
    const b = await pacer.run('CB', async () => {
      calls.push(`B@${time.now()}`);
      return 'b';
    });
    assert.equal(b, 'b');
    assert.deepEqual(calls, ['A@0', 'B@0']);
    assert.deepEqual(limited, ['CA:3']);
    time.wakeFirst();
    assert.equal(await a, 'a');
    assert.deepEqual(calls, ['A@0', 'B@0', 'A@3000']);
  });

  it('passes other errors on without retrying', async () => {
    const pacer = createChannelPacer();
    let calls = 0;
    await assert.rejects(
      pacer.run('C1', async () => {
        calls += 1;
        throw new Error('channel_not_found');
      }),
      /channel_not_found/,
    );
    assert.equal(calls, 1);
  });

  it('gives up after too many 429s in a row', async () => {
    const pacer = createChannelPacer({ maxRateLimitWaits: 2, sleep: async () => {} });
    let calls = 0;
    await assert.rejects(
      pacer.run('C1', async () => {
        calls += 1;
        throw rateLimited(1);
      }),
      /rate limited/,
    );
    assert.equal(calls, 3);
  });
});
