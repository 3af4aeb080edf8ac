// Shared pieces of the benchmark scenarios: constants, the result shape, timing statistics and a
// concurrency-limited runner for seeding Redis through the store's own write path.
import { execFileSync } from 'node:child_process';
import { cpus, freemem, totalmem } from 'node:os';
import type { Redis } from 'ioredis';

export const BOT_TOKEN = 'xoxb-bench-0000-token';
export const SIGNING_SECRET = 'bench-signing-secret';
export const TEAM = 'T0BENCH';

/** One measured target: what it is, the measured value, the limit, and whether it was met. */
export interface Check {
  name: string;
  value: number;
  unit: string;
  /** `<` (value must stay below the limit), `<=` or `>=`. */
  op: '<' | '<=' | '>=' | '==';
  limit: number;
  pass: boolean;
}

export interface ScenarioResult {
  scenario: string;
  /** Every number measured, by name (ms, req/s, bytes…: the name says which). */
  metrics: Record<string, number | string>;
  checks: Check[];
  notes: string[];
  seconds: number;
}

export function check(name: string, value: number, op: Check['op'], limit: number, unit = ''): Check {
  const pass =
    op === '<'
      ? value < limit
      : op === '<='
        ? value <= limit
        : op === '>='
          ? value >= limit
          : value === limit;
  return { name, value, unit, op, limit, pass };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

/**
 * Runs `task(i)` for i in [0, n) with at most `inFlight` calls outstanding. Many calls in flight on one
 * ioredis connection are written back to back, so a Lua script per item still seeds at Redis speed.
 */
export async function runConcurrent(
  n: number,
  inFlight: number,
  task: (i: number) => Promise<unknown>,
  onProgress?: (done: number) => void,
): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      await task(i);
      done++;
      if (onProgress && done % 100_000 === 0) onProgress(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, n) }, worker));
}

/** `used_memory` from INFO memory. */
export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  const m = /^used_memory:(\d+)/m.exec(info);
  return Number(m?.[1] ?? Number.NaN);
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  freeMemoryGiB: number;
  node: string;
  redis: string;
  platform: string;
}

export function machine(): Machine {
  let redis = 'unknown';
  try {
    redis = /v=(\S+)/.exec(execFileSync('redis-server', ['--version']).toString())?.[1] ?? redis;
  } catch {
    // redis-server missing: the scenarios will say so when they start it.
  }
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    freeMemoryGiB: round(freemem() / 2 ** 30, 1),
    node: process.version,
    redis,
    platform: `${process.platform} ${process.arch}`,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
