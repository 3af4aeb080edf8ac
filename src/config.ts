// Configuration is read once, from an env object passed in, into a frozen typed value.
// Nothing else in the program reads process.env: the entry points (main.ts, the operators' tool) take
// their environment from `processEnvironment()`.
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { validateTimeZone } from './domain/timezone.js';

export const DEFAULT_SUPPORT_TEXT =
  'If today is heavy, you do not have to carry it alone. Your employee assistance programme is ' +
  'confidential and free to use, and if you are in crisis you can call or text 988 (US) or your ' +
  'local emergency number at any time.';

export type RedisTarget =
  | { kind: 'standalone'; url: string }
  | {
      kind: 'sentinel';
      sentinels: { host: string; port: number }[];
      name: string;
      username?: string;
      password?: string;
      /** The Sentinels' own credentials; by default the same as the data nodes'. */
      sentinelUsername?: string;
      sentinelPassword?: string;
      tls: boolean;
    }
  | {
      kind: 'cluster';
      nodes: { host: string; port: number }[];
      username?: string;
      password?: string;
      tls: boolean;
    };

/** TLS settings for `rediss…` URLs beyond the system's CAs. */
export interface RedisTls {
  /** PEM file of the CA that signed the server's certificate (REDIS_TLS_CA). */
  readonly caFile?: string;
  /** The name the server's certificate is checked against, when it differs from the host (REDIS_TLS_SERVERNAME). */
  readonly servername?: string;
}

/** The standard proxy variables, resolved for the bot's connections to Slack. */
export interface ProxyConfig {
  /** For https addresses (Slack itself). */
  readonly httpsProxy: string;
  /** For plain-http addresses (a local Slack stand-in); falls back to the https proxy. */
  readonly httpProxy: string;
  /** Comma-separated hosts (and `host:port`) reached directly; empty when none. */
  readonly noProxy: string;
}

export interface Config {
  readonly slack: {
    readonly botToken: string;
    readonly signingSecret: string | undefined;
    readonly appToken: string | undefined;
    readonly apiUrl: string | undefined;
    readonly socketMode: boolean;
  };
  readonly redis: { readonly target: RedisTarget; readonly keyPrefix: string; readonly tls: RedisTls };
  /** Set when HTTPS_PROXY or HTTP_PROXY is: every connection to Slack goes through it. */
  readonly proxy: ProxyConfig | undefined;
  readonly port: number;
  /** Port of GET /metrics alone, never the Slack port (0: one the OS picks, for tests). */
  readonly metricsPort: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly admins: readonly string[];
  readonly minGroup: number;
  readonly retentionDays: number;
  readonly defaultTz: string;
  readonly supportText: string;
  readonly configFile: string | undefined;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.join('\n')}`);
    this.name = 'ConfigError';
  }
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());
const intWithDefault = (def: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^-?\d+$/, 'must be a whole number')
      .transform(Number)
      .optional()
      .transform((n) => n ?? def),
  );

function parseHosts(list: string, defaultPort: number): { host: string; port: number }[] | undefined {
  const out: { host: string; port: number }[] = [];
  for (const part of list.split(',')) {
    const m = /^([A-Za-z0-9.\-_]+|\[[0-9a-fA-F:]+\])(?::(\d{1,5}))?$/.exec(part.trim());
    if (!m?.[1]) return undefined;
    out.push({ host: m[1].replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : defaultPort });
  }
  return out.length > 0 ? out : undefined;
}

/**
 * REDIS_URL forms: `redis://[user:password@]host:6379` / `rediss://…` (one server),
 * `redis-sentinel://[user:password@]h1:26379,h2:26379/mymaster[?sentinelUsername=…&sentinelPassword=…]`,
 * `redis-cluster://[user:password@]h1:7000,h2:7001` (add an `s` — `rediss-sentinel`, `rediss-cluster` — for TLS).
 * Credentials are percent-encoded, as in any URL.
 */
export function parseRedisUrl(raw: string): RedisTarget | string {
  const m =
    /^(rediss?)(?:-(sentinel|cluster))?:\/\/(?:([^@/]*)@)?([^/?#]+)(?:\/([^?#]*))?(?:\?([^#]*))?$/.exec(raw);
  if (!m)
    return 'must look like redis://host:6379, rediss://…, redis-sentinel://h1:26379,h2:26379/mymaster or redis-cluster://h1:7000,h2:7001';
  const [, scheme, mode, auth, hosts = '', path = '', query] = m;
  const tls = scheme === 'rediss';
  if (!mode) {
    try {
      new URL(raw);
    } catch {
      return 'is not a valid URL';
    }
    return { kind: 'standalone', url: raw };
  }
  let username: string | undefined;
  let password: string | undefined;
  try {
    const colon = (auth ?? '').indexOf(':');
    const user = colon < 0 ? '' : (auth ?? '').slice(0, colon);
    const pass = colon < 0 ? (auth ?? '') : (auth ?? '').slice(colon + 1);
    username = decodeURIComponent(user) || undefined;
    password = decodeURIComponent(pass) || undefined;
  } catch {
    return 'has a user name or password that is not percent-encoded correctly';
  }
  const nodes = parseHosts(hosts, mode === 'sentinel' ? 26379 : 6379);
  if (!nodes) return `lists hosts that are not host:port pairs ("${hosts}")`;
  const params = new URLSearchParams(query ?? '');
  const known = mode === 'sentinel' ? ['sentinelUsername', 'sentinelPassword'] : [];
  const unknown = [...params.keys()].find((k) => !known.includes(k));
  if (unknown !== undefined) {
    return mode === 'sentinel'
      ? `has an option "${unknown}" I do not know; the options are sentinelUsername and sentinelPassword`
      : `has an option "${unknown}"; a cluster URL takes none`;
  }
  const creds = { ...(username ? { username } : {}), ...(password ? { password } : {}) };
  if (mode === 'sentinel') {
    if (!path)
      return 'needs the master name after the hosts, e.g. redis-sentinel://h1:26379,h2:26379/mymaster';
    // The Sentinels share the data nodes' credentials unless the URL gives their own (an empty
    // `sentinelPassword=` means the Sentinels need none).
    const sentinelUsername = params.has('sentinelUsername')
      ? params.get('sentinelUsername') || undefined
      : username;
    const sentinelPassword = params.has('sentinelPassword')
      ? params.get('sentinelPassword') || undefined
      : password;
    return {
      kind: 'sentinel',
      sentinels: nodes,
      name: decodeURIComponent(path),
      ...creds,
      ...(sentinelUsername ? { sentinelUsername } : {}),
      ...(sentinelPassword ? { sentinelPassword } : {}),
      tls,
    };
  }
  return { kind: 'cluster', nodes, ...creds, tls };
}

/**
 * Tokens copied from an example rather than from Slack: `xoxb-your-token`, `xapp-...`, `xoxb-<token>`.
 * Real tokens are letters, digits and dashes after the prefix.
 */
function looksLikePlaceholder(value: string, prefix: string): boolean {
  const rest = value.slice(prefix.length);
  return (
    rest === '' ||
    /\.\.\.|…|[<>{}\s]/.test(rest) ||
    /your|placeholder|change.?me|replace|example|token-here|secret-here|x{4,}/i.test(rest)
  );
}

function proxyUrlProblem(name: string, value: string): string | undefined {
  try {
    const u = new URL(value);
    if (u.protocol === 'http:' || u.protocol === 'https:') return undefined;
  } catch {
    // reported below
  }
  return `${name} must be a proxy URL like http://proxy.example.org:3128`;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const USER_ID = /^[UW][A-Z0-9]{2,}$/;

const schema = z.object({
  SLACK_BOT_TOKEN: z.preprocess(
    blankToUndefined,
    z.string({ error: 'is required' }).trim().startsWith('xoxb-', 'must be a bot token starting with xoxb-'),
  ),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: z.preprocess(
    blankToUndefined,
    z.string().trim().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional(),
  ),
  SLACK_API_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. http://127.0.0.1:4000/api/' })
      .transform((u) => (u.endsWith('/') ? u : `${u}/`))
      .optional(),
  ),
  REDIS_URL: z.preprocess(blankToUndefined, z.string().trim().default('redis://127.0.0.1:6379')),
  REDIS_KEY_PREFIX: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_.-]{1,32}$/, 'must be 1–32 letters, digits, dots, dashes or underscores')
      .default('wb'),
  ),
  PORT: intWithDefault(3000).pipe(z.number().min(0, 'must be 0–65535').max(65535, 'must be 0–65535')),
  METRICS_PORT: intWithDefault(9464).pipe(z.number().min(0, 'must be 0–65535').max(65535, 'must be 0–65535')),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  ),
  WELLBEING_ADMINS: z.preprocess(blankToUndefined, z.string().optional()),
  WELLBEING_MIN_GROUP: intWithDefault(5).pipe(
    z.number().min(3, 'must be at least 3').max(1000, 'must be at most 1000'),
  ),
  WELLBEING_RETENTION_DAYS: intWithDefault(180).pipe(
    z.number().min(1, 'must be at least 1').max(3650, 'must be at most 3650'),
  ),
  WELLBEING_DEFAULT_TZ: z.preprocess(blankToUndefined, z.string().trim().default('UTC')),
  WELLBEING_SUPPORT_TEXT: z.preprocess(
    blankToUndefined,
    z.string().trim().max(2000, 'must be at most 2000 characters').default(DEFAULT_SUPPORT_TEXT),
  ),
  WELLBEING_CONFIG: optionalString,
  REDIS_TLS_CA: optionalString,
  REDIS_TLS_SERVERNAME: optionalString,
});

/** Problems that involve several variables, or need a custom parser; checked on the raw values. */
function crossChecks(env: Readonly<Record<string, string | undefined>>): string[] {
  const problems: string[] = [];
  const has = (k: string) => (env[k] ?? '').trim() !== '';
  const raw = (k: string) => (env[k] ?? '').trim();
  if (has('SLACK_BOT_TOKEN') && looksLikePlaceholder(raw('SLACK_BOT_TOKEN'), 'xoxb-')) {
    problems.push(
      "SLACK_BOT_TOKEN still holds an example value; paste the app's Bot User OAuth Token (OAuth & Permissions)",
    );
  }
  if (has('SLACK_APP_TOKEN') && looksLikePlaceholder(raw('SLACK_APP_TOKEN'), 'xapp-')) {
    problems.push(
      'SLACK_APP_TOKEN still holds an example value; paste an app-level token (Basic Information → App-Level Tokens), or leave it empty for HTTP mode',
    );
  }
  if (has('SLACK_SIGNING_SECRET') && looksLikePlaceholder(raw('SLACK_SIGNING_SECRET'), '')) {
    problems.push(
      "SLACK_SIGNING_SECRET still holds an example value; paste the app's Signing Secret (Basic Information → App Credentials)",
    );
  }
  for (const [name, value] of proxyVariables(env)) {
    const problem = proxyUrlProblem(name, value);
    if (problem) problems.push(problem);
  }
  if (!has('SLACK_APP_TOKEN') && !has('SLACK_SIGNING_SECRET')) {
    problems.push(
      'SLACK_SIGNING_SECRET is required in HTTP mode (set it, or set SLACK_APP_TOKEN for Socket Mode)',
    );
  }
  if (has('WELLBEING_DEFAULT_TZ')) {
    const tz = validateTimeZone((env.WELLBEING_DEFAULT_TZ ?? '').trim());
    if (!tz.ok) problems.push(`WELLBEING_DEFAULT_TZ is invalid: ${tz.reason}`);
  }
  if (has('REDIS_URL')) {
    const redis = parseRedisUrl((env.REDIS_URL ?? '').trim());
    if (typeof redis === 'string') problems.push(`REDIS_URL ${redis}`);
  }
  for (const name of ['REDIS_TLS_CA', 'REDIS_TLS_SERVERNAME']) {
    if (has(name) && !raw('REDIS_URL').startsWith('rediss')) {
      problems.push(
        `${name} is set, but REDIS_URL does not use TLS; start it with rediss:// (or rediss-sentinel://, rediss-cluster://)`,
      );
    }
  }
  for (const id of (env.WELLBEING_ADMINS ?? '').split(',').map((s) => s.trim())) {
    if (id && !USER_ID.test(id)) {
      problems.push(`WELLBEING_ADMINS contains "${id}", which is not a Slack user ID (like U012ABCDEF)`);
    }
  }
  return problems;
}

/** The proxy variables that are set, upper-case spelling first, as `[name, value]`. */
function proxyVariables(env: Readonly<Record<string, string | undefined>>): [string, string][] {
  const out: [string, string][] = [];
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) {
    const value = (env[name] ?? '').trim();
    if (value) out.push([name, value]);
  }
  return out;
}

function proxyConfig(env: Readonly<Record<string, string | undefined>>): ProxyConfig | undefined {
  const first = (...names: string[]) => names.map((n) => (env[n] ?? '').trim()).find((v) => v !== '') ?? '';
  const https = first('HTTPS_PROXY', 'https_proxy');
  const http = first('HTTP_PROXY', 'http_proxy');
  if (!https && !http) return undefined;
  // Every connection the bot makes over HTTP is to Slack, so either variable alone covers all of them.
  return { httpsProxy: https || http, httpProxy: http || https, noProxy: first('NO_PROXY', 'no_proxy') };
}

/**
 * The environment over the values of a `.env` file: a variable set in the environment (even empty)
 * wins over the file.
 */
export function withDotEnv(
  env: Readonly<Record<string, string | undefined>>,
  file: Readonly<Record<string, string | undefined>>,
): Readonly<Record<string, string | undefined>> {
  const merged: Record<string, string | undefined> = { ...file };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  return merged;
}

/** The process's environment, with a `.env` file in the working directory underneath it when there is one. */
export function processEnvironment(): Readonly<Record<string, string | undefined>> {
  if (!existsSync('.env')) return process.env;
  return withDotEnv(process.env, parseEnv(readFileSync('.env', 'utf8')));
}

/** Parses the environment; throws ConfigError listing one line per problem. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = schema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${String(i.path[0] ?? 'configuration')} ${i.message}`);
  problems.push(...crossChecks(env));
  if (parsed.success && parsed.data.PORT !== 0 && parsed.data.PORT === parsed.data.METRICS_PORT)
    problems.push('METRICS_PORT must differ from PORT: /metrics is never served on the Slack port');
  if (!parsed.success || problems.length > 0) throw new ConfigError([...new Set(problems)]);
  const v = parsed.data;
  const target = parseRedisUrl(v.REDIS_URL) as RedisTarget;
  const config: Config = {
    slack: {
      botToken: v.SLACK_BOT_TOKEN,
      signingSecret: v.SLACK_SIGNING_SECRET,
      appToken: v.SLACK_APP_TOKEN,
      apiUrl: v.SLACK_API_URL,
      socketMode: v.SLACK_APP_TOKEN !== undefined,
    },
    redis: {
      target,
      keyPrefix: v.REDIS_KEY_PREFIX,
      tls: {
        ...(v.REDIS_TLS_CA ? { caFile: v.REDIS_TLS_CA } : {}),
        ...(v.REDIS_TLS_SERVERNAME ? { servername: v.REDIS_TLS_SERVERNAME } : {}),
      },
    },
    proxy: proxyConfig(env),
    port: v.PORT,
    metricsPort: v.METRICS_PORT,
    logLevel: v.LOG_LEVEL,
    admins: (v.WELLBEING_ADMINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    minGroup: v.WELLBEING_MIN_GROUP,
    retentionDays: v.WELLBEING_RETENTION_DAYS,
    // The canonical spelling of the zone (e.g. `europe/london` → `Europe/London`).
    defaultTz: (validateTimeZone(v.WELLBEING_DEFAULT_TZ) as { value: string }).value,
    supportText: v.WELLBEING_SUPPORT_TEXT,
    configFile: v.WELLBEING_CONFIG,
  };
  return deepFreeze(config);
}

/** What the operators' command-line tool needs: Redis and the retention; no Slack settings. */
export interface OperatorConfig {
  readonly redis: { readonly target: RedisTarget; readonly keyPrefix: string };
  readonly logLevel: Config['logLevel'];
  readonly retentionDays: number;
}

const operatorSchema = schema.pick({
  REDIS_URL: true,
  REDIS_KEY_PREFIX: true,
  LOG_LEVEL: true,
  WELLBEING_RETENTION_DAYS: true,
});

/** Parses the variables the operators' tool reads (the bot's own names); throws ConfigError. */
export function loadOperatorConfig(env: Readonly<Record<string, string | undefined>>): OperatorConfig {
  const parsed = operatorSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${String(i.path[0] ?? 'configuration')} ${i.message}`);
  const redis = parseRedisUrl((env.REDIS_URL ?? '').trim() || 'redis://127.0.0.1:6379');
  if (typeof redis === 'string') problems.push(`REDIS_URL ${redis}`);
  if (!parsed.success || problems.length > 0) throw new ConfigError([...new Set(problems)]);
  const v = parsed.data;
  return deepFreeze({
    redis: { target: redis as RedisTarget, keyPrefix: v.REDIS_KEY_PREFIX },
    logLevel: v.LOG_LEVEL,
    retentionDays: v.WELLBEING_RETENTION_DAYS,
  });
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
