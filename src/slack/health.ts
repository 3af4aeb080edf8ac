// GET /healthz and /readyz: as Bolt custom routes in HTTP mode, on a small server of their own in Socket
// Mode. GET /metrics is served only by a server of its own on METRICS_PORT: the Slack port faces the
// internet, and the metrics show when people used forget-me or how often the bot failed.
import http from 'node:http';
import type { Metrics } from '../metrics.js';
import type { RedisClient } from '../store/redis.js';

export interface HealthRoute {
  path: string;
  method: string[];
  handler: (req: http.IncomingMessage, res: http.ServerResponse) => void;
}

const READY_TIMEOUT_MS = 1_000;

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/**
 * `socketConnected` is given in Socket Mode: while the socket to Slack is down the replica receives
 * nothing, so it is not ready even when Redis answers.
 */
export function healthRoutes(
  redis: RedisClient,
  metrics: Metrics,
  socketConnected?: () => boolean,
): HealthRoute[] {
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
        const timeout = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), READY_TIMEOUT_MS);
        });
        // The reason is read by anyone who can reach the port: it says what is wrong, never where
        // (ioredis's messages name the host and port, so they stay out of it).
        Promise.race([redis.ping(), timeout])
          .then((answer) => {
            if (answer === 'timeout') {
              json(res, 503, { status: 'not ready', reason: 'redis did not answer within 1 s' });
              return;
            }
            metrics.redisLatency.observe({ op: 'ping' }, (performance.now() - started) / 1000);
            json(res, 200, { status: 'ready' });
          })
          .catch(() => json(res, 503, { status: 'not ready', reason: 'redis is not reachable' }))
          .finally(() => clearTimeout(timer));
      },
    },
  ];
}

/** GET /metrics (Prometheus text format) on a server of its own, for METRICS_PORT. */
export function metricsServer(metrics: Metrics): http.Server {
  return healthServer([
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
  ]);
}

/** A small server for `routes` alone (the health routes on PORT in Socket Mode; /metrics on METRICS_PORT). */
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
