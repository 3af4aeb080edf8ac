// Which OAuth scope each Web API method needs, and which scopes the app's manifest grants, so the
// stand-in answers `missing_scope` as Slack does and a scope the manifest forgot fails a test here
// rather than in a hospital's workspace.
//
// The table is read once from Slack's OpenAPI description of the Web API (each method's
// `security.slackAuth` lists the scopes, any one of which will do). That description uses the
// classic-app spellings `chat:write:bot` / `files:write:user`; a bot token's scope is the same name
// without the `:bot` / `:user` tail. Methods newer than the description are listed below from
// Slack's method reference.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** Slack's API descriptions, copied into the repository with their licence. */
export const SLACK_SPECS_DIR: URL = new URL('../fixtures/slack-specs/', import.meta.url);

const MANIFEST = new URL('../../manifest.yml', import.meta.url);

/** Methods the OpenAPI description predates, with the scope Slack's reference gives them. */
const NEWER_METHODS: Readonly<Record<string, readonly string[]>> = {
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
  // Called with the app-level token, whose scope is checked apart from the bot's.
  'apps.connections.open': ['connections:write'],
};

/** The conversation kinds a scope family covers, e.g. `channels:read` / `groups:read` / `im:read`. */
export type ConversationKind = 'channels' | 'groups' | 'im' | 'mpim';

let table: ReadonlyMap<string, readonly string[]> | undefined;

function botScopeName(scope: string): string {
  return scope.replace(/:(bot|user)$/, '');
}

/** method → scopes any one of which allows it (empty: no scope needed). */
export function scopeTable(): ReadonlyMap<string, readonly string[]> {
  if (table) return table;
  const file = new URL('web-api.openapi.json', SLACK_SPECS_DIR);
  if (!existsSync(file))
    throw new Error(`slack stand-in: Slack's Web API description is missing (${fileURLToPath(file)})`);
  const spec = JSON.parse(readFileSync(file, 'utf8')) as {
    paths: Record<string, Record<string, { security?: { slackAuth?: string[] }[] }>>;
  };
  const out = new Map<string, readonly string[]>();
  for (const [path, operations] of Object.entries(spec.paths)) {
    const scopes = new Set<string>();
    for (const op of Object.values(operations)) {
      for (const s of op.security ?? []) for (const scope of s.slackAuth ?? []) scopes.add(scope);
    }
    scopes.delete('none');
    out.set(path.replace(/^\//, ''), [...new Set([...scopes].map(botScopeName))]);
  }
  for (const [method, scopes] of Object.entries(NEWER_METHODS)) out.set(method, scopes);
  table = out;
  return out;
}

/** The bot scopes `manifest.yml` asks for. */
export function manifestBotScopes(): string[] {
  const manifest = parse(readFileSync(fileURLToPath(MANIFEST), 'utf8')) as {
    oauth_config?: { scopes?: { bot?: unknown } };
  };
  const bot = manifest.oauth_config?.scopes?.bot;
  return Array.isArray(bot) ? bot.map(String) : [];
}

/**
 * The scope a call lacks, or undefined when the granted ones allow it. Where a method takes any of a
 * family (`channels:read`, `groups:read`, `im:read`, `mpim:read`), the conversation's kind decides
 * which one it needs, as Slack decides; unknown kinds accept any of them.
 */
export function missingScope(
  method: string,
  granted: ReadonlySet<string>,
  kind?: ConversationKind,
): string | undefined {
  const any = scopeTable().get(method);
  if (!any || any.length === 0) return undefined;
  const forKind = kind ? any.filter((s) => s.split(':')[0] === kind) : [];
  const candidates = forKind.length > 0 ? forKind : any;
  if (candidates.some((s) => granted.has(s))) return undefined;
  return candidates[0];
}
