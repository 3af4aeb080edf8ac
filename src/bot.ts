// Assembles one bot replica from clients built by the caller (main.ts, tests, demo, benchmarks):
// stores → use cases → Bolt listeners → scheduler. No module here reads the environment.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, type Receiver, SocketModeReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Config } from './config.js';
import { DEFAULT_EMOJI_MAP } from './domain/emoji.js';
import { formatShifts } from './domain/shifts.js';
import { shownCellOf } from './domain/shown-cell.js';
import { dayKey } from './domain/timezone.js';
import type { Score } from './domain/types.js';
import { errorCode, isRedisUnavailable } from './errors.js';
import { boltLogger, type Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createRedisRunCoordinator } from './scheduler/coordinator.js';
import { scheduleDigest } from './scheduler/digest.js';
import { scheduleMaintenance } from './scheduler/maintenance.js';
import { createChannelPacer } from './scheduler/pacer.js';
import { createPromptPoster } from './scheduler/poster.js';
import { createPromptScheduler, type PromptRun } from './scheduler/prompts.js';
import { createSettler } from './scheduler/settler.js';
import { createByShiftService } from './services/by-shift.js';
import { createCellService } from './services/cells.js';
import { type ChannelGrid, createChannelGrid } from './services/channel-grid.js';
import { type ChannelSettingsService, createChannelSettings } from './services/channel-settings.js';
import { createCheckinService } from './services/checkins.js';
import { createChoiceService } from './services/choices.js';
import { createDigest, type DigestRun } from './services/digest.js';
import { createExportService } from './services/export.js';
import { createPeopleService } from './services/people.js';
import { createPromptService } from './services/prompts.js';
import { createHomeService, createSummaryService } from './services/summaries.js';
import { adminSubcommand } from './slack/commands/admin.js';
import { exportSubcommand } from './slack/commands/export.js';
import { poolingSubcommand, reactionsSubcommand, timezoneSubcommand } from './slack/commands/grid.js';
import { leadsSubcommand } from './slack/commands/leads.js';
import { promptNowSubcommand, promptsSubcommand } from './slack/commands/prompts.js';
import { quietSubcommand } from './slack/commands/quiet.js';
import type { Subcommand } from './slack/commands/router.js';
import { scheduleSubcommand } from './slack/commands/schedule.js';
import { pauseSubcommand, resumeSubcommand, shiftsSubcommand } from './slack/commands/shifts.js';
import { summarySubcommand } from './slack/commands/summary.js';
import { registerWellbeingCommand } from './slack/commands/wellbeing.js';
import { fileDmSender } from './slack/files.js';
import { guardPayloads } from './slack/guard.js';
import { healthRoutes, healthServer, metricsServer } from './slack/health.js';
import { ownDataSubcommands, registerCheckinListeners } from './slack/listeners/checkins.js';
import { registerDirectMessageListener } from './slack/listeners/direct-messages.js';
import { digestSender, homePublisher, registerSummaryListeners } from './slack/listeners/summaries.js';
import { createUserZones } from './slack/people.js';
import { createSlackPort, createSummarySlackPort, waitingOutRateLimits } from './slack/port.js';
import { mountRoutes } from './slack/routes.js';
import { createSlackTransport } from './slack/transport.js';
import { createCellStore } from './store/cells.js';
import { createChannelStore } from './store/channels.js';
import { createCheckinStore } from './store/checkins.js';
import { createKeys } from './store/keys.js';
import { createPendingStore } from './store/pending.js';
import { createPeopleStore } from './store/people.js';
import { createDiskRewriter } from './store/persistence.js';
import { createPromptStore } from './store/prompts.js';
import type { RedisClient } from './store/redis.js';
import { createRoleStore } from './store/roles.js';
import { createScheduleStore } from './store/schedules.js';
import { createSummaryStore } from './store/summaries.js';

export interface BotDeps {
  config: Config;
  log: Logger;
  redis: RedisClient;
  /** Milliseconds since the epoch; tests pass a fixed clock. */
  clock?: () => number;
  /** Start the scheduler (default true); tests that drive slots by hand turn it off. */
  schedule?: boolean;
  /** Which reactions count as which score (WELLBEING_CONFIG `emoji:`); default SPEC §4.1's map. */
  emojiMap?: Readonly<Record<string, Score>>;
}

export interface Bot {
  readonly app: App;
  readonly metrics: Metrics;
  /** Channels' zone, pooling and reactions (the configuration file applies them through it). */
  readonly channelGrid: ChannelGrid;
  /** Starts listening; resolves with the HTTP ports actually bound (Slack and health; /metrics). */
  start(): Promise<{ port: number; metricsPort: number }>;
  /** Stops scheduling, lets in-flight requests finish, and closes the listeners (not Redis). */
  stop(): Promise<void>;
  /** The weekly digest for instant `now` (the scheduler calls it every quarter-hour; tests call it directly). */
  runDigest(now: number): Promise<DigestRun>;
  /** Scheduled prompts due in the window ending at `now` (the minute tick calls it; tests call it directly). */
  runDue(now: number): Promise<PromptRun>;
  /** Settles due cells and sweeps expired data, as the quarter-hour task does (tests call it directly). */
  runSettler(now: number): Promise<void>;
  /** A channel's rota and pause; the config file changes shifts through it too. */
  readonly channelSettings: ChannelSettingsService;
  /** The daily upkeep for instant `now` (its cron tick calls it; tests call it directly). */
  runDaily(now: number): Promise<void>;
  /** Resolves once the persistence rewrite asked for by the latest erasure has finished. */
  rewritten(): Promise<unknown>;
}

export function createBot(deps: BotDeps): Bot {
  const { config, redis } = deps;
  const log = deps.log;
  const metrics = createMetrics();
  const keys = createKeys(config.redis.keyPrefix);
  const roles = createRoleStore(redis, keys);
  const blog = boltLogger(log);
  // Set in Socket Mode: /readyz reports the socket's state too.
  let socketUp: (() => boolean) | undefined;
  const routes = healthRoutes(redis, metrics, () => socketUp?.() ?? true);
  const slackLog = log.child({ module: 'slack' });
  // Every HTTP connection to Slack (both Web API clients, Socket Mode's apps.connections.open and its
  // WebSocket) shares one kept-alive transport, through the proxy when one is configured.
  const transport = createSlackTransport(config.proxy ? { proxy: config.proxy } : {});
  const clientOptions = {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    fetch: transport.fetch,
  };

  const reportError = (err: unknown, context: Record<string, unknown>) => {
    const code = errorCode(err);
    metrics.errors.inc({ code });
    const e = err as Error;
    slackLog.error({ code, ...context, err: { name: e?.name, message: e?.message } }, 'request failed');
  };

  let receiver: Receiver;
  let socketHealth: http.Server | undefined;
  const metricsHttp = metricsServer(metrics);
  if (config.slack.socketMode) {
    const socket = new SocketModeReceiver({
      appToken: config.slack.appToken ?? '',
      logger: blog,
      dispatcher: transport.dispatcher,
      installerOptions: { clientOptions },
    });
    deferEventAcks(socket);
    socketUp = trackSocket(socket);
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
    clientOptions,
    socketMode: config.slack.socketMode,
    deferInitialization: true,
    // The bot keeps no conversation state; Bolt's in-memory store would only cost time on every event.
    convoStore: false,
  });

  guardPayloads(app, log);

  app.error(async (err) => {
    const original = (err as { original?: unknown }).original ?? err;
    reportError(original, { where: 'listener' });
    // Rethrowing makes the receiver answer non-2xx (HTTP) or leave the envelope unacknowledged
    // (Socket Mode), so Slack delivers the event again once Redis is back.
    if (isRedisUnavailable(original)) throw original;
  });

  const clock = deps.clock ?? Date.now;
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  // Listeners are looked up in one table per kind of payload (see slack/routes.ts), which also counts
  // requests for the metrics.
  const listeners = mountRoutes(app, (kind, outcome) => metrics.requests.inc({ kind, outcome }));
  const channels = createChannelStore(redis, keys);
  const checkinStore = createCheckinStore(redis, keys, {
    retentionDays: config.retentionDays,
    observe: (op, seconds) => metrics.redisLatency.observe({ op }, seconds),
  });
  // Prompt posts and support DMs go through their own Web API client, which never repeats a call that
  // may have reached Slack (a reset, a timeout), since that could deliver it twice; a call that never
  // reached Slack is tried again by the transport. It also hands a 429 back to the caller (the
  // per-channel pacer, the DM's own wait) instead of pausing every call, as @slack/web-api does by default.
  const onceClient = new WebClient(config.slack.botToken, {
    ...clientOptions,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    logger: blog,
  });
  const slackPort = createSlackPort({ client: app.client, once: onceClient, log }, channels);
  const summarySlack = createSummarySlackPort(app.client, channels, slackPort);
  // Cells: where each check-in counts, and what each lead may see once they settle (docs/LEADS.md).
  const cells = createCellService({
    store: createCellStore(redis, keys),
    leadsOf: (team, channel) => roles.leadsOf(team, channel),
    admins: config.admins,
    membersOf: (team, channel) => summarySlack.humanMemberCount(team, channel),
    channelTz: async (team, channel) => (await channels.promptChannel(team, channel)).tz ?? config.defaultTz,
    k: config.minGroup,
    retentionDays: config.retentionDays,
    clock,
    log,
  });
  const settleAll = async (team: string, now = clock()) => {
    for (const channel of (await channels.promptChannels(team)).keys()) {
      try {
        await cells.settleDue(team, channel, now);
      } catch (err) {
        // One channel that cannot be settled (its member count failing, say) never holds up the others.
        reportError(err, { where: 'settle', team, channel });
      }
    }
  };
  const checkins = createCheckinService({
    store: checkinStore,
    channels,
    slack: slackPort,
    cells,
    settleAll,
    forgetViewer: async (team, user) =>
      cells.forgetViewer(team, user, [...(await channels.promptChannels(team)).keys()]),
    // Refreshes the person's App Home after their check-ins changed (`home` is built below).
    onChange: (team, user, _source, known) => void home.changed(team, user, known),
    onBackgroundError: (err) => reportError(err, { where: 'care-dm' }),
    clock,
    emojiMap: deps.emojiMap ?? DEFAULT_EMOJI_MAP,
    defaultTz: config.defaultTz,
    supportText: config.supportText,
  });
  const dayOf = (ms: number) => dayKey(ms, config.defaultTz);
  const pending = createPendingStore(redis, keys);
  const choices = createChoiceService({ pending, checkins });
  // Deleted notes leave the disk too: Redis rewrites its append-only file after a forget and daily.
  const rewriter = createDiskRewriter(redis, keys, { log });
  const people = createPeopleService({
    // Through the check-in service: it settles due cells first and refreshes the person's App Home.
    records: {
      forget: (team, user) => checkins.forget(team, user),
      all: (team, user) => checkins.exportPerson(team, user),
    },
    pending,
    rewriter,
    log,
    clock,
    retentionDays: config.retentionDays,
  });
  registerCheckinListeners(listeners, {
    service: checkins,
    choices,
    people,
    metrics,
    dayOf,
    clock,
    reportError,
  });

  // Summaries, App Home and the weekly digest (SPEC §5).
  const summaryStore = createSummaryStore(redis, keys);
  const summaries = createSummaryService({
    cells,
    roles,
    admins: config.admins,
    channels,
    slack: summarySlack,
    clock,
    k: config.minGroup,
    defaultTz: config.defaultTz,
    log,
  });
  const home = createHomeService({
    summaries,
    roles,
    store: summaryStore,
    mine: (team, user, days) => checkins.mine(team, user, days),
    publish: homePublisher(app.client),
    clock,
    defaultTz: config.defaultTz,
    log,
  });
  registerSummaryListeners(listeners, { home, checkins, channels, metrics, reportError });
  const runCoordinator = createRedisRunCoordinator(redis, keys);
  // People's own clocks (Slack's time zone) and quiet hours time what the bot starts on its own.
  const personal = createPeopleStore(redis, keys);
  const zoneOf = createUserZones(app.client, personal);
  const maintenance = scheduleMaintenance({ rewriter, coordinator: runCoordinator, log });
  const digest = createDigest({
    summaries,
    channels,
    roles,
    teams: () => redis.smembers(keys.teams()),
    coordinator: runCoordinator,
    send: digestSender(app.client),
    people: { zoneOf, quietOf: personal.quiet },
    defaultTz: config.defaultTz,
    log,
  });
  const digestTask = scheduleDigest(digest.runDigest, log, (err) => reportError(err, { where: 'digest' }));

  // Prompts and schedules (SPEC §3), posted exactly once through `onceClient`.
  const schedulerLog = log.child({ module: 'scheduler' });
  const scheduleStore = createScheduleStore(redis, keys);
  // A channel's rota and pause: shift-relative schedules and pauses read them.
  const channelSettings = createChannelSettings({
    channels,
    clock,
    defaultTz: config.defaultTz,
    log,
    // Shift-days start when the first shift starts; the cell grid follows from the cell in progress's end,
    // and with it the rota that names the shift of each check-in (for by-shift summaries).
    onShiftsChanged: (team, channel, shifts, now) =>
      cells.change(
        team,
        channel,
        { dayStartMin: shifts?.shifts[0]?.start ?? 0, shifts: shifts ? formatShifts(shifts) : undefined },
        now,
      ),
  });
  const prompts = createPromptService({
    reactionsOn: async (team, channel) => !(await channels.promptChannel(team, channel)).reactionsOff,
    prompts: createPromptStore(redis, keys, { retentionDays: config.retentionDays }),
    schedules: scheduleStore,
    poster: createPromptPoster({
      client: onceClient,
      pacer: createChannelPacer({
        onRateLimited: (channel, retryAfterSec) =>
          schedulerLog.info(
            { channel, retryAfterSec },
            'Slack rate-limited a post; waiting for this channel',
          ),
      }),
      log,
    }),
    clock,
    defaultTz: config.defaultTz,
    metrics,
    log,
    channelContext: channelSettings.context,
  });
  const promptScheduler = createPromptScheduler({
    schedules: scheduleStore,
    contexts: channelSettings.contexts,
    coordinator: runCoordinator,
    post: prompts.postPrompt,
    clock,
    log,
    onError: reportError,
  });

  // `/wellbeing export`: the viewer's released cells as a CSV in their DM (docs/EXPORT.md).
  const exports = createExportService({
    // One row per released period, and beside it one per shift where the by-shift rules show them.
    releasedCells: async (team, channel, viewer, days, now) => {
      const isLead = await roles.isLead(team, channel, viewer);
      const roleOf = { isLead, isAdmin: config.admins.includes(viewer) };
      const { total, byShift } = await cells.byShift(team, channel, viewer, days, roleOf, now);
      const shifts = byShift.parts.map((p) => ({ ...shownCellOf(p), shift: p.shift }));
      return [...total.shown.map(shownCellOf), ...shifts];
    },
    timeZoneOf: async (team, channel) => (await channels.promptChannel(team, channel)).tz ?? config.defaultTz,
    clock,
  });

  const channelGrid = createChannelGrid({
    channels,
    cells,
    changed: (team, channel) => checkins.channelChanged(team, channel),
    defaultTz: config.defaultTz,
    clock,
  });
  const settler = createSettler({
    teams: () => redis.smembers(keys.teams()),
    settleTeam: settleAll,
    sweep: (team, now) => checkinStore.sweep(team, now),
    coordinator: runCoordinator,
    log,
    onError: (err) => reportError(err, { where: 'settler' }),
  });
  const subcommands: Subcommand[] = [
    leadsSubcommand(roles, clock),
    poolingSubcommand(channelGrid, clock),
    timezoneSubcommand(channelGrid, clock),
    reactionsSubcommand(channelGrid),
    ...ownDataSubcommands({
      service: checkins,
      people,
      dayOf,
      clock,
      reportError,
      sendFile: fileDmSender(app.client),
    }),
    adminSubcommand(people),
    summarySubcommand(
      summaries,
      createByShiftService({
        cells,
        roles,
        admins: config.admins,
        channels,
        shiftsOf: async (team, channel) => (await channelSettings.context(team, channel)).shifts,
        slack: summarySlack,
        clock,
        k: config.minGroup,
        defaultTz: config.defaultTz,
        log,
      }),
    ),
    exportSubcommand({ service: exports, sendFile: fileDmSender(app.client), reportError }),
    scheduleSubcommand(prompts, { defaultTz: config.defaultTz, settings: channelSettings, clock }),
    shiftsSubcommand(channelSettings, clock),
    pauseSubcommand(channelSettings, clock),
    resumeSubcommand(channelSettings),
    quietSubcommand({ people: personal, zoneOf, clock, defaultTz: config.defaultTz }),
    promptNowSubcommand({ service: prompts, onError: reportError }),
    promptsSubcommand(prompts),
  ];
  registerWellbeingCommand(listeners, {
    roles,
    admins: config.admins,
    subcommands,
    reportError,
    channelSetup: async (team, channel) => ({
      hasSchedules: (await prompts.listSchedules(team, channel)).length > 0,
      hasLeads: (await roles.leadsOf(team, channel)).length > 0,
    }),
  });
  registerDirectMessageListener(listeners, {
    supportText: config.supportText,
    reportError,
    // The once-only client: a reply that may have reached Slack is not sent a second time.
    send: async (channel, text) => {
      await waitingOutRateLimits(() => onceClient.chat.postMessage({ channel, text }), 2, sleep);
    },
  });

  return {
    app,
    metrics,
    async start() {
      await app.init();
      await listen(metricsHttp, config.metricsPort);
      const metricsPort = (metricsHttp.address() as AddressInfo).port;
      if (deps.schedule !== false) digestTask.start();
      if (deps.schedule !== false) promptScheduler.start();
      if (deps.schedule !== false) settler.start();
      if (deps.schedule !== false) maintenance.start();
      if (socketHealth) {
        const server = socketHealth;
        await listen(server, config.port);
        await app.start();
        return { port: (server.address() as AddressInfo).port, metricsPort };
      }
      const server = (await app.start()) as http.Server;
      return { port: (server.address() as AddressInfo).port, metricsPort };
    },
    runDigest: digest.runDigest,
    channelGrid,
    runDue: promptScheduler.runDue,
    runSettler: settler.run,
    channelSettings,
    runDaily: maintenance.runDaily,
    rewritten: () => people.settled(),
    async stop() {
      await digestTask.stop();
      await promptScheduler.stop();
      await settler.stop();
      await maintenance.stop();
      rewriter.close();
      await people.settled();
      await app.stop();
      for (const server of [socketHealth, metricsHttp]) {
        if (server?.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      // Support DMs sent after an ack may still be on their way: close() lets them finish.
      await transport.close();
    },
  };
}

/** Listens on `port`; rejects when it cannot (the port is taken), so the bot does not half-start. */
function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (err: Error) => reject(err);
    server.once('error', failed);
    server.listen(port, () => {
      server.off('error', failed);
      resolve();
    });
  });
}

/** Whether the Socket Mode connection is open, from the client's own state events. */
function trackSocket(receiver: SocketModeReceiver): () => boolean {
  let connected = false;
  const client = receiver.client;
  client.on('connected', () => {
    connected = true;
  });
  for (const state of ['connecting', 'reconnecting', 'disconnecting', 'disconnected', 'close']) {
    client.on(state, () => {
      connected = false;
    });
  }
  return () => connected;
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
