// `/wellbeing shifts [set "<pattern>" | clear]`, `/wellbeing pause until <date>` and `/wellbeing resume`:
// a channel's rota and pause, for its leads and admins. Parse → use case → render.
import { escapeText, unescapeText } from '../../domain/escape.js';
import { parsePauseUntil } from '../../domain/pause.js';
import { formatShifts, parseShifts, SHIFTS_EXAMPLE, type ShiftPattern } from '../../domain/shifts.js';
import { type ChannelSettingsService, localDate } from '../../services/channel-settings.js';
import { formatDate, formatInZone, pausedLine } from '../blocks/schedule.js';
import { reply, type Subcommand } from './router.js';

type Settings = Pick<ChannelSettingsService, 'context' | 'setShifts' | 'pause' | 'resume'>;

export const SHIFTS_USAGE =
  `Use \`/wellbeing shifts set "${SHIFTS_EXAMPLE}"\`, \`/wellbeing shifts\` to see them, ` +
  'or `/wellbeing shifts clear`.';

const describeShifts = (p: ShiftPattern, tz: string) =>
  `\`${escapeText(formatShifts(p))}\` (${escapeText(tz)}). A shift-day starts when *${escapeText(p.shifts[0]?.name ?? '')}* ` +
  'starts; a shift that crosses midnight belongs to the day it started.';

/** The text after the first word (`set`), verbatim. */
const afterFirstWord = (rest: string) => rest.trim().replace(/^\S+\s*/, '');

export function shiftsSubcommand(settings: Settings, clock: () => number): Subcommand {
  return {
    name: 'shifts',
    access: 'lead',
    usage: 'shifts [set "&lt;pattern&gt;" | clear]',
    description: `this channel's rota, e.g. \`shifts set "${SHIFTS_EXAMPLE}"\`, for prompts at shift times`,
    async run(ctx) {
      const action = (ctx.args[0] ?? 'show').toLowerCase();
      switch (action) {
        case 'show':
        case 'list': {
          if (ctx.args.length > 1) return reply(SHIFTS_USAGE);
          const c = await settings.context(ctx.team, ctx.channel);
          if (!c.shifts) {
            return reply(
              `This channel has no shifts yet. Set them, e.g. \`/wellbeing shifts set "${SHIFTS_EXAMPLE}"\`.`,
            );
          }
          return reply(`*Shifts in this channel:* ${describeShifts(c.shifts, c.tz)}`);
        }
        case 'set': {
          const parsed = parseShifts(unescapeText(afterFirstWord(ctx.rest)));
          if (!parsed.ok) return reply(parsed.reason);
          const res = await settings.setShifts(ctx.team, ctx.channel, parsed.value, clock());
          const c = await settings.context(ctx.team, ctx.channel);
          if (res.kind === 'unchanged') {
            return reply(
              `This channel already has these shifts, so nothing was changed: ${describeShifts(parsed.value, c.tz)}`,
            );
          }
          const from =
            res.effectiveFrom === undefined
              ? ''
              : `Summaries count by shift-day from ${formatInZone(res.effectiveFrom, c.tz)}, when the day in progress ends.\n`;
          return reply(
            `Shifts set: ${describeShifts(parsed.value, c.tz)}\n${from}` +
              'Add prompts at shift times, e.g. `/wellbeing schedule add shift-start +15 mindfulness`.',
          );
        }
        case 'clear':
        case 'off':
        case 'remove': {
          if (ctx.args.length > 1) return reply(SHIFTS_USAGE);
          const res = await settings.setShifts(ctx.team, ctx.channel, null, clock());
          if (res.kind === 'unchanged') return reply('This channel has no shifts, so nothing was changed.');
          return reply(
            'Shifts cleared. Schedules that follow shifts wait until shifts are set again; cron schedules go on as before.',
          );
        }
        default:
          return reply(SHIFTS_USAGE);
      }
    },
  };
}

export function pauseSubcommand(settings: Settings, clock: () => number): Subcommand {
  return {
    name: 'pause',
    access: 'lead',
    usage: 'pause until &lt;YYYY-MM-DD&gt;',
    description: "skip this channel's scheduled prompts through that day (holidays, a ward closed)",
    async run(ctx) {
      const c = await settings.context(ctx.team, ctx.channel);
      const through = parsePauseUntil(ctx.args.map(unescapeText), localDate(clock(), c.tz));
      if (!through.ok) return reply(through.reason);
      const after = await settings.pause(ctx.team, ctx.channel, through.value);
      return reply(pausedLine(after.pausedThrough ?? through.value, after.tz));
    },
  };
}

export function resumeSubcommand(settings: Settings): Subcommand {
  return {
    name: 'resume',
    access: 'lead',
    usage: 'resume',
    description: "end a pause: this channel's scheduled prompts start again",
    async run(ctx) {
      if (ctx.args.length > 0) return reply('Just `/wellbeing resume` — it ends this channel’s pause now.');
      const c = await settings.context(ctx.team, ctx.channel);
      const was = await settings.resume(ctx.team, ctx.channel);
      if (!was)
        return reply(
          'This channel is not paused, so nothing was changed. Its scheduled prompts run as usual.',
        );
      return reply(
        `Resumed: scheduled prompts start again from the next one (the pause ran until the end of ${formatDate(
          c.pausedThrough ?? '',
        )}).`,
      );
    },
  };
}
