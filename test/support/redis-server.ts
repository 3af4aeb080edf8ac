// A throwaway redis-server for tests, the demo and the benchmarks: never the user's own instance.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** The server's working directory (where persistence files go when they are turned on). */
  readonly dir: string;
  /** Stops the server (SIGKILL when `hard`), keeping its port for `start()`. */
  stop(hard?: boolean): Promise<void>;
  /** Starts it again on the same port (data is not kept). */
  start(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function ping(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

/** The process ID of the Redis answering on `port` (from INFO server), or undefined. */
function serverPid(port: number, timeoutMs = 500): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let text = '';
    const done = (pid: number | undefined) => {
      socket.destroy();
      resolve(pid);
    };
    socket.setTimeout(timeoutMs, () => done(undefined));
    socket.on('error', () => done(undefined));
    socket.on('connect', () => socket.write('INFO server\r\n'));
    socket.on('data', (d) => {
      text += String(d);
      const m = /process_id:(\d+)/.exec(text);
      if (m) done(Number(m[1]));
    });
  });
}

export async function startRedisServer(
  opts: { port?: number; extraArgs?: string[] } = {},
): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'wb-redis-'));
  let child: ChildProcess | undefined;
  let port = opts.port ?? (await freePort());

  /** Starts redis-server on `port`; false when another process took the port first. */
  const startOn = async (): Promise<boolean> => {
    const c = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        ...(opts.extraArgs ?? []),
      ],
      { stdio: 'ignore' },
    );
    child = c;
    c.on('error', () => {});
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      // A server that could not bind its port exits at once.
      if (c.exitCode !== null) return false;
      // Only this child counts: something else may answer on a port it failed to take.
      if ((await serverPid(port)) === c.pid) return true;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`redis-server did not start on port ${port} (is redis-server on PATH?)`);
  };

  const start = async () => {
    if (!(await startOn())) throw new Error(`redis-server could not take port ${port} again`);
  };

  const stop = async (hard = false) => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill(hard ? 'SIGKILL' : 'SIGTERM');
    });
  };

  // A port picked up front can be taken by another process before redis-server binds it: pick another.
  for (let attempt = 1; !(await startOn()); attempt++) {
    if (opts.port !== undefined || attempt >= 5) throw new Error(`redis-server could not take port ${port}`);
    port = await freePort();
  }
  process.once('exit', () => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  return { url: `redis://127.0.0.1:${port}`, port, dir, stop, start };
}
