// Scenario 3 — fan-out: 1,000 channels due in the same minute, 3 bot replicas (3
// processes on one Redis), the stand-in answering 5 % of chat.postMessage with HTTP 429 and
// Retry-After: 1. All three replicas run the scheduler for that minute at once; the stand-in's call
// record says how many prompts each channel got, when, and how fast each channel was posted to.
// `fanout-shifts` is the same with shift-relative schedules: every channel has a rota whose day shift
// starts that minute and a `shift-start +0` schedule, so the fire times come from the shift patterns.
import { type ChildProcess, fork } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PromptRun } from '../src/scheduler/prompts.js';
import { createChannelStore } from '../src/store/channels.js';
import { createKeys } from '../src/store/keys.js';
import { createScheduleStore } from '../src/store/schedules.js';
import type { RecordedCall } from '../test/support/slack-standin.js';
import { check, log, round, type ScenarioResult, TEAM } from './lib.js';
import { startWorld } from './world.js';

const CHANNELS = 1_000;
const REPLICAS = 3;
const RATE_LIMITED_SHARE = 0.05;
const PREFIX = 'wbfan';
const DEADLINE_MS = 120_000;

interface Replica {
  child: ChildProcess;
  logFile: string;
}

async function startReplica(i: number, env: Record<string, string>, logDir: string): Promise<Replica> {
  const logFile = join(logDir, `replica-${i}.log`);
  const fd = openSync(logFile, 'w');
  const child = fork(join(import.meta.dirname, 'fanout-replica.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, 'inherit', 'ipc'],
  });
  closeSync(fd);
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`replica ${i} exited with ${code} before it was ready`)));
  });
  return { child, logFile };
}

/** A small deterministic generator, so the same 5 % of calls are rate-limited on every run. */
function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

const channelId = (i: number) => `C0FAN${String(i).padStart(4, '0')}`;

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

export const fanoutScenario = () => fanout('cron');
export const fanoutShiftsScenario = () => fanout('shifts');

async function fanout(kind: 'cron' | 'shifts'): Promise<ScenarioResult> {
  const started = Date.now();
  const world = await startWorld(PREFIX);
  const { redis, standin, logDir } = world;
  const replicas: Replica[] = [];
  try {
    // 1,000 channels with one schedule each, all due at the minute `slot`.
    const slot = Math.floor(Date.now() / 60_000) * 60_000;
    const at = new Date(slot);
    const cron = `${at.getUTCMinutes()} ${at.getUTCHours()} * * *`;
    const schedules = createScheduleStore(redis, createKeys(PREFIX));
    const channels = createChannelStore(redis, createKeys(PREFIX));
    // A rota whose day shift starts at `slot` (UTC, the bench's default zone).
    const rota = `day ${hhmm(slot)}-${hhmm(slot + 12 * 3_600_000)}, night ${hhmm(slot + 12 * 3_600_000)}-${hhmm(slot)}`;
    const shiftRule = { anchor: 'shift-start', offsetMinutes: 0, shifts: [] } as const;
    for (let i = 0; i < CHANNELS; i++) {
      const id = channelId(i);
      standin.addChannel({ id, name: `ward-${i}`, members: [`UF${String(i).padStart(4, '0')}`] });
      if (kind === 'shifts') await channels.patchSettings(TEAM, id, { shifts: rota });
      const timing = kind === 'shifts' ? { cron: '', tz: '', shift: shiftRule } : { cron, tz: 'UTC' };
      const added = await schedules.add(
        TEAM,
        { channel: id, ...timing, category: 'mixed', createdAt: slot - 10 * 60_000, source: 'command' },
        10,
      );
      if (added.kind !== 'added') throw new Error(`could not add the schedule of ${id}: ${added.kind}`);
    }
    standin.injectRateLimit('chat.postMessage', {
      probability: RATE_LIMITED_SHARE,
      retryAfterSec: 1,
      random: seededRandom(42),
    });

    const env = world.childEnv;
    log(`${kind === 'shifts' ? 'fanout-shifts' : 'fanout'}: starting ${REPLICAS} replicas`);
    for (let i = 0; i < REPLICAS; i++) replicas.push(await startReplica(i, env, logDir));
    standin.reset();

    // Every replica runs the scheduler for the same instant (just after the slot's minute began), at once.
    log(
      `${kind === 'shifts' ? 'fanout-shifts' : 'fanout'}: ${CHANNELS} channels due; running the scheduler on ${REPLICAS} replicas at once`,
    );
    const now = slot + 1_000;
    const t0 = Date.now();
    const runs = await Promise.all(
      replicas.map(
        (r) =>
          new Promise<{ run?: PromptRun; error?: string; finishedAt: number }>((resolve) => {
            r.child.once('message', (m) =>
              resolve(m as { run?: PromptRun; error?: string; finishedAt: number }),
            );
            r.child.send({ runDue: now });
          }),
      ),
    );
    const allDone = Math.max(...runs.map((r) => r.finishedAt)) - t0;

    const calls = standin.callsTo('chat.postMessage');
    const ok = (c: RecordedCall) => c.status === 200 && (c.response as { ok?: boolean }).ok === true;
    const posts = new Map<string, number[]>();
    const attempts = new Map<string, number[]>();
    for (const c of calls) {
      const ch = String(c.args.channel);
      attempts.set(ch, [...(attempts.get(ch) ?? []), c.at]);
      if (ok(c)) posts.set(ch, [...(posts.get(ch) ?? []), c.at]);
    }
    const perChannel = Array.from({ length: CHANNELS }, (_, i) => posts.get(channelId(i))?.length ?? 0);
    const missing = perChannel.filter((n) => n === 0).length;
    const duplicated = perChannel.filter((n) => n > 1).length;
    const lastPost = Math.max(...calls.filter(ok).map((c) => c.at)) - t0;
    const rateLimited = calls.filter((c) => c.status === 429).length;
    // The fastest any one channel was sent chat.postMessage calls (retries after a 429 included).
    let minGap = Number.POSITIVE_INFINITY;
    let maxInOneSecond = 0;
    for (const times of attempts.values()) {
      const s = [...times].sort((a, b) => a - b);
      for (let i = 1; i < s.length; i++) minGap = Math.min(minGap, (s[i] as number) - (s[i - 1] as number));
      for (let i = 0, j = 0; i < s.length; i++) {
        while ((s[i] as number) - (s[j] as number) >= 1_000) j++;
        maxInOneSecond = Math.max(maxInOneSecond, i - j + 1);
      }
    }
    const reactions = standin.callsTo('reactions.add').length;
    const logLines = replicas.flatMap((r) => readFileSync(r.logFile, 'utf8').split('\n').filter(Boolean));
    const errorLines = logLines.filter((l) => /"level":(50|60)/.test(l)).length;
    const sum = (k: keyof PromptRun) => runs.reduce((a, r) => a + (r.run?.[k] ?? 0), 0);

    const name = kind === 'shifts' ? 'fanout-shifts' : 'fanout';
    return {
      scenario: name,
      metrics: {
        channels: CHANNELS,
        replicas: REPLICAS,
        time_to_last_post_s: round(lastPost / 1000, 2),
        time_until_every_replica_finished_s: round(allDone / 1000, 2),
        channels_with_exactly_one_prompt: perChannel.filter((n) => n === 1).length,
        channels_without_a_prompt: missing,
        channels_with_more_than_one_prompt: duplicated,
        post_message_calls: calls.length,
        post_message_429s: rateLimited,
        reactions_added: reactions,
        max_post_message_calls_in_one_second_per_channel: maxInOneSecond,
        min_gap_between_calls_to_one_channel_ms: Number.isFinite(minGap) ? minGap : 'none (one call each)',
        posted_by_replica: runs.map((r) => r.run?.posted ?? -1).join(' / '),
        claimed_elsewhere: sum('claimedElsewhere'),
        failed: sum('failed'),
        replica_errors: runs.filter((r) => r.error).length,
        error_log_lines: errorLines,
      },
      checks: [
        check(`${name}: time to the last post`, round(lastPost / 1000, 2), '<', DEADLINE_MS / 1000, 's'),
        check(`${name}: channels without exactly one prompt`, missing + duplicated, '==', 0),
        check(`${name}: most posts to one channel in 1 s`, maxInOneSecond, '<=', 1),
      ],
      notes: [
        `${CHANNELS} channels, one ${kind === 'shifts' ? `shift-start +0 schedule each on the rota "${rota}" (UTC), whose shifts all start` : 'schedule each, all due'} the same minute; ${REPLICAS} replicas as child processes on one Redis, each running runDue(minute + 1 s) at the same moment; the stand-in (this process) answers ${RATE_LIMITED_SHARE * 100} % of chat.postMessage with 429 and Retry-After: 1.`,
        'Counts come from the stand-in call record: a post is a chat.postMessage answered ok; calls per second per channel include the attempts that met a 429.',
      ],
      seconds: round((Date.now() - started) / 1000, 1),
    };
  } finally {
    for (const r of replicas) {
      if (r.child.exitCode === null) {
        await new Promise<void>((resolve) => {
          r.child.once('exit', () => resolve());
          r.child.send('stop');
        });
      }
    }
    await world.close();
  }
}
