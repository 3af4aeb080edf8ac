// `/wellbeing summary [#channel] [7d|30d|90d] [by-shift]`: parse → who may see it → use case →
// render.
// Access is decided here, before anything about the channel is looked up, so the refusal is the
// same text whatever the channel is and holds.
import type { PeriodDays } from '../../domain/summary.js';
import { parseChannelMention } from '../../domain/text.js';
import { fail, ok, type Result } from '../../domain/types.js';
import type { ByShiftService } from '../../services/by-shift.js';
import type { SummaryService } from '../../services/summaries.js';
import { byShiftReply } from '../blocks/by-shift.js';
import {
  BAD_PERIOD,
  ONE_CHANNEL,
  SUMMARY_REFUSAL,
  SUMMARY_USAGE,
  summaryReply,
  WHICH_CHANNEL,
} from '../blocks/summary.js';
import { reply, type Subcommand } from './router.js';

export interface SummaryArgs {
  channel?: string;
  periodDays: PeriodDays;
  /** The same figures per shift. */
  byShift?: true;
}

const PERIOD_TOKEN = /^(7|30|90)\s*d?$/i;
const BY_SHIFT_TOKEN = /^by[-_]?shifts?$/i;

/** `[#channel] [7d|30d|90d] [by-shift]` in any order. Refusals are kind, specific, and echo nothing typed. */
export function parseSummaryArgs(args: readonly string[]): Result<SummaryArgs> {
  let channel: string | undefined;
  let periodDays: PeriodDays | undefined;
  let byShift = false;
  for (let i = 0; i < args.length; i++) {
    const token = args[i] as string;
    if (BY_SHIFT_TOKEN.test(token)) {
      byShift = true;
      continue;
    }
    // `by shift`, as two words.
    if (/^by$/i.test(token) && /^shifts?$/i.test(args[i + 1] ?? '')) {
      byShift = true;
      i += 1;
      continue;
    }
    const mentioned = parseChannelMention(token);
    if (mentioned !== undefined) {
      if (channel !== undefined && channel !== mentioned) return fail(ONE_CHANNEL);
      channel = mentioned;
      continue;
    }
    const period = PERIOD_TOKEN.exec(token);
    if (period) {
      const n = Number(period[1]) as PeriodDays;
      if (periodDays !== undefined && periodDays !== n) return fail(BAD_PERIOD);
      periodDays = n;
      continue;
    }
    if (/^[+-]?\d/.test(token)) return fail(BAD_PERIOD);
    if (token.startsWith('#') || token.startsWith('<#')) return fail(WHICH_CHANNEL);
    return fail(SUMMARY_USAGE);
  }
  return ok({
    ...(channel ? { channel } : {}),
    periodDays: periodDays ?? 7,
    ...(byShift ? { byShift } : {}),
  });
}

const isDirectMessage = (channel: string) => channel.startsWith('D');

export function summarySubcommand(
  service: Pick<SummaryService, 'forCommand'>,
  byShift?: Pick<ByShiftService, 'forCommand'>,
): Subcommand {
  return {
    name: 'summary',
    access: 'lead',
    usage: byShift ? 'summary [#channel] [7d|30d|90d] [by-shift]' : 'summary [#channel] [7d|30d|90d]',
    description: "the team's anonymous picture: who answered, the average, the trend",
    checksAccessItself: true,
    async run(ctx) {
      const parsed = parseSummaryArgs(ctx.args);
      if (!parsed.ok) return reply(parsed.reason);
      const channel = parsed.value.channel ?? ctx.channel;
      if (parsed.value.channel === undefined && isDirectMessage(ctx.channel)) return reply(WHICH_CHANNEL);
      if (!(await ctx.canLead(channel))) return reply(SUMMARY_REFUSAL);
      const request = { team: ctx.team, viewer: ctx.user, channel, periodDays: parsed.value.periodDays };
      if (parsed.value.byShift && byShift) return byShiftReply(await byShift.forCommand(request));
      return summaryReply(await service.forCommand(request));
    },
  };
}
