// Child process of the fan-out scenario: one bot replica (createBot, its own Redis connection, the
// scheduler's timer off). On the message {runDue: now} it runs the scheduler for that instant and
// answers {run} (or {error}); on 'stop' it stops.
//
// env: BENCH_REDIS_URL, BENCH_PREFIX, BENCH_API_URL.
import { whenReady } from '../src/store/redis.js';
import { benchBot } from './bench-bot.js';

const { bot, redis } = benchBot(process.env);
await whenReady(redis, 5_000);
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
