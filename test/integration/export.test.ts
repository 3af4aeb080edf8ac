// `/wellbeing export` through signed HTTP, the real Bolt pipeline, real Redis (roles) and the Slack
// stand-in's external file upload. The released cells come from a function passed in, the interface
// the release model provides; here it hands back fixed cells and records who asked for what.
import assert from 'node:assert/strict';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { App, HTTPReceiver, type Logger, LogLevel } from '@slack/bolt';
import type { Redis } from 'ioredis';
import type { ShownCell } from '../../src/domain/shown-cell.js';
import { createExportService, type ReleasedCells } from '../../src/services/export.js';
import { SUMMARY_REFUSAL } from '../../src/slack/blocks/summary.js';
import { EXPORT_BAD_PERIOD, exportSubcommand, NOTHING_TO_SHOW } from '../../src/slack/commands/export.js';
import { registerWellbeingCommand } from '../../src/slack/commands/wellbeing.js';
import { fileDmSender } from '../../src/slack/files.js';
import { mountRoutes } from '../../src/slack/routes.js';
import { createSlackTransport } from '../../src/slack/transport.js';
import { createKeys } from '../../src/store/keys.js';
import { createRoleStore } from '../../src/store/roles.js';
import { cell, DAY, MON_23_NOV } from '../support/cells.js';
import { parseCsv } from '../support/csv.js';
import { testRedis, uniquePrefix } from '../support/redis.js';
import { manifestBotScopes } from '../support/slack-scopes.js';
import { createSlackStandin, type SlackStandin } from '../support/slack-standin.js';

const BOT_TOKEN = 'xoxb-export-test';
const SECRET = 'export-test-signing-secret';
const NOW = MON_23_NOV + 40 * DAY;
const CHANNEL = 'C0WARD07';
const OTHER = 'C0OTHER1';
const LEAD = 'U0LEAD01';
const ADMIN = 'U0ADMIN1';
const MEMBER = 'U0MEMB01';
const OTHER_LEAD = 'U0LEAD02';

const silent: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

const CELLS: ShownCell[] = [
  cell({ start: MON_23_NOV, dist: [0, 1, 3, 2, 0], label: 'Mon 23 Nov', people: 5 }),
  cell({ start: MON_23_NOV + DAY, dist: [0, 0, 2, 3, 1], label: 'Tue 24 Nov', people: 6 }),
  cell({
    start: MON_23_NOV,
    end: MON_23_NOV + 7 * DAY,
    kind: 'remainder',
    dist: [1, 1, 2, 0, 0],
    label: 'Mon 23 Nov (private answers of the week)',
    people: 4,
  }),
];

describe('/wellbeing export', () => {
  let standin: SlackStandin;
  let redis: Redis;
  let app: App;
  const transport = createSlackTransport();
  let cells: ShownCell[];
  const asked: { team: string; channel: string; viewer: string; days: number; now: number }[] = [];
  const errors: unknown[] = [];

  before(async () => {
    // The stand-in signs with the real clock, as Slack does; only the bot runs on the test's clock.
    standin = await createSlackStandin({ botToken: BOT_TOKEN, signingSecret: SECRET });
    for (const id of [LEAD, ADMIN, MEMBER, OTHER_LEAD]) standin.addUser({ id });
    standin.addChannel({ id: CHANNEL, name: 'ward-7', members: [LEAD, ADMIN, MEMBER] });
    standin.addChannel({ id: OTHER, name: 'ward-9', members: [OTHER_LEAD, MEMBER] });
    redis = testRedis();
    const keys = createKeys(uniquePrefix());
    const roles = createRoleStore(redis, keys);
    await roles.addLead(standin.teamId, CHANNEL, LEAD);
    await roles.addLead(standin.teamId, OTHER, OTHER_LEAD);
    const receiver = new HTTPReceiver({
      signingSecret: SECRET,
      port: 0,
      processBeforeResponse: true,
      logger: silent,
    });
    app = new App({
      token: BOT_TOKEN,
      receiver,
      logger: silent,
      // The same HTTP transport as the bot's clients, whose binary bodies (the upload) take fetch.
      clientOptions: { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 }, fetch: transport.fetch },
      deferInitialization: true,
    });
    const releasedCells: ReleasedCells = async (team, channel, viewer, days, now) => {
      asked.push({ team, channel, viewer, days, now });
      return cells;
    };
    const service = createExportService({
      releasedCells,
      timeZoneOf: async () => 'Europe/London',
      clock: () => NOW,
    });
    registerWellbeingCommand(
      mountRoutes(app, () => {}),
      {
        roles,
        admins: [ADMIN],
        subcommands: [
          exportSubcommand({
            service,
            sendFile: fileDmSender(app.client),
            reportError: (e) => errors.push(e),
          }),
        ],
        reportError: (e) => errors.push(e),
      },
    );
    await app.init();
    const server = (await app.start()) as http.Server;
    standin.setBotUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
  });
  after(async () => {
    await app.stop();
    await transport.close();
    await standin.close();
    redis.disconnect();
  });
  beforeEach(() => {
    standin.reset();
    standin.setScopes(manifestBotScopes());
    cells = CELLS;
    asked.length = 0;
    errors.length = 0;
  });

  const run = async (user: string, text: string, channelId = CHANNEL) => {
    const d = await standin.slashCommand({ command: '/wellbeing', text, userId: user, channelId });
    assert.equal(d.status, 200);
    return d.ack as { response_type: string; text: string };
  };

  it("puts a CSV of the lead's released cells in their DM, one row per cell, and says so ephemerally", async () => {
    const ack = await run(LEAD, 'export 90d');
    assert.equal(ack.response_type, 'ephemeral');
    assert.match(ack.text, /CSV of <#C0WARD07>'s last 90 days in our DM: 3 rows/);
    assert.deepEqual(asked, [{ team: standin.teamId, channel: CHANNEL, viewer: LEAD, days: 90, now: NOW }]);
    const dm = standin.dmChannel(LEAD);
    const [file] = standin.files({ channel: dm });
    assert.ok(file, 'no file in the DM');
    assert.match(file.filename, /^wellbeing-C0WARD07-last-90-days-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parseCsv(file.bytes.toString('utf8'));
    assert.deepEqual(rows[0], [
      'period_start',
      'period_end',
      'respondents',
      'checkins',
      'average',
      'count_1',
      'count_2',
      'count_3',
      'count_4',
      'count_5',
    ]);
    assert.deepEqual(
      rows.slice(1).map((r) => [r[0], r[2], r[3], r.slice(5).join(' ')]),
      [
        ['2026-11-23T00:00:00+00:00', '5', '6', '0 1 3 2 0'],
        ['2026-11-24T00:00:00+00:00', '6', '6', '0 0 2 3 1'],
        ['2026-11-23T00:00:00+00:00', '4', '4', '1 1 2 0 0'],
      ],
    );
    const everything = `${file.content}${file.initialComment}${file.title}${file.filename}`;
    for (const user of [LEAD, ADMIN, MEMBER]) assert.ok(!everything.includes(user), `${user} in the file`);
    assert.deepEqual(errors, []);
  });

  it('exports another channel for an admin, named with #', async () => {
    const ack = await run(ADMIN, `export <#${OTHER}|ward-9> 365d`);
    assert.match(ack.text, /in our DM/);
    assert.equal(asked[0]?.channel, OTHER);
    assert.equal(asked[0]?.days, 365);
    assert.equal(standin.files({ channel: standin.dmChannel(ADMIN) }).length, 1);
  });

  it('covers 30 days when no period is given', async () => {
    await run(LEAD, 'export');
    assert.equal(asked[0]?.days, 30);
  });

  it("gives a member, and another channel's lead, the summary's refusal and sends nothing", async () => {
    const member = await run(MEMBER, 'export 90d');
    const otherLead = await run(OTHER_LEAD, `export <#${CHANNEL}|ward-7> 90d`, OTHER);
    assert.deepEqual(member, { response_type: 'ephemeral', text: SUMMARY_REFUSAL });
    assert.deepEqual(otherLead, { response_type: 'ephemeral', text: SUMMARY_REFUSAL });
    assert.deepEqual(asked, []);
    assert.deepEqual(standin.files(), []);
    assert.deepEqual(standin.calls, []);
  });

  it('answers a period it does not offer kindly, with an example, and does nothing', async () => {
    const ack = await run(LEAD, 'export 7d');
    assert.equal(ack.text, EXPORT_BAD_PERIOD);
    assert.deepEqual(asked, []);
    assert.deepEqual(standin.calls, []);
  });

  it('sends no file when no cell was released, and says why in the summary words', async () => {
    cells = [];
    const ack = await run(LEAD, 'export 30d');
    assert.ok(ack.text.startsWith(NOTHING_TO_SHOW), ack.text);
    assert.deepEqual(standin.files(), []);
    assert.deepEqual(standin.calls, []);
  });

  it('tells the lead when Slack refuses the upload (no files:write), and the process carries on', async () => {
    standin.setScopes(manifestBotScopes().filter((s) => s !== 'files:write'));
    const ack = await run(LEAD, 'export 90d');
    assert.match(
      ack.text,
      /could not send you the file just now \(Slack said missing_scope\), so nothing was shared/,
    );
    assert.equal(errors.length, 1, 'the refusal is reported for the operators');
    errors.length = 0;
    assert.deepEqual(standin.files(), []);
    standin.setScopes(manifestBotScopes());
    assert.match((await run(LEAD, 'export 90d')).text, /in our DM/);
  });

  it('shares nothing when Slack fails the last step of the upload', async () => {
    standin.injectError('files.completeUploadExternal', 'internal_error', { times: 1 });
    const ack = await run(LEAD, 'export 90d');
    assert.match(ack.text, /could not send you the file just now \(Slack said internal_error\)/);
    assert.deepEqual(
      standin.files().filter((f) => f.completed),
      [],
    );
    errors.length = 0;
  });

  it('asks which channel when run in a DM without one', async () => {
    const dm = standin.dmChannel(LEAD) ?? 'D0NONE';
    const ack = await run(LEAD, 'export 90d', dm);
    assert.match(ack.text, /Which team\? Name the channel with #/);
  });
});
