// One node-cron job in UTC: runs `run` with the scheduled instant (not the slightly later moment the
// callback fires), never two runs at once, and on stop waits for the run in progress to finish.
import cron, { type ScheduledTask } from 'node-cron';

export interface CronJob {
  start(): void;
  stop(): Promise<void>;
}

export function cronJob(
  expression: string,
  name: string,
  run: (now: number) => Promise<unknown>,
  onError: (err: unknown) => void,
): CronJob {
  let task: ScheduledTask | undefined;
  let running: Promise<unknown> = Promise.resolve();
  return {
    start() {
      task = cron.createTask(
        expression,
        (ctx) => {
          running = run(ctx.date.getTime()).catch(onError);
          return running;
        },
        { name, timezone: 'UTC', noOverlap: true },
      );
      void task.start();
    },
    async stop() {
      await task?.destroy();
      task = undefined;
      await running;
    },
  };
}
