// `/wellbeing pooling day|week|4w`, `/wellbeing timezone <zone>` (the channel's leads and bot admins) and
// `/wellbeing reactions on|off` (bot admins): how a channel's answers are counted. Parse → use case → reply.
import { POOLINGS, type Pooling } from '../../domain/cells.js';
import { escapeText, unescapeText } from '../../domain/escape.js';
import { validateTimeZone } from '../../domain/timezone.js';
import type { ChannelGrid } from '../../services/channel-grid.js';
import { formatInZone } from '../blocks/schedule.js';
import { reply, type Subcommand } from './router.js';

const POOLING_WORDS: Readonly<Record<Pooling, string>> = {
  day: 'day by day',
  week: 'week by week (Monday to Sunday)',
  '4w': 'four weeks at a time',
};

export const POOLING_USAGE =
  'Pooling is `day`, `week` or `4w` — e.g. `/wellbeing pooling week` for a small crew, so its answers can be shown as a week.';

/** When a change takes effect, in the channel's words. */
function fromText(from: number, now: number, tz: string): string {
  if (from <= now) return 'now';
  return `from ${formatInZone(from, tz)} (${tz}), when the period in progress ends — answers already given are never re-cut`;
}

export function poolingSubcommand(grid: ChannelGrid, clock: () => number): Subcommand {
  return {
    name: 'pooling',
    access: 'lead',
    usage: 'pooling [day|week|4w]',
    description:
      'count a small crew’s answers by week or four weeks, so they can be shown and stay anonymous',
    async run(ctx) {
      const want = ctx.args[0]?.toLowerCase();
      const now = clock();
      if (want === undefined) {
        const s = await grid.settings(ctx.team, ctx.channel);
        const pending =
          s.pending && s.pending.pooling !== s.pooling
            ? ` It becomes ${POOLING_WORDS[s.pending.pooling]} ${fromText(s.pending.from, now, s.tz)}.`
            : '';
        return reply(`<#${ctx.channel}> is counted ${POOLING_WORDS[s.pooling]}.${pending}\n${POOLING_USAGE}`);
      }
      if (!POOLINGS.includes(want as Pooling) || ctx.args.length > 1) return reply(POOLING_USAGE);
      const s = await grid.settings(ctx.team, ctx.channel);
      const from = await grid.setPooling(ctx.team, ctx.channel, want as Pooling);
      return reply(
        `Done: <#${ctx.channel}> will be counted ${POOLING_WORDS[want as Pooling]} ${fromText(from, now, s.tz)}. ` +
          'Leads see each period an hour after it ends, when enough people answered.',
      );
    },
  };
}

export function timezoneSubcommand(grid: ChannelGrid, clock: () => number): Subcommand {
  return {
    name: 'timezone',
    access: 'lead',
    usage: 'timezone [&lt;IANA zone&gt;]',
    description: "the channel's time zone: its days, its digest week and new schedules' default",
    async run(ctx) {
      const typed = ctx.args[0] === undefined ? undefined : unescapeText(ctx.args[0]);
      if (typed === undefined) {
        const s = await grid.settings(ctx.team, ctx.channel);
        return reply(
          `<#${ctx.channel}> uses *${escapeText(s.tz)}*. Change it with \`/wellbeing timezone Europe/London\` (any IANA zone).`,
        );
      }
      const zone = validateTimeZone(typed);
      if (!zone.ok || ctx.args.length > 1) {
        return reply(
          `I don't know the time zone “${escapeText(typed.slice(0, 60))}”. Use an IANA name such as \`Europe/London\`, \`America/New_York\` or \`Australia/Sydney\`.`,
        );
      }
      const from = await grid.setTimeZone(ctx.team, ctx.channel, zone.value);
      return reply(
        `Done: <#${ctx.channel}> now uses *${escapeText(zone.value)}* for new schedules and its digest week; its days follow it ${fromText(from, clock(), zone.value)}.`,
      );
    },
  };
}

export function reactionsSubcommand(grid: ChannelGrid): Subcommand {
  return {
    name: 'reactions',
    access: 'admin',
    usage: 'reactions on|off',
    description:
      'turn number reactions off for a small crew: everyone then answers privately, by button or /checkin',
    async run(ctx) {
      const want = ctx.args[0]?.toLowerCase();
      if ((want !== 'on' && want !== 'off') || ctx.args.length > 1) {
        return reply(
          'Say `/wellbeing reactions off` (answers by button or `/checkin` only) or `/wellbeing reactions on`.',
        );
      }
      await grid.setReactions(ctx.team, ctx.channel, want === 'on');
      return reply(
        want === 'off'
          ? `Done: in <#${ctx.channel}> I'll stop adding :one: … :five: to prompts and no longer count reactions. Buttons and \`/checkin\` keep every answer private and counted.`
          : `Done: reactions count again in <#${ctx.channel}>. Reacting is visible to the channel; buttons and \`/checkin\` stay private.`,
      );
    },
  };
}
