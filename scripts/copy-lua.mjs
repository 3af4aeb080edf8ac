// Part of `npm run build`: tsc compiles only TypeScript, so the Lua scripts are copied beside the
// compiled loader (dist/store/lua/), which reads them from its own folder. Scripts left there by an
// earlier build are removed first: the loader would register a renamed or deleted script too.
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const out = 'dist/store/lua';
for (const entry of readdirSync(out, { withFileTypes: true })) {
  if (entry.name.endsWith('.lua') || entry.name === 'includes')
    rmSync(join(out, entry.name), { recursive: true });
}
cpSync('src/store/lua', out, {
  recursive: true,
  filter: (path) => !path.endsWith('.ts'),
});
