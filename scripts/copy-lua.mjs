// Part of `npm run build`: tsc compiles only TypeScript, so the Lua scripts are copied beside the
// compiled loader (dist/store/lua/), which reads them from its own folder.
import { cpSync } from 'node:fs';

cpSync('src/store/lua', 'dist/store/lua', {
  recursive: true,
  filter: (path) => !path.endsWith('.ts'),
});
