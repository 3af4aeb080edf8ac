// The bot against a local three-master Redis Cluster (REDIS_URL=redis-cluster://…): check-ins,
// a person's own data, summaries and the weekly digest, with every workspace's keys in one slot.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Cluster, type Redis } from 'ioredis';
import type { Bot } from '../../src/bot.js';
import { createCheckinStore } from '../../src/store/checkins.js';
import { createKeys } from '../../src/store/keys.js';
import { type Harness, startHarness } from '../support/harness.js';
import { openCounts } from '../support/open-cells.js';
import { countWrites, quietClient, socketOf } from '../support/redis-client.js';
import { freePort, ping } from '../support/redis-server.js';
import { type CareChannel, careChannel, fakePrompt } from '../support/scene.js';
import { waitFor } from '../support/wait.js';

const hasRedisCli = spawnSync('redis-cli', ['--version']).status === 0;
const MONDAY_0900 = Date.parse('2026-11-30T09:00:00Z');

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A port below 55000 whose cluster bus port (+10000) is free too. */
async function clusterPort(taken: readonly number[]): Promise<number> {
  for (;;) {
    let p = await freePort();
    if (p >= 55_000) p = 20_000 + (p % 30_000);
    if (!taken.includes(p) && (await portIsFree(p)) && (await portIsFree(p + 10_000))) return p;
  }
}

const until = (what: string, check: () => boolean | Promise<boolean>, timeout = 20_000) =>
  waitFor(check, { what, timeout, every: 100 });

let clockMs: number | undefined;
let summaryBefore = '';

describe('Redis Cluster', { skip: hasRedisCli ? false : 'redis-cli is not on PATH' }, () => {
  const ports: number[] = [];
  const dirs: string[] = [];
  const nodes: ChildProcess[] = [];
  let h: Harness;
  let care: CareChannel;
  let ts: string;

  before(async () => {
    for (let i = 0; i < 3; i++) {
      const port = await clusterPort(ports);
      ports.push(port);
      const dir = mkdtempSync(join(tmpdir(), 'wb-cluster-'));
      dirs.push(dir);
      const node = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${port}.conf`,
          '--appendonly',
          'no',
          '--save',
          '',
          '--dir',
          dir,
        ],
        { cwd: dir, stdio: 'ignore' },
      );
      node.on('error', () => {});
      nodes.push(node);
    }
    for (const p of ports) await until(`node ${p} answers`, () => ping(p));
    const created = spawnSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    assert.equal(created.status, 0, `redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    for (const p of ports)
      await until(`node ${p} reports cluster_state:ok`, () =>
        spawnSync('redis-cli', ['-p', String(p), 'cluster', 'info'], { encoding: 'utf8' }).stdout.includes(
          'cluster_state:ok',
        ),
      );

    const helper = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
    h = await startHarness({
      redisUrl: `redis-cluster://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`,
      helperRedis: helper as unknown as Redis,
      env: { WELLBEING_MIN_GROUP: '3' },
      replicas: 2,
      clock: () => clockMs ?? Date.now(),
    });
    // The scene is laid with a Cluster client: scene.ts only uses single-key commands.
    care = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0CLU001', members: 5 });
    ts = `${Math.floor(Date.now() / 1000) - 60}.000100`;
    await fakePrompt(h.redis, h.prefix, h.standin.teamId, care.channel, ts, Date.now() - 60_000);
  });

  after(async () => {
    await h?.close();
    for (const node of nodes) node.kill('SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const member = (i: number) => care.members[i] as string;
  const command = (command: string, text: string, userId: string) =>
    h.standin
      .slashCommand({ command, text, userId, channelId: care.channel })
      .then((d) => ({ status: d.status, text: JSON.stringify(d.ack) }));
  const store = () => createCheckinStore(h.redis, createKeys(h.prefix), { retentionDays: 180 });

  it('runs on three masters covering every slot and keeps one workspace’s keys in one slot', async () => {
    const slots = new Set<number>();
    for (const k of [
      createKeys(h.prefix).channels(h.standin.teamId),
      createKeys(h.prefix).leads(h.standin.teamId, 'C1'),
    ])
      slots.add(Number(await h.redis.call('CLUSTER', 'KEYSLOT', k)));
    assert.equal(slots.size, 1);
    const check = spawnSync('redis-cli', ['--cluster', 'check', `127.0.0.1:${ports[0]}`], {
      encoding: 'utf8',
    });
    assert.match(check.stdout, /3 masters/);
    assert.match(check.stdout, /All 16384 slots covered/);
  });

  it('sends the commands of one turn for one node in one write to that node', async () => {
    const client = await quietClient({
      kind: 'cluster',
      nodes: ports.map((port) => ({ host: '127.0.0.1', port })),
      tls: false,
    });
    try {
      // One slot: every key carries the same hash tag. The first command connects its node.
      assert.equal(await client.set('{wb-writes}:warm', '1'), 'OK');
      const connected = (client as Cluster).nodes('master').filter((n) => socketOf(n) !== undefined);
      const writes = connected.map((n) => countWrites(n));
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) => client.set(`{wb-writes}:${i}`, String(i))),
      );
      assert.deepEqual(answers, Array(50).fill('OK'));
      assert.equal(
        writes.reduce((n, w) => n + w.count(), 0),
        1,
        'one write for the 50 commands',
      );
    } finally {
      client.disconnect();
    }
  });

  it('counts reactions, a button and /checkin, and shows a person their own check-ins', async () => {
    for (const [i, reaction] of ['two', 'four', 'five'].entries()) {
      const d = await h.standin.reactionAdded({ user: member(i), reaction, channel: care.channel, ts });
      assert.equal(d.status, 200);
    }
    const b = await h.standin.blockAction({
      userId: member(3),
      channelId: care.channel,
      actionId: 'checkin_score_3',
      value: 'cmp-01:3',
      blockId: 'checkin',
      messageTs: ts,
    });
    assert.equal(b.status, 200);
    const c = await command('/checkin', '1 cluster-note', member(4));
    assert.match(c.text, /1 ·/);
    const p = await openCounts(h.redis, h.prefix, h.standin.teamId, care.channel);
    assert.deepEqual(p.counts, [1, 1, 1, 1, 1]);
    assert.equal(p.respondents, 5);
    assert.match((await command('/wellbeing', 'me', member(4))).text, /cluster-note/);
  });

  it('shows the lead a summary computed on the cluster, once the day has settled', async () => {
    clockMs = Date.now() + 86_400_000 + 3_600_000;
    const s = await command('/wellbeing', 'summary', care.lead);
    assert.equal(s.status, 200);
    assert.match(s.text, /Average\*\\n\d\.\d of 5/);
    assert.doesNotMatch(s.text, /could not|went wrong/i);
    summaryBefore = s.text;
  });

  it('sends the weekly digest once however many replicas run the slot', async () => {
    await h.redis.sadd(createKeys(h.prefix).teams(), h.standin.teamId);
    const [a, b] = h.bots as [Bot, Bot];
    const runs = await Promise.all([a.runDigest(MONDAY_0900), b.runDigest(MONDAY_0900 + 60_000)]);
    assert.equal(runs.filter((r) => r.ran).length, 1);
    assert.equal(h.standin.dms(care.lead).length, 1);
  });

  it('forgets a person on the cluster and leaves settled days as they were', async () => {
    const done = await command('/wellbeing', 'forget-me confirm', member(4));
    assert.match(done.text, /deleted 1 check-in/);
    // The settled day holds no user IDs and stays as it was.
    assert.equal((await command('/wellbeing', 'summary', care.lead)).text, summaryBefore);
    assert.equal((await store().answersOf(h.standin.teamId, member(4), 0, Date.now() + 60_000)).length, 0);
  });
});
