// Assembles one bot replica from clients built by the caller (main.ts, tests, demo, benchmarks), in
// named steps, each using only what the steps before it built:
// stores → Slack app → use cases → listeners → schedulers. No module here reads the environment.
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, type Receiver, SocketModeReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { type Background, createBackground } from './background.js';
import type { Config } from './config.js';
import { type ApplySummary, applyWellbeingFile, type WellbeingFile } from './config-file.js';
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
import { createPromptScheduler, type PromptRun } from './scheduler/prompts.js';
import { createSettler } from './scheduler/settler.js';
import { createAfterCheckin } from './services/after-checkin.js';
import { createByShiftService } from './services/by-shift.js';
import { createCellService } from './services/cells.js';
import { type ChannelGrid, createChannelGrid } from './services/channel-grid.js';
import { type ChannelSettingsService, createChannelSettings } from './services/channel-settings.js';
import { createCheckinService, ownCheckins } from './services/checkins.js';
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
import type { ReportError } from './slack/failure.js';
import { fileDmSender } from './slack/files.js';
import { guardPayloads } from './slack/guard.js';
import { healthRoutes, healthServer, metricsServer } from './slack/health.js';
import { ownDataSubcommands, registerCheckinListeners } from './slack/listeners/checkins.js';
import { registerDirectMessageListener } from './slack/listeners/direct-messages.js';
import { digestSender, homePublisher, registerSummaryListeners } from './slack/listeners/summaries.js';
import { createChannelPacer } from './slack/pacer.js';
import { createUserZones } from './slack/people.js';
import { createSlackPort, createSummarySlackPort, waitingOutRateLimits } from './slack/port.js';
import { createPromptPoster } from './slack/poster.js';
import { mountRoutes } from './slack/routes.js';
import { deferEventAcks } from './slack/socket-acks.js';
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
  /** Which reactions count as which score (WELLBEING_CONFIG `emoji:`); default the built-in map. */
  emojiMap?: Readonly<Record<string, Score>>;
}

export interface Bot {
  readonly app: App;
  readonly metrics: Metrics;
  /** Channels' zone, pooling and reactions (the configuration file applies them through it). */
  readonly channelGrid: ChannelGrid;
  /** A channel's rota and pause; the config file changes shifts through it too. */
  readonly channelSettings: ChannelSettingsService;
  /** Starts listening; resolves with the HTTP ports actually bound (Slack and health; /metrics). */
  start(): Promise<{ port: number; metricsPort: number }>;
  /** Stops scheduling, lets in-flight requests and background work finish, and closes the listeners (not Redis). */
  stop(): Promise<void>;
  /** The weekly digest for instant `now` (the scheduler calls it every quarter-hour; tests call it directly). */
  runDigest(now: number): Promise<DigestRun>;
  /** Scheduled prompts due in the window ending at `now` (the minute tick calls it; tests call it directly). */
  runDue(now: number): Promise<PromptRun>;
  /** Settles due cells and sweeps expired data, as the quarter-hour task does (tests call it directly). */
  runSettler(now: number): Promise<void>;
  /** The daily upkeep for instant `now` (its cron tick calls it; tests call it directly). */
  runDaily(now: number): Promise<void>;
  /** Resolves once the persistence rewrite asked for by the latest erasure has finished. */
  rewritten(): Promise<unknown>;
  /** Resolves when the work started after Slack's answers (support DMs, App Home refreshes) has settled. */
  idle(): Promise<void>;
  /**
   * Applies a WELLBEING_CONFIG file to the workspace it names, or else to the bot token's own
   * (asked of Slack, so after `start()`).
   */
  applyConfigFile(file: WellbeingFile): Promise<ApplySummary>;
}

/** Every failure of a request or background job: counted by code and logged once, with context. */
function errorReporter(log: Logger, metrics: Metrics): ReportError {
  const slackLog = log.child({ module: 'slack' });
  return (err, context) => {
    const code = errorCode(err);
    metrics.errors.inc({ code });
    const e = err as Error;
    slackLog.error({ code, ...context, err: { name: e?.name, message: e?.message } }, 'request failed');
  };
}

type Stores = ReturnType<typeof buildStores>;

function buildStores(redis: RedisClient, config: Config, metrics: Metrics) {
  const keys = createKeys(config.redis.keyPrefix);
  const retentionDays = config.retentionDays;
  return {
    keys,
    roles: createRoleStore(redis, keys),
    channels: createChannelStore(redis, keys),
    checkins: createCheckinStore(redis, keys, {
      retentionDays,
      observe: (op, seconds) => metrics.redisLatency.observe({ op }, seconds),
    }),
    summaries: createSummaryStore(redis, keys),
    cells: createCellStore(redis, keys),
    people: createPeopleStore(redis, keys),
    pending: createPendingStore(redis, keys),
    prompts: createPromptStore(redis, keys, { retentionDays }),
    schedules: createScheduleStore(redis, keys),
    coordinator: createRedisRunCoordinator(redis, keys),
    teams: () => redis.smembers(keys.teams()),
  };
}

type SlackApp = ReturnType<typeof buildSlackApp>;

function buildSlackApp(
  config: Config,
  log: Logger,
  redis: RedisClient,
  metrics: Metrics,
  reportError: ReportError,
) {
  const blog = boltLogger(log);
  // Set in Socket Mode: /readyz reports the socket's state too.
  let socketUp: (() => boolean) | undefined;
  const routes = healthRoutes(redis, metrics, () => socketUp?.() ?? true);
  // Every HTTP connection to Slack (both Web API clients, Socket Mode's apps.connections.open and its
  // WebSocket) shares one kept-alive transport, through the proxy when one is configured.
  const transport = createSlackTransport(config.proxy ? { proxy: config.proxy } : {});
  const clientOptions = {
    ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
    fetch: transport.fetch,
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
      // is answered 500 and Slack delivers it again.
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
  return { app, onceClient, transport, socketHealth, metricsHttp, metrics };
}

type UseCases = ReturnType<typeof buildUseCases>;

function buildUseCases(
  deps: BotDeps,
  stores: Stores,
  slack: SlackApp,
  background: Background,
  reportError: ReportError,
) {
  const { config, log } = deps;
  const clock = deps.clock ?? Date.now;
  const { channels, roles } = stores;
  const slackPort = createSlackPort({ client: slack.app.client, once: slack.onceClient, log }, channels);
  const summarySlack = createSummarySlackPort(slack.app.client, channels, slackPort);
  // Cells: where each check-in counts, and what each lead may see once they settle (docs/LEADS.md).
  const cells = createCellService({
    store: stores.cells,
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
    store: stores.summaries,
    mine: ownCheckins(stores.checkins, clock, config.defaultTz),
    publish: homePublisher(slack.app.client),
    clock,
    defaultTz: config.defaultTz,
    log,
  });
  // What a change to someone's check-ins calls for, acted on after Slack has its reply.
  const after = createAfterCheckin({
    slack: slackPort,
    store: stores.checkins,
    supportText: config.supportText,
    refreshHome: (team, user, known) => home.changed(team, user, known),
    background: (work, where) => background.run(work, (err) => reportError(err, { where })),
  });
  const checkins = createCheckinService({
    store: stores.checkins,
    channels,
    slack: slackPort,
    cells,
    settleAll,
    forgetViewer: async (team, user) =>
      cells.forgetViewer(team, user, [...(await channels.promptChannels(team)).keys()]),
    after,
    clock,
    emojiMap: deps.emojiMap ?? DEFAULT_EMOJI_MAP,
    defaultTz: config.defaultTz,
  });
  const choices = createChoiceService({ pending: stores.pending, checkins });
  // Deleted notes leave the disk too: Redis rewrites its append-only file after a forget and daily.
  const rewriter = createDiskRewriter(deps.redis, stores.keys, { log });
  const people = createPeopleService({
    // Through the check-in service: it settles due cells first and refreshes the person's App Home.
    records: {
      forget: (team, user) => checkins.forget(team, user),
      all: (team, user) => checkins.exportPerson(team, user),
    },
    pending: stores.pending,
    rewriter,
    log,
    clock,
    retentionDays: config.retentionDays,
  });
  // People's own clocks (Slack's time zone) and quiet hours time what the bot starts on its own.
  const zoneOf = createUserZones(slack.app.client, stores.people);
  const digest = createDigest({
    summaries,
    channels,
    roles,
    teams: stores.teams,
    coordinator: stores.coordinator,
    send: digestSender(slack.app.client),
    people: { zoneOf, quietOf: stores.people.quiet },
    defaultTz: config.defaultTz,
    log,
  });
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
  // Prompts are posted exactly once, through the client that never repeats a call.
  const schedulerLog = log.child({ module: 'scheduler' });
  const prompts = createPromptService({
    reactionsOn: async (team, channel) => !(await channels.promptChannel(team, channel)).reactionsOff,
    prompts: stores.prompts,
    schedules: stores.schedules,
    poster: createPromptPoster({
      client: slack.onceClient,
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
    metrics: slack.metrics,
    log,
    channelContext: channelSettings.context,
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
  const byShift = createByShiftService({
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
  });
  const channelGrid = createChannelGrid({
    channels,
    cells,
    changed: (team, channel) => checkins.channelChanged(team, channel),
    defaultTz: config.defaultTz,
    clock,
  });
  return {
    clock,
    checkins,
    choices,
    people,
    rewriter,
    exports,
    byShift,
    summaries,
    home,
    digest,
    prompts,
    settleAll,
    channelSettings,
    channelGrid,
    zoneOf,
  };
}

function registerListeners(
  config: Config,
  slack: SlackApp,
  stores: Stores,
  useCases: UseCases,
  reportError: ReportError,
): void {
  const { metrics } = slack;
  const { roles, channels } = stores;
  const { checkins, choices, people, clock, home, prompts, summaries, channelGrid, channelSettings, zoneOf } =
    useCases;
  const { exports, byShift } = useCases;
  // Listeners are looked up in one table per kind of payload (see slack/routes.ts), which also counts
  // requests for the metrics.
  const listeners = mountRoutes(slack.app, (kind, outcome) => metrics.requests.inc({ kind, outcome }));
  const dayOf = (ms: number) => dayKey(ms, config.defaultTz);
  registerCheckinListeners(listeners, {
    service: checkins,
    choices,
    people,
    metrics,
    dayOf,
    clock,
    reportError,
  });
  registerSummaryListeners(listeners, { home, checkins, channels, metrics, reportError });
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
      sendFile: fileDmSender(slack.app.client),
    }),
    adminSubcommand(people),
    summarySubcommand(summaries, byShift),
    exportSubcommand({ service: exports, sendFile: fileDmSender(slack.app.client), reportError }),
    scheduleSubcommand(prompts, { defaultTz: config.defaultTz, settings: channelSettings, clock }),
    shiftsSubcommand(channelSettings, clock),
    pauseSubcommand(channelSettings, clock),
    resumeSubcommand(channelSettings),
    quietSubcommand({ people: stores.people, zoneOf, clock, defaultTz: config.defaultTz }),
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
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  registerDirectMessageListener(listeners, {
    supportText: config.supportText,
    reportError,
    // The once-only client: a reply that may have reached Slack is not sent a second time.
    send: async (channel, text) => {
      await waitingOutRateLimits(() => slack.onceClient.chat.postMessage({ channel, text }), 2, sleep);
    },
  });
}

function buildSchedulers(log: Logger, stores: Stores, useCases: UseCases, reportError: ReportError) {
  return {
    maintenance: scheduleMaintenance({ rewriter: useCases.rewriter, coordinator: stores.coordinator, log }),
    digest: scheduleDigest(useCases.digest.runDigest, log, (err) => reportError(err, { where: 'digest' })),
    prompts: createPromptScheduler({
      schedules: stores.schedules,
      contexts: useCases.channelSettings.contexts,
      coordinator: stores.coordinator,
      post: useCases.prompts.postPrompt,
      clock: useCases.clock,
      log,
      onError: reportError,
    }),
    settler: createSettler({
      teams: stores.teams,
      settleTeam: useCases.settleAll,
      sweep: (team, now) => stores.checkins.sweep(team, now),
      coordinator: stores.coordinator,
      log,
      onError: (err) => reportError(err, { where: 'settler' }),
    }),
  };
}

export function createBot(deps: BotDeps): Bot {
  const { config, log, redis } = deps;
  const metrics = createMetrics();
  const reportError = errorReporter(log, metrics);
  const background = createBackground();

  const stores = buildStores(redis, config, metrics);
  const slack = buildSlackApp(config, log, redis, metrics, reportError);
  const useCases = buildUseCases(deps, stores, slack, background, reportError);
  registerListeners(config, slack, stores, useCases, reportError);
  const schedulers = buildSchedulers(log, stores, useCases, reportError);
  const { app, socketHealth, metricsHttp, transport } = slack;
  const { people, rewriter } = useCases;

  return {
    app,
    metrics,
    channelGrid: useCases.channelGrid,
    channelSettings: useCases.channelSettings,
    async start() {
      await app.init();
      await listen(metricsHttp, config.metricsPort);
      const metricsPort = (metricsHttp.address() as AddressInfo).port;
      if (deps.schedule !== false) {
        schedulers.digest.start();
        schedulers.prompts.start();
        schedulers.settler.start();
        schedulers.maintenance.start();
      }
      if (socketHealth) {
        await listen(socketHealth, config.port);
        await app.start();
        return { port: (socketHealth.address() as AddressInfo).port, metricsPort };
      }
      const server = (await app.start()) as http.Server;
      return { port: (server.address() as AddressInfo).port, metricsPort };
    },
    runDigest: useCases.digest.runDigest,
    runDue: schedulers.prompts.runDue,
    runSettler: schedulers.settler.run,
    runDaily: schedulers.maintenance.runDaily,
    rewritten: () => people.settled(),
    idle: background.idle,
    async applyConfigFile(file) {
      const team = file.team ?? (await app.client.auth.test()).team_id;
      if (!team) {
        throw new Error(
          'could not tell which workspace the bot token belongs to; set `team:` in WELLBEING_CONFIG',
        );
      }
      return applyWellbeingFile(file, {
        team,
        prompts: stores.prompts,
        schedules: stores.schedules,
        roles: stores.roles,
        grid: useCases.channelGrid,
        channels: stores.channels,
        settings: useCases.channelSettings,
        clock: useCases.clock,
        defaultTz: config.defaultTz,
        log,
      });
    },
    async stop() {
      await schedulers.digest.stop();
      await schedulers.prompts.stop();
      await schedulers.settler.stop();
      await schedulers.maintenance.stop();
      rewriter.close();
      await people.settled();
      await app.stop();
      for (const server of [socketHealth, metricsHttp]) {
        if (server?.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      // Support DMs and App Home refreshes started after an ack may still be on their way.
      await background.idle();
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
