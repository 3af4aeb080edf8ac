// Composition root: config → logger → redis → bot (stores, Slack app, scheduler) → signals.
import { createBot } from './bot.js';
import { ConfigError, loadConfig } from './config.js';
import { applyWellbeingFile, loadWellbeingFile, type WellbeingFile } from './config-file.js';
import { errorCode } from './errors.js';
import { createLogger } from './logger.js';
import { createChannelStore } from './store/channels.js';
import { createKeys } from './store/keys.js';
import { createPromptStore } from './store/prompts.js';
import { createRedis } from './store/redis.js';
import { createRoleStore } from './store/roles.js';
import { createScheduleStore } from './store/schedules.js';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  let wellbeingFile: WellbeingFile | undefined;
  try {
    config = loadConfig(process.env);
    // The optional WELLBEING_CONFIG file is validated before anything connects.
    if (config.configFile) wellbeingFile = loadWellbeingFile(config.configFile, config.defaultTz);
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const problem of err.problems) process.stderr.write(`${problem}\n`);
      process.exit(1);
    }
    throw err;
  }

  const log = createLogger(config.logLevel);
  const redis = createRedis(config.redis.target, log);
  const bot = createBot({
    config,
    log,
    redis,
    ...(wellbeingFile?.emoji ? { emojiMap: wellbeingFile.emoji } : {}),
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight work');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    try {
      await bot.stop();
      await redis.quit().catch(() => redis.disconnect());
      log.info('stopped');
      process.exit(0);
    } catch (err) {
      log.error({ err: { message: (err as Error).message } }, 'error while shutting down');
      process.exit(1);
    }
  };
  // A stray rejection in a library callback must not take the team's bot down at 3 a.m.: log it once
  // with a stable code and keep serving (every request path already handles its own failures).
  process.on('unhandledRejection', (reason) => {
    log.error(
      { code: errorCode(reason), err: { message: (reason as Error)?.message } },
      'unhandled rejection',
    );
  });
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  try {
    const { port, metricsPort } = await bot.start();
    if (wellbeingFile) {
      const team = wellbeingFile.team ?? (await bot.app.client.auth.test()).team_id;
      if (!team)
        throw new Error(
          'could not tell which workspace the bot token belongs to; set `team:` in WELLBEING_CONFIG',
        );
      const keys = createKeys(config.redis.keyPrefix);
      await applyWellbeingFile(wellbeingFile, {
        team,
        prompts: createPromptStore(redis, keys, { retentionDays: config.retentionDays }),
        schedules: createScheduleStore(redis, keys),
        roles: createRoleStore(redis, keys),
        channels: createChannelStore(redis, keys),
        clock: Date.now,
        defaultTz: config.defaultTz,
        log,
      });
    }
    log.info(
      { port, metricsPort, mode: config.slack.socketMode ? 'socket' : 'http' },
      'wellbeing-nudges is running',
    );
  } catch (err) {
    log.fatal({ err: { message: (err as Error).message } }, 'could not start');
    redis.disconnect();
    process.exit(1);
  }
}

await main();
