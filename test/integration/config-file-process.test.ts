// WELLBEING_CONFIG in the real entry point: refused before connecting, or applied at start.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createKeys } from '../../src/store/keys.js';
import { type BotProcess, startBotProcess } from '../support/bot-process.js';
import { openCounts } from '../support/open-cells.js';
import { testRedis, testRedisUrl, uniquePrefix } from '../support/redis.js';
import { freePort } from '../support/redis-server.js';
import { fakePrompt } from '../support/scene.js';
import { createSlackStandin } from '../support/slack-standin.js';

const MAIN = ['--import', 'tsx', 'src/main.ts'];

function configFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'wb-config-')), 'wellbeing.yml');
  writeFileSync(path, text);
  return path;
}

describe('WELLBEING_CONFIG at start-up', () => {
  it('exits 1 with one line per problem in the file, before connecting to anything', async () => {
    const unused = await freePort();
    const child = spawn(process.execPath, MAIN, {
      env: {
        PATH: process.env.PATH ?? '',
        SLACK_BOT_TOKEN: 'xoxb-config-test',
        SLACK_SIGNING_SECRET: 'secret',
        // Nothing listens here: a process that connected first would keep retrying instead of exiting.
        REDIS_URL: `redis://127.0.0.1:${unused}`,
        SLACK_API_URL: `http://127.0.0.1:${unused}/api/`,
        WELLBEING_CONFIG: configFile(
          'channels:\n  - id: C0WARD7\n    schedules:\n      - cron: "0 25 * * *"\n    tz: Mars/Base\n',
        ),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(code, 1);
    const lines = stderr.trim().split('\n');
    assert.ok(
      lines.includes('WELLBEING_CONFIG channels[0].schedules[0].cron: "0 25 * * *": hour must be 0–23'),
      stderr,
    );
    assert.ok(
      lines.some((l) => l.startsWith('WELLBEING_CONFIG channels[0].tz: Mars/Base')),
      stderr,
    );
    assert.equal(lines.length, 2, stderr);
  });

  it('applies the file to the bot token’s workspace when the bot starts', async () => {
    const standin = await createSlackStandin({ botToken: 'xoxb-config-test', signingSecret: 'secret' });
    const prefix = uniquePrefix();
    const redis = testRedis();
    let bot: BotProcess | undefined;
    try {
      // The bot logs that it is running once it has applied the file.
      bot = await startBotProcess({
        SLACK_BOT_TOKEN: 'xoxb-config-test',
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: standin.apiUrl,
        REDIS_URL: testRedisUrl(),
        REDIS_KEY_PREFIX: prefix,
        WELLBEING_CONFIG: configFile(
          'channels:\n  - id: C0WARD7\n    tz: Europe/London\n    schedules:\n      - { cron: "0 7 * * *", category: compassion }\n' +
            'emoji:\n  5: [tada]\n',
        ),
      });
      const { port } = bot;
      const keys = createKeys(prefix);
      const stored = await redis.hgetall(keys.schedules(standin.teamId));
      const [schedule] = Object.values(stored).map((j) => JSON.parse(j) as Record<string, unknown>);
      assert.equal(schedule?.channel, 'C0WARD7');
      assert.equal(schedule?.tz, 'Europe/London');
      assert.equal(schedule?.category, 'compassion');
      assert.equal(schedule?.source, 'config');

      // The file's emoji section reached the bot: :tada: now counts as 5, and :grinning: no longer does.
      const ts = `${Math.floor(Date.now() / 1000) - 60}.000100`;
      await fakePrompt(redis, prefix, standin.teamId, 'C0WARD7', ts, Date.now() - 60_000);
      standin.addChannel({ id: 'C0WARD7', name: 'ward-7', members: ['U0TADA', 'U0GRIN'] });
      standin.setBotUrl(`http://127.0.0.1:${port}/slack/events`);
      const fives = async () =>
        String((await openCounts(redis, prefix, standin.teamId, 'C0WARD7')).counts[4]);
      const react = async (user: string, reaction: string) => {
        standin.addUser({ id: user });
        assert.equal((await standin.reactionAdded({ user, reaction, channel: 'C0WARD7', ts })).status, 200);
      };
      await react('U0TADA', 'tada');
      assert.equal(await fives(), '1', ':tada: counts as 5');
      await react('U0GRIN', 'grinning');
      assert.equal(await fives(), '1', ':grinning: is not a check-in any more');
    } finally {
      await bot?.stop();
      await standin.close();
      redis.disconnect();
    }
  });
});
