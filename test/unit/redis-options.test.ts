// How createRedis turns a REDIS_URL form into ioredis options: TLS clusters keep host names, ACL users
// and the TLS CA and server name reach every connection. The clients are closed before they matter.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cluster, type Redis } from 'ioredis';
import { parseRedisUrl, type RedisTarget } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createRedis } from '../../src/store/redis.js';

const log = createLogger('silent');
const TLS = {
  ca: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  servername: 'cache.example.org',
};

function withClient<T>(url: string, read: (c: Redis | Cluster) => T): T {
  const client = createRedis(parseRedisUrl(url) as RedisTarget, log, TLS);
  try {
    return read(client);
  } finally {
    client.disconnect();
  }
}

describe('createRedis options', () => {
  it('keeps a TLS cluster node’s host name instead of resolving it, so its certificate checks out', () => {
    withClient('rediss-cluster://bot:pw@127.0.0.1:1', (c) => {
      assert.ok(c instanceof Cluster);
      const lookup = c.options.dnsLookup;
      assert.ok(lookup, 'no dnsLookup on a TLS cluster');
      let resolved: string | undefined;
      lookup('node-0001.cache.example.org', (_err, address) => {
        resolved = address;
      });
      assert.equal(resolved, 'node-0001.cache.example.org');
      assert.equal(c.options.redisOptions?.username, 'bot');
      assert.deepEqual(c.options.redisOptions?.tls, TLS);
    });
  });

  it('resolves names as usual for a cluster without TLS', async () => {
    const client = createRedis(parseRedisUrl('redis-cluster://127.0.0.1:1') as RedisTarget, log);
    try {
      assert.ok(client instanceof Cluster);
      assert.equal(client.options.redisOptions?.tls, undefined);
      const lookup = client.options.dnsLookup;
      assert.ok(lookup);
      const address = await new Promise<string>((resolve) => lookup('localhost', (_e, a) => resolve(a)));
      assert.match(address, /^(127\.0\.0\.1|::1)$/);
    } finally {
      client.disconnect();
    }
  });

  it('gives a TLS Sentinel set-up the CA and server name for the Sentinels and the primary', () => {
    withClient('rediss-sentinel://bot:data@127.0.0.1:1/main?sentinelPassword=watch', (c) => {
      const o = (c as Redis).options;
      assert.deepEqual(o.tls, TLS);
      assert.deepEqual(o.sentinelTLS, TLS);
      assert.equal(o.username, 'bot');
      assert.equal(o.password, 'data');
      assert.equal(o.sentinelPassword, 'watch');
    });
  });

  it('adds the CA and server name to rediss:// only', () => {
    withClient('rediss://bot:pw@127.0.0.1:1', (c) => assert.deepEqual((c as Redis).options.tls, TLS));
    withClient('redis://127.0.0.1:1', (c) => assert.equal((c as Redis).options.tls, undefined));
  });
});
