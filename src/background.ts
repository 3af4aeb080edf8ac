// Work a replica starts after Slack has its answer (support DMs, App Home refreshes): kept track of,
// so `bot.idle()` can tell when it has settled and `stop()` can let it finish.

export interface Background {
  /** Runs `work` in the background; its failure goes to `onError`, never to an unhandled rejection. */
  run(work: Promise<unknown>, onError: (err: unknown) => void): void;
  /** Resolves once nothing is running, including work started by work that was running. */
  idle(): Promise<void>;
}

export function createBackground(): Background {
  const running = new Set<Promise<unknown>>();
  return {
    run(work, onError) {
      const p = work.catch(onError).finally(() => running.delete(p));
      running.add(p);
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
