// The real entry point (src/main.ts) in a child process, listening on a port the OS picks: a port
// chosen up front could be taken by another test's connection before the child binds it. The port is
// read back from the bot's "running" log line, so its stdout is always read (and kept for messages).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';

export interface BotProcess {
  child: ChildProcess;
  port: number;
  /** Everything the process wrote so far (pino JSON on stdout, anything on stderr). */
  output(): string;
  /** SIGTERM (or `signal`), then waits for the exit; resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** faketime's settings when the tests run under it (`npm run test:at`), so the bot keeps their clock. */
function fakeClock(): Record<string, string> {
  const keep = ['LD_PRELOAD', 'FAKETIME', 'FAKETIME_DONT_FAKE_MONOTONIC'];
  return Object.fromEntries(keep.flatMap((k) => (process.env[k] ? [[k, process.env[k] as string]] : [])));
}

/** Runs src/main.ts through tsx, or with `entry: 'dist'` the built dist/main.js (after `npm run build`). */
export async function startBotProcess(
  env: Record<string, string>,
  { timeoutMs = 60_000, entry = 'src' }: { timeoutMs?: number; entry?: 'src' | 'dist' } = {},
): Promise<BotProcess> {
  const args = entry === 'dist' ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, args, {
    // The "running" line is logged at info.
    env: {
      PATH: process.env.PATH ?? '',
      ...fakeClock(),
      ...env,
      PORT: '0',
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    out += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  let port: number | undefined;
  while (port === undefined) {
    assert.ok(child.exitCode === null, `the bot exited (${child.exitCode}) before it ran; it said:\n${out}`);
    assert.ok(Date.now() < deadline, `the bot did not start within ${timeoutMs} ms; it said:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
    port = out
      .split('\n')
      .slice(0, -1) // the last piece may be a line still being written
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg?: string; port?: number })
      .find((l) => l.msg === 'wellbeing-nudges is running')?.port;
  }
  return {
    child,
    port,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}
