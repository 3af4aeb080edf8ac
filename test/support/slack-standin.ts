// A local Slack for the tests, the demo and the benchmarks. It answers the Web API methods
// the bot calls, delivers events, slash commands, button presses and modal submissions to the bot as
// Slack does (signed HTTP requests, or Socket Mode envelopes), serves response_urls, and records
// everything.
// Argument names, errors and payload shapes follow Slack's specs in test/fixtures/slack-specs
// (web-api.openapi.json, events-api.asyncapi.json); what those files leave out follows @slack/types and Slack's documentation.
import { randomInt, randomUUID } from 'node:crypto';
import { Agent, createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { blockProblems, type Surface } from './block-rules.js';
import { signSlackRequest } from './signing.js';
import { type ConversationKind, manifestBotScopes, missingScope, scopeTable } from './slack-scopes.js';

// Like Slack, the stand-in refuses blocks that break Block Kit's rules (block-rules.ts), answers
// `missing_scope` to a call the manifest's scopes do not allow (slack-scopes.ts), and takes file
// uploads (files.getUploadURLExternal, the upload URL, files.completeUploadExternal).
export interface StandinOptions {
  /** Web API calls must carry it as `Authorization: Bearer …` (or a `token` field). */
  botToken: string;
  /** Signs HTTP deliveries to the bot. */
  signingSecret: string;
  /** `xapp-…`; the only token apps.connections.open accepts. */
  appToken?: string;
  teamId?: string;
  teamDomain?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  /** The legacy `token` field of every delivery. */
  verificationToken?: string;
  /** Clock (ms) for signing timestamps, `ts` values and event times. */
  now?: () => number;
  /** An unacknowledged Socket Mode envelope is redelivered (events) or given up on after this long. */
  socketAckTimeoutMs?: number;
  /** The bot token's scopes; default: the bot scopes in manifest.yml. */
  scopes?: readonly string[];
}

export interface StandinUser {
  id: string;
  name?: string;
  realName?: string;
  isBot?: boolean;
  tz?: string;
  deleted?: boolean;
}

export interface StandinChannel {
  id: string;
  name: string;
  /** People in the channel; the bot is added or left out according to `botIsMember`. */
  members: string[];
  isPrivate?: boolean;
  /** Default true. */
  botIsMember?: boolean;
}

export interface RecordedCall {
  readonly method: string;
  /** Parsed JSON or form arguments (JSON-valued form fields such as `blocks` decoded), without the token. */
  readonly args: Record<string, unknown>;
  /** Wall-clock ms when the call arrived. */
  readonly at: number;
  readonly status: number;
  readonly response: unknown;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[] | undefined;
  user: string;
  thread_ts?: string;
  metadata?: unknown;
  /** reaction name → users who reacted with it */
  reactions: Map<string, Set<string>>;
  /** How often chat.update or a `replace_original` response changed it. */
  updates: number;
  /** IDs of the files shared with it (files.completeUploadExternal). */
  files?: string[];
}

export interface ResponseUrlPost {
  url: string;
  user: string;
  channel: string | undefined;
  body: unknown;
  at: number;
  /** Set when Slack refused the post (`invalid_blocks`); `problems` says why. */
  error?: string;
  problems?: string[];
}

/** A file the bot uploaded (files.getUploadURLExternal, the upload, files.completeUploadExternal). */
export interface UploadedFile {
  id: string;
  filename: string;
  /** Set by files.completeUploadExternal (the file name when none was given). */
  title: string | undefined;
  /** Where it was shared; undefined while it is not completed, or completed unshared. */
  channel: string | undefined;
  initialComment: string | undefined;
  altText: string | undefined;
  /** The file's bytes (a multipart upload's file part, as @slack/web-api sends it), and as UTF-8 text. */
  bytes: Buffer;
  content: string;
  completed: boolean;
}

export interface DeliveryOptions {
  eventId?: string;
  /** Sent as X-Slack-Retry-Num (HTTP) or `retry_attempt` (Socket Mode). */
  retryNum?: number;
  /** Sent as X-Slack-Retry-Reason / `retry_reason`; defaults to `http_timeout` when retryNum is set. */
  retryReason?: string;
  /** `stale` is correctly signed 6 minutes ago; `missing` sends neither signing header. */
  signature?: 'valid' | 'missing' | 'wrong' | 'stale';
  teamId?: string;
  /** Default: `socket` while a Socket Mode client is connected, else `http`. */
  via?: 'http' | 'socket';
}

export interface Delivery {
  /** HTTP status, or 200 when the socket envelope was acked and 0 when it never was. */
  status: number;
  body: string;
  ms: number;
  eventId?: string;
}

export interface CommandDelivery extends Delivery {
  /** The acknowledgement's content: parsed JSON, text, or undefined when empty. */
  ack: unknown;
  /** Why Slack would refuse the acknowledgement's blocks (Block Kit rules); empty when it shows them. */
  ackProblems: string[];
  /** Posts to this delivery's response_url so far. */
  responses(): ResponseUrlPost[];
  /** The next post to this response_url: the first call waits for the first post, the second for the second… */
  waitForResponse(timeoutMs?: number): Promise<ResponseUrlPost>;
}

export interface ReactionOptions {
  user: string;
  reaction: string;
  channel: string;
  ts: string;
  /** Default: the author of the message when the stand-in knows it. */
  itemUser?: string;
}

export interface SlashCommandOptions {
  command: string;
  text: string;
  userId: string;
  channelId: string;
  channelName?: string;
  teamId?: string;
  userName?: string;
}

export interface BlockActionOptions {
  userId: string;
  /** Omit for a button in the App Home (container type `view`). */
  channelId?: string;
  actionId: string;
  /** Default: the value of the button with that action_id in the message or view. */
  value?: string;
  blockId?: string;
  /** The message holding the button; an ephemeral's message_ts gives an ephemeral container. */
  messageTs?: string;
  teamId?: string;
}

export interface ViewSubmissionOptions {
  userId: string;
  /** The modal's callback_id, which Bolt's `app.view()` matches. */
  callbackId: string;
  /** `view.state.values`: block_id → action_id → the input's value object. */
  values?: Record<string, Record<string, Record<string, unknown>>>;
  privateMetadata?: string;
  /** The modal's blocks (default none) and title. */
  blocks?: unknown[];
  title?: string;
  teamId?: string;
}

export interface RateLimitInjection {
  /** How many calls to answer this way; default unlimited (until clearInjections). */
  times?: number;
  /** Chance that a matching call is hit; default 1. */
  probability?: number;
  retryAfterSec: number;
  /** Only calls whose `channel` argument is this. */
  channel?: string;
  random?: () => number;
}

export interface SlackStandin {
  readonly url: string;
  /** What the bot gets as SLACK_API_URL. */
  readonly apiUrl: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  setBotUrl(url: string): void;
  addUser(u: StandinUser): void;
  addChannel(c: StandinChannel): void;
  setMembers(channel: string, members: string[]): void;
  readonly calls: readonly RecordedCall[];
  callsTo(method: string): RecordedCall[];
  messages(channel: string): PostedMessage[];
  /** Successful chat.postEphemeral calls. */
  ephemerals(filter?: { user?: string; channel?: string }): RecordedCall[];
  responses(filter?: { user?: string }): ResponseUrlPost[];
  /** Views published to that user's App Home, latest last. */
  views(user: string): Record<string, unknown>[];
  /** Files uploaded through the external upload flow, completed or not, oldest first. */
  files(filter?: { channel?: string }): UploadedFile[];
  /** Replaces the bot token's scopes (e.g. to show what a missing one does). */
  setScopes(scopes: readonly string[]): void;
  dms(user: string): PostedMessage[];
  dmChannel(user: string): string | undefined;
  /** Forgets calls, messages, ephemerals, views and response posts; keeps users, channels and injections. */
  reset(): void;
  injectRateLimit(method: string, o: RateLimitInjection): void;
  injectError(method: string, error: string, o?: { channel?: string; times?: number }): void;
  /** Answers every call to `method` (or `'*'`, every method) `ms` milliseconds late; 0 removes it. */
  injectLatency(method: string, ms: number): void;
  /** The most calls to `method` that were waiting out an injected latency at the same time. */
  peakConcurrency(method: string): number;
  /**
   * Does the call (a message is posted), then closes the connection without answering: the reply was
   * lost on the way back, so the caller cannot know whether it worked. Recorded with status 0.
   */
  injectLostReply(method: string, o?: { channel?: string; times?: number }): void;
  clearInjections(): void;
  sendEvent(event: Record<string, unknown>, o?: DeliveryOptions): Promise<Delivery>;
  reactionAdded(o: ReactionOptions, d?: DeliveryOptions): Promise<Delivery>;
  reactionRemoved(o: ReactionOptions, d?: DeliveryOptions): Promise<Delivery>;
  appHomeOpened(user: string, d?: DeliveryOptions): Promise<Delivery>;
  slashCommand(o: SlashCommandOptions, d?: DeliveryOptions): Promise<CommandDelivery>;
  blockAction(o: BlockActionOptions, d?: DeliveryOptions): Promise<CommandDelivery>;
  /** A modal's submit button; `ack` holds the app's answer (e.g. `response_action: 'errors'`). */
  viewSubmission(o: ViewSubmissionOptions, d?: DeliveryOptions): Promise<CommandDelivery>;
  socketConnections(): number;
  /** Asks every Socket Mode client to reconnect (`disconnect` message); resolves when their sockets closed. */
  disconnectSockets(): Promise<void>;
  waitForSocketConnection(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function createSlackStandin(opts: StandinOptions): Promise<SlackStandin> {
  const standin = new Standin(opts);
  await standin.listen();
  return standin;
}

type Args = Record<string, unknown>;
type ApiBody = { ok: boolean } & Record<string, unknown>;
type ApiReply = { status: number; body: ApiBody; headers?: Record<string, string> };
type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';
type Received = { status: number; body: string; ms: number; ack: unknown };

interface User {
  id: string;
  name: string;
  realName: string;
  isBot: boolean;
  tz: string;
  deleted: boolean;
}

interface Conversation {
  id: string;
  name: string;
  members: string[];
  isPrivate: boolean;
  /** Set for a direct message: the person the bot talks with. */
  imUser?: string;
  isMpim: boolean;
  created: number;
}

interface Injection {
  method: string;
  channel: string | undefined;
  remaining: number;
  probability: number;
  random: () => number;
  reply: ApiReply;
}

interface Upload extends UploadedFile {
  /** The length files.getUploadURLExternal was told. */
  length: number;
  received: boolean;
}

interface ResponseUrl {
  url: string;
  user: string;
  channel: string | undefined;
  /** The non-ephemeral message a button was pressed on; `replace_original` updates it. */
  message: PostedMessage | undefined;
  posts: ResponseUrlPost[];
  waiters: Set<() => void>;
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_FIELDS = ['blocks', 'attachments', 'view', 'metadata', 'files'];
const MAX_TEXT = 40_000;

class Standin implements SlackStandin {
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  private readonly teamDomain: string;
  private readonly botToken: string;
  private readonly appToken: string | undefined;
  private readonly signingSecret: string;
  private readonly verificationToken: string;
  private readonly now: () => number;
  private readonly socketAckTimeoutMs: number;
  private scopes: ReadonlySet<string>;
  /** Makes IDs unique across stand-ins sharing one Redis. */
  private readonly idTag = randomInt(36 ** 3)
    .toString(36)
    .toUpperCase()
    .padStart(3, '0');
  private idSeq = 0;
  private lastTsMicros = 0;

  private readonly server = createServer((req, res) => {
    this.onRequest(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly agent = new Agent({ keepAlive: true });
  private port = 0;
  private botUrl: string | undefined;

  private readonly users = new Map<string, User>();
  private readonly conversations = new Map<string, Conversation>();
  /** user ID (or sorted user IDs joined by commas) → DM conversation ID */
  private readonly dmIds = new Map<string, string>();

  private recorded: RecordedCall[] = [];
  private readonly posted = new Map<string, PostedMessage[]>();
  private readonly byChannelTs = new Map<string, PostedMessage>();
  private readonly ephemeralsByTs = new Map<string, { channel: string; user: string }>();
  private readonly homeViews = new Map<string, Record<string, unknown>[]>();
  private readonly uploads = new Map<string, Upload>();
  private readonly responseUrls = new Map<string, ResponseUrl>();
  private responsePosts: ResponseUrlPost[] = [];
  private injections: Injection[] = [];
  private readonly latencies = new Map<string, number>();
  private readonly inFlight = new Map<string, { now: number; peak: number }>();
  private lostReplies: { method: string; channel: string | undefined; remaining: number }[] = [];

  private readonly sockets = new Set<WebSocket>();
  private socketTurn = 0;
  private readonly tickets = new Set<string>();
  private readonly awaitingAck = new Map<string, (status: number, payload: unknown) => void>();

  private readonly methods: Record<string, (args: Args) => ApiBody> = {
    'auth.test': () => this.authTest(),
    'chat.postMessage': (a) => this.postMessage(a),
    'chat.postEphemeral': (a) => this.postEphemeral(a),
    'chat.update': (a) => this.updateMessage(a),
    'reactions.add': (a) => this.addReaction(a),
    'reactions.get': (a) => this.getReactions(a),
    'conversations.info': (a) => this.conversationInfo(a),
    'conversations.members': (a) => this.conversationMembers(a),
    'conversations.open': (a) => this.openConversation(a),
    'users.info': (a) => this.userInfo(a),
    'views.publish': (a) => this.publishView(a),
    'files.getUploadURLExternal': (a) => this.getUploadUrl(a),
    'files.completeUploadExternal': (a) => this.completeUpload(a),
    'apps.connections.open': () => this.openConnection(),
  };

  constructor(opts: StandinOptions) {
    this.botToken = opts.botToken;
    this.appToken = opts.appToken;
    this.signingSecret = opts.signingSecret;
    this.teamId = opts.teamId ?? 'T0CARE';
    this.teamDomain = opts.teamDomain ?? 'care-team';
    this.botUserId = opts.botUserId ?? 'UBOT0001';
    this.botId = opts.botId ?? 'BBOT0001';
    this.appId = opts.appId ?? 'AWELLBEING';
    this.verificationToken = opts.verificationToken ?? 'standin-verification-token';
    this.now = opts.now ?? Date.now;
    this.socketAckTimeoutMs = opts.socketAckTimeoutMs ?? 3000;
    this.scopes = new Set(opts.scopes ?? manifestBotScopes());
    // Read the scope table now, so a missing API description fails here rather than as 500s later.
    scopeTable();
    this.addUser({ id: this.botUserId, name: 'wellbeing', realName: 'Wellbeing Nudges', isBot: true });
    this.server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  setBotUrl(url: string): void {
    this.botUrl = url;
  }

  // ---- workspace state ----

  addUser(u: StandinUser): void {
    this.users.set(u.id, {
      id: u.id,
      name: u.name ?? u.id.toLowerCase(),
      realName: u.realName ?? u.name ?? u.id,
      isBot: u.isBot ?? false,
      tz: u.tz ?? 'UTC',
      deleted: u.deleted ?? false,
    });
  }

  addChannel(c: StandinChannel): void {
    const conversation: Conversation = {
      id: c.id,
      name: c.name,
      members: [],
      isPrivate: c.isPrivate ?? false,
      isMpim: false,
      created: this.nowSec(),
    };
    this.conversations.set(c.id, conversation);
    this.setMembership(conversation, c.members, c.botIsMember ?? true);
  }

  /** Replaces the people in a channel; the bot stays in (or out) as it was. */
  setMembers(channel: string, members: string[]): void {
    const conversation = this.conversations.get(channel);
    if (!conversation) throw new Error(`slack stand-in: no channel ${channel}`);
    this.setMembership(conversation, members, conversation.members.includes(this.botUserId));
  }

  private setMembership(conversation: Conversation, members: string[], botIsMember: boolean): void {
    // People the tests never described still exist in Slack: give them a plain profile.
    for (const id of members) if (!this.users.has(id)) this.addUser({ id });
    const others = [...new Set(members)].filter((id) => id !== this.botUserId);
    conversation.members = botIsMember ? [...others, this.botUserId] : others;
  }

  // ---- what the bot did ----

  get calls(): readonly RecordedCall[] {
    return this.recorded;
  }

  callsTo(method: string): RecordedCall[] {
    return this.recorded.filter((c) => c.method === method);
  }

  messages(channel: string): PostedMessage[] {
    return [...(this.posted.get(channel) ?? [])];
  }

  ephemerals(filter: { user?: string; channel?: string } = {}): RecordedCall[] {
    return this.recorded.filter((call) => {
      if (call.method !== 'chat.postEphemeral' || !isRecord(call.response) || call.response.ok !== true)
        return false;
      const shown = this.ephemeralsByTs.get(String(call.response.message_ts));
      return (
        (!filter.user || shown?.user === filter.user) &&
        (!filter.channel || shown?.channel === filter.channel)
      );
    });
  }

  responses(filter: { user?: string } = {}): ResponseUrlPost[] {
    return this.responsePosts.filter((p) => !filter.user || p.user === filter.user);
  }

  views(user: string): Record<string, unknown>[] {
    return [...(this.homeViews.get(user) ?? [])];
  }

  files(filter: { channel?: string } = {}): UploadedFile[] {
    return [...this.uploads.values()]
      .filter((f) => !filter.channel || f.channel === filter.channel)
      .map(({ length: _length, received: _received, ...f }) => ({ ...f }));
  }

  setScopes(scopes: readonly string[]): void {
    this.scopes = new Set(scopes);
  }

  dmChannel(user: string): string | undefined {
    return this.dmIds.get(user);
  }

  dms(user: string): PostedMessage[] {
    const id = this.dmIds.get(user);
    return id ? this.messages(id) : [];
  }

  reset(): void {
    this.recorded = [];
    this.posted.clear();
    this.byChannelTs.clear();
    this.ephemeralsByTs.clear();
    this.homeViews.clear();
    this.uploads.clear();
    this.responseUrls.clear();
    this.responsePosts = [];
  }

  // ---- fault injection ----

  injectRateLimit(method: string, o: RateLimitInjection): void {
    this.injections.push({
      method,
      channel: o.channel,
      remaining: o.times ?? Number.POSITIVE_INFINITY,
      probability: o.probability ?? 1,
      random: o.random ?? Math.random,
      reply: {
        status: 429,
        body: { ok: false, error: 'ratelimited' },
        headers: { 'retry-after': String(o.retryAfterSec) },
      },
    });
  }

  injectError(method: string, error: string, o: { channel?: string; times?: number } = {}): void {
    this.injections.push({
      method,
      channel: o.channel,
      remaining: o.times ?? Number.POSITIVE_INFINITY,
      probability: 1,
      random: Math.random,
      reply: { status: 200, body: { ok: false, error } },
    });
  }

  injectLatency(method: string, ms: number): void {
    if (ms > 0) this.latencies.set(method, ms);
    else this.latencies.delete(method);
  }

  peakConcurrency(method: string): number {
    return this.inFlight.get(method)?.peak ?? 0;
  }

  injectLostReply(method: string, o: { channel?: string; times?: number } = {}): void {
    this.lostReplies.push({ method, channel: o.channel, remaining: o.times ?? Number.POSITIVE_INFINITY });
  }

  clearInjections(): void {
    this.injections = [];
    this.latencies.clear();
    this.inFlight.clear();
    this.lostReplies = [];
  }

  private takeLostReply(method: string, args: Args): boolean {
    const hit = this.lostReplies.find(
      (l) => l.method === method && (l.channel === undefined || l.channel === args.channel),
    );
    if (!hit) return false;
    hit.remaining -= 1;
    if (hit.remaining <= 0) this.lostReplies = this.lostReplies.filter((l) => l !== hit);
    return true;
  }

  private takeInjection(method: string, args: Args): ApiReply | undefined {
    const hit = this.injections.find(
      (i) =>
        i.method === method &&
        (i.channel === undefined || i.channel === args.channel) &&
        (i.probability >= 1 || i.random() < i.probability),
    );
    if (!hit) return undefined;
    hit.remaining -= 1;
    if (hit.remaining <= 0) this.injections = this.injections.filter((i) => i !== hit);
    return hit.reply;
  }

  // ---- Web API ----

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname, searchParams } = new URL(req.url ?? '/', 'http://standin');
    if (pathname.startsWith('/api/')) {
      const call = parseApiCall(req.headers, await readBody(req), searchParams);
      const method = pathname.slice('/api/'.length);
      const late = this.latencies.get(method) ?? this.latencies.get('*') ?? 0;
      if (late > 0) {
        const load = this.inFlight.get(method) ?? { now: 0, peak: 0 };
        this.inFlight.set(method, load);
        load.now += 1;
        load.peak = Math.max(load.peak, load.now);
        await delay(late);
        load.now -= 1;
      }
      const reply = call.error ? failure(call.error) : this.callMethod(method, call.args, call.token);
      const lost = reply.status === 200 && this.takeLostReply(method, call.args);
      this.recorded.push({
        method,
        args: call.args,
        at: Date.now(),
        status: lost ? 0 : reply.status,
        response: reply.body,
      });
      if (lost) req.socket.destroy();
      else sendJson(res, reply);
    } else if (req.method === 'POST' && pathname.startsWith('/response/')) {
      this.onResponsePost(pathname.slice('/response/'.length), await readBody(req), res);
    } else if (req.method === 'POST' && pathname.startsWith('/upload/v1/')) {
      await this.onUpload(pathname.slice('/upload/v1/'.length), req, res);
    } else {
      res.writeHead(404).end();
    }
  }

  private callMethod(method: string, args: Args, token: string | undefined): ApiReply {
    const handler = this.methods[method];
    if (!handler) return failure('unknown_method');
    const authError = this.authError(method, token);
    if (authError) return failure(authError);
    const scopeError = this.scopeError(method, args);
    if (scopeError) return { status: 200, body: scopeError };
    return this.takeInjection(method, args) ?? { status: 200, body: handler(args) };
  }

  /** Slack's answer to a call the token's scopes do not allow. */
  private scopeError(method: string, args: Args): ApiBody | undefined {
    // The app-level token (Socket Mode) carries connections:write, apart from the bot's scopes.
    const granted = method === 'apps.connections.open' ? new Set(['connections:write']) : this.scopes;
    const needed = missingScope(method, granted, this.conversationKind(method, args));
    if (!needed) return undefined;
    return { ok: false, error: 'missing_scope', needed, provided: [...granted].join(',') };
  }

  /** The kind of conversation a call is about, which decides e.g. channels:read or groups:read. */
  private conversationKind(method: string, args: Args): ConversationKind | undefined {
    if (method === 'conversations.open' && !str(args.channel)) {
      const users = (str(args.users) ?? '').split(',').filter((u) => u.trim() !== '');
      return users.length > 1 ? 'mpim' : 'im';
    }
    const c = this.conversations.get(str(args.channel) ?? '');
    if (!c) return undefined;
    if (c.imUser) return 'im';
    if (c.isMpim) return 'mpim';
    return c.isPrivate ? 'groups' : 'channels';
  }

  private authError(method: string, token: string | undefined): string | undefined {
    const expected = method === 'apps.connections.open' ? this.appToken : this.botToken;
    if (!token) return 'not_authed';
    if (token === expected) return undefined;
    return token === this.botToken || token === this.appToken ? 'not_allowed_token_type' : 'invalid_auth';
  }

  private authTest(): ApiBody {
    return {
      ok: true,
      url: `https://${this.teamDomain}.slack.com/`,
      team: 'Care Team',
      user: this.users.get(this.botUserId)?.name ?? 'wellbeing',
      team_id: this.teamId,
      user_id: this.botUserId,
      bot_id: this.botId,
      is_enterprise_install: false,
    };
  }

  private postMessage(a: Args): ApiBody {
    const channel = str(a.channel);
    if (!channel) return fail('invalid_arguments');
    const content = messageContent(a);
    if ('error' in content) return fail(content.error, content.problems);
    const conversation = this.conversationToPostIn(channel);
    if (!conversation) return fail('channel_not_found');
    if (!conversation.members.includes(this.botUserId)) return fail('not_in_channel');
    const message = this.addMessage(
      conversation.id,
      content.text,
      content.blocks,
      str(a.thread_ts),
      a.metadata,
    );
    return { ok: true, channel: conversation.id, ts: message.ts, message: this.messageJson(message) };
  }

  private postEphemeral(a: Args): ApiBody {
    const channel = str(a.channel);
    const user = str(a.user);
    if (!channel || !user) return fail('invalid_arguments');
    const content = messageContent(a);
    if ('error' in content) return fail(content.error, content.problems);
    const conversation = this.conversationToPostIn(channel);
    if (!conversation) return fail('channel_not_found');
    if (!conversation.members.includes(user)) return fail('user_not_in_channel');
    const ts = this.nextTs();
    this.ephemeralsByTs.set(ts, { channel: conversation.id, user });
    return { ok: true, message_ts: ts };
  }

  private updateMessage(a: Args): ApiBody {
    const channel = str(a.channel);
    const ts = str(a.ts);
    if (!channel || !ts) return fail('invalid_arguments');
    const conversation = this.visibleConversation(channel);
    if (!conversation) return fail('channel_not_found');
    const message = this.byChannelTs.get(`${conversation.id}/${ts}`);
    if (!message) return fail('message_not_found');
    if (message.user !== this.botUserId) return fail('cant_update_message');
    const text = typeof a.text === 'string' ? a.text : undefined;
    if (text === undefined && a.blocks === undefined && a.attachments === undefined) return fail('no_text');
    if (a.blocks !== undefined && !Array.isArray(a.blocks)) return fail('invalid_blocks');
    const problems = Array.isArray(a.blocks) ? blockProblems(a.blocks, 'message') : [];
    if (problems.length > 0) return fail('invalid_blocks', problems);
    if (text !== undefined && text.length > MAX_TEXT) return fail('msg_too_long');
    message.text = text ?? message.text;
    if (Array.isArray(a.blocks)) message.blocks = a.blocks;
    message.updates += 1;
    return { ok: true, channel: conversation.id, ts, text: message.text, message: this.messageJson(message) };
  }

  private addReaction(a: Args): ApiBody {
    const channel = str(a.channel);
    const name = str(a.name)?.replace(/^:|:$/g, '');
    const timestamp = str(a.timestamp);
    if (!channel || !name || !timestamp) return fail('invalid_arguments');
    const conversation = this.visibleConversation(channel);
    if (!conversation) return fail('channel_not_found');
    const message = this.byChannelTs.get(`${conversation.id}/${timestamp}`);
    if (!message) return fail('message_not_found');
    if (message.reactions.get(name)?.has(this.botUserId)) return fail('already_reacted');
    react(message, name, this.botUserId, true);
    return { ok: true };
  }

  private getReactions(a: Args): ApiBody {
    const channel = str(a.channel);
    const timestamp = str(a.timestamp);
    if (!channel || !timestamp) return fail('no_item_specified');
    const conversation = this.visibleConversation(channel);
    const message = conversation && this.byChannelTs.get(`${conversation.id}/${timestamp}`);
    if (!conversation || !message) return fail('message_not_found');
    return { ok: true, type: 'message', channel: conversation.id, message: this.messageJson(message) };
  }

  private conversationInfo(a: Args): ApiBody {
    const conversation = this.visibleConversation(str(a.channel));
    if (!conversation) return fail('channel_not_found');
    return { ok: true, channel: this.conversationJson(conversation, truthy(a.include_num_members)) };
  }

  private conversationMembers(a: Args): ApiBody {
    const conversation = this.visibleConversation(str(a.channel));
    if (!conversation) return fail('channel_not_found');
    const limit = a.limit === undefined || a.limit === '' ? 100 : Number(a.limit);
    if (!Number.isInteger(limit) || limit < 1) return fail('invalid_limit');
    const { members } = conversation;
    const cursor = str(a.cursor);
    // Slack's member cursors are base64 of `user:<the next member>`.
    const start = cursor
      ? members.indexOf(
          Buffer.from(cursor, 'base64')
            .toString()
            .replace(/^user:/, ''),
        )
      : 0;
    if (start < 0) return fail('invalid_cursor');
    const page = members.slice(start, start + Math.min(limit, 1000));
    const next = members[start + page.length];
    const nextCursor = next ? Buffer.from(`user:${next}`).toString('base64') : '';
    return { ok: true, members: page, response_metadata: { next_cursor: nextCursor } };
  }

  private openConversation(a: Args): ApiBody {
    const channel = str(a.channel);
    if (channel) {
      const conversation = this.conversations.get(channel);
      if (!conversation || (!conversation.imUser && !conversation.isMpim)) return fail('channel_not_found');
      return { ok: true, no_op: true, already_open: true, channel: { id: conversation.id } };
    }
    const users = (str(a.users) ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter((u) => u !== '' && u !== this.botUserId);
    if (users.length === 0) return fail('users_list_not_supplied');
    if (users.length > 8) return fail('too_many_users');
    for (const id of users) {
      const user = this.users.get(id);
      if (!user) return fail('user_not_found');
      if (user.deleted) return fail('user_disabled');
    }
    const alreadyOpen = this.dmIds.has([...users].sort().join(','));
    const conversation = this.openDm(users);
    const channelJson = truthy(a.return_im)
      ? this.conversationJson(conversation, false)
      : { id: conversation.id };
    return alreadyOpen
      ? { ok: true, no_op: true, already_open: true, channel: channelJson }
      : { ok: true, channel: channelJson };
  }

  private userInfo(a: Args): ApiBody {
    const user = this.users.get(str(a.user) ?? '');
    if (!user) return fail('user_not_found');
    return { ok: true, user: this.userJson(user) };
  }

  private publishView(a: Args): ApiBody {
    const userId = str(a.user_id);
    const view = a.view;
    if (!userId || !isRecord(view) || view.type !== 'home') return fail('invalid_arguments');
    const blocks = Array.isArray(view.blocks) ? view.blocks : [];
    const problems = blockProblems(blocks, 'home', '/view/blocks');
    if (problems.length > 0) return fail('invalid_blocks', problems);
    const published = this.homeViews.get(userId) ?? [];
    const previous = published.at(-1);
    if (a.hash !== undefined && a.hash !== previous?.hash) return fail('hash_conflict');
    const id = typeof previous?.id === 'string' ? previous.id : this.nextId('V');
    const stored = {
      id,
      team_id: this.teamId,
      type: 'home',
      private_metadata: '',
      callback_id: '',
      external_id: '',
      ...view,
      state: { values: {} },
      hash: `${this.nowSec()}.${randomUUID().slice(0, 8)}`,
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: null,
      previous_view_id: null,
      root_view_id: id,
      app_id: this.appId,
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
    };
    published.push(stored);
    this.homeViews.set(userId, published);
    return { ok: true, view: stored };
  }

  // ---- file uploads ----

  /** Step 1 of an upload: an upload URL on the stand-in and the file's ID. */
  private getUploadUrl(a: Args): ApiBody {
    const filename = str(a.filename);
    const length = Number(a.length);
    if (!filename || !Number.isInteger(length) || length < 1) return fail('invalid_arguments');
    const id = this.nextId('F');
    this.uploads.set(id, {
      id,
      filename,
      title: undefined,
      channel: undefined,
      initialComment: undefined,
      altText: str(a.alt_text),
      bytes: Buffer.alloc(0),
      content: '',
      completed: false,
      length,
      received: false,
    });
    return { ok: true, upload_url: `${this.url}/upload/v1/${id}`, file_id: id };
  }

  /** Step 2: the bytes, raw or as the one file of a multipart form (what @slack/web-api sends). */
  private async onUpload(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const upload = this.uploads.get(id);
    if (!upload || upload.received) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('file_not_found');
      return;
    }
    const raw = await readBytes(req);
    const type = req.headers['content-type'] ?? '';
    let bytes = raw;
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData();
      const file = [...form.values()].find((v): v is File => typeof v !== 'string');
      if (!file) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('no_file_data');
        return;
      }
      bytes = Buffer.from(await file.arrayBuffer());
    }
    upload.bytes = bytes;
    upload.content = bytes.toString('utf8');
    upload.received = true;
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
  }

  /** Step 3: the uploaded files become files, shared in `channel_id` when it is given. */
  private completeUpload(a: Args): ApiBody {
    const list = a.files;
    if (!Array.isArray(list) || list.length === 0) return fail('invalid_arguments');
    const wanted: { upload: Upload; title: string | undefined }[] = [];
    for (const f of list) {
      const upload = isRecord(f) ? this.uploads.get(str(f.id) ?? '') : undefined;
      if (!upload?.received || upload.completed || !isRecord(f)) return fail('file_not_found');
      wanted.push({ upload, title: str(f.title) });
    }
    const channelId = str(a.channel_id) ?? str(a.channels)?.split(',')[0];
    let conversation: Conversation | undefined;
    if (channelId) {
      conversation = this.visibleConversation(channelId);
      if (!conversation) return fail('channel_not_found');
      if (!conversation.members.includes(this.botUserId)) return fail('not_in_channel');
    }
    const comment = typeof a.initial_comment === 'string' ? a.initial_comment : undefined;
    for (const { upload, title } of wanted) {
      upload.title = title ?? upload.filename;
      upload.channel = conversation?.id;
      upload.initialComment = comment;
      upload.completed = true;
    }
    if (conversation) {
      const message = this.addMessage(conversation.id, comment ?? '', undefined);
      message.files = wanted.map((w) => w.upload.id);
    }
    return {
      ok: true,
      files: wanted.map(({ upload: f }) => ({
        id: f.id,
        created: this.nowSec(),
        name: f.filename,
        title: f.title,
        mimetype: mimeType(f.filename),
        filetype: f.filename.split('.').at(-1) ?? 'text',
        size: f.bytes.length,
        user: this.botUserId,
        is_external: false,
        is_public: conversation ? !conversation.isPrivate : false,
      })),
    };
  }

  private openConnection(): ApiBody {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return { ok: true, url: `ws://127.0.0.1:${this.port}/socket?ticket=${ticket}&app_id=${this.appId}` };
  }

  // ---- conversations, messages, users ----

  /** A conversation the bot can see: public channels, private ones it is in, its DMs. */
  private visibleConversation(idOrName: string | undefined): Conversation | undefined {
    if (!idOrName) return undefined;
    const name = idOrName.replace(/^#/, '');
    const conversation =
      this.conversations.get(idOrName) ?? [...this.conversations.values()].find((c) => c.name === name);
    if (!conversation || (conversation.isPrivate && !conversation.members.includes(this.botUserId))) {
      return undefined;
    }
    return conversation;
  }

  /** Posting to a user ID posts into the bot's DM with that person. */
  private conversationToPostIn(channel: string): Conversation | undefined {
    if (this.conversations.has(channel)) return this.visibleConversation(channel);
    const user = this.users.get(channel);
    if (user && !user.isBot && !user.deleted) return this.openDm([user.id]);
    return this.visibleConversation(channel);
  }

  private openDm(users: string[]): Conversation {
    const key = [...users].sort().join(',');
    const existing = this.conversations.get(this.dmIds.get(key) ?? '');
    if (existing) return existing;
    const isMpim = users.length > 1;
    const conversation: Conversation = {
      id: this.nextId(isMpim ? 'G' : 'D'),
      name: isMpim ? `mpdm-${[...users, this.botUserId].join('--').toLowerCase()}-1` : '',
      members: [...users, this.botUserId],
      isPrivate: true,
      isMpim,
      created: this.nowSec(),
      ...(isMpim ? {} : { imUser: users[0] }),
    };
    this.conversations.set(conversation.id, conversation);
    this.dmIds.set(key, conversation.id);
    return conversation;
  }

  private addMessage(
    channel: string,
    text: string,
    blocks: unknown[] | undefined,
    threadTs?: string,
    metadata?: unknown,
  ): PostedMessage {
    const message: PostedMessage = {
      channel,
      ts: this.nextTs(),
      text,
      blocks,
      user: this.botUserId,
      reactions: new Map(),
      updates: 0,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(metadata !== undefined ? { metadata } : {}),
    };
    const list = this.posted.get(channel) ?? [];
    list.push(message);
    this.posted.set(channel, list);
    this.byChannelTs.set(`${channel}/${message.ts}`, message);
    return message;
  }

  /** A message as the Web API and interactivity payloads show it (objs_message). */
  private messageJson(m: PostedMessage): Record<string, unknown> {
    return {
      type: 'message',
      text: m.text,
      ts: m.ts,
      user: m.user,
      bot_id: this.botId,
      team: this.teamId,
      ...(m.blocks ? { blocks: m.blocks } : {}),
      ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
      ...(m.reactions.size > 0
        ? {
            reactions: [...m.reactions].map(([name, users]) => ({
              name,
              users: [...users],
              count: users.size,
            })),
          }
        : {}),
    };
  }

  private conversationJson(c: Conversation, withMemberCount: boolean): Record<string, unknown> {
    const isMember = c.members.includes(this.botUserId);
    if (c.imUser) {
      const deleted = this.users.get(c.imUser)?.deleted ?? false;
      return {
        id: c.id,
        created: c.created,
        is_im: true,
        is_org_shared: false,
        user: c.imUser,
        is_user_deleted: deleted,
        priority: 0,
      };
    }
    return {
      id: c.id,
      name: c.name,
      name_normalized: c.name,
      created: c.created,
      is_channel: !c.isMpim,
      is_group: false,
      is_im: false,
      is_mpim: c.isMpim,
      is_private: c.isPrivate,
      is_archived: false,
      is_general: false,
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      is_pending_ext_shared: false,
      is_member: isMember,
      ...(withMemberCount ? { num_members: c.members.length } : {}),
    };
  }

  private userJson(u: User): Record<string, unknown> {
    const at = this.now();
    return {
      id: u.id,
      team_id: this.teamId,
      name: u.name,
      deleted: u.deleted,
      color: '9f69e7',
      real_name: u.realName,
      tz: u.tz,
      tz_label: timeZoneLabel(u.tz, at),
      tz_offset: timeZoneOffsetSec(u.tz, at),
      is_admin: false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: u.isBot,
      is_app_user: false,
      updated: this.nowSec(),
      profile: {
        real_name: u.realName,
        real_name_normalized: u.realName,
        display_name: u.name,
        display_name_normalized: u.name,
        avatar_hash: '',
        title: '',
        phone: '',
        skype: '',
        status_text: '',
        status_emoji: '',
        fields: null,
        team: this.teamId,
        ...(u.id === this.botUserId
          ? { bot_id: this.botId, api_app_id: this.appId, always_active: true }
          : {}),
      },
    };
  }

  private channelName(channelId: string): string {
    const conversation = this.conversations.get(channelId);
    if (conversation?.imUser) return 'directmessage';
    return conversation?.name || channelId;
  }

  // ---- response_url ----

  private openResponseUrl(user: string, channel: string | undefined, message?: PostedMessage): ResponseUrl {
    const id = randomUUID();
    const responseUrl: ResponseUrl = {
      url: `${this.url}/response/${id}`,
      user,
      channel,
      message,
      posts: [],
      waiters: new Set(),
    };
    this.responseUrls.set(id, responseUrl);
    return responseUrl;
  }

  private onResponsePost(id: string, raw: string, res: ServerResponse): void {
    const target = this.responseUrls.get(id);
    if (!target) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('expired_url');
      return;
    }
    const body = parseJsonOrText(raw);
    const problems = messageBlockProblems(body);
    const post: ResponseUrlPost = {
      url: target.url,
      user: target.user,
      channel: target.channel,
      body,
      at: Date.now(),
      ...(problems.length > 0 ? { error: 'invalid_blocks', problems } : {}),
    };
    target.posts.push(post);
    this.responsePosts.push(post);
    if (problems.length === 0) this.applyResponse(target, body);
    for (const wake of [...target.waiters]) wake();
    // Slack answers a refused response with a 4xx and the error, and shows nothing.
    if (problems.length > 0) res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_blocks');
    else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  }

  /** What Slack shows for a response: a replaced original, or a message everyone in the channel sees. */
  private applyResponse(target: ResponseUrl, body: unknown): void {
    if (!isRecord(body)) return;
    const text = typeof body.text === 'string' ? body.text : '';
    const blocks = Array.isArray(body.blocks) ? body.blocks : undefined;
    if (body.replace_original === true && target.message) {
      target.message.text = text;
      target.message.blocks = blocks;
      target.message.updates += 1;
    } else if (
      body.response_type === 'in_channel' &&
      target.channel &&
      this.conversations.has(target.channel)
    ) {
      this.addMessage(target.channel, text, blocks);
    }
  }

  private waitForPost(target: ResponseUrl, index: number, timeoutMs: number): Promise<ResponseUrlPost> {
    const existing = target.posts[index];
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const onPost = (): void => {
        const post = target.posts[index];
        if (!post) return;
        clearTimeout(timer);
        target.waiters.delete(onPost);
        resolve(post);
      };
      const timer = setTimeout(() => {
        target.waiters.delete(onPost);
        reject(new Error(`slack stand-in: no post #${index + 1} to ${target.url} within ${timeoutMs} ms`));
      }, timeoutMs);
      target.waiters.add(onPost);
    });
  }

  // ---- deliveries to the bot ----

  async sendEvent(event: Record<string, unknown>, d: DeliveryOptions = {}): Promise<Delivery> {
    const eventId = d.eventId ?? this.nextId('Ev');
    const envelope = this.eventCallback(event, eventId, d.teamId ?? this.teamId);
    const received =
      this.transport(d) === 'socket'
        ? await this.overSocket('events_api', envelope, false, d)
        : await this.overHttp('application/json', JSON.stringify(envelope), d);
    return { status: received.status, body: received.body, ms: received.ms, eventId };
  }

  reactionAdded(o: ReactionOptions, d?: DeliveryOptions): Promise<Delivery> {
    return this.sendReaction('reaction_added', o, d);
  }

  reactionRemoved(o: ReactionOptions, d?: DeliveryOptions): Promise<Delivery> {
    return this.sendReaction('reaction_removed', o, d);
  }

  private sendReaction(
    type: 'reaction_added' | 'reaction_removed',
    o: ReactionOptions,
    d?: DeliveryOptions,
  ): Promise<Delivery> {
    const message = this.byChannelTs.get(`${o.channel}/${o.ts}`);
    if (message) react(message, o.reaction, o.user, type === 'reaction_added');
    const itemUser = o.itemUser ?? message?.user;
    return this.sendEvent(
      {
        type,
        user: o.user,
        reaction: o.reaction,
        ...(itemUser ? { item_user: itemUser } : {}),
        item: { type: 'message', channel: o.channel, ts: o.ts },
        event_ts: this.nextTs(),
      },
      d,
    );
  }

  appHomeOpened(user: string, d?: DeliveryOptions): Promise<Delivery> {
    const view = this.homeViews.get(user)?.at(-1);
    return this.sendEvent(
      {
        type: 'app_home_opened',
        user,
        channel: this.openDm([user]).id,
        tab: 'home',
        ...(view ? { view } : {}),
        event_ts: this.nextTs(),
      },
      d,
    );
  }

  async slashCommand(o: SlashCommandOptions, d: DeliveryOptions = {}): Promise<CommandDelivery> {
    const responseUrl = this.openResponseUrl(o.userId, o.channelId);
    const fields: Record<string, string> = {
      token: this.verificationToken,
      team_id: o.teamId ?? d.teamId ?? this.teamId,
      team_domain: this.teamDomain,
      channel_id: o.channelId,
      channel_name: o.channelName ?? this.channelName(o.channelId),
      user_id: o.userId,
      user_name: o.userName ?? this.users.get(o.userId)?.name ?? o.userId.toLowerCase(),
      command: o.command,
      text: o.text,
      api_app_id: this.appId,
      is_enterprise_install: 'false',
      response_url: responseUrl.url,
      trigger_id: this.triggerId(),
    };
    const received =
      this.transport(d) === 'socket'
        ? await this.overSocket('slash_commands', fields, true, d)
        : await this.overHttp(FORM, new URLSearchParams(fields).toString(), d);
    return this.commandDelivery(received, responseUrl);
  }

  async blockAction(o: BlockActionOptions, d: DeliveryOptions = {}): Promise<CommandDelivery> {
    const teamId = o.teamId ?? d.teamId ?? this.teamId;
    const channel = o.channelId;
    const message = channel && o.messageTs ? this.byChannelTs.get(`${channel}/${o.messageTs}`) : undefined;
    const view = o.messageTs ? undefined : this.homeViews.get(o.userId)?.at(-1);
    const button = findElement(message?.blocks ?? view?.blocks, o.actionId);
    const value = o.value ?? (typeof button?.element.value === 'string' ? button.element.value : undefined);
    // Buttons in an App Home carry no response_url; buttons in messages (ephemeral too) do.
    const responseUrl = o.messageTs ? this.openResponseUrl(o.userId, channel, message) : undefined;
    const payload = {
      type: 'block_actions',
      user: {
        id: o.userId,
        username: this.users.get(o.userId)?.name ?? o.userId.toLowerCase(),
        team_id: teamId,
      },
      api_app_id: this.appId,
      token: this.verificationToken,
      container: o.messageTs
        ? {
            type: 'message',
            message_ts: o.messageTs,
            channel_id: channel,
            is_ephemeral: this.ephemeralsByTs.has(o.messageTs),
          }
        : { type: 'view', view_id: view?.id },
      trigger_id: this.triggerId(),
      team: { id: teamId, domain: this.teamDomain },
      enterprise: null,
      is_enterprise_install: false,
      ...(channel ? { channel: { id: channel, name: this.channelName(channel) } } : {}),
      ...(message ? { message: this.messageJson(message) } : {}),
      ...(view ? { view } : {}),
      state: { values: {} },
      ...(responseUrl ? { response_url: responseUrl.url } : {}),
      actions: [
        {
          action_id: o.actionId,
          block_id: o.blockId ?? button?.blockId ?? 'standin_block',
          text: button?.element.text ?? { type: 'plain_text', text: value ?? o.actionId, emoji: true },
          ...(value !== undefined ? { value } : {}),
          type: typeof button?.element.type === 'string' ? button.element.type : 'button',
          action_ts: this.nextTs(),
        },
      ],
    };
    const received =
      this.transport(d) === 'socket'
        ? await this.overSocket('interactive', payload, false, d)
        : await this.overHttp(FORM, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), d);
    return this.commandDelivery(received, responseUrl);
  }

  async viewSubmission(o: ViewSubmissionOptions, d: DeliveryOptions = {}): Promise<CommandDelivery> {
    const teamId = o.teamId ?? d.teamId ?? this.teamId;
    const id = this.nextId('V');
    const name = this.users.get(o.userId)?.name ?? o.userId.toLowerCase();
    const payload = {
      type: 'view_submission',
      team: { id: teamId, domain: this.teamDomain },
      user: { id: o.userId, username: name, name, team_id: teamId },
      api_app_id: this.appId,
      token: this.verificationToken,
      trigger_id: this.triggerId(),
      view: {
        id,
        team_id: teamId,
        type: 'modal',
        blocks: o.blocks ?? [],
        private_metadata: o.privateMetadata ?? '',
        callback_id: o.callbackId,
        state: { values: o.values ?? {} },
        hash: `${this.nowSec()}.${randomUUID().slice(0, 8)}`,
        title: { type: 'plain_text', text: o.title ?? 'Wellbeing', emoji: true },
        clear_on_close: false,
        notify_on_close: false,
        close: null,
        submit: { type: 'plain_text', text: 'Submit', emoji: true },
        previous_view_id: null,
        root_view_id: id,
        app_id: this.appId,
        external_id: '',
        app_installed_team_id: teamId,
        bot_id: this.botId,
      },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    const received =
      this.transport(d) === 'socket'
        ? await this.overSocket('interactive', payload, false, d)
        : await this.overHttp(FORM, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), d);
    return this.commandDelivery(received, undefined);
  }

  /** The event_callback envelope: GenericEventWrapper in events-api.asyncapi.json, plus `authorizations`. */
  private eventCallback(event: Args, eventId: string, teamId: string): Record<string, unknown> {
    const type = String(event.type);
    const channel = isRecord(event.item) ? event.item.channel : event.channel;
    const context = { et: type, tid: teamId, aid: this.appId, cid: channel };
    return {
      token: this.verificationToken,
      team_id: teamId,
      context_team_id: teamId,
      context_enterprise_id: null,
      api_app_id: this.appId,
      event: { ...event, event_ts: event.event_ts ?? this.nextTs() },
      type: 'event_callback',
      event_id: eventId,
      event_time: this.nowSec(),
      authorizations: [
        {
          enterprise_id: null,
          team_id: teamId,
          user_id: this.botUserId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      authed_users: [this.botUserId],
      is_ext_shared_channel: false,
      event_context: `4-${Buffer.from(JSON.stringify(context)).toString('base64url')}`,
    };
  }

  private commandDelivery(received: Received, responseUrl: ResponseUrl | undefined): CommandDelivery {
    let waited = 0;
    return {
      status: received.status,
      body: received.body,
      ms: received.ms,
      ack: received.ack,
      ackProblems: messageBlockProblems(received.ack),
      responses: () => [...(responseUrl?.posts ?? [])],
      waitForResponse: (timeoutMs = 2000) =>
        responseUrl
          ? this.waitForPost(responseUrl, waited++, timeoutMs)
          : Promise.reject(new Error('slack stand-in: this action has no response_url')),
    };
  }

  private transport(d: DeliveryOptions): 'http' | 'socket' {
    return d.via ?? (this.socketConnections() > 0 ? 'socket' : 'http');
  }

  private async overHttp(contentType: string, body: string, d: DeliveryOptions): Promise<Received> {
    const target = this.botUrl;
    if (!target) throw new Error('slack stand-in: call setBotUrl() before delivering over HTTP');
    const headers: Record<string, string> = {
      'content-type': contentType,
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...this.signatureHeaders(body, d.signature ?? 'valid'),
    };
    if (d.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(d.retryNum);
      headers['x-slack-retry-reason'] = d.retryReason ?? 'http_timeout';
    }
    const started = performance.now();
    const response = await new Promise<{ status: number; text: string; type: string }>((resolve, reject) => {
      const req = request(target, { method: 'POST', headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString(),
            type: res.headers['content-type'] ?? '',
          }),
        );
      });
      req.on('error', reject);
      req.end(body);
    });
    const ms = performance.now() - started;
    const ack = response.text === '' ? undefined : parseJsonOrText(response.text);
    return { status: response.status, body: response.text, ms, ack };
  }

  private signatureHeaders(
    body: string,
    mode: NonNullable<DeliveryOptions['signature']>,
  ): Record<string, string> {
    const nowSec = this.nowSec();
    if (mode === 'missing') return {};
    if (mode === 'wrong') return { ...signSlackRequest(`${this.signingSecret}-not`, body, nowSec) };
    if (mode === 'stale') return { ...signSlackRequest(this.signingSecret, body, nowSec - 6 * 60) };
    return { ...signSlackRequest(this.signingSecret, body, nowSec) };
  }

  // ---- Socket Mode ----

  socketConnections(): number {
    return [...this.sockets].filter((ws) => ws.readyState === ws.OPEN).length;
  }

  async disconnectSockets(): Promise<void> {
    const closing = [...this.sockets].map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState !== ws.OPEN) {
            resolve();
            return;
          }
          ws.once('close', () => resolve());
          ws.send(
            JSON.stringify({
              type: 'disconnect',
              reason: 'refresh_requested',
              debug_info: { host: 'standin' },
            }),
          );
          setTimeout(() => ws.terminate(), 2000).unref();
        }),
    );
    await Promise.all(closing);
  }

  async waitForSocketConnection(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.socketConnections() === 0) {
      if (Date.now() > deadline)
        throw new Error(`slack stand-in: no Socket Mode connection within ${timeoutMs} ms`);
      await delay(10);
    }
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const { pathname, searchParams } = new URL(req.url ?? '/', 'http://standin');
    const ticket = searchParams.get('ticket') ?? '';
    // A ticket from apps.connections.open opens one connection.
    if (pathname !== '/socket' || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => this.onSocketMessage(data, isBinary));
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.size,
        debug_info: { host: 'standin', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.appId },
      }),
    );
  }

  /** The client acks with `{envelope_id, payload}`; an empty payload means a bare ack. */
  private onSocketMessage(data: RawData, isBinary: boolean): void {
    if (isBinary) return;
    const message = parseJsonOrText(data.toString());
    if (!isRecord(message) || typeof message.envelope_id !== 'string') return;
    const payload =
      isRecord(message.payload) && Object.keys(message.payload).length > 0 ? message.payload : undefined;
    this.awaitingAck.get(message.envelope_id)?.(200, payload);
  }

  /**
   * Sends an envelope and waits for its ack. Like Slack, an unacknowledged events_api envelope is
   * redelivered (retry_attempt + 1, retry_reason `timeout`); commands and actions are not.
   */
  private async overSocket(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    acceptsResponsePayload: boolean,
    d: DeliveryOptions,
  ): Promise<Received> {
    if (this.socketConnections() === 0) throw new Error('slack stand-in: no Socket Mode client is connected');
    const started = performance.now();
    let attempt = d.retryNum ?? 0;
    let reason = d.retryReason ?? (attempt > 0 ? 'timeout' : '');
    return new Promise((resolve) => {
      const envelopeIds: string[] = [];
      let timer: NodeJS.Timeout | undefined;
      const settle = (status: number, ack: unknown): void => {
        clearTimeout(timer);
        for (const id of envelopeIds) this.awaitingAck.delete(id);
        resolve({
          status,
          body: ack === undefined ? '' : JSON.stringify(ack),
          ms: performance.now() - started,
          ack,
        });
      };
      const send = (isRedelivery: boolean): void => {
        const ws = this.nextSocket();
        if (!ws) {
          settle(0, undefined);
          return;
        }
        const envelopeId = randomUUID();
        envelopeIds.push(envelopeId);
        this.awaitingAck.set(envelopeId, settle);
        const retry = type === 'events_api' ? { retry_attempt: attempt, retry_reason: reason } : {};
        ws.send(
          JSON.stringify({
            envelope_id: envelopeId,
            payload,
            type,
            accepts_response_payload: acceptsResponsePayload,
            ...retry,
          }),
        );
        timer = setTimeout(() => {
          if (type !== 'events_api' || isRedelivery) {
            settle(0, undefined);
            return;
          }
          attempt += 1;
          reason = 'timeout';
          send(true);
        }, this.socketAckTimeoutMs);
      };
      send(false);
    });
  }

  private nextSocket(): WebSocket | undefined {
    const open = [...this.sockets].filter((ws) => ws.readyState === ws.OPEN);
    this.socketTurn += 1;
    return open[this.socketTurn % Math.max(open.length, 1)];
  }

  // ---- ids and time ----

  private nowSec(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Message timestamps: `seconds.micros` from the clock, strictly increasing. */
  private nextTs(): string {
    const micros = Math.max(Math.floor(this.now() * 1000), this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  private nextId(prefix: string): string {
    this.idSeq += 1;
    return `${prefix}${this.idTag}${this.idSeq.toString(36).toUpperCase().padStart(6, '0')}`;
  }

  private triggerId(): string {
    return `${this.nowSec()}.${randomInt(1e9)}.${randomUUID().replaceAll('-', '')}`;
  }

  async close(): Promise<void> {
    for (const settle of [...this.awaitingAck.values()]) settle(0, undefined);
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.agent.destroy();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

// ---- helpers ----

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Form fields arrive as strings: `true`, `1`. */
function truthy(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1;
}

/** Slack's refusal; for invalid_blocks, `errors` and `response_metadata.messages` say what and where. */
function fail(error: string, problems?: readonly string[]): ApiBody {
  if (!problems?.length) return { ok: false, error };
  return {
    ok: false,
    error,
    errors: [...problems],
    response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
  };
}

function failure(error: string): ApiReply {
  return { status: 200, body: fail(error) };
}

function react(message: PostedMessage, name: string, user: string, add: boolean): void {
  const users = message.reactions.get(name) ?? new Set<string>();
  if (add) users.add(user);
  else users.delete(user);
  if (users.size > 0) message.reactions.set(name, users);
  else message.reactions.delete(name);
}

function messageContent(
  a: Args,
): { text: string; blocks: unknown[] | undefined } | { error: string; problems?: string[] } {
  const text = typeof a.text === 'string' ? a.text : '';
  if (a.blocks !== undefined && !Array.isArray(a.blocks)) return { error: 'invalid_blocks' };
  const blocks = Array.isArray(a.blocks) ? a.blocks : undefined;
  const problems = blockProblems(blocks ?? [], 'message');
  if (problems.length > 0) return { error: 'invalid_blocks', problems };
  const hasAttachments = Array.isArray(a.attachments) && a.attachments.length > 0;
  if (text === '' && !blocks?.length && !hasAttachments) return { error: 'no_text' };
  if (text.length > MAX_TEXT) return { error: 'msg_too_long' };
  return { text, blocks };
}

/** Problems with the blocks of a message body (an ack or a response_url post); empty when there are none. */
function messageBlockProblems(body: unknown): string[] {
  if (!isRecord(body) || body.blocks === undefined) return [];
  if (!Array.isArray(body.blocks)) return ['must be an array [json-pointer:/blocks]'];
  const surface: Surface = 'message';
  return blockProblems(body.blocks, surface);
}

function findElement(
  blocks: unknown,
  actionId: string,
): { blockId: string | undefined; element: Record<string, unknown> } | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    const elements = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory];
    const element = elements.find((e) => isRecord(e) && e.action_id === actionId);
    if (isRecord(element)) {
      return { blockId: typeof block.block_id === 'string' ? block.block_id : undefined, element };
    }
  }
  return undefined;
}

function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function mimeType(name: string): string {
  const ext = name.split('.').at(-1)?.toLowerCase();
  if (ext === 'csv') return 'text/csv';
  if (ext === 'txt') return 'text/plain';
  if (ext === 'json') return 'application/json';
  return 'application/octet-stream';
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Arguments from the query, a JSON body or a form body; the token from `Authorization: Bearer` or `token`. */
function parseApiCall(
  headers: IncomingMessage['headers'],
  raw: string,
  query: URLSearchParams,
): { args: Args; token: string | undefined; error?: string } {
  const merged: Args = Object.fromEntries(query);
  let error: string | undefined;
  if (raw !== '') {
    if ((headers['content-type'] ?? '').startsWith('application/json')) {
      const parsed = parseJsonOrText(raw);
      if (isRecord(parsed)) Object.assign(merged, parsed);
      else error = typeof parsed === 'string' ? 'invalid_json' : 'json_not_object';
    } else {
      Object.assign(merged, Object.fromEntries(new URLSearchParams(raw)));
    }
  }
  // Form clients (the WebClient among them) send objects such as `blocks` as JSON strings.
  for (const field of JSON_FIELDS) {
    const value = merged[field];
    if (typeof value === 'string') merged[field] = parseJsonOrText(value);
  }
  const { token: fieldToken, ...args } = merged;
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
  return { args, token: bearer ?? (typeof fieldToken === 'string' ? fieldToken : undefined), error };
}

function sendJson(res: ServerResponse, reply: ApiReply): void {
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...reply.headers,
  });
  res.end(text);
}

function timeZoneOffsetSec(tz: string, atMs: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
    .formatToParts(atMs)
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60);
}

function timeZoneLabel(tz: string, atMs: number): string {
  return (
    new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'long' })
      .formatToParts(atMs)
      .find((p) => p.type === 'timeZoneName')?.value ?? tz
  );
}
