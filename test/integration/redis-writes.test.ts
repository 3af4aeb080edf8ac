// Commands sent in one turn of the event loop leave in one socket write. Under load the bot stores many
// check-ins per turn, one script call each; one write for all of them instead of one each saves the bot
// and Redis a system call and a wake-up per check-in. Nothing waits for a batch to fill: a command
// alone still leaves in the same turn, and every command gets its own answer.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RedisClient } from '../../src/store/redis.js';
import { countWrites, quietClient, socketOf } from '../support/redis-client.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';
import { waitFor } from '../support/wait.js';

describe('Redis writes', () => {
  let server: RedisServer;
  let redis: RedisClient;
  before(async () => {
    server = await startRedisServer();
    redis = await quietClient({ kind: 'standalone', url: server.url });
  });
  after(async () => {
    redis.disconnect();
    await server.stop(true);
  });

  it('sends the commands of one turn in one write, each with its own answer', async () => {
    const writes = countWrites(redis);
    const keys = Array.from({ length: 50 }, (_, i) => `wb-writes:${i}`);
    const answers = await Promise.all([
      ...keys.map((k, i) => redis.set(k, String(i))),
      ...keys.map((k) => redis.get(k)),
      redis.markTick('wb-writes:tick', '1'),
    ]);
    assert.deepEqual(answers.slice(0, 50), Array(50).fill('OK'));
    assert.deepEqual(
      answers.slice(50, 100),
      keys.map((_, i) => String(i)),
    );
    assert.equal(writes.count(), 1, 'one write for the 101 commands');
  });

  it('sends a command alone without waiting for company', async () => {
    const writes = countWrites(redis);
    for (let i = 0; i < 5; i++) assert.equal(await redis.incr('wb-writes:alone'), i + 1);
    assert.equal(writes.count(), 5);
  });

  it('keeps doing so on the connection that replaces a lost one', async () => {
    const old = socketOf(redis);
    old.destroy();
    await waitFor(() => redis.status === 'ready' && socketOf(redis) !== old, { what: 'a new connection' });
    const writes = countWrites(redis);
    const answers = await Promise.all([redis.set('wb-writes:again', 'x'), redis.get('wb-writes:again')]);
    assert.deepEqual(answers, ['OK', 'x']);
    assert.equal(writes.count(), 1);
  });
});
