// The Redis Lua scripts, one per file beside this module, registered once per client with ioredis
// `defineCommand`: ioredis sends a script's source once per connection and EVALSHA after that, in
// pipelines and on Cluster too, so callers write `redis.pickPrompt(...)` like any other command.
//
// Conventions (as in BullMQ's commands):
// - `name-N.lua` is called `name` and takes N keys; `name.lua` takes a varying number of keys, given
//   as the call's first argument (ioredis' `numberOfKeys` left open).
// - Each file opens with its contract, a `--[[ ... Input: ... Output: ... ]]` comment.
// - A line `--- @include "includes/x.lua"` is replaced by that file (relative to the including file),
//   at most once per script, so shared Lua functions live in one place.
// - Every key a script touches arrives in KEYS or is built from a prefix `keys.ts` hands it.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Result } from 'ioredis';
import type { RedisClient } from '../redis.js';

export interface ScriptDef {
  readonly name: string;
  /** Undefined when the caller passes the number of keys first. */
  readonly numberOfKeys: number | undefined;
  readonly lua: string;
}

const FILE = /^([A-Za-z][A-Za-z0-9]*)(?:-(\d+))?\.lua$/;
const INCLUDE = /^--- @include "([^"]+)"\s*$/;
const CONTRACT = /^--\[\[[\s\S]*?\bInput:[\s\S]*?\bOutput:[\s\S]*?\]\]/;

/** Reads every `*.lua` script of `dir` (not its `includes/`), resolving includes. Throws on a broken file. */
export function loadScriptDir(dir: string): ScriptDef[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.lua'))
    .sort();
  if (files.length === 0) {
    throw new Error(
      `no Lua scripts in ${dir}: the build copies src/store/lua/*.lua beside the compiled code`,
    );
  }
  const names = new Set<string>();
  return files.map((file) => {
    const m = FILE.exec(file);
    if (!m?.[1]) throw new Error(`Lua script ${file}: name it <name>-<number of keys>.lua or <name>.lua`);
    const name = m[1];
    if (names.has(name)) throw new Error(`Lua script ${file}: another file is also called ${name}`);
    names.add(name);
    const path = join(dir, file);
    const source = readFileSync(path, 'utf8');
    if (!CONTRACT.test(source)) {
      throw new Error(`Lua script ${file}: open with its contract, --[[ ... Input: ... Output: ... ]]`);
    }
    return {
      name,
      numberOfKeys: m[2] === undefined ? undefined : Number(m[2]),
      lua: withIncludes(source, path, new Set([resolve(path)]), [resolve(path)]),
    };
  });
}

function withIncludes(source: string, path: string, seen: Set<string>, chain: string[]): string {
  return source
    .split('\n')
    .map((line) => {
      const m = INCLUDE.exec(line);
      if (!m?.[1]) return line;
      const target = resolve(dirname(path), m[1]);
      if (chain.includes(target)) throw new Error(`Lua include cycle: ${[...chain, target].join(' -> ')}`);
      if (seen.has(target)) return `-- (${m[1]} included above)`;
      seen.add(target);
      let included: string;
      try {
        included = readFileSync(target, 'utf8');
      } catch {
        throw new Error(`Lua script ${path}: cannot read the include ${m[1]}`);
      }
      return withIncludes(included, target, seen, [...chain, target]).replace(/\n$/, '');
    })
    .join('\n');
}

let scripts: ScriptDef[] | undefined;
const defined = new WeakSet<RedisClient>();

/** The scripts beside this module (read once per process). */
export function projectScripts(): ScriptDef[] {
  scripts ??= loadScriptDir(dirname(fileURLToPath(import.meta.url)));
  return scripts;
}

/** Registers the project's scripts on a client; calling it again for the same client does nothing. */
export function defineScripts<C extends RedisClient>(redis: C): C {
  if (defined.has(redis)) return redis;
  for (const s of projectScripts()) {
    redis.defineCommand(s.name, s.numberOfKeys === undefined ? { lua: s.lua } : s);
  }
  defined.add(redis);
  return redis;
}

// The scripts as typed commands: arguments in KEYS-then-ARGV order, as each file's contract says.
declare module 'ioredis' {
  interface RedisCommander<Context> {
    pickPrompt(
      customPrompts: string,
      mixedCounter: string,
      rotation1: string,
      rotation2: string,
      rotation3: string,
      rotation4: string,
      want: string,
      random: string,
      ttlMs: string,
      ...categoryPairs: string[]
    ): Result<[id: string, category: string, customText: string], Context>;
    recordPrompt(
      message: string,
      latest: string,
      id: string,
      category: string,
      atMs: string,
      ts: string,
      ttlMs: string,
    ): Result<number, Context>;
    addCustomPrompt(
      customPrompts: string,
      seq: string,
      category: string,
      text: string,
      json: string,
      max: string,
      id: string,
    ): Result<[kind: string, id: string], Context>;
    addSchedule(
      schedules: string,
      seq: string,
      channel: string,
      cron: string,
      tz: string,
      category: string,
      json: string,
      max: string,
      id: string,
    ): Result<[kind: string, id: string], Context>;
    removeSchedule(schedules: string, id: string, channel: string): Result<number, Context>;
    markTick(tick: string, atMs: string): Result<number, Context>;
  }
}
