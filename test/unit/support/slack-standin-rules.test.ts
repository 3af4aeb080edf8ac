// The stand-in holds the bot to Slack's rules: Block Kit chart limits, OAuth scopes, file uploads.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type Logger, LogLevel, webApi } from '@slack/bolt';
import { summaryCharts } from '../../../src/slack/blocks/chart.js';
import { days } from '../../support/cells.js';
import { manifestBotScopes, missingScope, scopeTable } from '../../support/slack-scopes.js';
import { createSlackStandin, type SlackStandin } from '../../support/slack-standin.js';

const BOT_TOKEN = 'xoxb-test-token';
const SECRET = 'test-signing-secret';

const silent: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

function client(standin: SlackStandin): webApi.WebClient {
  return new webApi.WebClient(BOT_TOKEN, {
    slackApiUrl: standin.apiUrl,
    logger: silent,
    retryConfig: { retries: 0 },
  });
}

/** Calls a method with a JSON body and returns Slack's answer, refused or not. */
async function call(standin: SlackStandin, method: string, args: Record<string, unknown>) {
  const res = await fetch(`${standin.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(args),
  });
  return (await res.json()) as { ok: boolean; error?: string; errors?: string[] } & Record<string, unknown>;
}

const series = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `s${i}`, data: [{ label: 'Mon', value: i + 1 }] }));

/** A chart Slack accepts; each rule below breaks it in one way. */
function goodChart(): Record<string, unknown> {
  return {
    type: 'data_visualization',
    title: 'Team average, last 7 days',
    chart: {
      type: 'line',
      axis_config: { categories: ['Mon', 'Tue'], y_label: 'average' },
      series: [{ name: 'team', data: [{ label: 'Mon', value: 3.4 }] }],
    },
  };
}

function withChart(change: (chart: Record<string, unknown>) => void): Record<string, unknown> {
  const block = goodChart();
  change(block.chart as Record<string, unknown>);
  return block;
}

const RULES: [string, unknown[], RegExp][] = [
  [
    'a block type Slack does not know',
    [{ ...goodChart(), type: 'chart' }],
    /unsupported type: chart \[json-pointer:\/blocks\/0\/type\]/,
  ],
  ['a title longer than 50 characters', [{ ...goodChart(), title: 'x'.repeat(51) }], /\/blocks\/0\/title/],
  ['a chart without a title', [{ ...goodChart(), title: '' }], /missing required field: title/],
  [
    'a chart type other than pie, bar, area or line',
    [withChart((c) => Object.assign(c, { type: 'scatter' }))],
    /\/blocks\/0\/chart\/type/,
  ],
  ['a line chart with no series', [withChart((c) => Object.assign(c, { series: [] }))], /1 to 6 items/],
  ['a line chart with seven series', [withChart((c) => Object.assign(c, { series: series(7) }))], /1 to 6/],
  [
    'a pie with no segments',
    [{ ...goodChart(), chart: { type: 'pie', segments: [] } }],
    /\/blocks\/0\/chart\/segments/,
  ],
  [
    'a pie with seven segments',
    [
      {
        ...goodChart(),
        chart: { type: 'pie', segments: Array.from({ length: 7 }, (_, i) => ({ label: `s${i}`, value: 1 })) },
      },
    ],
    /1 to 6 items/,
  ],
  [
    'a data point whose label is not an axis category',
    [withChart((c) => Object.assign(c, { series: [{ name: 'team', data: [{ label: 'Sun', value: 3 }] }] }))],
    /label must be one of axis_config.categories \[json-pointer:\/blocks\/0\/chart\/series\/0\/data\/0\/label\]/,
  ],
  [
    'two values for one category in a series',
    [
      withChart((c) =>
        Object.assign(c, {
          series: [
            {
              name: 'team',
              data: [
                { label: 'Mon', value: 3 },
                { label: 'Mon', value: 4 },
              ],
            },
          ],
        }),
      ),
    ],
    /only one value per category/,
  ],
  [
    'a category longer than 20 characters',
    [withChart((c) => Object.assign(c, { axis_config: { categories: ['Mon', 'x'.repeat(21)] } }))],
    /\/axis_config\/categories\/1/,
  ],
  [
    'a chart without axis_config',
    [withChart((c) => Object.assign(c, { axis_config: undefined }))],
    /missing required field: axis_config/,
  ],
  [
    'three chart blocks in one message',
    [goodChart(), goodChart(), goodChart()],
    /no more than 2 data_visualization blocks are allowed \[json-pointer:\/blocks\/2\]/,
  ],
];

describe('Slack stand-in: Block Kit chart rules', () => {
  let standin: SlackStandin;
  before(async () => {
    standin = await createSlackStandin({ botToken: BOT_TOKEN, signingSecret: SECRET });
    standin.addChannel({ id: 'C1', name: 'ward-7', members: ['U1'] });
  });
  after(() => standin.close());
  beforeEach(() => standin.reset());

  for (const [rule, blocks, where] of RULES) {
    it(`refuses ${rule} with invalid_blocks and posts nothing`, async () => {
      const answer = await call(standin, 'chat.postMessage', { channel: 'C1', text: 'summary', blocks });
      assert.equal(answer.ok, false);
      assert.equal(answer.error, 'invalid_blocks');
      assert.match((answer.errors ?? []).join('\n'), where);
      assert.deepEqual(standin.messages('C1'), []);
    });
  }

  it('accepts two charts in one message, as the summary builds them', async () => {
    const blocks = summaryCharts(days([[0, 1, 2, 1, 0]]), { period: 'last 30 days' });
    assert.equal(blocks.length, 2);
    const answer = await call(standin, 'chat.postMessage', { channel: 'C1', text: 'summary', blocks });
    assert.equal(answer.ok, true, JSON.stringify(answer));
  });

  it('refuses a broken chart in an ephemeral reply and in an update too', async () => {
    const bad = [{ ...goodChart(), title: 'x'.repeat(60) }];
    const ephemeral = await call(standin, 'chat.postEphemeral', {
      channel: 'C1',
      user: 'U1',
      text: 't',
      blocks: bad,
    });
    assert.equal(ephemeral.error, 'invalid_blocks');
    const posted = await call(standin, 'chat.postMessage', { channel: 'C1', text: 'plain' });
    const update = await call(standin, 'chat.update', {
      channel: 'C1',
      ts: posted.ts,
      text: 't',
      blocks: bad,
    });
    assert.equal(update.error, 'invalid_blocks');
    assert.equal(standin.messages('C1')[0]?.blocks, undefined);
  });

  it('refuses a chart in an App Home view, a surface Slack does not confirm for it', async () => {
    const answer = await call(standin, 'views.publish', {
      user_id: 'U1',
      view: { type: 'home', blocks: [goodChart()] },
    });
    assert.equal(answer.error, 'invalid_blocks');
    assert.match(
      (answer.errors ?? []).join(),
      /not supported in home surfaces \[json-pointer:\/view\/blocks\/0\/type\]/,
    );
    assert.deepEqual(standin.views('U1'), []);
  });

  it('answers a response_url post with a broken chart 400 invalid_blocks and shows nothing', async () => {
    const bot = await fakeBot(standin, undefined);
    const delivery = await standin.slashCommand({
      command: '/wellbeing',
      text: 'summary',
      userId: 'U1',
      channelId: 'C1',
    });
    await bot.close();
    const res = await fetch(bot.responseUrls[0] ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        response_type: 'in_channel',
        text: 't',
        blocks: [goodChart(), goodChart(), goodChart()],
      }),
    });
    assert.equal(res.status, 400);
    assert.equal(await res.text(), 'invalid_blocks');
    assert.equal(delivery.responses()[0]?.error, 'invalid_blocks');
    assert.deepEqual(standin.messages('C1'), []);
  });

  it("says why Slack would not show a slash command's acknowledgement with a broken chart", async () => {
    const bot = await fakeBot(standin, { text: 't', blocks: [{ ...goodChart(), title: 'x'.repeat(51) }] });
    const delivery = await standin.slashCommand({
      command: '/wellbeing',
      text: 'summary',
      userId: 'U1',
      channelId: 'C1',
    });
    await bot.close();
    assert.match(delivery.ackProblems.join(), /at most 50 characters \[json-pointer:\/blocks\/0\/title\]/);
  });

  it('finds nothing wrong with an acknowledgement that keeps the rules', async () => {
    const bot = await fakeBot(standin, { text: 't', blocks: summaryCharts(days([[0, 0, 1, 0, 0]])) });
    const delivery = await standin.slashCommand({
      command: '/wellbeing',
      text: 'summary',
      userId: 'U1',
      channelId: 'C1',
    });
    await bot.close();
    assert.deepEqual(delivery.ackProblems, []);
  });
});

/** A bot that acknowledges every delivery with `ack` (JSON) and keeps the response_urls it was given. */
async function fakeBot(standin: SlackStandin, ack: unknown) {
  const responseUrls: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      responseUrls.push(new URLSearchParams(body).get('response_url') ?? '');
      if (ack === undefined) res.writeHead(200).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ack));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  standin.setBotUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
  return {
    responseUrls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('Slack stand-in: OAuth scopes', () => {
  let standin: SlackStandin;
  before(async () => {
    standin = await createSlackStandin({ botToken: BOT_TOKEN, signingSecret: SECRET });
    standin.addChannel({ id: 'C1', name: 'ward-7', members: ['U1'] });
    standin.addChannel({ id: 'G1', name: 'night-crew', members: ['U1'], isPrivate: true });
  });
  after(() => standin.close());
  beforeEach(() => standin.setScopes(manifestBotScopes()));

  it("reads each method's scope from Slack's Web API description, in a bot token's spelling", () => {
    assert.deepEqual(scopeTable().get('chat.postMessage'), ['chat:write']);
    assert.deepEqual(scopeTable().get('users.info'), ['users:read']);
    assert.deepEqual(scopeTable().get('auth.test'), []);
    assert.deepEqual(scopeTable().get('files.completeUploadExternal'), ['files:write']);
  });

  it('grants, through the manifest, every scope the methods the bot calls need', () => {
    const granted = new Set(manifestBotScopes());
    const calls: [string, ('channels' | 'groups' | 'im' | 'mpim')?][] = [
      ['auth.test'],
      ['chat.postMessage'],
      ['chat.postEphemeral'],
      ['chat.update'],
      ['reactions.add'],
      ['reactions.get'],
      ['conversations.info', 'channels'],
      ['conversations.info', 'groups'],
      ['conversations.members', 'channels'],
      ['conversations.members', 'groups'],
      ['conversations.open', 'im'],
      ['users.info'],
      ['views.publish'],
      ['files.getUploadURLExternal'],
      ['files.completeUploadExternal'],
    ];
    for (const [method, kind] of calls) assert.equal(missingScope(method, granted, kind), undefined, method);
  });

  it('answers missing_scope with the scope needed and those provided, and does nothing', async () => {
    standin.setScopes(['chat:write', 'commands']);
    const answer = await call(standin, 'files.getUploadURLExternal', { filename: 'a.csv', length: 3 });
    assert.deepEqual(answer, {
      ok: false,
      error: 'missing_scope',
      needed: 'files:write',
      provided: 'chat:write,commands',
    });
  });

  it('asks for groups:read for a private channel and channels:read for a public one', async () => {
    standin.setScopes(['channels:read']);
    assert.equal((await call(standin, 'conversations.info', { channel: 'C1' })).ok, true);
    const answer = await call(standin, 'conversations.info', { channel: 'G1' });
    assert.equal(answer.error, 'missing_scope');
    assert.equal(answer.needed, 'groups:read');
  });

  it('asks for im:write to open a DM', async () => {
    standin.setScopes(['chat:write']);
    const answer = await call(standin, 'conversations.open', { users: 'U1' });
    assert.equal(answer.needed, 'im:write');
  });

  it('fails the Web API client as Slack would, so a missing scope fails a test', async () => {
    standin.setScopes(manifestBotScopes().filter((s) => s !== 'chat:write'));
    await assert.rejects(client(standin).chat.postMessage({ channel: 'C1', text: 'hi' }), (err: unknown) => {
      const data = (err as { data?: { error?: string; needed?: string } }).data;
      return data?.error === 'missing_scope' && data.needed === 'chat:write';
    });
  });
});

describe('Slack stand-in: file uploads', () => {
  let standin: SlackStandin;
  before(async () => {
    standin = await createSlackStandin({ botToken: BOT_TOKEN, signingSecret: SECRET });
    standin.addUser({ id: 'U1' });
    standin.addChannel({ id: 'C1', name: 'ward-7', members: ['U1'] });
  });
  after(() => standin.close());
  beforeEach(() => {
    standin.reset();
    standin.setScopes(manifestBotScopes());
  });

  it("carries the Web API client's filesUploadV2 end to end into a DM, and records the file", async () => {
    const web = client(standin);
    const dm = await web.conversations.open({ users: 'U1' });
    const channel = dm.channel?.id ?? '';
    const csv = 'period_start,average\r\n2026-11-23T00:00:00+00:00,3.50\r\nénorme,"a,b"\r\n';
    const result = await web.filesUploadV2({
      channel_id: channel,
      filename: 'ward-7.csv',
      title: 'Ward 7, last 90 days',
      content: csv,
      initial_comment: 'Your export',
    });
    assert.equal(result.ok, true);
    const [file] = standin.files({ channel });
    assert.equal(file?.filename, 'ward-7.csv');
    assert.equal(file?.completed, true);
    assert.equal(file?.title, 'Ward 7, last 90 days');
    assert.equal(file?.bytes.toString('utf8'), csv);
    assert.equal(file?.content, csv);
    assert.equal(file?.initialComment, 'Your export');
    const [message] = standin.dms('U1');
    assert.deepEqual(message?.files, [file?.id]);
    assert.equal(message?.text, 'Your export');
    assert.deepEqual(
      standin.calls.map((c) => c.method),
      ['conversations.open', 'files.getUploadURLExternal', 'files.completeUploadExternal'],
    );
  });

  it('takes raw bytes posted to the upload URL as well', async () => {
    const got = await call(standin, 'files.getUploadURLExternal', { filename: 'x.csv', length: 5 });
    const res = await fetch(String(got.upload_url), { method: 'POST', body: 'a,b\r\n' });
    assert.equal(res.status, 200);
    const done = await call(standin, 'files.completeUploadExternal', { files: [{ id: got.file_id }] });
    assert.equal(done.ok, true);
    assert.equal(standin.files()[0]?.bytes.toString(), 'a,b\r\n');
    assert.equal(standin.files()[0]?.channel, undefined);
  });

  it('refuses to complete a file whose bytes never arrived, or one it never issued', async () => {
    const got = await call(standin, 'files.getUploadURLExternal', { filename: 'x.csv', length: 5 });
    assert.equal(
      (await call(standin, 'files.completeUploadExternal', { files: [{ id: got.file_id }] })).error,
      'file_not_found',
    );
    assert.equal(
      (await call(standin, 'files.completeUploadExternal', { files: [{ id: 'FNOPE' }] })).error,
      'file_not_found',
    );
    assert.deepEqual(
      standin.files().map((f) => [f.completed, f.channel]),
      [[false, undefined]],
    );
  });

  it('refuses an upload URL request without a file name or length', async () => {
    assert.equal(
      (await call(standin, 'files.getUploadURLExternal', { length: 5 })).error,
      'invalid_arguments',
    );
    assert.equal(
      (await call(standin, 'files.getUploadURLExternal', { filename: 'x' })).error,
      'invalid_arguments',
    );
  });

  it('refuses to share into a channel the bot is not in', async () => {
    standin.addChannel({ id: 'C2', name: 'elsewhere', members: ['U1'], botIsMember: false });
    const got = await call(standin, 'files.getUploadURLExternal', { filename: 'x.csv', length: 1 });
    await fetch(String(got.upload_url), { method: 'POST', body: 'a' });
    const done = await call(standin, 'files.completeUploadExternal', {
      files: [{ id: got.file_id }],
      channel_id: 'C2',
    });
    assert.equal(done.error, 'not_in_channel');
    assert.deepEqual(
      standin.files().filter((f) => f.completed),
      [],
    );
  });
});
