// `npm test`: starts a throwaway redis-server unless REDIS_URL is set, then runs node's test runner
// over every test file (or the files given as arguments) with that REDIS_URL.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startRedisServer } from './redis-server.js';

function findTests(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

const args = process.argv.slice(2);
const files = args.length > 0 ? args : findTests('test');
const server = process.env.REDIS_URL ? undefined : await startRedisServer();
const env = { ...process.env, REDIS_URL: process.env.REDIS_URL || server?.url };

const child = spawn(
  process.execPath,
  // A test that hangs fails after two minutes instead of stalling the run.
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-timeout=120000',
    '--test-reporter=spec',
    ...files,
  ],
  { stdio: 'inherit', env },
);
const code: number = await new Promise((resolve) =>
  child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0))),
);
await server?.stop(true);
process.exit(code);
