// A bot replica built from the BENCH_* variables a scenario passes to its child processes.
import { createBot } from '../src/bot.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createRedis, type RedisClient } from '../src/store/redis.js';
import { BOT_TOKEN, SIGNING_SECRET } from './lib.js';

export function benchBot(env: Readonly<Record<string, string | undefined>>) {
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: env.BENCH_API_URL,
    REDIS_URL: env.BENCH_REDIS_URL,
    REDIS_KEY_PREFIX: env.BENCH_PREFIX,
    PORT: '0',
    METRICS_PORT: '0',
    // The production default: the logs go to the process's stdout (a file the parent opened).
    LOG_LEVEL: 'info',
  });
  const log = createLogger(config.logLevel);
  const redis: RedisClient = createRedis(config.redis.target, log);
  const bot = createBot({ config, log, redis, schedule: false });
  return { bot, redis };
}
