// node-cron wiring of the weekly digest: a tick every quarter of an hour (UTC) asks the digest use
// case whether any lead has reached their digest moment (Monday 09:00 on their own clock, after their
// quiet hours). Which replica sends each lead's digest is decided inside `runDigest` through the Redis
// run coordinator, so ticks on every replica are harmless.
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../logger.js';

export interface DigestTask {
  start(): void;
  stop(): Promise<void>;
}

export function scheduleDigest(
  runDigest: (now: number) => Promise<unknown>,
  log: Logger,
  onError: (err: unknown) => void,
): DigestTask {
  let task: ScheduledTask | undefined;
  let running: Promise<unknown> = Promise.resolve();
  return {
    start() {
      task = cron.createTask(
        '*/15 * * * *',
        (ctx) => {
          // The scheduled instant, not the (slightly later) moment the callback runs.
          running = runDigest(ctx.date.getTime()).catch(onError);
          return running;
        },
        { name: 'weekly-digest', timezone: 'UTC', noOverlap: true },
      );
      void task.start();
      log.child({ module: 'digest' }).debug('weekly digest scheduled');
    },
    async stop() {
      await task?.destroy();
      task = undefined;
      await running;
    },
  };
}
