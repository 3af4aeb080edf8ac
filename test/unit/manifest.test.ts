import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { Ajv } from 'ajv';
import { parse } from 'yaml';

// Slack's own schema, unchanged, from ../shared beside the checkout. It declares draft-07, which is
// what Ajv's default class implements.
const slackSpecs = new URL('../../../shared/slack-specs/', import.meta.url);
const readJson = (url: URL): unknown => JSON.parse(readFileSync(url, 'utf8'));
const schema = readJson(new URL('manifest.schema.1.0.0.json', slackSpecs)) as Record<string, unknown>;
const example = readJson(new URL('manifest.example.valid.json', slackSpecs));
const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')) as Manifest;

interface Manifest {
  features: {
    app_home?: { messages_tab_enabled?: boolean; messages_tab_read_only_enabled?: boolean };
    slash_commands: { command: string; usage_hint?: string; should_escape?: boolean }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] } };
}

// strictTypes is off only because the schema puts `minItems: 0` on string items (external-auth
// scopes), a no-op Ajv would warn about on every run; unknown keywords still fail compilation.
const ajv = new Ajv({ allErrors: true, strictTypes: false });
// The schema uses two keywords that are not JSON Schema: `_note` (a comment) and `regex` (Slack's
// spelling of `pattern`, on background_color). Strict mode refuses unknown keywords, so teach it both
// rather than turn strictness off, and enforce `regex` as the pattern it means.
ajv.addKeyword('_note');
ajv.addKeyword({
  keyword: 'regex',
  type: 'string',
  schemaType: 'string',
  compile: (source: string) => {
    const re = new RegExp(source, 'u');
    return (data: string) => re.test(data);
  },
});
// Only the top-level `$schema` property uses a format; URL parsing is enough for it.
ajv.addFormat('uri', (value: string) => URL.canParse(value));
const validate = ajv.compile(schema);

function problems(doc: unknown): string[] {
  if (validate(doc)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
  );
}

it("accepts Slack's own example manifest (the validator is set up right)", () => {
  assert.deepEqual(problems(example), []);
});

it("is valid against Slack's manifest schema", () => {
  assert.deepEqual(problems(manifest), []);
});

it('rejects a manifest with an unknown top-level property', () => {
  const found = problems({ ...manifest, reaction_map: { one: 1 } });
  assert.ok(
    found.some((p) => p.includes('additional properties') && p.includes('reaction_map')),
    found.join('\n'),
  );
});

it('rejects a background colour that is not a hex colour', () => {
  const bad = structuredClone(manifest) as Manifest & { display_information: { background_color: string } };
  bad.display_information.background_color = 'teal';
  assert.ok(
    problems(bad).some((p) => p.startsWith('/display_information/background_color')),
    'the schema’s `regex` keyword was not enforced',
  );
});

it('declares both slash commands', () => {
  const commands = manifest.features.slash_commands;
  assert.deepEqual(commands.map((c) => c.command).sort(), ['/checkin', '/wellbeing']);
  const checkin = commands.find((c) => c.command === '/checkin');
  assert.equal(checkin?.usage_hint, '[1-5 | :emoji:] [note]');
});

it('has Slack escape /wellbeing arguments so mentions arrive as IDs', () => {
  const wellbeing = manifest.features.slash_commands.find((c) => c.command === '/wellbeing');
  assert.equal(wellbeing?.should_escape, true);
});

it('subscribes to the reaction events the bot counts', () => {
  const events = manifest.settings.event_subscriptions.bot_events;
  assert.ok(events.includes('reaction_added'), events.join(', '));
  assert.ok(events.includes('reaction_removed'), events.join(', '));
  // Slack delivers reaction events only to apps holding reactions:read.
  assert.ok(manifest.oauth_config.scopes.bot.includes('reactions:read'));
});

it('hears direct messages to the bot, with the scope Slack requires for them', () => {
  const events = manifest.settings.event_subscriptions.bot_events;
  assert.ok(events.includes('message.im'), events.join(', '));
  // Slack delivers message.im only to apps holding im:history.
  assert.ok(manifest.oauth_config.scopes.bot.includes('im:history'));
  // The Messages tab must be open and writable, or nobody could write to the bot at all.
  assert.equal(manifest.features.app_home?.messages_tab_enabled, true);
  assert.equal(manifest.features.app_home?.messages_tab_read_only_enabled, false);
});
