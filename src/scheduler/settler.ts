// Settles every channel's due cells a few minutes after each quarter-hour, whether or not a lead
// looks: a settled cell holds no user IDs, so people's answers do not wait in open cells for a view.
// Once a day it also deletes what a shorter retention no longer allows (after WELLBEING_RETENTION_DAYS
// was lowered). One replica does each run (the Redis run coordinator); a replica that runs late
// finds nothing left to do, since settling a cell twice stores it once.
import type { RunCoordinator } from 'node-cron';
import type { Logger } from '../logger.js';
import { cronJob } from './cron-job.js';

export interface SettlerDeps {
  teams: () => Promise<string[]>;
  /** Settles every due cell of a workspace's channels. */
  settleTeam: (team: string, now: number) => Promise<void>;
  /** Deletes what retention no longer allows; returns how many keys went. */
  sweep: (team: string, now: number) => Promise<number>;
  coordinator: RunCoordinator;
  log: Logger;
  onError: (err: unknown) => void;
}

export interface Settler {
  /** One round at `now` (the task calls it; tests call it directly). */
  run(now: number): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

export function createSettler(deps: SettlerDeps): Settler {
  const log = deps.log.child({ module: 'settler' });

  async function run(now: number): Promise<void> {
    const quarter = Math.floor(now / 900_000);
    const day = Math.floor(now / 86_400_000);
    for (const team of await deps.teams()) {
      try {
        if (await deps.coordinator.shouldRun(`settle:${team}:${quarter}`, 900_000)) {
          await deps.settleTeam(team, now);
        }
        if (await deps.coordinator.shouldRun(`sweep:${team}:${day}`, 86_400_000)) {
          const n = await deps.sweep(team, now);
          if (n > 0) log.info({ team, deleted: n }, 'deleted what the retention period no longer allows');
        }
      } catch (err) {
        // One workspace's failure never stops the others.
        deps.onError(err);
      }
    }
  }

  const job = cronJob('5,20,35,50 * * * *', 'settle-cells', run, deps.onError);
  return { run, start: job.start, stop: job.stop };
}
