// What the scenarios that run the bot in child processes share: a throwaway Redis, the Slack stand-in,
// a folder for the children's logs, and the BENCH_* variables that tell a child where they are.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { type RedisServer, startRedisServer } from '../test/support/redis-server.js';
import { createSlackStandin, type SlackStandin } from '../test/support/slack-standin.js';
import { BOT_TOKEN, SIGNING_SECRET, TEAM } from './lib.js';

export interface BenchWorld {
  redisServer: RedisServer;
  redis: Redis;
  standin: SlackStandin;
  logDir: string;
  /** Environment for a child process that builds a bot with `benchBot()`. */
  childEnv: Record<string, string>;
  close(): Promise<void>;
}

export async function startWorld(prefix: string): Promise<BenchWorld> {
  const redisServer = await startRedisServer();
  const redis = new Redis(redisServer.url);
  const standin = await createSlackStandin({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    teamId: TEAM,
  });
  const logDir = mkdtempSync(join(tmpdir(), 'wb-bench-'));
  return {
    redisServer,
    redis,
    standin,
    logDir,
    childEnv: { BENCH_REDIS_URL: redisServer.url, BENCH_PREFIX: prefix, BENCH_API_URL: standin.apiUrl },
    async close() {
      redis.disconnect();
      await standin.close();
      await redisServer.stop(true);
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}
