// The operators' tool for requests that arrive outside Slack (an email, a letter, a deactivated
// account): `npm run admin -- forget <team> <user>` erases one person's check-ins and notes,
// `npm run admin -- export <team> <user>` prints them. It reads the bot's own environment and `.env`
// (REDIS_URL, REDIS_KEY_PREFIX, WELLBEING_RETENTION_DAYS, LOG_LEVEL), prints JSON on stdout and logs
// on stderr.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadOperatorConfig, processEnvironment } from '../config.js';
import { createLogger } from '../logger.js';
import { createPeopleService } from '../services/people.js';
import { createCheckinStore } from '../store/checkins.js';
import { createKeys } from '../store/keys.js';
import { createPendingStore } from '../store/pending.js';
import { createDiskRewriter } from '../store/persistence.js';
import { createRedis, whenReady } from '../store/redis.js';

const USAGE = [
  'usage: npm run admin -- forget <team ID> <user ID>   erase one person’s check-ins and notes',
  '       npm run admin -- export <team ID> <user ID>   print them as JSON',
  'e.g.   npm run admin -- export T012AB3CD U045EF6GH',
].join('\n');

const TEAM = /^[TE][A-Z0-9]{2,}$/;
const USER = /^[UW][A-Z0-9]{2,}$/;

/** Runs one command; returns the exit code. `out`/`err` receive stdout/stderr text. */
export async function runAdmin(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: { out: (s: string) => void; err: (s: string) => void } = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  },
): Promise<number> {
  const [command, team, user, ...extra] = argv;
  if ((command !== 'forget' && command !== 'export') || !team || !user || extra.length > 0) {
    io.err(`${USAGE}\n`);
    return 2;
  }
  const problems = [
    ...(TEAM.test(team) ? [] : [`"${team}" is not a Slack team ID (like T012AB3CD)`]),
    ...(USER.test(user) ? [] : [`"${user}" is not a Slack user ID (like U045EF6GH)`]),
  ];
  let config: ReturnType<typeof loadOperatorConfig> | undefined;
  try {
    config = loadOperatorConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems.push(...e.problems);
  }
  if (problems.length > 0 || !config) {
    io.err(`${problems.join('\n')}\n`);
    return 2;
  }

  // Logs go to stderr (fd 2), so stdout holds only the JSON answer.
  const log = createLogger(config.logLevel, { write: (s: string) => io.err(s) });
  const redis = createRedis(config.redis.target, log);
  try {
    await whenReady(redis, 5_000);
    const keys = createKeys(config.redis.keyPrefix);
    const rewriter = createDiskRewriter(redis, keys, { log });
    const store = createCheckinStore(redis, keys, { retentionDays: config.retentionDays });
    const people = createPeopleService({
      // The store directly: the tool has no Slack connection, so it does not settle due cells first.
      records: {
        forget: (t, u) => store.forget(t, u, Date.now()),
        all: (t, u) => store.allAnswersOf(t, u, Date.now()),
      },
      pending: createPendingStore(redis, keys),
      rewriter,
      log,
      clock: Date.now,
      retentionDays: config.retentionDays,
    });
    if (command === 'export') {
      io.out(`${JSON.stringify(await people.export(team, user, { kind: 'operator' }), null, 2)}\n`);
    } else {
      const deleted = await people.forget(team, user, { kind: 'operator' });
      // The tool waits for the disk: when it returns, the notes are gone from the persistence file too.
      const disk = await people.settled();
      io.out(`${JSON.stringify({ team, user, deleted, persistenceRewrite: disk }, null, 2)}\n`);
    }
    return 0;
  } catch (e) {
    io.err(`could not ${command}: ${(e as Error).message}\n`);
    return 1;
  } finally {
    redis.disconnect();
  }
}

// Run when started as a program (node dist/cli/admin.js …), not when imported by a test.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  process.exitCode = await runAdmin(process.argv.slice(2), processEnvironment());
}
