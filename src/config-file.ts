// WELLBEING_CONFIG: an optional YAML file declaring channels, their time zone, leads, schedules and
// custom prompts. It is validated at start-up (one line per problem, exit 1 before connecting) and
// applied idempotently: schedules and prompts from the file get IDs derived from their content
// (`cfg-…`), so applying the same file again changes nothing, and entries removed from the file are
// removed from Redis. Leads are only ever added (admins may have named others with /wellbeing leads).
//
//   team: T0123ABCD          # optional; default: the bot token's workspace
//   channels:
//     - id: C0123ABCD
//       tz: Europe/London
//       leads: [U0123ABCD]
//       shifts: "day 07:00-19:00, night 19:00-07:00"   # optional: the ward's rota (left as it is when absent)
//       schedules:
//         - { cron: "0 7,15,23 * * *", category: mixed }
//       prompts:
//         - { category: compassion, text: "Before handover, one slow breath." }
//   emoji:                   # optional: which reactions count as which score; a score
//     1: [one, sob]          # given replaces that score's default emoji, the others keep theirs

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError } from './config.js';
import type { Pooling } from './domain/cells.js';
import { parseCron } from './domain/cron.js';
import { validateCustomPromptText } from './domain/custom-prompt.js';
import { buildEmojiMap, type EmojiMapInput } from './domain/emoji.js';
import { parsePromptCategory, parseScheduleCategory } from './domain/schedule.js';
import { parseShifts, type ShiftPattern } from './domain/shifts.js';
import { validateTimeZone } from './domain/timezone.js';
import type { Category, ScheduleCategory, Score } from './domain/types.js';
import type { Logger } from './logger.js';
import type { ChannelGrid } from './services/channel-grid.js';
import type { ChannelSettingsService } from './services/channel-settings.js';
import { MAX_CUSTOM_PROMPTS_PER_CHANNEL, MAX_SCHEDULES_PER_CHANNEL } from './services/prompts.js';
import type { ChannelStore } from './store/channels.js';
import type { PromptStore } from './store/prompts.js';
import type { RoleStore } from './store/roles.js';
import type { ScheduleStore } from './store/schedules.js';

export interface FileSchedule {
  readonly id: string;
  readonly cron: string;
  readonly tz: string;
  readonly category: ScheduleCategory;
}

export interface FilePrompt {
  readonly id: string;
  readonly category: Category;
  readonly text: string;
}

export interface FileChannel {
  readonly id: string;
  /** Only when the file names one; otherwise the channel keeps its zone (or gets the default). */
  readonly tz?: string;
  /** How the channel's answers are counted (day, week, 4w); only when the file names it. */
  readonly pooling?: Pooling;
  /** false: reactions are neither added nor counted; only when the file names it. */
  readonly reactions?: boolean;
  readonly leads: readonly string[];
  /** The rota, when the file names one; otherwise the channel keeps what its leads set. */
  readonly shifts?: ShiftPattern;
  readonly schedules: readonly FileSchedule[];
  readonly prompts: readonly FilePrompt[];
}

export interface WellbeingFile {
  readonly team?: string;
  readonly channels: readonly FileChannel[];
  /** The reaction → score map, when the file changes the default one. */
  readonly emoji?: Readonly<Record<string, Score>>;
}

const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;
const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const TEAM_ID = /^T[A-Z0-9]{2,}$/;

const zone = z.string().superRefine((v, ctx) => {
  const r = validateTimeZone(v);
  if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason });
});

const schema = z.strictObject({
  team: z.string().regex(TEAM_ID, 'must be a Slack workspace ID such as T0123ABCD').optional(),
  channels: z
    .array(
      z.strictObject({
        id: z
          .string({ error: 'is required' })
          .regex(CHANNEL_ID, 'must be a Slack channel ID such as C0123ABCD'),
        tz: zone.optional(),
        pooling: z.enum(['day', 'week', '4w'], { error: 'must be day, week or 4w' }).optional(),
        reactions: z.boolean({ error: 'must be true or false' }).optional(),
        shifts: z
          .string({ error: 'must be a pattern in quotes, e.g. "day 07:00-19:00, night 19:00-07:00"' })
          .superRefine((v, ctx) => {
            const r = parseShifts(v);
            if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason.replace(/`/g, '') });
          })
          .optional(),
        leads: z.array(z.string().regex(USER_ID, 'must be a Slack user ID such as U0123ABCD')).default([]),
        schedules: z
          .array(
            z.strictObject({
              cron: z.string({ error: 'is required (e.g. "0 7,15,23 * * *")' }).superRefine((v, ctx) => {
                const r = parseCron(v);
                if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason });
              }),
              tz: zone.optional(),
              category: z
                .string()
                .refine((v) => parseScheduleCategory(v) !== undefined, {
                  error: 'must be compassion, mindfulness, self-care, gratitude or mixed',
                })
                .optional(),
            }),
          )
          .max(MAX_SCHEDULES_PER_CHANNEL, `at most ${MAX_SCHEDULES_PER_CHANNEL} per channel`)
          .default([]),
        prompts: z
          .array(
            z.strictObject({
              category: z
                .string({ error: 'is required' })
                .refine((v) => parsePromptCategory(v) !== undefined, {
                  error: 'must be compassion, mindfulness, self-care or gratitude',
                }),
              text: z.string({ error: 'is required' }).superRefine((v, ctx) => {
                const r = validateCustomPromptText(v);
                if (!r.ok) ctx.addIssue({ code: 'custom', message: r.reason });
              }),
            }),
          )
          .max(MAX_CUSTOM_PROMPTS_PER_CHANNEL, `at most ${MAX_CUSTOM_PROMPTS_PER_CHANNEL} per channel`)
          .default([]),
      }),
    )
    .default([]),
  emoji: z.record(z.string(), z.array(z.string(), { error: 'must be a list of emoji names' })).optional(),
});

const shortHash = (parts: readonly string[]) =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 10);

/** `channels[0].schedules[1].cron` */
function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

export type FileResult = { ok: true; value: WellbeingFile } | { ok: false; problems: string[] };

/** Parses and validates the file's text; `defaultTz` fills in zones the file leaves out. */
export function parseWellbeingFile(text: string, defaultTz: string): FileResult {
  const label = 'WELLBEING_CONFIG';
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => `${label}: ${e.message.split('\n')[0] ?? e.message}`),
    };
  }
  const parsed = schema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => {
        const where = pathOf(i.path);
        const keys = i.code === 'unrecognized_keys' ? ` (${i.keys.join(', ')})` : '';
        return `${label}${where ? ` ${where}` : ''}: ${i.message}${keys}`;
      }),
    };
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const channels: FileChannel[] = parsed.data.channels.map((c, ci) => {
    if (seen.has(c.id)) problems.push(`${label} channels[${ci}].id: ${c.id} is listed more than once`);
    seen.add(c.id);
    const tz = c.tz === undefined ? undefined : (validateTimeZone(c.tz) as { ok: true; value: string }).value;
    const schedules = c.schedules.map((s) => {
      const spec = parseCron(s.cron);
      const cron = spec.ok ? spec.value.expression : s.cron;
      const stz =
        s.tz === undefined
          ? (tz ?? defaultTz)
          : (validateTimeZone(s.tz) as { ok: true; value: string }).value;
      const category = parseScheduleCategory(s.category ?? 'mixed') ?? 'mixed';
      return { id: `cfg-${shortHash([c.id, cron, stz, category])}`, cron, tz: stz, category };
    });
    const prompts = c.prompts.map((p) => {
      const category = parsePromptCategory(p.category) as Category;
      const text = (validateCustomPromptText(p.text) as { ok: true; value: string }).value;
      return { id: `cfg-${shortHash([c.id, category, text])}`, category, text };
    });
    const shifts = c.shifts === undefined ? undefined : parseShifts(c.shifts);
    return {
      id: c.id,
      ...(tz === undefined ? {} : { tz }),
      ...(c.pooling === undefined ? {} : { pooling: c.pooling }),
      ...(c.reactions === undefined ? {} : { reactions: c.reactions }),
      ...(shifts?.ok ? { shifts: shifts.value } : {}),
      leads: [...new Set(c.leads)],
      // The same entry twice in the file is one entry.
      schedules: [...new Map(schedules.map((s) => [s.id, s])).values()],
      prompts: [...new Map(prompts.map((p) => [p.id, p])).values()],
    };
  });
  const emoji =
    parsed.data.emoji === undefined ? undefined : buildEmojiMap(parsed.data.emoji as EmojiMapInput);
  if (emoji && !emoji.ok) problems.push(`${label} emoji: ${emoji.reason}`);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      ...(parsed.data.team ? { team: parsed.data.team } : {}),
      channels,
      ...(emoji?.ok ? { emoji: Object.freeze(emoji.value) } : {}),
    },
  };
}

/** Reads and validates the file; throws ConfigError with one line per problem. */
export function loadWellbeingFile(path: string, defaultTz: string): WellbeingFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([
      `WELLBEING_CONFIG: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    ]);
  }
  const r = parseWellbeingFile(text, defaultTz);
  if (!r.ok) throw new ConfigError(r.problems);
  return r.value;
}

export interface ApplyDeps {
  team: string;
  prompts: PromptStore;
  schedules: ScheduleStore;
  roles: Pick<RoleStore, 'addLead'>;
  channels: Pick<ChannelStore, 'promptChannels'>;
  /** Zone, pooling and reactions (changes of zone and pooling wait for the end of the period in progress). */
  grid?: Pick<ChannelGrid, 'setPooling' | 'setTimeZone' | 'setReactions'>;
  /** The one way a channel's shifts change (the same as `/wellbeing shifts set`). */
  settings: Pick<ChannelSettingsService, 'setShifts'>;
  clock: () => number;
  defaultTz: string;
  log: Logger;
}

export interface ApplySummary {
  channels: number;
  leadsAdded: number;
  schedulesAdded: number;
  schedulesRemoved: number;
  promptsAdded: number;
  promptsRemoved: number;
  /** Channels whose shift pattern the file changed. */
  shiftsChanged: number;
  /** Entries not applied because a channel already had the most it may have. */
  refused: number;
}

/** Applies the file to Redis. Applying the same file twice changes nothing the second time. */
export async function applyWellbeingFile(file: WellbeingFile, deps: ApplyDeps): Promise<ApplySummary> {
  const { team } = deps;
  const log = deps.log.child({ module: 'config-file', team });
  const now = deps.clock();
  const sum: ApplySummary = {
    channels: file.channels.length,
    leadsAdded: 0,
    schedulesAdded: 0,
    schedulesRemoved: 0,
    promptsAdded: 0,
    promptsRemoved: 0,
    shiftsChanged: 0,
    refused: 0,
  };
  const scheduleIds = new Set<string>();
  const promptIds = new Set<string>();

  for (const ch of file.channels) {
    await deps.prompts.registerChannel(team, ch.id, ch.tz ?? deps.defaultTz, {
      atMs: now,
      override: ch.tz !== undefined,
    });
    if (deps.grid) {
      // Asking for what is already in force changes nothing, so applying the file again cuts no period short.
      if (ch.tz !== undefined) await deps.grid.setTimeZone(team, ch.id, ch.tz);
      if (ch.pooling !== undefined) await deps.grid.setPooling(team, ch.id, ch.pooling);
      if (ch.reactions !== undefined) await deps.grid.setReactions(team, ch.id, ch.reactions);
    }
    for (const lead of ch.leads) if (await deps.roles.addLead(team, ch.id, lead)) sum.leadsAdded += 1;
    if (ch.shifts && (await deps.settings.setShifts(team, ch.id, ch.shifts, now)).kind === 'changed') {
      sum.shiftsChanged += 1;
    }
    for (const s of ch.schedules) {
      scheduleIds.add(s.id);
      const r = await deps.schedules.add(
        team,
        { ...s, channel: ch.id, createdAt: now, source: 'config' },
        MAX_SCHEDULES_PER_CHANNEL,
      );
      if (r.kind === 'added') sum.schedulesAdded += 1;
      else if (r.kind === 'full') sum.refused += 1;
    }
    for (const p of ch.prompts) {
      promptIds.add(p.id);
      const r = await deps.prompts.addCustom(
        team,
        ch.id,
        { ...p, addedAt: now, source: 'config' },
        MAX_CUSTOM_PROMPTS_PER_CHANNEL,
      );
      if (r.kind === 'added') sum.promptsAdded += 1;
      else if (r.kind === 'full') sum.refused += 1;
    }
  }

  // Entries an earlier version of the file declared and this one does not.
  for (const s of await deps.schedules.list(team)) {
    if (
      s.source === 'config' &&
      !scheduleIds.has(s.id) &&
      (await deps.schedules.remove(team, s.channel, s.id))
    ) {
      sum.schedulesRemoved += 1;
    }
  }
  const known = new Set([
    ...(await deps.channels.promptChannels(team)).keys(),
    ...file.channels.map((c) => c.id),
  ]);
  for (const channel of known) {
    for (const p of await deps.prompts.customPrompts(team, channel)) {
      if (
        p.source === 'config' &&
        !promptIds.has(p.id) &&
        (await deps.prompts.removeCustom(team, channel, p.id))
      ) {
        sum.promptsRemoved += 1;
      }
    }
  }
  if (sum.refused > 0)
    log.warn(
      { refused: sum.refused },
      'config file: some entries exceed a channel limit and were not applied',
    );
  log.info(sum, 'config file applied');
  return sum;
}
