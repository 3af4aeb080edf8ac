// Child process of the fan-out scenario: one bot replica (createBot, its own Redis connection, the
// scheduler's timer off). On the message {runDue: now} it runs the scheduler for that instant and
// answers {run} (or {error}); on 'stop' it stops.
//
// env: BENCH_REDIS_URL, BENCH_PREFIX, BENCH_API_URL.
import { createBot } from '../src/bot.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createRedis, whenReady } from '../src/store/redis.js';
import { BOT_TOKEN, SIGNING_SECRET } from './lib.js';

const env = process.env;
const config = loadConfig({
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL: env.BENCH_API_URL,
  REDIS_URL: env.BENCH_REDIS_URL,
  REDIS_KEY_PREFIX: env.BENCH_PREFIX,
  PORT: '0',
  LOG_LEVEL: 'info',
});
const log = createLogger(config.logLevel);
const redis = createRedis(config.redis.target, log);
await whenReady(redis, 5_000);
const bot = createBot({ config, log, redis, schedule: false });
await bot.start();
process.send?.({ ready: true });

process.on('message', async (m: unknown) => {
  if (m === 'stop') {
    await bot.stop();
    redis.disconnect();
    process.exit(0);
  }
  const now = (m as { runDue?: number }).runDue;
  if (typeof now !== 'number') return;
  try {
    const run = await bot.runDue(now);
    process.send?.({ run, finishedAt: Date.now() });
  } catch (err) {
    process.send?.({ error: (err as Error).message, finishedAt: Date.now() });
  }
});
