// Nothing deleted survives on disk: after a forget-me the bot has Redis rewrite its append-only file,
// and a forgotten note is then in no file under the server's data directory. Real redis-server
// processes with `--appendonly yes`, the whole bot over signed HTTP.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { createLogger } from '../../src/logger.js';
import { createKeys } from '../../src/store/keys.js';
import { createDiskRewriter } from '../../src/store/persistence.js';
import { type Harness, startHarness } from '../support/harness.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';
import { type CareChannel, careChannel } from '../support/scene.js';

/** Every byte of every file under `dir`, appendonlydir/* included. */
function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push({ path: p, bytes: readFileSync(p) });
  }
  return out;
}
const onDisk = (dir: string, needle: string) =>
  filesUnder(dir)
    .filter((f) => f.bytes.includes(Buffer.from(needle)))
    .map((f) => f.path);

async function until(what: string, done: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    assert.ok(Date.now() < deadline, `timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function persistenceInfo(redis: Redis): Promise<Record<string, string>> {
  const text = await redis.info('persistence');
  return Object.fromEntries(
    text
      .split(/\r?\n/)
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

/** Whichever replica handled the forget has seen its rewrite through. */
const rewritten = (h: Harness) => Promise.all(h.bots.map((b) => b.rewritten()));

describe('a forgotten note leaves the disk', () => {
  let server: RedisServer;
  let h: Harness;
  let care: CareChannel;

  before(async () => {
    server = await startRedisServer({ extraArgs: ['--appendonly', 'yes', '--appendfsync', 'always'] });
    h = await startHarness({ redisUrl: server.url, replicas: 2 });
    care = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0DISK01' });
  });
  after(async () => {
    await h.close();
    await server.stop(true);
  });

  it('rewrites the append-only file after forget-me, so the note is in no file under the data directory', async () => {
    const user = care.members[0] as string;
    const note = `night-shift-note-${randomBytes(8).toString('hex')}`;
    const stored = await h.standin.slashCommand({
      command: '/checkin',
      text: `2 ${note}`,
      userId: user,
      channelId: care.channel,
    });
    assert.match(JSON.stringify(stored.ack), /saved privately/);
    // The note is written to disk as soon as it is stored (this is what the rewrite must undo).
    await until('the note is on disk', () => onDisk(server.dir, note).length > 0);

    const rewritesBefore = Number((await persistenceInfo(h.redis)).aof_rewrites);
    const forgot = await h.standin.slashCommand({
      command: '/wellbeing',
      text: 'forget-me confirm',
      userId: user,
      channelId: care.channel,
    });
    assert.match(JSON.stringify(forgot.ack), /deleted 1 check-in/);
    await rewritten(h);
    const info = await persistenceInfo(h.redis);
    assert.equal(info.aof_rewrite_in_progress, '0');
    assert.equal(info.aof_last_bgrewrite_status, 'ok');
    assert.ok(Number(info.aof_rewrites) > rewritesBefore, 'a rewrite ran after the forget');
    // Redis removes the old files of the append-only file in the background after a rewrite.
    await until(
      'no file under the data directory holds the note',
      () => onDisk(server.dir, note).length === 0,
    );
    assert.ok(
      filesUnder(server.dir).some((f) => f.path.includes('appendonlydir')),
      'the append-only files were read',
    );
    // The data itself is still there and readable after the rewrite.
    assert.equal(await h.redis.hexists(createKeys(h.prefix).channels(h.standin.teamId), care.channel), 1);
  });

  it('has one replica rewrite once a day, however many replicas reach the daily tick', async () => {
    const before = Number((await persistenceInfo(h.redis)).aof_rewrites);
    const at = Date.parse('2031-05-06T03:17:00Z');
    await Promise.all(h.bots.map((b) => b.runDaily(at)));
    assert.equal(Number((await persistenceInfo(h.redis)).aof_rewrites), before + 1);
  });

  it('rewrites once more when data was deleted while another rewrite was under way', async () => {
    const keys = createKeys(h.prefix);
    const log = createLogger('silent');
    const a = createDiskRewriter(h.redis, keys, { log, pollMs: 10 });
    const other = new Redis(server.url);
    try {
      const b = createDiskRewriter(other, keys, { log, pollMs: 10 });
      const before = Number((await persistenceInfo(h.redis)).aof_rewrites);
      const first = a.request('forget');
      // The second request finds the first one holding the lock, and asks it for one more.
      await until(
        'the first request holds the lock',
        async () => (await h.redis.exists(keys.aofRewriteLock())) === 1,
      );
      assert.equal(await b.request('forget'), 'queued');
      assert.equal(await first, 'rewritten');
      assert.equal(Number((await persistenceInfo(h.redis)).aof_rewrites), before + 2);
      assert.equal(await h.redis.exists(keys.aofRewriteLock(), keys.aofRewriteAgain()), 0);
    } finally {
      other.disconnect();
    }
  });
});

describe('where Redis does not allow or need a rewrite', () => {
  for (const [what, args] of [
    ['BGREWRITEAOF is not allowed', ['--appendonly', 'yes', '--rename-command', 'BGREWRITEAOF', '']],
    ['the append-only file is off', []],
  ] as const) {
    it(`forgets as usual and skips quietly when ${what}`, async () => {
      const server = await startRedisServer({ extraArgs: [...args] });
      const h = await startHarness({ redisUrl: server.url });
      try {
        const care = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0DISK02' });
        const user = care.members[1] as string;
        await h.standin.slashCommand({
          command: '/checkin',
          text: '4 fine',
          userId: user,
          channelId: care.channel,
        });
        const forgot = await h.standin.slashCommand({
          command: '/wellbeing',
          text: 'forget-me confirm',
          userId: user,
          channelId: care.channel,
        });
        assert.match(JSON.stringify(forgot.ack), /deleted 1 check-in/);
        await rewritten(h);
        const lines = h.logs.map((l) => JSON.parse(l) as { level: number; module?: string; msg: string });
        const mine = lines.filter((l) => l.module === 'persistence');
        assert.equal(mine.length, 1, JSON.stringify(mine));
        assert.equal(mine[0]?.level, 20, 'one debug line');
        // Nothing above debug about it, and no error counted.
        assert.ok(!lines.some((l) => l.level >= 40 && /rewrite|append-only/i.test(l.msg)));
      } finally {
        await h.close();
        await server.stop(true);
      }
    });
  }
});
