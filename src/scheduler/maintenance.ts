// Daily upkeep: once a day (03:17 UTC, a quiet hour for most teams) one replica has Redis rewrite its
// append-only file, so notes that were forgotten or expired leave the disk within a day. Which replica
// runs it is decided by the Redis run coordinator, as for prompts and the digest.
import type { RunCoordinator } from 'node-cron';
import type { Logger } from '../logger.js';
import type { DiskRewriter } from '../store/persistence.js';
import { cronJob } from './cron-job.js';

const DAILY_AT = '17 3 * * *';
const CLAIM_TTL_MS = 23 * 3_600_000;

export interface MaintenanceTask {
  start(): void;
  stop(): Promise<void>;
  /** The daily work for instant `now` (the cron tick calls it; tests call it directly). */
  runDaily(now: number): Promise<void>;
}

export function scheduleMaintenance(deps: {
  rewriter: DiskRewriter;
  coordinator: RunCoordinator;
  log: Logger;
}): MaintenanceTask {
  const log = deps.log.child({ module: 'maintenance' });

  async function runDaily(now: number): Promise<void> {
    const day = new Date(now).toISOString().slice(0, 10);
    if (!(await deps.coordinator.shouldRun(`maintenance:${day}`, CLAIM_TTL_MS))) return;
    await deps.rewriter.request('daily');
  }

  const job = cronJob(DAILY_AT, 'daily-upkeep', runDaily, (err: unknown) =>
    log.warn({ err: { message: (err as Error)?.message } }, 'daily upkeep failed'),
  );
  return { runDaily, start: job.start, stop: job.stop };
}
