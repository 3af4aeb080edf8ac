// A person's answers (month buckets) outlive their day's team aggregates by up to a month. Changing or
// forgetting such an answer must not bring the expired day back: that would leave keys without an
// expiry, holding negative counts, for ever.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { createCheckinStore } from '../../src/store/checkins.js';
import { createKeys, type Keys } from '../../src/store/keys.js';
import { testRedis, uniquePrefix } from '../support/redis.js';

const TEAM = 'T0EXPIRY';
const CHANNEL = 'C0EXPIRY';
const USER = 'U0OLD';
const NOW = Date.now();
const OLD_DAY = new Date(NOW - 2 * 86_400_000).toISOString().slice(0, 10);
const TODAY = new Date(NOW).toISOString().slice(0, 10);
const PROMPT_TS = `${Math.floor((NOW - 3_600_000) / 1000)}.000100`;

describe('answers whose day aggregates have expired', () => {
  let redis: Redis;
  let keys: Keys;
  let prefix: string;
  const store = () => createCheckinStore(redis, keys, { retentionDays: 180 });
  const dayKeys = (day: string) => [
    keys.dayCounts(TEAM, CHANNEL, day),
    keys.dayRespondents(TEAM, CHANNEL, day),
    keys.dayBitmap(TEAM, CHANNEL, day),
  ];
  const existing = async (list: string[]) =>
    (await Promise.all(list.map((k) => redis.exists(k)))).filter(Boolean);
  /** Every key of this test without an expiry, apart from the user index (kept on purpose). */
  const keysWithoutExpiry = async () => {
    const all = await redis.keys(`${prefix}*`);
    const ttls = await Promise.all(all.map((k) => redis.ttl(k)));
    return all.filter((k, i) => ttls[i] === -1 && k !== keys.userIndex(TEAM));
  };

  before(() => {
    redis = testRedis();
  });
  after(() => redis.disconnect());
  beforeEach(async () => {
    prefix = uniquePrefix();
    keys = createKeys(prefix);
    // The prompt's record, which the prompt store keeps with an expiry of its own.
    const prompt = keys.promptMessage(TEAM, CHANNEL, PROMPT_TS);
    await redis.hset(prompt, { id: 'cmp-01', cat: 'compassion', at: String(NOW) });
    await redis.expire(prompt, 86_400);
    // An answer given on OLD_DAY, whose day aggregates then expired (as Redis does at their TTL).
    const r = await store().setAnswer(
      { team: TEAM, user: USER, channel: CHANNEL, promptTs: PROMPT_TS },
      { score: 2, source: 'button', atMs: NOW, day: OLD_DAY },
    );
    assert.equal(r.kind, 'stored');
    assert.equal((await existing(dayKeys(OLD_DAY))).length, 3);
    await redis.del(...dayKeys(OLD_DAY));
  });

  it('changes the answer without bringing the expired day back', async () => {
    const r = await store().setAnswer(
      { team: TEAM, user: USER, channel: CHANNEL, promptTs: PROMPT_TS },
      { score: 4, source: 'button', atMs: NOW, day: TODAY },
    );
    assert.equal(r.kind, 'stored');
    assert.deepEqual(await existing(dayKeys(OLD_DAY)), []);
    assert.equal(await redis.hget(keys.dayCounts(TEAM, CHANNEL, TODAY), '4'), '1');
    assert.deepEqual(await keysWithoutExpiry(), []);
  });

  it('withdraws the answer without bringing the expired day back', async () => {
    const other = { team: TEAM, user: 'U0OTHER', channel: CHANNEL, promptTs: PROMPT_TS };
    await store().reactionAdded(other, { emoji: 'three', score: 3, atMs: NOW, day: OLD_DAY });
    await redis.del(...dayKeys(OLD_DAY));
    const r = await store().reactionRemoved(other, { emoji: 'three', atMs: NOW, day: TODAY });
    assert.equal(r.kind, 'withdrawn');
    assert.deepEqual(await existing(dayKeys(OLD_DAY)), []);
    assert.deepEqual(await keysWithoutExpiry(), []);
  });

  it('forgets the person without bringing the expired day back', async () => {
    assert.equal(await store().forget(TEAM, USER, NOW), 1);
    assert.deepEqual(await existing(dayKeys(OLD_DAY)), []);
    assert.deepEqual(await keysWithoutExpiry(), []);
  });
});
