// Assembles one bot replica from clients built by the caller (main.ts, tests, demo, benchmarks):
// stores → use cases → Bolt listeners → scheduler. No module here reads the environment.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { Config } from './config.js';
import { DEFAULT_EMOJI_MAP } from './domain/emoji.js';
import { dayKey } from './domain/timezone.js';
import { errorCode, isRedisUnavailable } from './errors.js';
import { boltLogger, type Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createCheckinService } from './services/checkins.js';
import { leadsSubcommand } from './slack/commands/leads.js';
import type { Subcommand } from './slack/commands/router.js';
import { registerWellbeingCommand } from './slack/commands/wellbeing.js';
import { healthRoutes, healthServer } from './slack/health.js';
import { ownDataSubcommands, registerCheckinListeners } from './slack/listeners/checkins.js';
import { createSlackPort } from './slack/port.js';
import { createChannelStore } from './store/channels.js';
import { createCheckinStore } from './store/checkins.js';
import { createKeys } from './store/keys.js';
import type { RedisClient } from './store/redis.js';
import { createRoleStore } from './store/roles.js';

export interface BotDeps {
  config: Config;
  log: Logger;
  redis: RedisClient;
  /** Milliseconds since the epoch; tests pass a fixed clock. */
  clock?: () => number;
  /** Start the scheduler (default true); tests that drive slots by hand turn it off. */
  schedule?: boolean;
}

export interface Bot {
  readonly app: App;
  readonly metrics: Metrics;
  /** Starts listening; resolves with the HTTP port actually bound. */
  start(): Promise<{ port: number }>;
  /** Stops scheduling, lets in-flight requests finish, and closes the listeners (not Redis). */
  stop(): Promise<void>;
}

export function createBot(deps: BotDeps): Bot {
  const { config, redis } = deps;
  const log = deps.log;
  const metrics = createMetrics();
  const keys = createKeys(config.redis.keyPrefix);
  const roles = createRoleStore(redis, keys);
  const blog = boltLogger(log);
  const routes = healthRoutes(redis, metrics);
  const slackLog = log.child({ module: 'slack' });

  const reportError = (err: unknown, context: Record<string, unknown>) => {
    const code = errorCode(err);
    metrics.errors.inc({ code });
    const e = err as Error;
    slackLog.error({ code, ...context, err: { name: e?.name, message: e?.message } }, 'request failed');
  };

  let receiver: Receiver;
  let socketHealth: http.Server | undefined;
  if (config.slack.socketMode) {
    const socket = new SocketModeReceiver({
      appToken: config.slack.appToken ?? '',
      logger: blog,
      installerOptions: { clientOptions: { slackApiUrl: config.slack.apiUrl } },
    });
    deferEventAcks(socket);
    receiver = socket;
    socketHealth = healthServer(routes);
  } else {
    receiver = new HTTPReceiver({
      signingSecret: config.slack.signingSecret ?? '',
      port: config.port,
      customRoutes: routes,
      // Hold Slack's HTTP response until listeners finish, so a check-in that could not be stored
      // is answered 500 and Slack delivers it again (SPEC §6).
      processBeforeResponse: true,
      logger: blog,
    });
  }

  const app = new App({
    token: config.slack.botToken,
    receiver,
    logger: blog,
    clientOptions: config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {},
    socketMode: config.slack.socketMode,
    deferInitialization: true,
  });

  app.use(async ({ body, next }) => {
    const kind = requestKind(body as Record<string, unknown>);
    try {
      await next();
      metrics.requests.inc({ kind, outcome: 'ok' });
    } catch (err) {
      metrics.requests.inc({ kind, outcome: 'error' });
      throw err;
    }
  });

  app.error(async (err) => {
    const original = (err as { original?: unknown }).original ?? err;
    reportError(original, { where: 'listener' });
    // Rethrowing makes the receiver answer non-2xx (HTTP) or leave the envelope unacknowledged
    // (Socket Mode), so Slack delivers the event again once Redis is back.
    if (isRedisUnavailable(original)) throw original;
  });

  const clock = deps.clock ?? Date.now;
  const channels = createChannelStore(redis, keys);
  const checkinStore = createCheckinStore(redis, keys, { retentionDays: config.retentionDays });
  const checkins = createCheckinService({
    store: checkinStore,
    channels,
    redis,
    keys,
    slack: createSlackPort(app.client, channels),
    clock,
    emojiMap: DEFAULT_EMOJI_MAP,
    defaultTz: config.defaultTz,
    supportText: config.supportText,
  });
  const dayOf = (ms: number) => dayKey(ms, config.defaultTz);
  registerCheckinListeners(app, { service: checkins, metrics, dayOf, clock, reportError });

  const subcommands: Subcommand[] = [
    leadsSubcommand(roles),
    ...ownDataSubcommands({ service: checkins, dayOf, clock }),
  ];
  registerWellbeingCommand(app, { roles, admins: config.admins, subcommands, reportError });

  return {
    app,
    metrics,
    async start() {
      await app.init();
      if (socketHealth) {
        const server = socketHealth;
        await new Promise<void>((resolve) => server.listen(config.port, resolve));
        await app.start();
        return { port: (server.address() as AddressInfo).port };
      }
      const server = (await app.start()) as http.Server;
      return { port: (server.address() as AddressInfo).port };
    },
    async stop() {
      await app.stop();
      const server = socketHealth;
      if (server?.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function requestKind(body: Record<string, unknown>): string {
  if (body.command) return 'command';
  if (body.type === 'event_callback') return 'event';
  if (body.type === 'view_submission' || body.type === 'view_closed') return 'view';
  return 'action';
}

/**
 * Bolt acknowledges Events API envelopes before listeners run. In Socket Mode that would tell Slack
 * an event was handled even when its check-in could not be stored, so the ack is held until the
 * listeners have finished; when they fail, no ack is sent and Slack redelivers.
 */
function deferEventAcks(receiver: SocketModeReceiver): void {
  const init = receiver.init.bind(receiver);
  receiver.init = (app: App) => {
    const processEvent = app.processEvent.bind(app);
    const proxy = Object.create(app) as App;
    proxy.processEvent = async (event) => {
      if ((event.body as { type?: string }).type !== 'event_callback') return processEvent(event);
      let acked = false;
      await processEvent({
        ...event,
        ack: async () => {
          acked = true;
        },
      });
      if (acked) await event.ack();
    };
    init(proxy);
  };
}
