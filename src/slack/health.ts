// GET /healthz, /readyz and /metrics: as Bolt custom routes in HTTP mode, on a small server of their own
// in Socket Mode (SPEC §2).
import http from 'node:http';
import type { Metrics } from '../metrics.js';
import type { RedisClient } from '../store/redis.js';

export interface HealthRoute {
  path: string;
  method: string[];
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void;
}

const READY_TIMEOUT_MS = 1_000;

/**
 * `socketConnected` is given in Socket Mode: while the socket to Slack is down the replica receives
 * nothing, so it is not ready even when Redis answers.
 */
export function healthRoutes(
  redis: RedisClient,
  metrics: Metrics,
  socketConnected?: () => boolean,
): HealthRoute[] {
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  return [
    { path: '/healthz', method: ['GET'], handler: (_req, res) => json(res, 200, { status: 'ok' }) },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        if (socketConnected && !socketConnected()) {
          json(res, 503, { status: 'not ready', reason: 'slack: the Socket Mode connection is down' });
          return;
        }
        const started = performance.now();
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('Redis did not answer within 1 s')), READY_TIMEOUT_MS);
        });
        Promise.race([redis.ping(), timeout])
          .then(() => {
            metrics.redisLatency.observe({ op: 'ping' }, (performance.now() - started) / 1000);
            json(res, 200, { status: 'ready' });
          })
          .catch((err: Error) => json(res, 503, { status: 'not ready', reason: `redis: ${err.message}` }))
          .finally(() => clearTimeout(timer));
      },
    },
    {
      path: '/metrics',
      method: ['GET'],
      handler: (_req, res) => {
        metrics.registry
          .metrics()
          .then((text) => {
            res.writeHead(200, { 'content-type': metrics.registry.contentType });
            res.end(text);
          })
          .catch(() => json(res, 500, { status: 'error' }));
      },
    },
  ];
}

/** In Socket Mode, the health routes get a server of their own on PORT. */
export function healthServer(routes: HealthRoute[]): http.Server {
  return http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes.find((r) => r.path === path && r.method.includes(req.method ?? 'GET'));
    if (route) route.handler(req, res);
    else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"status":"not found"}');
    }
  });
}
