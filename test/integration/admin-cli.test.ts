// The operators' tool (src/cli/admin.ts) as operators run it: a child process with the bot's
// environment, JSON on stdout, against a real Redis that the bot wrote to over signed HTTP.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { createCheckinStore } from '../../src/store/checkins.js';
import { createKeys } from '../../src/store/keys.js';
import { type Harness, startHarness } from '../support/harness.js';
import { testRedisUrl } from '../support/redis.js';
import { type CareChannel, careChannel } from '../support/scene.js';

function admin(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/admin.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.stderr.on('data', (d) => {
      err += String(d);
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('npm run admin', () => {
  let h: Harness;
  let care: CareChannel;
  let env: Record<string, string>;

  before(async () => {
    h = await startHarness();
    care = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0CLI0001' });
    env = { REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: h.prefix, LOG_LEVEL: 'info' };
  });
  after(async () => h.close());

  const user = () => care.members[0] as string;
  const team = () => h.standin.teamId;
  const checkin = (text: string) =>
    h.standin.slashCommand({ command: '/checkin', text, userId: user(), channelId: care.channel });

  it('exports one person as JSON, then forgets them, logging each use once without content', async () => {
    await checkin('2 handover-was-hard');
    await checkin('5');

    const exported = await admin(['export', team(), user()], env);
    assert.equal(exported.code, 0, exported.err);
    const doc = JSON.parse(exported.out) as { person: string; checkins: { score: number; note?: string }[] };
    assert.equal(doc.person, user());
    assert.deepEqual(
      doc.checkins.map((c) => [c.score, c.note]),
      [
        [2, 'handover-was-hard'],
        [5, undefined],
      ],
    );

    const forgot = await admin(['forget', team(), user()], env);
    assert.equal(forgot.code, 0, forgot.err);
    assert.equal((JSON.parse(forgot.out) as { deleted: number }).deleted, 2);
    const store = createCheckinStore(h.redis, createKeys(h.prefix), { retentionDays: 180 });
    assert.equal((await store.answersOf(team(), user(), 0, Date.now() + 1_000)).length, 0);

    for (const [run, action, items] of [
      [exported, 'export', 2],
      [forgot, 'forget', 2],
    ] as const) {
      const lines = run.err
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.action === action);
      assert.equal(lines.length, 1, run.err);
      assert.equal(lines[0]?.by, 'operator');
      assert.equal(lines[0]?.items, items);
      assert.ok(!run.err.includes('handover-was-hard'), 'no note in the log');
    }
  });

  it('refuses a wrong command or IDs with the usage, exit code 2, touching nothing', async () => {
    for (const args of [
      [],
      ['delete', team(), user()],
      ['forget', 'not-a-team', user()],
      ['export', team()],
    ]) {
      const r = await admin(args, env);
      assert.equal(r.code, 2, JSON.stringify(args));
      assert.equal(r.out, '');
      assert.match(r.err, /usage: npm run admin|not a Slack/);
    }
  });

  it('refuses an invalid environment with one line per problem', async () => {
    const r = await admin(['export', team(), user()], {
      ...env,
      REDIS_URL: 'nonsense',
      REDIS_KEY_PREFIX: 'a b',
    });
    assert.equal(r.code, 2);
    assert.match(r.err, /REDIS_URL/);
    assert.match(r.err, /REDIS_KEY_PREFIX/);
  });
});
