// Scenario 1 — ingest: signed reaction_added events over HTTP into the real bot, against a bare Bolt
// app with the same receiver options and an empty listener, in the same run. The events are a real
// team's stream (bench/stream.ts): 500 people answering prompt after prompt, each once per prompt,
// about 5 % ones, a few changed answers.
//
// Processes: the bot and the bare app each run in a child process (bench/ingest-server.ts); this
// process runs autocannon and the Slack stand-in; Redis is a throwaway redis-server. On a 2-core
// machine the load generator would otherwise share the server's event loop and flatter neither side.
// The targets are measured in rounds of alternating order (bare, bot, bot, bare, …) so that anything
// else the machine is doing meanwhile weighs on all alike; the CPU each process used is reported too.
import { type ChildProcess, fork } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { Redis } from 'ioredis';
import { createKeys } from '../src/store/keys.js';
import { signSlackRequest } from '../test/support/signing.js';
import { check, log, round, type ScenarioResult, SIGNING_SECRET, sleep, TEAM } from './lib.js';
import { EVENTS_PER_PROMPT, PEOPLE, type StreamEvent, streamEvent, withoutOnes } from './stream.js';
import { startWorld } from './world.js';

const CONNECTIONS = 20;
// BENCH_QUICK=1: a shorter run while working on the bot (not the numbers to report).
const QUICK = process.env.BENCH_QUICK === '1';
const MEASURE_S = QUICK ? 4 : 10;
const ROUNDS = QUICK ? 2 : 4;
const WARMUP_S = QUICK ? 2 : 3;
const CHANNEL = 'C0BENCH01';
const PREFIX = 'wbbench';
const BOT_USER = 'UBOT0001';
/** Prompt messages recorded for the stream to answer; more than a full run's events need. */
const PROMPTS = 3_000;

/** `bareLean`: the bare app with the bot's own App options (Bolt's conversation store off). */
type Server = 'bare' | 'bareLean' | 'bot';
/**
 * `botNoCare` is the bot again, sent only scores 2–5; `bareAgain` is the bare app again, so that the
 * difference between `bare` and `bareAgain` shows how much the machine's noise alone moves the numbers.
 */
type Target = Server | 'botNoCare' | 'bareAgain';
const TARGETS: readonly Target[] = ['bare', 'bot', 'botNoCare', 'bareLean', 'bareAgain'];
/** The stream each target is sent: botNoCare answers 2 where the stream has a 1 (no support DMs). */
const EVENT: Record<Target, (n: number) => StreamEvent> = {
  bare: streamEvent,
  bot: streamEvent,
  botNoCare: (n) => withoutOnes(streamEvent(n)),
  bareLean: streamEvent,
  bareAgain: streamEvent,
};
const SERVER: Record<Target, Server> = {
  bare: 'bare',
  bot: 'bot',
  botNoCare: 'bot',
  bareLean: 'bareLean',
  bareAgain: 'bare',
};
const perTarget = <T>(f: (t: Target) => T) =>
  Object.fromEntries(TARGETS.map((t) => [t, f(t)])) as Record<Target, T>;

interface Running {
  child: ChildProcess;
  url: string;
  logFile: string;
}

async function startServer(mode: Server, env: Record<string, string>, logDir: string): Promise<Running> {
  const logFile = join(logDir, `${mode}.log`);
  const fd = openSync(logFile, 'w');
  const profile = process.env.BENCH_CPU_PROF;
  const child = fork(join(import.meta.dirname, 'ingest-server.ts'), [mode], {
    execArgv: ['--import', 'tsx', ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [])],
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, 'inherit', 'ipc'],
  });
  closeSync(fd);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code} before listening`)));
  });
  return { child, url: `http://127.0.0.1:${port}/slack/events`, logFile };
}

async function stopServer(s: Running): Promise<void> {
  if (s.child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    s.child.once('exit', () => resolve());
    s.child.send('stop');
  });
}

/** Slack's event_callback envelope for one reaction, as the stand-in delivers it. */
function reactionEnvelope(n: number, user: string, emoji: string, promptTs: string, nowSec: number): string {
  return JSON.stringify({
    token: 'bench-verification-token',
    team_id: TEAM,
    context_team_id: TEAM,
    context_enterprise_id: null,
    api_app_id: 'AWELLBEING',
    event: {
      type: 'reaction_added',
      user,
      reaction: emoji,
      item_user: BOT_USER,
      item: { type: 'message', channel: CHANNEL, ts: promptTs },
      event_ts: `${nowSec}.${String(n % 1e6).padStart(6, '0')}`,
    },
    type: 'event_callback',
    event_id: `EvB${n.toString(36).toUpperCase().padStart(8, '0')}`,
    event_time: nowSec,
    authorizations: [
      { enterprise_id: null, team_id: TEAM, user_id: BOT_USER, is_bot: true, is_enterprise_install: false },
    ],
    authed_users: [BOT_USER],
    is_ext_shared_channel: false,
  });
}

/** Person i of the team, known to the stand-in (so support DMs reach them). */
function userId(i: number): string {
  return `UB${String(i).padStart(7, '0')}`;
}

/** The posted prompt message event k's prompt is: one second apart, the latest a minute ago. */
const promptTsOf = (firstSec: number, prompt: number) => `${firstSec + (prompt % PROMPTS)}.000100`;

// ---- CPU accounting (Linux /proc) ----

/** CPU seconds (user + system) a process has used so far. */
function processCpu(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds the whole machine has been busy (all cores, everything but idle and iowait). */
function machineBusyCpu(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return (total - (v[3] ?? 0) - (v[4] ?? 0)) / 100;
  } catch {
    return Number.NaN;
  }
}

async function redisCpu(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const get = (k: string) => Number(new RegExp(`^${k}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
  return get('used_cpu_user') + get('used_cpu_sys');
}

interface Cpu {
  wall: number;
  server: number;
  loadgen: number;
  redis: number;
  machine: number;
}

async function cpuNow(redis: Redis, server: ChildProcess): Promise<Cpu> {
  const l = process.cpuUsage();
  return {
    wall: performance.now() / 1000,
    server: processCpu(server.pid),
    loadgen: (l.user + l.system) / 1e6,
    redis: await redisCpu(redis),
    machine: machineBusyCpu(),
  };
}

// ---- load ----

/** What autocannon hands back with skipAggregateResult (undocumented in @types/autocannon). */
type RawResult = Record<string, unknown> & {
  '2xx': number;
  non2xx: number;
  errors: number;
  duration: number;
};
/**
 * A round's results and its length: from its start to its last answer, measured here. autocannon's own
 * `duration` runs to the first of its once-a-second ticks after the last answer, so a round of a fixed
 * number of requests looked up to a second longer than it was: 2.1 s counted as 3 s. Rounds of 1–3 s
 * lost a random 0–40 % of their rate that way, the bot's (smaller) rounds more than the bare app's.
 */
interface Fired {
  raw: RawResult;
  seconds: number;
}

const aggregate = (
  autocannon as unknown as { aggregateResult: (r: RawResult[], o: object) => autocannon.Result }
).aggregateResult;

/**
 * What a target was sent: first answers and changed ones, and `stores`, the events that give the
 * bot's Redis an answer it did not hold yet. Events are numbered across all targets, so a prompt's
 * first answer may have gone to a bare app and its change to the bot: then the change is what stores.
 */
interface Sent {
  firsts: number;
  changes: number;
  stores: number;
  /** (prompt, person) pairs the bot's Redis holds an answer for; shared by the bot's targets. */
  held?: Set<string>;
}

function fire(
  url: string,
  event: (n: number) => StreamEvent,
  size: { seconds: number } | { amount: number },
  next: () => number,
  firstPromptSec: number,
  sent: Sent,
): Promise<Fired> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let lastAnswer = started;
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        ...('amount' in size ? { amount: size.amount } : { duration: size.seconds }),
        timeout: 10,
        // Ticks every 20 ms instead of every second: a round ends (and its CPU is read) right after its
        // last answer, not up to a second later.
        sampleInt: 20,
        skipAggregateResult: true,
        requests: [
          {
            method: 'POST',
            path: '/slack/events',
            setupRequest: (req) => {
              const n = next();
              const e = event(n);
              if (e.change) sent.changes += 1;
              else sent.firsts += 1;
              const pair = `${e.prompt}:${e.person}`;
              if (sent.held && !sent.held.has(pair)) {
                sent.held.add(pair);
                sent.stores += 1;
              }
              const nowSec = Math.floor(Date.now() / 1000);
              const body = reactionEnvelope(
                n,
                userId(e.person),
                e.emoji,
                promptTsOf(firstPromptSec, e.prompt),
                nowSec,
              );
              return {
                ...req,
                body,
                headers: {
                  'content-type': 'application/json',
                  ...signSlackRequest(SIGNING_SECRET, body, nowSec),
                },
              };
            },
          },
        ],
      },
      (err, r) =>
        err
          ? reject(err)
          : resolve({ raw: r as unknown as RawResult, seconds: (lastAnswer - started) / 1000 }),
    );
    instance.on('response', () => {
      lastAnswer = performance.now();
    });
  });
}

interface Measured {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** The server's CPU time per request answered. */
  serverCpuMsPerRequest: number;
  /** The same for the load generator with the Slack stand-in (one process), and for Redis. */
  loadgenCpuMsPerRequest: number;
  redisCpuMsPerRequest: number;
  /** Every busy CPU on the machine per request: server, load generator, stand-in, Redis and the rest. */
  machineCpuMsPerRequest: number;
  /** CPU seconds per wall second while this target was loaded. */
  cpu: { server: number; loadgen: number; redis: number; others: number };
}

class Accumulator {
  private readonly raw: RawResult[] = [];
  private seconds = 0;
  private readonly cpu = { wall: 0, server: 0, loadgen: 0, redis: 0, machine: 0 };

  add(r: Fired, before: Cpu, after: Cpu): void {
    this.raw.push(r.raw);
    this.seconds += r.seconds;
    for (const k of ['wall', 'server', 'loadgen', 'redis', 'machine'] as const)
      this.cpu[k] += after[k] - before[k];
  }

  result(): Measured {
    const a = aggregate(this.raw, { url: 'http://127.0.0.1/', connections: CONNECTIONS });
    const ok = a['2xx'];
    const requests = ok + a.non2xx;
    const per = (v: number) => round(v / this.cpu.wall);
    return {
      requests,
      ok,
      non2xx: a.non2xx,
      errors: a.errors,
      rps: requests / this.seconds,
      p50: a.latency.p50,
      p90: a.latency.p90,
      p99: a.latency.p99,
      max: a.latency.max,
      serverCpuMsPerRequest: round((this.cpu.server * 1000) / requests, 3),
      loadgenCpuMsPerRequest: round((this.cpu.loadgen * 1000) / requests, 3),
      redisCpuMsPerRequest: round((this.cpu.redis * 1000) / requests, 3),
      machineCpuMsPerRequest: round((this.cpu.machine * 1000) / requests, 3),
      cpu: {
        server: per(this.cpu.server),
        loadgen: per(this.cpu.loadgen),
        redis: per(this.cpu.redis),
        others: per(this.cpu.machine - this.cpu.server - this.cpu.loadgen - this.cpu.redis),
      },
    };
  }
}

export async function ingestScenario(): Promise<ScenarioResult> {
  const started = Date.now();
  const world = await startWorld(PREFIX);
  const { redis, standin, logDir } = world;
  const servers: Running[] = [];
  try {
    const people = Array.from({ length: PEOPLE }, (_, i) => userId(i));
    for (const id of people) standin.addUser({ id });
    standin.addChannel({ id: CHANNEL, name: 'ward-bench', members: ['UBLEAD', ...people] });
    // The prompt messages the stream answers, recorded as the scheduler records them.
    const keys = createKeys(PREFIX);
    const firstPromptSec = Math.floor(Date.now() / 1000) - 60 - PROMPTS;
    await redis.hset(keys.channels(TEAM), CHANNEL, JSON.stringify({ tz: 'UTC' }));
    const record = redis.pipeline();
    for (let k = 0; k < PROMPTS; k++) {
      const at = String((firstPromptSec + k) * 1000);
      record.hset(keys.promptMessage(TEAM, CHANNEL, promptTsOf(firstPromptSec, k)), {
        id: 'cmp-01',
        cat: 'compassion',
        at,
      });
    }
    const lastTs = promptTsOf(firstPromptSec, PROMPTS - 1);
    record.hset(keys.latestPrompt(TEAM, CHANNEL), {
      ts: lastTs,
      at: String((firstPromptSec + PROMPTS - 1) * 1000),
    });
    await record.exec();

    const env = world.childEnv;
    const running = {
      bare: await startServer('bare', env, logDir),
      bareLean: await startServer('bareLean', env, logDir),
      bot: await startServer('bot', env, logDir),
    };
    servers.push(running.bare, running.bareLean, running.bot);

    let seq = 0;
    const next = () => seq++;
    // Stored check-ins: one field per (person, prompt) in the channel's open cells.
    const stored = async () => {
      let n = 0;
      for (const id of await redis.zrange(keys.openCells(TEAM, CHANNEL), '0', '-1')) {
        n += await redis.hlen(keys.cell(TEAM, CHANNEL, id));
      }
      return n;
    };
    const dms = () => standin.callsTo('chat.postMessage').length;

    log(`ingest: warming up (${WARMUP_S} s per target)`);
    const rate = perTarget(() => 0);
    const held = new Set<string>();
    const sentTo = (t: Target): Sent => ({
      firsts: 0,
      changes: 0,
      stores: 0,
      ...(SERVER[t] === 'bot' ? { held } : {}),
    });
    const sentBy = perTarget(sentTo);
    for (const t of TARGETS) {
      const w = await fire(
        running[SERVER[t]].url,
        EVENT[t],
        { seconds: WARMUP_S },
        next,
        firstPromptSec,
        sentTo(t),
      );
      rate[t] = (w.raw['2xx'] + w.raw.non2xx) / w.seconds;
    }
    // A timed run ends with requests in flight, answered to nobody; let them land before counting.
    await sleep(500);

    // Measured rounds send a fixed number of requests (MEASURE_S / ROUNDS at the warm-up rate), so every
    // request sent is answered within its round and stored check-ins can be counted exactly.
    const acc = perTarget(() => new Accumulator());
    const storedBy = perTarget(() => 0);
    const dmsBy = perTarget(() => 0);
    log(`ingest: ${ROUNDS} alternating rounds of ~${MEASURE_S / ROUNDS} s per target`);
    for (let r = 0; r < ROUNDS; r++) {
      for (const t of r % 2 === 0 ? TARGETS : [...TARGETS].reverse()) {
        const child = running[SERVER[t]].child;
        const [s0, d0] = [await stored(), dms()];
        const before = await cpuNow(redis, child);
        const amount = Math.max(CONNECTIONS, Math.round((rate[t] * MEASURE_S) / ROUNDS));
        const result = await fire(
          running[SERVER[t]].url,
          EVENT[t],
          { amount },
          next,
          firstPromptSec,
          sentBy[t],
        );
        acc[t].add(result, before, await cpuNow(redis, child));
        storedBy[t] += (await stored()) - s0;
        dmsBy[t] += dms() - d0;
      }
    }
    const m = perTarget((t) => acc[t].result());
    const botLog = readFileSync(running.bot.logFile, 'utf8').split('\n').filter(Boolean);
    const botErrors = botLog.filter((l) => /"level":(50|60)/.test(l)).length;

    // The baseline is the mean of the bare app's two measurements.
    const bareRps = (m.bare.rps + m.bareAgain.rps) / 2;
    const ratio = m.bot.rps / bareRps;
    const ratioNoCare = m.botNoCare.rps / bareRps;
    const metrics: Record<string, number> = { connections: CONNECTIONS, people: PEOPLE };
    for (const t of TARGETS) {
      const v = m[t];
      Object.assign(metrics, {
        [`${t}_requests`]: v.requests,
        [`${t}_rps`]: round(v.rps, 0),
        [`${t}_p50_ms`]: v.p50,
        [`${t}_p90_ms`]: v.p90,
        [`${t}_p99_ms`]: v.p99,
        [`${t}_max_ms`]: v.max,
        [`${t}_non2xx`]: v.non2xx,
        [`${t}_connection_errors`]: v.errors,
        [`${t}_server_cpu_ms_per_request`]: v.serverCpuMsPerRequest,
        [`${t}_machine_cpu_ms_per_request`]: v.machineCpuMsPerRequest,
        [`${t}_cpu_server`]: v.cpu.server,
        [`${t}_cpu_loadgen_and_standin`]: v.cpu.loadgen,
        [`${t}_cpu_redis`]: v.cpu.redis,
        [`${t}_cpu_other_processes`]: v.cpu.others,
      });
      if (SERVER[t] === 'bot') {
        Object.assign(metrics, {
          [`${t}_stored_checkins`]: storedBy[t],
          [`${t}_first_answers_sent`]: sentBy[t].firsts,
          [`${t}_changed_answers_sent`]: sentBy[t].changes,
          [`${t}_care_dms`]: dmsBy[t],
        });
      }
    }
    // What one support DM costs, on each side: the extra CPU per request of the stream with DMs over the
    // stream without, spread over the share of its requests that sent one.
    const dmShare = dmsBy.bot / m.bot.requests;
    const perDm = (f: (v: Measured) => number) =>
      dmsBy.bot > 0 ? round((f(m.bot) - f(m.botNoCare)) / dmShare, 2) : 0;
    // The bot process's own CPU per event beside the bare app's (the mean of its two measurements).
    const bareCpu = (m.bare.serverCpuMsPerRequest + m.bareAgain.serverCpuMsPerRequest) / 2;
    Object.assign(metrics, {
      bot_cpu_ms_per_event: m.bot.serverCpuMsPerRequest,
      bare_cpu_ms_per_event: round(bareCpu, 3),
      bot_over_bare_cpu_per_event: round(m.bot.serverCpuMsPerRequest / bareCpu, 2),
      prompts_answered: Math.ceil(seq / EVENTS_PER_PROMPT),
      bare_rps_mean: round(bareRps, 0),
      throughput_ratio: round(ratio, 3),
      throughput_ratio_without_care_dms: round(ratioNoCare, 3),
      care_dm_cpu_ms_each: perDm((v) => v.serverCpuMsPerRequest),
      // The stand-in answering the DM (it shares the load generator's process) and Redis's care marker:
      // CPU a real deployment spends at Slack, not here, but which this 2-core machine has to share.
      care_dm_standin_cpu_ms_each: perDm((v) => v.loadgenCpuMsPerRequest),
      care_dm_redis_cpu_ms_each: perDm((v) => v.redisCpuMsPerRequest),
      noise_bare_again_vs_bare: round(m.bareAgain.rps / m.bare.rps, 3),
      throughput_ratio_against_bare_lean: round(m.bot.rps / m.bareLean.rps, 3),
      throughput_ratio_without_care_dms_against_bare_lean: round(m.botNoCare.rps / m.bareLean.rps, 3),
      bot_error_log_lines: botErrors,
    });
    // An answer the bot's Redis did not hold adds one stored check-in; a changed answer replaces one.
    // So with every request answered 2xx, the stored check-ins are exactly the events that stored.
    const botOk = m.bot.ok + m.botNoCare.ok;
    const botSent =
      sentBy.bot.firsts + sentBy.bot.changes + sentBy.botNoCare.firsts + sentBy.botNoCare.changes;
    const botStored = storedBy.bot + storedBy.botNoCare;
    return {
      scenario: 'ingest',
      metrics,
      checks: [
        check('ingest: bot/bare throughput ratio', round(ratio, 3), '>=', 0.75),
        check('ingest: the same, scores 2–5 (no support DMs)', round(ratioNoCare, 3), '>=', 0.75),
        check('ingest: bot p99 ack latency', m.bot.p99, '<', 25, 'ms'),
        check('ingest: every event to the bot answered 2xx', botOk, '==', botSent),
        check(
          'ingest: stored check-ins = answers new to the bot',
          botStored,
          '==',
          sentBy.bot.stores + sentBy.botNoCare.stores,
        ),
        check(
          'ingest: prompts recorded for the whole stream',
          Math.ceil(seq / EVENTS_PER_PROMPT),
          '<=',
          PROMPTS,
        ),
      ],
      notes: [
        `${CONNECTIONS} connections; ${WARMUP_S} s warm-up per target, then ${ROUNDS} rounds alternating the targets' order, each a fixed number of requests (~${MEASURE_S} s per target in all).`,
        'Bot and bare app run in child processes; autocannon and the Slack stand-in in this process; Redis is a throwaway redis-server. cpu_* = CPU seconds per wall second (2.0 = both cores); cpu_other_processes is whatever else the machine ran meanwhile.',
        `The stream (bench/stream.ts): ${PEOPLE} people answer prompt after prompt, each once per prompt (${EVENTS_PER_PROMPT - PEOPLE} of them then change their answer), about 5 % ones; a 1 sends its person the support DM at most once a day (one chat.postMessage after the ack, on the bot's CPU). botNoCare: the same stream with every 1 answered as 2. bareAgain: the bare app again (bareAgain/bare shows the run-to-run noise). *_cpu_ms_per_event: the server process's own CPU per event.`,
        'bare is a Bolt App with its defaults, as a new app is written; bareLean is the same with the conversation store off, as the bot runs it (the store costs the bare app a sixth to a third of its CPU per request, depending on the machine). The target compares with bare; the ratios against bareLean are reported too.',
      ],
      seconds: round((Date.now() - started) / 1000, 1),
    };
  } finally {
    for (const s of servers) await stopServer(s);
    await world.close();
  }
}
