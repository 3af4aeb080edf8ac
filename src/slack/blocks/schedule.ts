// Replies of `/wellbeing schedule …`, `/wellbeing prompt now` and `/wellbeing prompts …`. Anything a
// person typed (IDs, prompt text) is escaped with the one escaping function (§4.4).
import { CUSTOM_PROMPT_EXAMPLE } from '../../domain/custom-prompt.js';
import { escapeText } from '../../domain/escape.js';
import { SCHEDULE_EXAMPLE } from '../../domain/schedule.js';
import { formatShiftRule } from '../../domain/shift-schedule.js';
import { CATEGORIES, type Category } from '../../domain/types.js';
import { PROMPTS } from '../../prompts/index.js';
import type { AfterEventResult, ListedSchedule, PostResult, Unreachable } from '../../services/prompts.js';
import type { CustomPrompt } from '../../store/prompts.js';
import type { Schedule } from '../../store/schedules.js';
import { type Reply, reply } from '../commands/router.js';

export const SCHEDULE_USAGE =
  'Use `/wellbeing schedule add "&lt;cron&gt;" [time zone] [category]`, ' +
  '`/wellbeing schedule add shift-start|mid-shift|shift-end [±minutes] [category] [shift names]`, ' +
  '`/wellbeing schedule list` or ' +
  `\`/wellbeing schedule remove &lt;id&gt;\` — e.g. \`${SCHEDULE_EXAMPLE}\` or \`/wellbeing schedule add shift-start +15 mindfulness\``;

export const PROMPTS_USAGE =
  'Use `/wellbeing prompts add &lt;category&gt; &lt;text&gt;`, `/wellbeing prompts list` or ' +
  `\`/wellbeing prompts remove &lt;id&gt;\` — e.g. \`${CUSTOM_PROMPT_EXAMPLE}\``;

export const PROMPT_NOW_USAGE =
  'Use `/wellbeing prompt now [category]` — e.g. `/wellbeing prompt now compassion` (categories: compassion, mindfulness, self-care, gratitude or mixed; after a hard event: `/wellbeing prompt now after-event`).';

const quoted = (s: string) => `"${escapeText(s)}"`;

/** "Tue 25 Nov, 07:00" on the schedule's own wall clock. */
export function formatInZone(ms: number, tz: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}

const categoryText = (c: Schedule['category']) => (c === 'mixed' ? 'mixed (all categories in turn)' : c);

const describe = (s: Pick<Schedule, 'cron' | 'tz' | 'category' | 'shift' | 'once'>) => {
  if (s.shift)
    return `\`${escapeText(formatShiftRule(s.shift))}\` · follows this channel's shifts · ${categoryText(s.category)}`;
  if (s.once !== undefined) return `one follow-up · ${categoryText(s.category)}`;
  return `\`${escapeText(s.cron)}\` · ${escapeText(s.tz)} · ${categoryText(s.category)}`;
};

const nextRun = (next: number | undefined, tz: string) =>
  next === undefined ? 'no run within a year' : `next: ${formatInZone(next, tz)} (${escapeText(tz)})`;

export function scheduleAdded(
  id: string,
  s: Pick<Schedule, 'cron' | 'tz' | 'category' | 'shift'>,
  next?: number,
  tz: string = s.tz,
): Reply {
  return reply(
    `Added schedule *${escapeText(id)}*: ${describe(s)} — ${nextRun(next, tz)}. ` +
      'Every replica picks it up within a minute.',
  );
}

export const scheduleDuplicate = (id: string) =>
  reply(`This channel already has that schedule (ID *${escapeText(id)}*), so nothing was changed.`);

export const scheduleFull = (max: number) =>
  reply(
    `This channel already has ${max} schedules, the most it can have. Remove one first with \`/wellbeing schedule remove &lt;id&gt;\`.`,
  );

/** "Scheduled prompts are paused until the end of Thu 24 Dec (Europe/London); …" */
export function pausedLine(through: string, tz: string): string {
  return (
    `:double_vertical_bar: Scheduled prompts are *paused until the end of ${formatDate(through)}* (${escapeText(tz)}); ` +
    'they start again the day after, or now with `/wellbeing resume`. `/wellbeing prompt now` still works.'
  );
}

/** "Thu 24 Dec 2026" for a YYYY-MM-DD date. */
export function formatDate(date: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).formatToParts(Date.parse(`${date}T12:00:00Z`));
  const part = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

export function scheduleList(
  items: readonly ListedSchedule[],
  o: { pausedThrough?: string; tz?: string } = {},
): Reply {
  const paused = o.pausedThrough ? [pausedLine(o.pausedThrough, o.tz ?? 'UTC')] : [];
  if (items.length === 0) {
    return reply(
      [...paused, `This channel has no prompt schedules yet. Add one, e.g. \`${SCHEDULE_EXAMPLE}\``].join(
        '\n',
      ),
    );
  }
  const lines = items.map(({ schedule: s, next, tz, waitingForShifts }) => {
    const when = waitingForShifts
      ? 'waiting: this channel has no shifts now (`/wellbeing shifts set`)'
      : nextRun(next, tz);
    return `• *${escapeText(s.id)}* — ${describe(s)} — ${when}${s.source === 'config' ? ' _(from the config file)_' : ''}`;
  });
  return reply(
    [
      `*Prompt schedules in this channel* (${items.length})`,
      ...paused,
      ...lines,
      'Remove one with `/wellbeing schedule remove &lt;id&gt;`.',
    ].join('\n'),
  );
}

export const scheduleRemoved = (id: string) =>
  reply(`Removed schedule *${escapeText(id)}*. It will not post again.`);

export const unknownSchedule = (id: string) =>
  reply(
    `This channel has no schedule with ID ${quoted(id)}. \`/wellbeing schedule list\` shows this channel's schedules and their IDs.`,
  );

export const missingScheduleId = () =>
  reply(
    'Which schedule? Give its ID, e.g. `/wellbeing schedule remove 2` — `/wellbeing schedule list` shows the IDs.',
  );

const UNREACHABLE_REPLY: Readonly<Record<Unreachable, string>> = {
  not_in_channel:
    "I'm not a member of this channel yet, so I couldn't post. Invite me with `/invite @wellbeing`, then try again.",
  channel_not_found:
    "I can't see this channel (it may be private). Invite me with `/invite @wellbeing`, then try again.",
  is_archived: "This channel is archived, so I can't post a prompt here.",
};

export function afterEventReply(r: AfterEventResult | 'pending'): Reply {
  if (r === 'pending' || r.post.kind !== 'posted') return promptNowReply(r === 'pending' ? r : r.post);
  const when = r.followUps.map((f) => `${formatInZone(f.at, r.tz)} (ID *${escapeText(f.id)}*)`).join('; ');
  const lines = [
    'Posted an after-event prompt in this channel. Thank you for looking after your team after something hard.',
  ];
  if (r.followUps.length > 0) {
    lines.push(
      `Gentle follow-ups will come at ${when} — ${escapeText(r.tz)}. ` +
        '`/wellbeing schedule list` shows them; `/wellbeing schedule remove &lt;id&gt;` cancels one.',
    );
  }
  if (r.refused > 0) {
    lines.push(
      `${r.refused} follow-up${r.refused === 1 ? ' was' : 's were'} not added: this channel has the most schedules it may have.`,
    );
  }
  return reply(lines.join('\n'));
}

export function promptNowReply(r: PostResult | 'pending'): Reply {
  if (r === 'pending') {
    return reply(
      'Slack asked me to slow down for a moment — the prompt will appear in this channel shortly.',
    );
  }
  if (r.kind === 'unreachable') return reply(UNREACHABLE_REPLY[r.reason]);
  return reply(`Posted a ${r.category} prompt in this channel. Thank you for looking after your team.`);
}

const LIBRARY_COUNTS = CATEGORIES.map((c) => `${PROMPTS.filter((p) => p.category === c).length} ${c}`).join(
  ', ',
);

export function customPromptList(items: readonly CustomPrompt[]): Reply {
  const library = `The library has ${PROMPTS.length} prompts (${LIBRARY_COUNTS}).`;
  if (items.length === 0) {
    return reply(
      `This channel has no custom prompts. ${library} Add your own, e.g. \`${CUSTOM_PROMPT_EXAMPLE}\``,
    );
  }
  const lines = items.map(
    (p) =>
      `• *${escapeText(p.id)}* · ${p.category} — ${escapeText(p.text)}${p.source === 'config' ? ' _(from the config file)_' : ''}`,
  );
  return reply(
    [
      `*Custom prompts in this channel* (${items.length}) — they join the rotation alongside the library.`,
      ...lines,
      library,
      'Remove one with `/wellbeing prompts remove &lt;id&gt;`.',
    ].join('\n'),
  );
}

export const customPromptAdded = (id: string, category: Category, text: string) =>
  reply(
    `Added custom prompt *${escapeText(id)}* (${category}): ${escapeText(text)}\nIt joins this channel's ${category} rotation.`,
  );

export const customPromptDuplicate = (id: string) =>
  reply(`This channel already has that prompt (*${escapeText(id)}*), so nothing was changed.`);

export const customPromptFull = (max: number) =>
  reply(
    `This channel has ${max} custom prompts, the most it can have. Remove one first with \`/wellbeing prompts remove &lt;id&gt;\`.`,
  );

export const customPromptRemoved = (id: string) =>
  reply(`Removed custom prompt *${escapeText(id)}* from this channel's rotation.`);

export const unknownCustomPrompt = (id: string, isLibrary: boolean) =>
  reply(
    isLibrary
      ? `${quoted(id)} is one of the library's prompts, which stay in every rotation. You can remove this channel's custom prompts — \`/wellbeing prompts list\` shows them.`
      : `This channel has no custom prompt with ID ${quoted(id)}. \`/wellbeing prompts list\` shows this channel's custom prompts.`,
  );

export const missingPromptId = () =>
  reply(
    'Which prompt? Give its ID, e.g. `/wellbeing prompts remove c3` — `/wellbeing prompts list` shows the IDs.',
  );
