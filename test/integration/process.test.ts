// The built entry point as a user runs it: configuration errors, health, readiness and signatures.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createKeys } from '../../src/store/keys.js';
import { startBotProcess } from '../support/bot-process.js';
import { testRedis, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';
import { signSlackRequest } from '../support/signing.js';
import { createSlackStandin, type SlackStandin } from '../support/slack-standin.js';
import { waitFor } from '../support/wait.js';

const MAIN = ['--import', 'tsx', 'src/main.ts'];

function run(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, MAIN, {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('the bot process', () => {
  it('exits 1 naming each invalid variable, before connecting to anything', async () => {
    const { code, stderr } = await run({
      SLACK_BOT_TOKEN: 'nope',
      WELLBEING_MIN_GROUP: '2',
      WELLBEING_DEFAULT_TZ: 'Mars/Base',
    });
    assert.equal(code, 1);
    const lines = stderr.trim().split('\n');
    assert.ok(lines.includes('SLACK_BOT_TOKEN must be a bot token starting with xoxb-'), stderr);
    assert.ok(lines.includes('WELLBEING_MIN_GROUP must be at least 3'), stderr);
    assert.ok(
      lines.some((l) => l.startsWith('WELLBEING_DEFAULT_TZ ')),
      stderr,
    );
    assert.ok(
      lines.some((l) => l.startsWith('SLACK_SIGNING_SECRET ')),
      stderr,
    );
  });

  describe('started with the documented variables', () => {
    let redis: RedisServer;
    let standin: SlackStandin;
    let child: ChildProcess;
    let port: number;
    const secret = 'process-test-secret';

    before(async () => {
      redis = await startRedisServer();
      standin = await createSlackStandin({ botToken: 'xoxb-process-test', signingSecret: secret });
      ({ child, port } = await startBotProcess({
        SLACK_BOT_TOKEN: 'xoxb-process-test',
        SLACK_SIGNING_SECRET: secret,
        SLACK_API_URL: standin.apiUrl,
        REDIS_URL: redis.url,
      }));
    });
    after(async () => {
      child.kill('SIGKILL');
      await standin.close();
      await redis.stop(true);
    });

    const readyz = () => fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status);

    it('turns not-ready when Redis stops and ready again when it returns', async () => {
      assert.equal(await readyz(), 200);
      await redis.stop(true);
      assert.equal(await readyz(), 503);
      await redis.start();
      await waitFor(async () => (await readyz()) === 200, { what: 'the bot to be ready again' });
    });

    it('answers a forged request with 401', async () => {
      const body = 'command=%2Fwellbeing&text=help&user_id=U1&channel_id=C1&team_id=T1';
      const headers = signSlackRequest('not-the-secret', body, Math.floor(Date.now() / 1000));
      const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      assert.equal(res.status, 401);
    });

    it('exits 0 on SIGTERM', async () => {
      const code = await new Promise<number | null>((resolve) => {
        child.once('exit', (c) => resolve(c));
        child.kill('SIGTERM');
      });
      assert.equal(code, 0);
    });
  });

  it('runs when built (npm run build, node dist/main.js), finding its Lua scripts', async () => {
    const build = spawnSync('npm', ['run', 'build'], { encoding: 'utf8' });
    assert.equal(build.status, 0, `${build.stdout}${build.stderr}`);
    const standin = await createSlackStandin({ botToken: 'xoxb-built-test', signingSecret: 'secret' });
    const prefix = uniquePrefix();
    const redis = testRedis();
    const dir = mkdtempSync(join(tmpdir(), 'wb-built-'));
    writeFileSync(
      join(dir, 'wellbeing.yml'),
      'channels:\n  - id: C0BUILT\n    schedules:\n      - { cron: "0 7 * * *", category: compassion }\n' +
        '    prompts:\n      - { category: gratitude, text: "Name one thing that went well." }\n',
    );
    // Applying the file at start runs the addSchedule and addCustomPrompt scripts.
    const bot = await startBotProcess(
      {
        SLACK_BOT_TOKEN: 'xoxb-built-test',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: standin.apiUrl,
        REDIS_URL: testRedisUrl(),
        REDIS_KEY_PREFIX: prefix,
        WELLBEING_CONFIG: join(dir, 'wellbeing.yml'),
      },
      { entry: 'dist' },
    );
    try {
      const keys = createKeys(prefix);
      const schedules = Object.values(await redis.hgetall(keys.schedules(standin.teamId)));
      assert.equal(schedules.length, 1);
      assert.match(schedules[0] ?? '', /"cron":"0 7 \* \* \*"/);
      const prompts = Object.values(await redis.hgetall(keys.customPrompts(standin.teamId, 'C0BUILT')));
      assert.match(prompts.join(), /Name one thing that went well\./);
      assert.equal(await bot.stop(), 0);
    } finally {
      await bot.stop();
      await standin.close();
      redis.disconnect();
    }
  });
});
