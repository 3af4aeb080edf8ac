// The Lua scripts as Redis commands: sent as source at most once per connection, then by SHA, and
// usable in pipelines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { createKeys } from '../../src/store/keys.js';
import { defineScripts } from '../../src/store/lua/index.js';
import { createScheduleStore } from '../../src/store/schedules.js';
import { uniquePrefix } from '../support/redis.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';

/** How often Redis ran each command, from INFO commandstats. */
async function calls(redis: Redis): Promise<Record<string, number>> {
  const info = await redis.info('commandstats');
  return Object.fromEntries(
    [...info.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)].map((m) => [m[1] ?? '', Number(m[2])]),
  );
}

describe('Lua scripts registered with defineCommand', () => {
  // A server of its own: command statistics are server-wide, and other test files share the test Redis.
  let server: RedisServer;
  let redis: Redis;
  let probe: Redis;
  before(async () => {
    server = await startRedisServer();
    redis = defineScripts(new Redis(server.url));
    probe = new Redis(server.url);
  });
  after(async () => {
    redis.disconnect();
    probe.disconnect();
    await server.stop(true);
  });

  it('sends a script’s source once, then calls it by SHA', async () => {
    const keys = createKeys(uniquePrefix());
    const store = createScheduleStore(redis, keys);
    await store.markTick(1); // the first call on this connection may carry the source
    const before = await calls(probe);
    for (let i = 2; i <= 21; i++) await store.markTick(i * 1000);
    const afterCalls = await calls(probe);
    assert.equal((afterCalls.eval ?? 0) - (before.eval ?? 0), 0, 'no EVAL with the source');
    assert.equal((afterCalls.evalsha ?? 0) - (before.evalsha ?? 0), 20);
    assert.equal(await store.lastTick(), 21_000);
  });

  it('runs in a pipeline, in order, with each script’s own result', async () => {
    const keys = createKeys(uniquePrefix());
    const tick = keys.schedulerTick();
    const results = await redis.pipeline().markTick(tick, '5000').markTick(tick, '3000').get(tick).exec();
    assert.deepEqual(
      results?.map(([err, v]) => [err, v]),
      [
        [null, 1],
        [null, 1],
        [null, '5000'],
      ],
    );
  });
});
