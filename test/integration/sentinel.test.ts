// The bot finds its Redis through Sentinel (REDIS_URL=redis-sentinel://…/mymaster).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { type Harness, startHarness } from '../support/harness.js';
import { freePort, type RedisServer, startRedisServer } from '../support/redis-server.js';
import { type CareChannel, careChannel, fakePrompt } from '../support/scene.js';

// Sentinel mode is the redis-server binary started with --sentinel.
const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

describe('Redis Sentinel', { skip: hasRedisServer ? false : 'redis-server is not on PATH' }, () => {
  let master: RedisServer;
  let sentinel: ChildProcess;
  let dir: string;
  let h: Harness;
  let care: CareChannel;
  const ts = `${Math.floor(Date.now() / 1000)}.000300`;

  before(async () => {
    master = await startRedisServer();
    dir = mkdtempSync(join(tmpdir(), 'wb-sentinel-'));
    // A port picked up front can be taken before the Sentinel binds it: then it exits, and another is tried.
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const conf = join(dir, 'sentinel.conf');
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor mymaster 127.0.0.1 ${master.port} 1`,
          '',
        ].join('\n'),
      );
      const child = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
      sentinel = child;
      const probe = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 100 });
      const deadline = Date.now() + 15_000;
      let ready = false;
      while (child.exitCode === null) {
        const info = String(await probe.info('server').catch(() => ''));
        const addr = await probe.call('SENTINEL', 'get-master-addr-by-name', 'mymaster').catch(() => null);
        // Only this child counts: something else may answer on a port it failed to take.
        if (
          info.includes(`process_id:${child.pid}`) &&
          Array.isArray(addr) &&
          addr[1] === String(master.port)
        ) {
          ready = true;
          break;
        }
        assert.ok(Date.now() < deadline, 'Sentinel never reported the master');
        await new Promise((r) => setTimeout(r, 100));
      }
      probe.disconnect();
      if (ready) break;
      assert.ok(attempt < 5, `Sentinel could not take a port (last ${port})`);
    }
    h = await startHarness({
      redisUrl: `redis-sentinel://127.0.0.1:${port}/mymaster`,
      helperRedis: new Redis(master.url),
    });
    care = await careChannel(h.standin, h.redis, h.prefix);
    await fakePrompt(h.redis, h.prefix, h.standin.teamId, care.channel, ts, Date.now());
  });

  after(async () => {
    await h?.close();
    sentinel?.kill('SIGKILL');
    await master?.stop(true);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is ready and stores check-ins on the master that Sentinel names', async () => {
    // Ready once the bot's own client has asked Sentinel for the master and connected (a moment under load).
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = (await fetch(`http://127.0.0.1:${h.port}/readyz`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 200);
    const d = await h.standin.reactionAdded({
      user: care.members[0] as string,
      reaction: 'four',
      channel: care.channel,
      ts,
    });
    assert.equal(d.status, 200);
    const me = await h.standin.slashCommand({
      command: '/wellbeing',
      text: 'me',
      userId: care.members[0] as string,
      channelId: care.channel,
    });
    assert.match(JSON.stringify(me.ack), /4 · good/);
  });
});
