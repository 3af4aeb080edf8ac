// Redis failures are told apart by code: the client marks what it could not do as WB_REDIS_UNAVAILABLE,
// and passes Redis's own answers (a wrong type, an unknown command) through unchanged.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppError, ErrorCodes, errorCode, isRedisUnavailable } from '../../src/errors.js';
import type { RedisClient } from '../../src/store/redis.js';
import { quietClient } from '../support/redis-client.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';

describe('Redis failures by code', () => {
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

  it('passes a reply error through as Redis gave it', async () => {
    await redis.set('wb-errors:string', 'x');
    const err = await redis.lpush('wb-errors:string', 'y').catch((e: unknown) => e);
    assert.match((err as Error).message, /^WRONGTYPE/);
    assert.equal(isRedisUnavailable(err), false);
    assert.equal(errorCode(err), ErrorCodes.Internal);
  });

  it('marks a command Redis could not be reached for, in a script call too', async () => {
    await server.stop(true);
    for (const call of [() => redis.get('wb-errors:any'), () => redis.markTick('wb-errors:tick', '1')]) {
      const err = await call().catch((e: unknown) => e);
      assert.ok(err instanceof AppError, String(err));
      assert.equal(err.code, ErrorCodes.RedisUnavailable);
      assert.ok(err.cause instanceof Error, 'keeps what the client said');
    }
    await server.start();
  });
});
