// The direction of dependencies, checked on every file's imports: domain/ is pure, store/ knows
// nothing of Slack, and the scheduler reaches Slack only through a port (types, never code).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

export interface Import {
  /** As written: `./types.js`, `node:fs`, `ioredis`. */
  readonly from: string;
  /** `import type` / `export type`: erased at build time, so no code dependency. */
  readonly typeOnly: boolean;
}

const ROOT = resolve(import.meta.dirname, '../..');

/** The project path (`src/store/keys.ts`) an import resolves to, or undefined for a package. */
function target(file: string, from: string): string | undefined {
  if (!from.startsWith('.')) return undefined;
  return relative(ROOT, resolve(ROOT, dirname(file), from)).replace(/\.js$/, '.ts');
}

const isBuiltin = (from: string) => from.startsWith('node:') || builtinModules.includes(from);
/**
 * Standard JavaScript APIs the runtime does not ship yet, through their polyfill: Temporal (time
 * zones and calendars) is part of the language, not a library the domain could be tied to.
 */
const STANDARD_POLYFILLS = new Set(['temporal-polyfill']);
const under = (path: string | undefined, dir: string) => path?.startsWith(`src/${dir}/`) ?? false;

/** The rule each import of `file` breaks, if any. */
export function layerViolations(file: string, imports: readonly Import[]): string[] {
  const out: string[] = [];
  for (const i of imports) {
    const to = target(file, i.from);
    if (
      under(file, 'domain') &&
      !isBuiltin(i.from) &&
      !STANDARD_POLYFILLS.has(i.from) &&
      !under(to, 'domain')
    ) {
      out.push(`${file}: domain/ imports only domain/, Node built-ins and standard APIs, not ${i.from}`);
    }
    if (under(file, 'store') && (under(to, 'slack') || i.from.startsWith('@slack/'))) {
      out.push(`${file}: store/ never imports Slack (${i.from})`);
    }
    if (under(file, 'scheduler') && (under(to, 'slack') || i.from.startsWith('@slack/')) && !i.typeOnly) {
      out.push(`${file}: the scheduler reaches Slack only through a port type, not code from ${i.from}`);
    }
  }
  return out;
}

/** Every static import and re-export of a TypeScript source, and whether it is type-only. */
export function importsOf(source: string): Import[] {
  const found: Import[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(re)) found.push({ from: m[3] ?? '', typeOnly: m[2] !== undefined });
  // Dynamic imports count as code dependencies too.
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push({ from: m[1] ?? '', typeOnly: false });
  }
  return found;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') ? [relative(ROOT, p)] : [];
  });
}

describe('layers', () => {
  it('holds in every source file', () => {
    const files = sources(join(ROOT, 'src'));
    assert.ok(files.length > 40, `found ${files.length} files`);
    const broken = files.flatMap((f) => layerViolations(f, importsOf(readFileSync(join(ROOT, f), 'utf8'))));
    assert.deepEqual(broken, []);
  });

  it('reads imports, re-exports and type-only imports', () => {
    const src = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c.js';",
      "export type { D } from './d.js';",
      "import 'node:process';",
      'import {\n  e,\n  f,\n} from "ioredis";',
      "const g = await import('./g.js');",
    ].join('\n');
    assert.deepEqual(importsOf(src), [
      { from: './a.js', typeOnly: false },
      { from: '../b.js', typeOnly: true },
      { from: './c.js', typeOnly: false },
      { from: './d.js', typeOnly: true },
      { from: 'node:process', typeOnly: false },
      { from: 'ioredis', typeOnly: false },
      { from: './g.js', typeOnly: false },
    ]);
  });

  it('refuses a library, or code outside domain/, in domain/', () => {
    const code = (from: string) => ({ from, typeOnly: false });
    const allowed = [code('./types.js'), code('node:crypto'), code('temporal-polyfill')];
    assert.deepEqual(layerViolations('src/domain/x.ts', allowed), []);
    assert.equal(layerViolations('src/domain/x.ts', [code('croner')]).length, 1);
    assert.equal(layerViolations('src/domain/x.ts', [code('../prompts/index.js')]).length, 1);
    assert.equal(
      layerViolations('src/domain/x.ts', [{ from: '../store/keys.js', typeOnly: true }]).length,
      1,
    );
  });

  it('refuses Slack in store/, even as a type', () => {
    assert.equal(layerViolations('src/store/x.ts', [{ from: '../slack/port.js', typeOnly: true }]).length, 1);
    assert.equal(layerViolations('src/store/x.ts', [{ from: '@slack/web-api', typeOnly: false }]).length, 1);
    assert.deepEqual(layerViolations('src/store/x.ts', [{ from: './keys.js', typeOnly: false }]), []);
  });

  it('lets the scheduler name a Slack port type but not call Slack code', () => {
    assert.deepEqual(
      layerViolations('src/scheduler/x.ts', [{ from: '../slack/port.js', typeOnly: true }]),
      [],
    );
    assert.equal(
      layerViolations('src/scheduler/x.ts', [{ from: '../slack/port.js', typeOnly: false }]).length,
      1,
    );
    assert.equal(
      layerViolations('src/scheduler/x.ts', [{ from: '@slack/web-api', typeOnly: false }]).length,
      1,
    );
  });
});
