// Child process of the ingest scenario: either the real bot (createBot, HTTP mode) or a bare Bolt app
// with the same receiver options and an empty reaction_added listener. It runs on its own so that the
// load generator (autocannon, in the parent) does not share its event loop.
//
// argv: bot|bare|bareLean. env: BENCH_REDIS_URL, BENCH_PREFIX, BENCH_API_URL. Tells the parent {port} over IPC,
// and stops on the message 'stop'.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver } from '@slack/bolt';
import { boltLogger, createLogger } from '../src/logger.js';
import { benchBot } from './bench-bot.js';
import { BOT_TOKEN, SIGNING_SECRET } from './lib.js';

const mode = process.argv[2];
const env = process.env;

async function startBot(): Promise<{ port: number; stop: () => Promise<void> }> {
  const { bot, redis } = benchBot(env);
  const { port } = await bot.start();
  return {
    port,
    stop: async () => {
      await bot.stop();
      redis.disconnect();
    },
  };
}

async function startBare(lean: boolean): Promise<{ port: number; stop: () => Promise<void> }> {
  const log = createLogger('info');
  const blog = boltLogger(log);
  const receiver = new HTTPReceiver({
    signingSecret: SIGNING_SECRET,
    port: 0,
    customRoutes: [
      { path: '/healthz', method: ['GET'], handler: (_req, res) => res.writeHead(200).end('ok') },
    ],
    processBeforeResponse: true,
    logger: blog,
  });
  const app = new App({
    token: BOT_TOKEN,
    receiver,
    logger: blog,
    clientOptions: { slackApiUrl: env.BENCH_API_URL },
    deferInitialization: true,
    // bareLean: the bot's own choice (bot.ts); bare: Bolt's default, an in-memory conversation store.
    ...(lean ? { convoStore: false } : {}),
  });
  app.event('reaction_added', async () => {});
  await app.init();
  const server = (await app.start()) as http.Server;
  return { port: (server.address() as AddressInfo).port, stop: () => app.stop() as Promise<void> };
}

const running = mode === 'bot' ? await startBot() : await startBare(mode === 'bareLean');
process.send?.({ port: running.port });
process.on('message', async (m) => {
  if (m !== 'stop') return;
  await running.stop();
  process.exit(0);
});
