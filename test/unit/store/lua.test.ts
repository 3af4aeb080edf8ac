// The Lua loader: file names give command names and key counts, contracts are required, includes
// are resolved once each.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { loadScriptDir, projectScripts } from '../../../src/store/lua/index.js';

const CONTRACT = '--[[\n  Input:\n    KEYS[1] a key\n  Output:\n    1\n]]\n';

function scriptDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wb-lua-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('the Lua loader', () => {
  it('names each command after its file and takes the key count from the name', () => {
    const defs = loadScriptDir(
      scriptDir({ 'bumpCount-3.lua': `${CONTRACT}return 1\n`, 'sumAll.lua': `${CONTRACT}return 2\n` }),
    );
    assert.deepEqual(
      defs.map((d) => [d.name, d.numberOfKeys]),
      [
        ['bumpCount', 3],
        ['sumAll', undefined],
      ],
    );
  });

  it('replaces an include line by the file, and a repeated include (even a nested one) by nothing', () => {
    const [def] = loadScriptDir(
      scriptDir({
        'useBoth-1.lua': `${CONTRACT}--- @include "includes/a.lua"\n--- @include "includes/b.lua"\nreturn a() + b()\n`,
        'includes/a.lua': 'local function a() return 1 end\n',
        'includes/b.lua': '--- @include "a.lua"\nlocal function b() return a() end\n',
      }),
    );
    const lua = def?.lua ?? '';
    assert.equal(lua.match(/local function a\(\)/g)?.length, 1, lua);
    assert.match(
      lua,
      /local function a\(\) return 1 end\n[\s\S]*local function b\(\)[\s\S]*return a\(\) \+ b\(\)/,
    );
    assert.doesNotMatch(lua, /@include/);
  });

  it('refuses a script without its contract, a badly named file, a missing include and an include cycle', () => {
    assert.throws(
      () => loadScriptDir(scriptDir({ 'bare-1.lua': 'return 1\n' })),
      /bare-1\.lua: open with its contract/,
    );
    assert.throws(
      () => loadScriptDir(scriptDir({ 'two-words-1.lua': `${CONTRACT}return 1\n` })),
      /two-words-1\.lua: name it/,
    );
    assert.throws(
      () => loadScriptDir(scriptDir({ 'x-1.lua': `${CONTRACT}--- @include "includes/gone.lua"\n` })),
      /cannot read the include includes\/gone\.lua/,
    );
    const cyclic = scriptDir({
      'x-1.lua': `${CONTRACT}--- @include "includes/a.lua"\n`,
      'includes/a.lua': '--- @include "b.lua"\n',
      'includes/b.lua': '--- @include "a.lua"\n',
    });
    assert.throws(() => loadScriptDir(cyclic), /include cycle/);
  });

  it('says where the scripts should be when a folder has none (a build that did not copy them)', () => {
    assert.throws(() => loadScriptDir(scriptDir({ 'index.js': '' })), /no Lua scripts in .*the build copies/);
  });

  it('loads every project script with a contract and no unresolved include', () => {
    const defs = projectScripts();
    assert.ok(defs.length >= 6, defs.map((d) => d.name).join());
    for (const d of defs) {
      assert.doesNotMatch(d.lua, /@include/, d.name);
      assert.ok(d.numberOfKeys === undefined || d.numberOfKeys > 0, d.name);
    }
  });
});
