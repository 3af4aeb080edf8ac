// node-cron wiring of the weekly digest: a tick every quarter of an hour (UTC) asks the digest use
// case whether any lead has reached their digest moment (Monday 09:00 on their own clock, after their
// quiet hours). Which replica sends each lead's digest is decided inside `runDigest` through the Redis
// run coordinator, so ticks on every replica are harmless.
import type { Logger } from '../logger.js';
import { type CronJob, cronJob } from './cron-job.js';

export type DigestTask = CronJob;

export function scheduleDigest(
  runDigest: (now: number) => Promise<unknown>,
  log: Logger,
  onError: (err: unknown) => void,
): DigestTask {
  const job = cronJob('*/15 * * * *', 'weekly-digest', runDigest, onError);
  return {
    start() {
      job.start();
      log.child({ module: 'digest' }).debug('weekly digest scheduled');
    },
    stop: job.stop,
  };
}
