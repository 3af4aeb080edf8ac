// Tests wait for a condition, never for a fixed time: `waitFor` polls until `check` gives a truthy
// value (and returns it), or fails saying what it was waiting for and for how long.
import { setTimeout as delay } from 'node:timers/promises';

export interface WaitOptions {
  /** What the test waits for, as a phrase: "the bot opened a socket". */
  what: string;
  /** Milliseconds before giving up (default 10 s). */
  timeout?: number;
  /** Milliseconds between checks (default 20). */
  every?: number;
}

export async function waitFor<T>(
  check: () => T | Promise<T>,
  { what, timeout = 10_000, every = 20 }: WaitOptions,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (err) {
      // A check may throw while the thing is not there yet (a server still starting).
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const why = lastError ? ` (last check threw: ${(lastError as Error).message})` : '';
      throw new Error(`waited ${timeout} ms for ${what}${why}`);
    }
    await delay(every);
  }
}
