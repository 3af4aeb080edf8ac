import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { App, type Logger, LogLevel, verifySlackRequest, webApi } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import { Ajv } from 'ajv';
import { signSlackRequest } from '../../support/signing.js';
import { createSlackStandin, type SlackStandin, type StandinOptions } from '../../support/slack-standin.js';

const BOT_TOKEN = 'xoxb-test-token';
const APP_TOKEN = 'xapp-test-token';
const SECRET = 'test-signing-secret';
const OPTIONS: StandinOptions = { botToken: BOT_TOKEN, appToken: APP_TOKEN, signingSecret: SECRET };

const specs = new URL('../../fixtures/slack-specs/', import.meta.url);
const webApiSpec = JSON.parse(readFileSync(new URL('web-api.openapi.json', specs), 'utf8'));
const eventsSpec = JSON.parse(readFileSync(new URL('events-api.asyncapi.json', specs), 'utf8'));
const ajv = new Ajv({ strict: false, validateSchema: false, validateFormats: false, allErrors: true });

/** Asserts that a Web API answer fits the success schema Slack publishes for that method. */
function assertFitsSpec(method: string, response: unknown): void {
  const operation = Object.values(webApiSpec.paths[`/${method}`])[0] as {
    responses: { 200: { schema: object } };
  };
  const validate = ajv.compile({ ...operation.responses[200].schema, definitions: webApiSpec.definitions });
  assert.ok(validate(response), `${method}: ${ajv.errorsText(validate.errors)}`);
}

function quietLogger(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const keep = (...msg: unknown[]) => {
    warnings.push(msg.map(String).join(' '));
  };
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: keep,
    error: keep,
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
  return { logger, warnings };
}

function webClient(standin: SlackStandin, token = BOT_TOKEN, options: webApi.WebClientOptions = {}) {
  return new webApi.WebClient(token, {
    slackApiUrl: standin.apiUrl,
    logger: quietLogger().logger,
    retryConfig: { retries: 0 },
    ...options,
  });
}

/** The `error` of a Web API call the WebClient rejected. */
async function slackError(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (e) {
    return String((e as { data?: { error?: string } }).data?.error);
  }
  return 'no error';
}

async function rawCall(standin: SlackStandin, method: string, init: RequestInit = {}) {
  const res = await fetch(`${standin.apiUrl}${method}`, { method: 'POST', ...init });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

interface BotRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in for the bot's HTTP endpoint: remembers each request and answers with `reply`. */
async function startFakeBot(
  reply: (r: BotRequest) => { status?: number; json?: unknown } = () => ({}),
): Promise<{ url: string; requests: BotRequest[]; server: Server }> {
  const requests: BotRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { headers: req.headers, body: Buffer.concat(chunks).toString() };
      requests.push(request);
      const { status = 200, json } = reply(request);
      if (json === undefined) res.writeHead(status).end();
      else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/slack/events`, requests, server };
}

function verify(request: BotRequest | undefined, nowMs?: number): void {
  assert.ok(request);
  verifySlackRequest({
    signingSecret: SECRET,
    body: request.body,
    headers: {
      'x-slack-signature': String(request.headers['x-slack-signature']),
      'x-slack-request-timestamp': Number(request.headers['x-slack-request-timestamp']),
    },
    ...(nowMs === undefined ? {} : { nowMilliseconds: nowMs }),
  });
}

describe('signSlackRequest', () => {
  it('produces a v0 signature that Bolt accepts', () => {
    const body = '{"type":"event_callback"}';
    const nowSec = Math.floor(Date.now() / 1000);
    const headers = signSlackRequest(SECRET, body, nowSec);
    assert.match(headers['x-slack-signature'], /^v0=[0-9a-f]{64}$/);
    verify({ headers: { ...headers }, body });
  });
});

describe('Slack stand-in Web API', () => {
  let standin: SlackStandin;
  let slack: webApi.WebClient;

  before(async () => {
    // IDs as long as the published schemas' patterns ask (the defaults T0CARE and BBOT0001 are shorter).
    standin = await createSlackStandin({ ...OPTIONS, teamId: 'T0CARE0001', botId: 'B0BOT00001' });
    standin.addUser({ id: 'U9', name: 'sam' });
    standin.addChannel({ id: 'C0WARD0001', name: 'ward-1', members: ['U1', 'U2'] });
    standin.addChannel({ id: 'C0QUIET001', name: 'quiet', members: ['U1'], botIsMember: false });
    standin.addChannel({
      id: 'G0SECRET01',
      name: 'secret',
      members: ['U1'],
      isPrivate: true,
      botIsMember: false,
    });
    standin.addUser({ id: 'U1', name: 'ana', tz: 'Europe/Berlin' });
    slack = webClient(standin);
  });
  after(() => standin.close());

  it('answers auth.test with the bot identity, as the published schema describes', async () => {
    const res = await slack.auth.test();
    assert.equal(res.user_id, 'UBOT0001');
    assert.equal(res.team_id, 'T0CARE0001');
    assert.equal(res.bot_id, 'B0BOT00001');
    const { response_metadata: _, ...body } = res;
    assertFitsSpec('auth.test', body);
  });

  it('refuses calls without the bot token', async () => {
    assert.equal((await rawCall(standin, 'auth.test')).body.error, 'not_authed');
    const wrong = { headers: { authorization: 'Bearer xoxb-nope' } };
    assert.equal((await rawCall(standin, 'auth.test', wrong)).body.error, 'invalid_auth');
    const appToken = { headers: { authorization: `Bearer ${APP_TOKEN}` } };
    assert.equal((await rawCall(standin, 'auth.test', appToken)).body.error, 'not_allowed_token_type');
    const formToken = { body: new URLSearchParams({ token: BOT_TOKEN }) };
    assert.equal((await rawCall(standin, 'auth.test', formToken)).body.ok, true);
  });

  it('never records the token', async () => {
    await rawCall(standin, 'auth.test', { body: new URLSearchParams({ token: BOT_TOKEN }) });
    assert.ok(!JSON.stringify(standin.calls).includes(BOT_TOKEN));
  });

  it('answers unknown_method for methods it does not know', async () => {
    assert.equal(await slackError(slack.apiCall('chat.explode')), 'unknown_method');
  });

  it('posts a message, records it and returns it as chat.postMessage does', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'Take a breath' } }];
    const first = await slack.chat.postMessage({ channel: 'C0WARD0001', text: 'Take a breath', blocks });
    const second = await slack.chat.postMessage({ channel: '#ward-1', text: 'again' });
    assert.ok(String(second.ts) > String(first.ts));
    assert.match(String(first.ts), /^\d{10}\.\d{6}$/);
    const [posted] = standin.messages('C0WARD0001');
    assert.deepEqual(posted?.blocks, blocks);
    assert.equal(posted?.user, 'UBOT0001');
    assert.deepEqual(standin.callsTo('chat.postMessage')[0]?.args.blocks, blocks);
    const { response_metadata: _, ...body } = first;
    assertFitsSpec('chat.postMessage', body);
  });

  it('answers argument and channel errors like Slack', async () => {
    const error = (args: Record<string, unknown>) => slackError(slack.apiCall('chat.postMessage', args));
    assert.equal(await error({ channel: 'C0NOPE0001', text: 'hi' }), 'channel_not_found');
    assert.equal(await error({ channel: 'C0QUIET001', text: 'hi' }), 'not_in_channel');
    assert.equal(await error({ channel: 'G0SECRET01', text: 'hi' }), 'channel_not_found');
    assert.equal(await error({ channel: 'C0WARD0001' }), 'no_text');
    assert.equal(await error({ text: 'hi' }), 'invalid_arguments');
  });

  it('accepts JSON bodies with a bearer token', async () => {
    const res = await rawCall(standin, 'chat.postMessage', {
      headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'C0WARD0001', text: 'json' }),
    });
    assert.equal(res.body.ok, true);
    assert.equal(standin.messages('C0WARD0001').at(-1)?.text, 'json');
  });

  it('posts to a user ID into the DM that conversations.open returns', async () => {
    const posted = await slack.chat.postMessage({ channel: 'U2', text: 'Here for you' });
    const opened = await slack.conversations.open({ users: 'U2' });
    assert.equal(opened.channel?.id, posted.channel);
    assert.match(String(posted.channel), /^D[A-Z0-9]{8,}$/);
    assert.deepEqual(
      standin.dms('U2').map((m) => m.text),
      ['Here for you'],
    );
  });

  it('refuses an ephemeral for someone outside the channel but allows one in their DM', async () => {
    assert.equal(
      await slackError(slack.chat.postEphemeral({ channel: 'C0WARD0001', user: 'U9', text: 'psst' })),
      'user_not_in_channel',
    );
    const dm = await slack.conversations.open({ users: 'U9' });
    const shown = await slack.chat.postEphemeral({
      channel: String(dm.channel?.id),
      user: 'U9',
      text: 'psst',
    });
    assert.match(String(shown.message_ts), /^\d{10}\.\d{6}$/);
    assert.equal(standin.ephemerals({ user: 'U9' }).length, 1);
    assert.equal(standin.ephemerals({ user: 'U9' })[0]?.args.text, 'psst');
  });

  it('records reactions and refuses the same one twice', async () => {
    const { ts } = await slack.chat.postMessage({ channel: 'C0WARD0001', text: 'How are you arriving?' });
    await slack.reactions.add({ channel: 'C0WARD0001', timestamp: String(ts), name: 'one' });
    assert.equal(
      await slackError(slack.reactions.add({ channel: 'C0WARD0001', timestamp: String(ts), name: 'one' })),
      'already_reacted',
    );
    assert.equal(
      await slackError(slack.reactions.add({ channel: 'C0WARD0001', timestamp: '1.000001', name: 'one' })),
      'message_not_found',
    );
    const message = standin.messages('C0WARD0001').find((m) => m.ts === ts);
    assert.deepEqual([...(message?.reactions.get('one') ?? [])], ['UBOT0001']);
    const got = await slack.reactions.get({ channel: 'C0WARD0001', timestamp: String(ts) });
    assert.deepEqual(got.message?.reactions, [{ name: 'one', users: ['UBOT0001'], count: 1 }]);
  });

  it('pages through conversations.members with cursors, the bot included', async () => {
    const people = Array.from({ length: 250 }, (_, i) => `U${String(i).padStart(4, '0')}`);
    standin.addChannel({ id: 'C0BIG00001', name: 'big', members: people });
    const pages: number[] = [];
    const members: string[] = [];
    for await (const page of slack.paginate('conversations.members', { channel: 'C0BIG00001', limit: 100 })) {
      const ids = (page as { members?: string[] }).members ?? [];
      pages.push(ids.length);
      members.push(...ids);
      if (pages.length === 1)
        assertFitsSpec('conversations.members', {
          ...page,
          response_metadata: { next_cursor: page.response_metadata?.next_cursor },
        });
    }
    assert.deepEqual(pages, [100, 100, 51]);
    assert.deepEqual(members, [...people, 'UBOT0001']);
    assert.equal(
      await slackError(slack.conversations.members({ channel: 'C0BIG00001', cursor: 'bm9wZQ==' })),
      'invalid_cursor',
    );
  });

  it('describes channels and users', async () => {
    const info = await slack.conversations.info({ channel: 'C0QUIET001' });
    assert.equal(info.channel?.is_member, false);
    assert.equal(info.channel?.name, 'quiet');
    const user = await slack.users.info({ user: 'U1' });
    assert.equal(user.user?.tz, 'Europe/Berlin');
    assert.ok([3600, 7200].includes(Number(user.user?.tz_offset)));
    const { response_metadata: _, ...body } = user;
    assertFitsSpec('users.info', body);
    assert.equal(await slackError(slack.users.info({ user: 'U404' })), 'user_not_found');
  });

  it('publishes App Home views per user', async () => {
    const view = {
      type: 'home' as const,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Hi' } }],
    };
    const res = await slack.views.publish({ user_id: 'U1', view });
    assert.equal(res.view?.type, 'home');
    assert.deepEqual(standin.views('U1').at(-1)?.blocks, view.blocks);
  });

  it('answers an injected rate limit with HTTP 429 and Retry-After, then recovers', async () => {
    standin.injectRateLimit('chat.postMessage', { times: 1, retryAfterSec: 7 });
    const limited = await rawCall(standin, 'chat.postMessage', {
      headers: { authorization: `Bearer ${BOT_TOKEN}` },
      body: new URLSearchParams({ channel: 'C0WARD0001', text: 'hi' }),
    });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '7');
    assert.deepEqual(limited.body, { ok: false, error: 'ratelimited' });
    assert.equal(standin.calls.at(-1)?.status, 429);
    assert.equal((await slack.chat.postMessage({ channel: 'C0WARD0001', text: 'hi' })).ok, true);
  });

  it('rate-limits a share of calls chosen by the given random source', async () => {
    const draws = [0.9, 0.1];
    standin.injectRateLimit('chat.postMessage', {
      probability: 0.5,
      retryAfterSec: 2,
      random: () => draws.shift() ?? 1,
    });
    const strict = webClient(standin, BOT_TOKEN, { rejectRateLimitedCalls: true });
    assert.equal((await strict.chat.postMessage({ channel: 'C0WARD0001', text: 'a' })).ok, true);
    await assert.rejects(strict.chat.postMessage({ channel: 'C0WARD0001', text: 'b' }), {
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 2,
    });
    standin.clearInjections();
  });

  it('injects an error for one channel, a given number of times', async () => {
    standin.injectError('chat.postMessage', 'not_in_channel', { channel: 'C0WARD0001', times: 1 });
    await slack.chat.postMessage({ channel: 'U1', text: 'unaffected' });
    assert.equal(
      await slackError(slack.chat.postMessage({ channel: 'C0WARD0001', text: 'x' })),
      'not_in_channel',
    );
    assert.equal((await slack.chat.postMessage({ channel: 'C0WARD0001', text: 'x' })).ok, true);
  });
});

describe('Slack stand-in HTTP deliveries', () => {
  let standin: SlackStandin;
  let bot: Awaited<ReturnType<typeof startFakeBot>>;
  let clock = Date.UTC(2024, 10, 25, 9, 0, 0);

  before(async () => {
    standin = await createSlackStandin({ ...OPTIONS, now: () => clock });
    standin.addChannel({ id: 'C0WARD0001', name: 'ward-1', members: ['U1', 'U2'] });
    bot = await startFakeBot((r) =>
      r.headers['content-type'] === 'application/x-www-form-urlencoded' ? { json: { text: 'noted' } } : {},
    );
    standin.setBotUrl(bot.url);
  });
  after(async () => {
    await standin.close();
    bot.server.close();
  });

  it('signs events so that Bolt verifies them with the same clock', async () => {
    const delivery = await standin.sendEvent({
      type: 'app_mention',
      user: 'U1',
      text: 'hi',
      channel: 'C0WARD0001',
    });
    assert.equal(delivery.status, 200);
    assert.match(String(delivery.eventId), /^Ev[A-Z0-9]{8,}$/);
    const request = bot.requests.at(-1);
    assert.equal(request?.headers['content-type'], 'application/json');
    verify(request, clock);
  });

  it('sends wrong, stale and missing signatures when asked', async () => {
    for (const signature of ['wrong', 'stale', 'missing'] as const) {
      await standin.appHomeOpened('U1', { signature });
      assert.throws(() => verify(bot.requests.at(-1), clock), signature);
    }
    assert.equal(bot.requests.at(-1)?.headers['x-slack-signature'], undefined);
  });

  it('marks retries with X-Slack-Retry-Num and X-Slack-Retry-Reason and keeps the event_id', async () => {
    const first = await standin.reactionAdded({
      user: 'U1',
      reaction: 'three',
      channel: 'C0WARD0001',
      ts: '1.000001',
    });
    await standin.reactionAdded(
      { user: 'U1', reaction: 'three', channel: 'C0WARD0001', ts: '1.000001' },
      { eventId: first.eventId, retryNum: 1 },
    );
    const retry = bot.requests.at(-1);
    assert.equal(retry?.headers['x-slack-retry-num'], '1');
    assert.equal(retry?.headers['x-slack-retry-reason'], 'http_timeout');
    assert.equal(JSON.parse(String(retry?.body)).event_id, first.eventId);
  });

  it('wraps events in an event_callback envelope that fits the published schema', async () => {
    clock += 1000;
    await standin.reactionAdded({
      user: 'U2',
      reaction: 'four',
      channel: 'C0WARD0001',
      ts: '1.000001',
      itemUser: 'UBOT0001',
    });
    const raw = String(bot.requests.at(-1)?.body);
    const validate = ajv.compile(eventsSpec.components.schemas.GenericEventWrapper);
    assert.ok(validate(JSON.parse(raw)), ajv.errorsText(validate.errors));
    const envelope = JSON.parse(raw);
    assert.equal(envelope.event_time, Math.floor(clock / 1000));
    assert.deepEqual(envelope.authorizations[0], {
      enterprise_id: null,
      team_id: 'T0CARE',
      user_id: 'UBOT0001',
      is_bot: true,
      is_enterprise_install: false,
    });
    assert.deepEqual(envelope.event, {
      type: 'reaction_added',
      user: 'U2',
      reaction: 'four',
      item_user: 'UBOT0001',
      item: { type: 'message', channel: 'C0WARD0001', ts: '1.000001' },
      event_ts: envelope.event.event_ts,
    });
  });

  it('delivers a slash command as Slack does and serves its response_url', async () => {
    const delivery = await standin.slashCommand({
      command: '/checkin',
      text: '4 tired',
      userId: 'U1',
      channelId: 'C0WARD0001',
    });
    assert.deepEqual(delivery.ack, { text: 'noted' });
    const form = Object.fromEntries(new URLSearchParams(String(bot.requests.at(-1)?.body)));
    assert.equal(form.command, '/checkin');
    assert.equal(form.channel_name, 'ward-1');
    assert.equal(form.user_id, 'U1');
    assert.equal(form.api_app_id, 'AWELLBEING');
    verify(bot.requests.at(-1), clock);
    const posted = await fetch(String(form.response_url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', text: 'Saved.' }),
    });
    assert.equal(await posted.text(), 'ok');
    assert.deepEqual((await delivery.waitForResponse()).body, { response_type: 'ephemeral', text: 'Saved.' });
    assert.equal(delivery.responses().length, 1);
    assert.equal(standin.responses({ user: 'U1' }).at(-1)?.channel, 'C0WARD0001');
  });

  it('delivers a button press on a posted message with the button Slack would report', async () => {
    const slack = webClient(standin);
    const button = {
      type: 'button',
      action_id: 'checkin_3',
      value: '3',
      text: { type: 'plain_text', text: '3' },
    };
    const blocks = [{ type: 'actions', block_id: 'scores', elements: [button] }];
    const { ts } = await slack.chat.postMessage({
      channel: 'C0WARD0001',
      text: 'How are you arriving?',
      blocks,
    });
    await standin.blockAction({
      userId: 'U2',
      channelId: 'C0WARD0001',
      actionId: 'checkin_3',
      messageTs: String(ts),
    });
    const request = bot.requests.at(-1);
    assert.equal(request?.headers['content-type'], 'application/x-www-form-urlencoded');
    const payload = JSON.parse(String(new URLSearchParams(String(request?.body)).get('payload')));
    assert.equal(payload.type, 'block_actions');
    assert.deepEqual(payload.container, {
      type: 'message',
      message_ts: ts,
      channel_id: 'C0WARD0001',
      is_ephemeral: false,
    });
    assert.equal(payload.message.ts, ts);
    assert.deepEqual(payload.channel, { id: 'C0WARD0001', name: 'ward-1' });
    assert.equal(payload.actions[0].block_id, 'scores');
    assert.equal(payload.actions[0].value, '3');
    assert.deepEqual(payload.actions[0].text, button.text);
    assert.ok(payload.response_url.startsWith(standin.url));
  });
});

/** A real Bolt app over signed HTTP, fed by a fresh stand-in; `listen` registers its listeners. */
async function withBoltApp(
  listen: (app: App) => void,
  run: (standin: SlackStandin, warnings: readonly string[]) => Promise<void>,
): Promise<void> {
  const standin = await createSlackStandin(OPTIONS);
  const quiet = quietLogger();
  const app = new App({
    token: BOT_TOKEN,
    signingSecret: SECRET,
    logger: quiet.logger,
    clientOptions: { slackApiUrl: standin.apiUrl },
  });
  listen(app);
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  try {
    standin.setBotUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
    await run(standin, quiet.warnings);
  } finally {
    await app.stop();
    await standin.close();
  }
}

describe('Slack stand-in with a real Bolt app over HTTP', () => {
  it('carries a command, its response and a reaction through Bolt', async () => {
    const seen: string[] = [];
    await withBoltApp(
      (app) => {
        app.command('/checkin', async ({ ack, respond, command }) => {
          await ack();
          await respond({ text: `Thanks, ${command.text}` });
        });
        app.event('reaction_added', async ({ event }) => {
          seen.push(event.reaction);
        });
      },
      async (standin, warnings) => {
        standin.addChannel({ id: 'C0WARD0001', name: 'ward-1', members: ['U1'] });
        const command = await standin.slashCommand({
          command: '/checkin',
          text: '4',
          userId: 'U1',
          channelId: 'C0WARD0001',
        });
        assert.equal(command.status, 200);
        assert.equal(command.ack, undefined);
        assert.deepEqual((await command.waitForResponse()).body, { text: 'Thanks, 4' });
        const reaction = await standin.reactionAdded({
          user: 'U1',
          reaction: 'five',
          channel: 'C0WARD0001',
          ts: '1.000001',
        });
        assert.equal(reaction.status, 200);
        assert.deepEqual(seen, ['five']);
        assert.equal((await standin.sendEvent({ type: 'app_mention' }, { signature: 'wrong' })).status, 401);
        assert.deepEqual(
          warnings.filter((w) => !w.includes('signature')),
          [],
        );
      },
    );
  });

  it('delivers a view_submission that Bolt routes by callback_id, and returns what the app acked', async () => {
    const seen: unknown[] = [];
    await withBoltApp(
      (app) => {
        app.view('note_modal', async ({ ack, view, body }) => {
          seen.push([body.user.id, view.private_metadata, view.state.values.note?.text?.value]);
          await ack({ response_action: 'errors', errors: { note: 'Notes are at most 500 characters.' } });
        });
      },
      async (standin, warnings) => {
        const submitted = await standin.viewSubmission({
          userId: 'U1',
          callbackId: 'note_modal',
          privateMetadata: 'C0WARD0001',
          values: { note: { text: { type: 'plain_text_input', value: 'long day' } } },
        });
        assert.equal(submitted.status, 200);
        assert.deepEqual(submitted.ack, {
          response_action: 'errors',
          errors: { note: 'Notes are at most 500 characters.' },
        });
        assert.deepEqual(seen, [['U1', 'C0WARD0001', 'long day']]);
        assert.deepEqual(warnings, []);
      },
    );
  });
});

describe('Slack stand-in Socket Mode', () => {
  async function connect(opts: Partial<StandinOptions> = {}) {
    const standin = await createSlackStandin({ ...OPTIONS, ...opts });
    const quiet = quietLogger();
    const client = new SocketModeClient({
      appToken: APP_TOKEN,
      logger: quiet.logger,
      clientPingTimeout: 1000,
      clientOptions: { slackApiUrl: standin.apiUrl },
    });
    await client.start();
    const stop = async () => {
      await client.disconnect();
      await standin.close();
    };
    return { standin, client, warnings: quiet.warnings, stop };
  }

  it('says hello to the real SocketModeClient and delivers events it acks', async () => {
    const { standin, client, warnings, stop } = await connect();
    try {
      assert.equal(standin.socketConnections(), 1);
      client.on('reaction_added', async ({ ack, event, retry_num }) => {
        assert.equal(event.reaction, 'two');
        assert.equal(retry_num, 0);
        await ack();
      });
      const delivery = await standin.reactionAdded({
        user: 'U1',
        reaction: 'two',
        channel: 'C1',
        ts: '1.000001',
      });
      assert.equal(delivery.status, 200);
      assert.equal(delivery.body, '');
      assert.deepEqual(warnings, []);
    } finally {
      await stop();
    }
  });

  it('redelivers an unacknowledged event once with retry_reason timeout, then gives up', async () => {
    const { standin, client, stop } = await connect({ socketAckTimeoutMs: 100 });
    try {
      const attempts: Array<{ num: unknown; reason: unknown; eventId: unknown }> = [];
      client.on('slack_event', ({ body, retry_num, retry_reason }) => {
        attempts.push({ num: retry_num, reason: retry_reason, eventId: body.event_id });
      });
      const delivery = await standin.sendEvent({ type: 'app_home_opened', user: 'U1' });
      assert.equal(delivery.status, 0);
      assert.deepEqual(attempts, [
        { num: 0, reason: '', eventId: delivery.eventId },
        { num: 1, reason: 'timeout', eventId: delivery.eventId },
      ]);
    } finally {
      await stop();
    }
  });

  it('delivers slash commands, block actions and modal submissions and returns what the app acked', async () => {
    const { standin, client, stop } = await connect();
    try {
      client.on('slash_commands', async ({ ack, body, accepts_response_payload }) => {
        assert.equal(accepts_response_payload, true);
        await ack({ text: `got ${body.text}` });
      });
      client.on('interactive', async ({ ack, body }) => {
        if (body.type === 'view_submission') {
          await ack({ response_action: 'clear' });
          return;
        }
        assert.equal(body.type, 'block_actions');
        await ack();
      });
      const command = await standin.slashCommand({
        command: '/wellbeing',
        text: 'me',
        userId: 'U1',
        channelId: 'C1',
      });
      assert.equal(command.status, 200);
      assert.deepEqual(command.ack, { text: 'got me' });
      const press = await standin.blockAction({
        userId: 'U1',
        channelId: 'C1',
        actionId: 'x',
        value: '1',
        messageTs: '1.000001',
      });
      assert.equal(press.status, 200);
      assert.equal(press.ack, undefined);
      const submitted = await standin.viewSubmission({ userId: 'U1', callbackId: 'note_modal' });
      assert.equal(submitted.status, 200);
      assert.deepEqual(submitted.ack, { response_action: 'clear' });
    } finally {
      await stop();
    }
  });

  it('asks clients to reconnect, and they come back through apps.connections.open', async () => {
    const { standin, client, warnings, stop } = await connect();
    try {
      const reconnected = new Promise((resolve) => client.once('connected', resolve));
      await standin.disconnectSockets();
      assert.equal(standin.socketConnections(), 0);
      await standin.waitForSocketConnection(5000);
      await reconnected; // the client's own view: it has read the stand-in's hello
      assert.equal(standin.callsTo('apps.connections.open').length, 2);
      assert.deepEqual(warnings, []);
    } finally {
      await stop();
    }
  });

  it('refuses apps.connections.open without the app token', async () => {
    const standin = await createSlackStandin(OPTIONS);
    try {
      const res = await rawCall(standin, 'apps.connections.open', {
        headers: { authorization: `Bearer ${BOT_TOKEN}` },
      });
      assert.equal(res.body.error, 'not_allowed_token_type');
    } finally {
      await standin.close();
    }
  });
});
