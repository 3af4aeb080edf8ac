// The bot process as an operator starts it: a .env file, a Redis that may evict keys or refuse CONFIG,
// an ACL user, and the warning when nobody could set the bot up.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';
import { createSlackStandin, type SlackStandin } from '../support/slack-standin.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
// Resolved here, so the bot can run in another working directory (where its .env is).
const TSX = import.meta.resolve('tsx');
const TOKEN = 'xoxb-deploy-test';
const SECRET = 'deploy-test-secret';

interface Proc {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

function spawnBot(env: Record<string, string>, cwd?: string): Proc {
  const child = spawn(process.execPath, ['--import', TSX, MAIN], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd ? { cwd } : {}),
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    out += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** The log lines (parsed) that have `msg` matching `re`. */
const linesMatching = (out: string, re: RegExp) =>
  out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { msg?: string; level?: number; port?: number })
    .filter((l) => re.test(l.msg ?? ''));

async function runningPort(p: Proc, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const out = p.output();
    assert.ok(p.child.exitCode === null, `the bot exited (${p.child.exitCode}); it said:\n${out}`);
    assert.ok(Date.now() < deadline, `the bot did not start; it said:\n${out}`);
    const complete = out.slice(0, out.lastIndexOf('\n') + 1);
    const port = linesMatching(complete, /^wellbeing-nudges is running$/)[0]?.port;
    if (port !== undefined) return port;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stop(p: Proc): Promise<void> {
  if (p.child.exitCode === null) p.child.kill('SIGTERM');
  await p.exited;
}

describe('starting the bot against Redis', () => {
  let standin: SlackStandin;
  before(async () => {
    standin = await createSlackStandin({ botToken: TOKEN, signingSecret: SECRET });
  });
  after(async () => standin.close());

  const baseEnv = (redisUrl: string) => ({
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: standin.apiUrl,
    REDIS_URL: redisUrl,
  });

  describe('with an evicting maxmemory-policy', () => {
    let redis: RedisServer;
    before(async () => {
      redis = await startRedisServer({ extraArgs: ['--maxmemory-policy', 'allkeys-lru'] });
    });
    after(async () => redis.stop(true));

    it('refuses to start, with one line that says why', async () => {
      const p = spawnBot(baseEnv(redis.url));
      assert.equal(await p.exited, 1, p.output());
      const fatal = linesMatching(p.output(), /maxmemory-policy/);
      assert.equal(fatal.length, 1, p.output());
      assert.match(fatal[0]?.msg ?? '', /is allkeys-lru.*set it to noeviction/);
      assert.equal(linesMatching(p.output(), /is running/).length, 0);
    });
  });

  describe('as an ACL user that may not run CONFIG', () => {
    let redis: RedisServer;
    let p: Proc;
    let port: number;
    before(async () => {
      redis = await startRedisServer();
      const admin = new Redis(redis.url);
      await admin.call('ACL', 'SETUSER', 'wbbot', 'on', '>bot-pass', '~*', '&*', '+@all', '-config');
      admin.disconnect();
      const url = redis.url.replace('redis://', 'redis://wbbot:bot-pass@');
      p = spawnBot(baseEnv(url));
      port = await runningPort(p);
    });
    after(async () => {
      await stop(p);
      await redis.stop(true);
    });

    it('connects with the user name from REDIS_URL', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      assert.equal(res.status, 200);
    });

    it('starts, and warns once that it could not read the eviction policy', () => {
      const warnings = linesMatching(p.output(), /Could not read Redis maxmemory-policy/);
      assert.equal(warnings.length, 1, p.output());
      assert.equal(warnings[0]?.level, 40);
    });

    it('warns once that nobody is a bot admin or a lead', () => {
      const warnings = linesMatching(p.output(), /^No bot admins/);
      assert.equal(warnings.length, 1, p.output());
      assert.match(warnings[0]?.msg ?? '', /WELLBEING_ADMINS/);
    });
  });

  describe('with a .env file in the working directory', () => {
    let redis: RedisServer;
    let dir: string;
    let p: Proc;
    let port: number;
    before(async () => {
      redis = await startRedisServer();
      dir = mkdtempSync(join(tmpdir(), 'wb-dotenv-'));
      writeFileSync(
        join(dir, '.env'),
        [
          `SLACK_BOT_TOKEN=${TOKEN}`,
          `SLACK_SIGNING_SECRET=${SECRET}`,
          `SLACK_API_URL=${standin.apiUrl}`,
          'WELLBEING_ADMINS=U0ADMIN01',
          // The environment below sets the right one: it wins over the file.
          'REDIS_URL=redis://127.0.0.1:1',
          '',
        ].join('\n'),
      );
      p = spawnBot({ REDIS_URL: redis.url }, dir);
      port = await runningPort(p);
    });
    after(async () => {
      await stop(p);
      await redis.stop(true);
      rmSync(dir, { recursive: true, force: true });
    });

    it('reads the tokens from the file', async () => {
      // Without the file's SLACK_BOT_TOKEN and signing secret the configuration would be refused.
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.equal(res.status, 200);
      assert.equal(linesMatching(p.output(), /^No bot admins/).length, 0, p.output());
    });

    it('lets the environment win over the file', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      assert.equal(res.status, 200);
    });
  });
});
