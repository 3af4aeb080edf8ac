// Composition root: config → logger → redis → bot (stores, Slack app, scheduler) → signals.
import { readFileSync } from 'node:fs';
import { createBot } from './bot.js';
import { type Config, ConfigError, loadConfig, processEnvironment } from './config.js';
import { loadWellbeingFile, type WellbeingFile } from './config-file.js';
import { errorCode } from './errors.js';
import { createLogger } from './logger.js';
import { checkEvictionPolicy, createRedis, type RedisClient, whenReady } from './store/redis.js';

const SHUTDOWN_GRACE_MS = 10_000;
/** How long start-up waits for Redis to check its eviction policy before carrying on without it. */
const POLICY_CHECK_WAIT_MS = 5_000;

/** The PEM text of REDIS_TLS_CA, or a ConfigError naming the file. */
function readCa(config: Config): string | undefined {
  const file = config.redis.tls.caFile;
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([
      `REDIS_TLS_CA names a file I cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'}): ${file}`,
    ]);
  }
}

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  let wellbeingFile: WellbeingFile | undefined;
  let ca: string | undefined;
  try {
    config = loadConfig(processEnvironment());
    // The optional WELLBEING_CONFIG file is validated before anything connects.
    if (config.configFile) wellbeingFile = loadWellbeingFile(config.configFile, config.defaultTz);
    ca = readCa(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const problem of err.problems) process.stderr.write(`${problem}\n`);
      process.exit(1);
    }
    throw err;
  }

  const log = createLogger(config.logLevel);
  const redis = createRedis(config.redis.target, log, {
    ...(ca ? { ca } : {}),
    ...(config.redis.tls.servername ? { servername: config.redis.tls.servername } : {}),
  });
  if (config.admins.length === 0 && !wellbeingFile?.channels.some((c) => c.leads.length > 0)) {
    log.warn(
      'No bot admins: WELLBEING_ADMINS is empty and no leads are named in WELLBEING_CONFIG, so nobody can ' +
        'name leads or add schedules (unless leads were named before). Set WELLBEING_ADMINS to your Slack ' +
        'member ID (your profile → ⋮ → Copy member ID) and restart.',
    );
  }
  if (!(await evictionPolicyAllows(redis, log))) {
    redis.disconnect();
    process.exit(1);
  }
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
    if (wellbeingFile) await bot.applyConfigFile(wellbeingFile);
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

/**
 * False when Redis may evict keys: it would silently drop team totals or the record that a slot was
 * posted. Where Redis is not up yet the check runs once it is, and stops the process then.
 */
async function evictionPolicyAllows(
  redis: RedisClient,
  log: ReturnType<typeof createLogger>,
): Promise<boolean> {
  const check = async (): Promise<boolean> => {
    const r = await checkEvictionPolicy(redis);
    if (r.ok === true) return true;
    if (r.ok === 'unknown') {
      log.warn(
        { reason: r.reason },
        'Could not read Redis maxmemory-policy (CONFIG GET is not allowed here); make sure it is noeviction, or Redis may delete team totals when memory runs short',
      );
      return true;
    }
    log.fatal(
      { policy: r.policy },
      `Redis maxmemory-policy is ${r.policy}, so Redis would delete the bot's data when memory runs short; set it to noeviction and start again`,
    );
    return false;
  };
  try {
    await whenReady(redis, POLICY_CHECK_WAIT_MS);
  } catch {
    redis.once('ready', () => {
      void check().then((ok) => {
        if (ok) return;
        redis.disconnect();
        process.exit(1);
      });
    });
    return true;
  }
  return check();
}

await main();
