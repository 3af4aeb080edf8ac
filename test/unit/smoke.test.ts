import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testRedis, uniquePrefix } from '../support/redis.js';

it('reaches the test Redis', async () => {
  const r = testRedis();
  const k = `${uniquePrefix()}:x`;
  await r.set(k, '1');
  assert.equal(await r.get(k), '1');
  await r.quit();
});
