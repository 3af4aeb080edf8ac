// `npm run demo` (SPEC §9): the whole bot on one machine with no Slack workspace and no internet —
// a local Slack stand-in, a Redis, the bot in HTTP mode — playing a short scene as a transcript.
import { Redis } from 'ioredis';
import { createBot } from '../src/bot.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createKeys } from '../src/store/keys.js';
import { createRedis } from '../src/store/redis.js';
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
  });
  const log = createLogger('warn', process.stderr);
  const redis = createRedis(config.redis.target, log);
  const app = createBot({ config, log, redis, schedule: false });
  const { port } = await app.start();
  standin.setBotUrl(`http://127.0.0.1:${port}/slack/events`);

  // The workspace: a night-shift nursing team of eight, their lead, an admin, and a small team of three.
  const names = ['Amara', 'Ben', 'Chioma', 'Dev', 'Elif', 'Femi', 'Grace', 'Hiro'];
  const team = names.map((n, i) => ({ id: `U0NURSE${i + 1}`, name: n }));
  for (const p of team) standin.addUser({ id: p.id, name: p.name.toLowerCase() });
  standin.addUser({ id: 'U0LEAD', name: 'sam' });
  standin.addUser({ id: 'U0ADMIN', name: 'ops' });
  standin.addUser({ id: 'U0PEER1', name: 'kit' });
  standin.addUser({ id: 'U0PEER2', name: 'lou' });
  standin.addUser({ id: standin.botUserId, name: 'wellbeing', isBot: true });
  standin.addChannel({
    id: 'C0WARD7',
    name: 'ward-7-nights',
    members: [...team.map((p) => p.id), 'U0LEAD', standin.botUserId],
  });
  standin.addChannel({
    id: 'C0PEERS',
    name: 'peer-support',
    members: ['U0PEER1', 'U0PEER2', 'U0LEAD', standin.botUserId],
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

  out('wellbeing-nudges demo — a local Slack stand-in, Redis and the bot over signed HTTP');
  out(`(Redis: ${server ? 'a throwaway redis-server' : redisUrl}, key prefix ${prefix})`);
  out();
  out('#ward-7-nights — the admin names a lead');
  await command('U0ADMIN', 'ops (admin)', 'C0WARD7', 'leads add <@U0LEAD|sam>');
  await command('U0LEAD', 'sam (lead)', 'C0WARD7', 'help');
  out();

  out('#ward-7-nights — the lead asks for a prompt now, after a hard night');
  await command('U0LEAD', 'sam (lead)', 'C0WARD7', 'prompt now compassion');
  const prompt = standin.messages('C0WARD7').at(-1);
  if (!prompt) throw new Error('no prompt was posted');
  out(
    `  #ward-7-nights  ${plain(prompt.text, prompt.blocks as unknown[])
      .split('\n')
      .join('\n                 ')}`,
  );
  const botReactions = [...prompt.reactions.entries()]
    .filter(([, users]) => users.has(standin.botUserId))
    .map(([name]) => `:${name}:`);
  out(`                 (the bot adds ${botReactions.join(' ')} to its own message)`);
  out();

  out('The team answers — by reaction (visible), button and /checkin (private)');
  const ts = prompt.ts;
  const react = async (i: number, emoji: string) => {
    const p = team[i] as { id: string; name: string };
    say(p.name, `reacts :${emoji}:`);
    const d = await standin.reactionAdded({ user: p.id, reaction: emoji, channel: 'C0WARD7', ts });
    if (d.status !== 200) throw new Error(`reaction answered ${d.status}`);
  };
  const press = async (i: number, score: number) => {
    const p = team[i] as { id: string; name: string };
    say(p.name, `presses ${score} (private)`);
    await standin.blockAction({
      userId: p.id,
      channelId: 'C0WARD7',
      actionId: `checkin_score_${score}`,
      value: `x:${score}`,
      blockId: 'checkin',
      messageTs: ts,
    });
    const eph = newCalls()
      .filter((c) => c.method === 'chat.postEphemeral')
      .at(-1);
    if (eph) bot(`(only ${p.name} sees) ${plain((eph.args as { text?: string }).text)}`);
  };
  await react(0, 'four');
  await react(1, 'three');
  await react(2, 'two');
  await press(3, 4);
  await press(4, 5);
  await command(
    (team[5] as { id: string }).id,
    'Femi',
    'C0WARD7',
    '3 busy but we looked after each other',
    '/checkin',
  );
  await command((team[6] as { id: string }).id, 'Grace', 'D0GRACE', '1 rough one tonight', '/checkin');
  // The support DM follows the reply (it is sent after Slack has its answer).
  const grace = (team[6] as { id: string }).id;
  for (let i = 0; i < 100 && standin.dms(grace).length === 0; i++)
    await new Promise((r) => setTimeout(r, 20));
  for (const dm of standin.dms(grace)) bot(`(a private DM to Grace) ${plain(dm.text)}`);
  await react(7, 'grinning');
  say('Hiro', 'removes :grinning: — changed their mind');
  await standin.reactionRemoved({
    user: (team[7] as { id: string }).id,
    reaction: 'grinning',
    channel: 'C0WARD7',
    ts,
  });
  out();

  out('Grace looks at her own check-ins (only she sees them)');
  await command((team[6] as { id: string }).id, 'Grace', 'D0GRACE', 'me');
  out();

  out('The lead asks for the summary');
  await command('U0LEAD', 'sam (lead)', 'C0WARD7', 'summary');
  out();
  out('A teammate tries the same — and learns nothing');
  await command((team[0] as { id: string }).id, 'Amara', 'C0WARD7', 'summary');
  out();

  out('#peer-support — a team of three: the summary stays anonymous');
  await command('U0ADMIN', 'ops (admin)', 'C0PEERS', 'leads add <@U0LEAD|sam>');
  await command('U0LEAD', 'sam (lead)', 'C0PEERS', 'prompt now gratitude');
  const peerPrompt = standin.messages('C0PEERS').at(-1);
  if (peerPrompt) {
    await standin.reactionAdded({ user: 'U0PEER1', reaction: 'five', channel: 'C0PEERS', ts: peerPrompt.ts });
    await standin.reactionAdded({ user: 'U0PEER2', reaction: 'two', channel: 'C0PEERS', ts: peerPrompt.ts });
    say('kit, lou', 'react :five: and :two:');
  }
  await command('U0LEAD', 'sam (lead)', 'C0PEERS', 'summary');
  out();

  out("The lead opens the bot's Home tab: their own check-ins, and one line per team they lead");
  await standin.appHomeOpened('U0LEAD');
  const home = standin.views('U0LEAD').at(-1);
  if (home) bot(plain('', home.blocks as unknown[]));
  out();

  out('Monday 09:00 — the weekly digest arrives as a DM (the bot runs it every quarter-hour)');
  const today = new Date(
    Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate(), 9),
  );
  const monday = today.getTime() + ((8 - today.getUTCDay()) % 7) * 86_400_000; // today if a Monday
  await app.runDigest(monday);
  for (const m of standin.dms('U0LEAD')) bot(`(a private DM to sam) ${plain(m.text, m.blocks)}`);
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
