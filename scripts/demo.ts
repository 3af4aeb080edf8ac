// `npm run demo`: the whole bot on one machine with no Slack workspace and no internet —
// a local Slack stand-in, a Redis, the bot in HTTP mode — playing a short scene as a transcript.
import { Redis } from 'ioredis';
import { createBot } from '../src/bot.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createKeys } from '../src/store/keys.js';
import { createRedis, whenReady } from '../src/store/redis.js';
import { ping, type RedisServer, startRedisServer } from '../test/support/redis-server.js';
import { createSlackStandin, type RecordedCall } from '../test/support/slack-standin.js';
import { plain } from './transcript.js';

const BOT_TOKEN = 'xoxb-demo-token';
const SIGNING_SECRET = 'demo-signing-secret';
const TEAM = 'T0CARE';

const out = (s = '') => process.stdout.write(`${s}\n`);
const say = (who: string, what: string) => out(`  ${who.padEnd(14)} ${what}`);
const NAMES: Record<string, string> = {
  U0LEAD: 'sam',
  U0ADMIN: 'ops',
  C0WARD7: 'ward-7-nights',
  C0PEERS: 'peer-support',
};
const named = (s: string) =>
  s.replace(/([@#])([UC]0[A-Z0-9]+)/g, (m, sign: string, id: string) =>
    NAMES[id] ? `${sign}${NAMES[id]}` : m,
  );
const bot = (what: string) =>
  out(
    `  ${'wellbeing bot'.padEnd(14)} ${named(what)
      .split('\n')
      .join(`\n  ${' '.repeat(15)}`)}`,
  );

async function redisForDemo(): Promise<{ url: string; server?: RedisServer }> {
  const url = process.env.REDIS_URL;
  if (url) {
    const u = new URL(url);
    if (await ping(Number(u.port || 6379), u.hostname)) return { url };
    out(`(nothing answers at ${url}; starting a throwaway redis-server)`);
  }
  const server = await startRedisServer();
  return { url: server.url, server };
}

/** The scene's clock: the bot runs on it (the stand-in signs requests on the real one). */
let clockMs = Date.parse('2026-11-22T18:00:00Z'); // Sunday evening, London (UTC in winter)
const at = (iso: string) => {
  clockMs = Date.parse(iso);
};
const when = () =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(clockMs);

async function main(): Promise<void> {
  const { url: redisUrl, server } = await redisForDemo();
  const standin = await createSlackStandin({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    teamId: TEAM,
  });
  const prefix = `demo${Date.now().toString(36)}`;
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standin.apiUrl,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: prefix,
    PORT: '0',
    METRICS_PORT: '0',
    LOG_LEVEL: 'warn',
    WELLBEING_ADMINS: 'U0ADMIN',
    WELLBEING_MIN_GROUP: '5',
    WELLBEING_DEFAULT_TZ: 'Europe/London',
  });
  const log = createLogger('warn', process.stderr);
  const redis = createRedis(config.redis.target, log);
  // As the bot's own start does: no request is taken before Redis answers (the client does not queue).
  await whenReady(redis, 10_000);
  const app = createBot({ config, log, redis, schedule: false, clock: () => clockMs });
  const { port } = await app.start();
  standin.setBotUrl(`http://127.0.0.1:${port}/slack/events`);

  // The workspace: a ward's nursing team of eight on days and nights, their lead (who works nights),
  // an admin, and a peer-support crew of six.
  const names = ['Amara', 'Ben', 'Chioma', 'Dev', 'Elif', 'Femi', 'Grace', 'Hiro'];
  const team = names.map((n, i) => ({ id: `U0NURSE${i + 1}`, name: n }));
  for (const p of team) standin.addUser({ id: p.id, name: p.name.toLowerCase(), tz: 'Europe/London' });
  standin.addUser({ id: 'U0LEAD', name: 'sam', tz: 'Europe/London' });
  standin.addUser({ id: 'U0ADMIN', name: 'ops', tz: 'Europe/London' });
  const crew = ['Kit', 'Lou', 'Mo', 'Nia', 'Oz', 'Pat'].map((n, i) => ({ id: `U0PEER${i + 1}`, name: n }));
  for (const p of crew) standin.addUser({ id: p.id, name: p.name.toLowerCase(), tz: 'Europe/London' });
  standin.addUser({ id: standin.botUserId, name: 'wellbeing', isBot: true });
  standin.addChannel({
    id: 'C0WARD7',
    name: 'ward-7-nights',
    members: [...team.map((p) => p.id), 'U0LEAD', standin.botUserId],
  });
  standin.addChannel({
    id: 'C0PEERS',
    name: 'peer-support',
    members: [...crew.map((p) => p.id), 'U0LEAD', standin.botUserId],
  });

  let lastSeen = 0;
  const newCalls = (): RecordedCall[] => {
    const calls = standin.calls.slice(lastSeen);
    lastSeen = standin.calls.length;
    return calls;
  };
  const command = async (user: string, who: string, channel: string, text: string, cmd = '/wellbeing') => {
    say(who, `${cmd} ${text}`);
    const d = await standin.slashCommand({ command: cmd, text, userId: user, channelId: channel });
    const ack = d.ack as { text?: string; blocks?: unknown[] } | string | undefined;
    bot(typeof ack === 'string' ? ack : plain(ack?.text, ack?.blocks));
    newCalls();
    return d;
  };
  const scene = (title: string) => {
    out();
    out(`── ${when()} · ${title}`);
  };
  const person = (i: number) => team[i] as { id: string; name: string };
  const showPrompt = (channel: string, name: string) => {
    const prompt = standin.messages(channel).at(-1);
    if (!prompt) throw new Error('no prompt was posted');
    out(
      `  #${name.padEnd(14)} ${plain(prompt.text, prompt.blocks as unknown[])
        .split('\n')
        .join(`\n  ${' '.repeat(16)}`)}`,
    );
    return prompt;
  };
  const react = async (channel: string, ts: string, who: { id: string; name: string }, emoji: string) => {
    say(who.name, `reacts :${emoji}:`);
    const d = await standin.reactionAdded({ user: who.id, reaction: emoji, channel, ts });
    if (d.status !== 200) throw new Error(`reaction answered ${d.status}`);
  };
  const press = async (
    channel: string,
    ts: string,
    who: { id: string; name: string },
    score: number,
    quiet = false,
  ) => {
    if (!quiet) say(who.name, `presses ${score} (private)`);
    await standin.blockAction({
      userId: who.id,
      channelId: channel,
      actionId: `checkin_score_${score}`,
      value: `x:${score}`,
      blockId: 'checkin',
      messageTs: ts,
    });
    const eph = newCalls()
      .filter((c) => c.method === 'chat.postEphemeral')
      .at(-1);
    if (eph && !quiet) bot(`(only ${who.name} sees) ${plain((eph.args as { text?: string }).text)}`);
  };

  out('wellbeing-nudges demo — a local Slack stand-in, Redis and the bot over signed HTTP,');
  out("playing one week of a ward on the bot's own clock (Europe/London)");
  out(`(Redis: ${server ? 'a throwaway redis-server' : redisUrl}, key prefix ${prefix})`);

  scene('#ward-7-nights — the admin names a lead, who sets up the rota');
  await command('U0ADMIN', 'ops (admin)', 'C0WARD7', 'leads add <@U0LEAD|sam>');
  await command('U0LEAD', 'sam (lead)', 'C0WARD7', 'shifts set "day 07:00-19:00, night 19:00-07:00"');
  await command('U0LEAD', 'sam (lead)', 'C0WARD7', 'schedule add shift-start +15 compassion');
  await command('U0LEAD', 'sam (lead)', 'C0WARD7', 'quiet 08:00-16:00');

  scene('#peer-support — a crew of six: counted by week, buttons only');
  await command('U0ADMIN', 'ops (admin)', 'C0PEERS', 'leads add <@U0LEAD|sam>');
  await command('U0LEAD', 'sam (lead)', 'C0PEERS', 'pooling week');
  await command('U0ADMIN', 'ops (admin)', 'C0PEERS', 'reactions off');

  at('2026-11-23T19:15:00Z');
  scene('#ward-7-nights — 15 minutes into the night shift, the schedule posts a prompt');
  await app.runDue(clockMs);
  const night1 = showPrompt('C0WARD7', 'ward-7-nights');
  const botReactions = [...night1.reactions.entries()]
    .filter(([, users]) => users.has(standin.botUserId))
    .map(([name]) => `:${name}:`);
  out(`                   (the bot adds ${botReactions.join(' ')} to its own message)`);
  out();
  out('  The team answers — by reaction (visible), button and /checkin (private)');
  await react('C0WARD7', night1.ts, person(0), 'four');
  await react('C0WARD7', night1.ts, person(1), 'three');
  await react('C0WARD7', night1.ts, person(2), 'two');
  await press('C0WARD7', night1.ts, person(3), 4);
  await press('C0WARD7', night1.ts, person(4), 5);
  at('2026-11-23T23:05:00Z');
  await command(person(5).id, 'Femi', 'C0WARD7', '3 busy but we looked after each other', '/checkin');
  await command(person(6).id, 'Grace', 'D0GRACE', '1 rough one tonight', '/checkin');
  // The support DM follows the reply (it is sent after Slack has its answer).
  for (let i = 0; i < 100 && standin.dms(person(6).id).length === 0; i++)
    await new Promise((r) => setTimeout(r, 20));
  for (const dm of standin.dms(person(6).id)) bot(`(a private DM to Grace) ${plain(dm.text)}`);
  at('2026-11-24T02:10:00Z');
  out(`  ${when()} — after midnight, the same night`);
  await press('C0WARD7', night1.ts, person(7), 3);

  at('2026-11-24T06:30:00Z');
  scene('The lead looks before the night has ended: nothing about it yet');
  await command('U0LEAD', 'sam (lead)', 'C0WARD7', 'summary');

  at('2026-11-24T08:30:00Z');
  scene('The night ended at 07:00 and settled an hour later: one night, counted whole');
  await command('U0LEAD', 'sam (lead)', 'C0WARD7', 'summary');
  out();
  out('  The same night, by shift: the night shift counted whole, either side of midnight');
  await command('U0LEAD', 'sam (lead)', 'C0WARD7', 'summary by-shift');
  out();
  out('  A teammate tries the same — and learns nothing');
  await command(person(0).id, 'Amara', 'C0WARD7', 'summary');

  at('2026-11-24T19:15:00Z');
  scene('#ward-7-nights — a quiet night: two answer');
  await app.runDue(clockMs);
  const night2 = standin.messages('C0WARD7').at(-1);
  if (!night2) throw new Error('no prompt was posted');
  await react('C0WARD7', night2.ts, person(1), 'three');
  await press('C0WARD7', night2.ts, person(6), 2);

  at('2026-11-25T08:30:00Z');
  scene('The next morning: the quiet night is left out, and the reply says why');
  const before = await command('U0LEAD', 'sam (lead)', 'C0WARD7', 'summary');
  at('2026-11-25T08:40:00Z');
  out();
  out('  Amara answers the quiet night late; the lead asks again — nothing moves');
  await react('C0WARD7', night2.ts, person(0), 'two');
  const again = await command('U0LEAD', 'sam (lead)', 'C0WARD7', 'summary');
  out(
    `  (${JSON.stringify(before.ack) === JSON.stringify(again.ack) ? 'the same reply, word for word' : 'the reply changed'}: a late answer counts in the day it is given, never in a settled one)`,
  );

  at('2026-11-23T20:00:00Z');
  scene('#peer-support — all week, three of the six check in each night by button');
  for (let night = 0; night < 7; night++) {
    at(new Date(Date.parse('2026-11-23T20:00:00Z') + night * 86_400_000).toISOString());
    const d = await standin.slashCommand({
      command: '/wellbeing',
      text: 'prompt now gratitude',
      userId: 'U0LEAD',
      channelId: 'C0PEERS',
    });
    if (d.status !== 200) throw new Error('prompt now failed');
    const p = standin.messages('C0PEERS').at(-1);
    if (!p) throw new Error('no peer prompt');
    for (let j = 0; j < 3; j++)
      await press(
        'C0PEERS',
        p.ts,
        crew[(night * 3 + j) % 6] as { id: string; name: string },
        2 + ((night + j) % 4),
        true,
      );
  }
  out('  (21 private answers over the week, Monday to Sunday)');

  at('2026-11-30T08:15:00Z');
  scene('Monday morning: the pooled week has settled');
  await command('U0LEAD', 'sam (lead)', 'C0PEERS', 'summary');

  out();
  out('  The lead exports the released periods as a spreadsheet (CSV, in their DM)');
  await command('U0LEAD', 'sam (lead)', 'C0WARD7', 'export 30d');
  for (let i = 0; i < 100 && standin.files().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  for (const f of standin.files()) {
    out(`  (file ${f.filename} in sam's DM)`);
    for (const line of f.content.trim().split(/\r?\n/)) out(`      ${line}`);
  }

  out();
  out('  Grace looks at her own check-ins (only she sees them)');
  await command(person(6).id, 'Grace', 'D0GRACE', 'me');

  at('2026-11-30T09:00:00Z');
  scene('The weekly digest is due at 09:00 — but sam sleeps until 16:00 (quiet hours)');
  await app.runDigest(clockMs);
  out(`  (${standin.dms('U0LEAD').length === 0 ? 'no DM yet' : 'a DM went out'})`);
  at('2026-11-30T16:00:00Z');
  scene('Quiet hours are over: the digest arrives');
  await app.runDigest(clockMs);
  for (const m of standin.dms('U0LEAD')) bot(`(a private DM to sam) ${plain(m.text, m.blocks)}`);

  scene("The lead opens the bot's Home tab: their own check-ins, and one line per team they lead");
  await standin.appHomeOpened('U0LEAD');
  const home = standin.views('U0LEAD').at(-1);
  if (home) bot(plain('', home.blocks as unknown[]));
  out();

  await app.stop();
  if (server) await server.stop(true);
  else {
    // A Redis the user pointed us at: remove what the demo wrote.
    const admin = new Redis(redisUrl);
    const keys = createKeys(prefix);
    let cursor = '0';
    do {
      const [next, found] = await admin.scan(cursor, 'MATCH', `${keys.prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (found.length) await admin.del(...found);
    } while (cursor !== '0');
    admin.disconnect();
  }
  redis.disconnect();
  await standin.close();
  out(
    'The demo is over. Everything above went through signed HTTP requests, the real Bolt pipeline and Redis.',
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`demo failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
