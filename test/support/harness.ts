// Starts the Slack stand-in and one or more bot replicas (the real Bolt pipeline, real Redis) for a test.
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { type Bot, createBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createRedis, whenReady } from '../../src/store/redis.js';
import { testRedisUrl, uniquePrefix } from './redis.js';
import { createSlackStandin, type SlackStandin } from './slack-standin.js';

export const BOT_TOKEN = 'xoxb-test-0000-secret-token';
export const SIGNING_SECRET = 'test-signing-secret-do-not-log';
export const APP_TOKEN = 'xapp-1-test-app-token';

export interface HarnessOptions {
  env?: Record<string, string>;
  socketMode?: boolean;
  replicas?: number;
  clock?: () => number;
  schedule?: boolean;
  redisUrl?: string;
  /** The client tests lay scenes and read Redis with (closed with the harness); default `new Redis(redisUrl)`. A Cluster test passes a Cluster client. */
  helperRedis?: Redis;
}

export interface Harness {
  standin: SlackStandin;
  bots: Bot[];
  bot: Bot;
  botUrl: string;
  port: number;
  /** Where the first replica serves GET /metrics (its own port, never the Slack one). */
  metricsPort: number;
  prefix: string;
  redis: Redis;
  logs: string[];
  close(): Promise<void>;
}

/** A log sink that keeps every line, so tests can read what the bot logged. */
export function memoryLog(lines: string[]) {
  return new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const standin = await createSlackStandin({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    appToken: APP_TOKEN,
  });
  const prefix = uniquePrefix();
  const redisUrl = opts.redisUrl ?? testRedisUrl();
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standin.apiUrl,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: prefix,
    PORT: '0',
    METRICS_PORT: '0',
    LOG_LEVEL: 'debug',
    ...(opts.socketMode ? { SLACK_APP_TOKEN: APP_TOKEN } : {}),
    ...opts.env,
  };
  const config = loadConfig(env);
  const logs: string[] = [];
  const bots: Bot[] = [];
  const clients: Redis[] = [];
  for (let i = 0; i < (opts.replicas ?? 1); i++) {
    const log = createLogger('debug', memoryLog(logs)).child({ replica: i });
    const client = createRedis(config.redis.target, log) as Redis;
    clients.push(client);
    bots.push(createBot({ config, log, redis: client, clock: opts.clock, schedule: opts.schedule ?? false }));
  }
  let port = 0;
  let metricsPort = 0;
  // As the bot's own start does, take no request before Redis answers (the client does not queue
  // commands); a test that starts with Redis down on purpose goes on after the wait.
  await Promise.all(clients.map((c) => whenReady(c, 5_000).catch(() => undefined)));
  for (const [i, b] of bots.entries()) {
    const bound = await b.start();
    port = bound.port;
    if (i === 0) metricsPort = bound.metricsPort;
  }
  const botUrl = `http://127.0.0.1:${port}/slack/events`;
  standin.setBotUrl(botUrl);
  const redis = opts.helperRedis ?? new Redis(redisUrl);
  const bot = bots[0] as Bot;
  return {
    standin,
    bots,
    bot,
    botUrl,
    port,
    metricsPort,
    prefix,
    redis,
    logs,
    async close() {
      for (const b of bots) await b.stop();
      for (const c of clients) c.disconnect();
      await standin.close();
      redis.disconnect();
    },
  };
}
