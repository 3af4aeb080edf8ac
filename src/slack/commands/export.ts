// `/wellbeing export [#channel] [30d|90d|365d]`: parse → who may have it → use case → reply.
// The same people as for a summary may export (that channel's leads, admins), and everyone else gets
// the summary's refusal, word for word, before anything about the channel is looked up.
import { parseChannelMention } from '../../domain/text.js';
import { fail, ok, type Result } from '../../domain/types.js';
import {
  EXPORT_DAYS,
  type ExportDays,
  type ExportOutcome,
  type ExportService,
} from '../../services/export.js';
import { SUMMARY_REFUSAL } from '../blocks/summary.js';
import { type Reply, reply, type Subcommand } from './router.js';

export interface ExportArgs {
  channel?: string;
  days: ExportDays;
}

export const EXPORT_DEFAULT_DAYS: ExportDays = 30;
export const EXPORT_BAD_PERIOD = 'Exports cover 30d, 90d or 365d — e.g. `/wellbeing export 90d`.';
export const EXPORT_WHICH_CHANNEL =
  'Which team? Name the channel with # — e.g. `/wellbeing export #ward-7 90d` (Slack turns it into a link).';
export const EXPORT_ONE_CHANNEL = 'One channel at a time, please — e.g. `/wellbeing export #ward-7 90d`.';
export const EXPORT_USAGE =
  "I didn't understand that. Try `/wellbeing export`, `/wellbeing export 90d` or `/wellbeing export #ward-7 365d`.";
/** The same words a summary uses when nothing can be shown. */
export const NOTHING_TO_SHOW =
  'Nothing to show yet: days appear an hour after they end, and only when enough people answered to stay anonymous.';

const PERIOD_TOKEN = /^(\d+)\s*d?$/i;

/** `[#channel] [30d|90d|365d]` in any order. Refusals are kind, specific, and echo nothing typed. */
export function parseExportArgs(args: readonly string[]): Result<ExportArgs> {
  let channel: string | undefined;
  let days: ExportDays | undefined;
  for (const token of args) {
    const mentioned = parseChannelMention(token);
    if (mentioned !== undefined) {
      if (channel !== undefined && channel !== mentioned) return fail(EXPORT_ONE_CHANNEL);
      channel = mentioned;
      continue;
    }
    const period = PERIOD_TOKEN.exec(token);
    if (period) {
      const n = Number(period[1]);
      if (!(EXPORT_DAYS as readonly number[]).includes(n)) return fail(EXPORT_BAD_PERIOD);
      if (days !== undefined && days !== n) return fail(EXPORT_BAD_PERIOD);
      days = n as ExportDays;
      continue;
    }
    if (/^[+-]?\d/.test(token)) return fail(EXPORT_BAD_PERIOD);
    if (token.startsWith('#') || token.startsWith('<#')) return fail(EXPORT_WHICH_CHANNEL);
    return fail(EXPORT_USAGE);
  }
  return ok({ ...(channel ? { channel } : {}), days: days ?? EXPORT_DEFAULT_DAYS });
}

export function exportReply(outcome: ExportOutcome): Reply {
  switch (outcome.kind) {
    case 'sent':
      return reply(
        `I've put a CSV of <#${outcome.channel}>'s last ${outcome.days} days in our DM: ` +
          `${outcome.rows} ${outcome.rows === 1 ? 'row' : 'rows'}, one per period, anonymous team totals only.`,
      );
    case 'nothing':
      return reply(`${NOTHING_TO_SHOW} So there is no file to send for the last ${outcome.days} days.`);
    case 'not-sent':
      return reply(
        `Sorry — Slack would not take the file just now (${outcome.reason}), so nothing was sent. ` +
          'Please try again in a minute; if it keeps happening, ask whoever installed the app to reinstall it.',
      );
  }
}

const isDirectMessage = (channel: string) => channel.startsWith('D');

export function exportSubcommand(service: Pick<ExportService, 'exportCsv'>): Subcommand {
  return {
    name: 'export',
    access: 'lead',
    usage: 'export [#channel] [30d|90d|365d]',
    description: "a CSV of the team's anonymous totals per period, sent to your DM",
    checksAccessItself: true,
    async run(ctx) {
      const parsed = parseExportArgs(ctx.args);
      if (!parsed.ok) return reply(parsed.reason);
      const channel = parsed.value.channel ?? ctx.channel;
      if (parsed.value.channel === undefined && isDirectMessage(ctx.channel))
        return reply(EXPORT_WHICH_CHANNEL);
      if (!(await ctx.canLead(channel))) return reply(SUMMARY_REFUSAL);
      const outcome = await service.exportCsv({
        team: ctx.team,
        viewer: ctx.user,
        channel,
        days: parsed.value.days,
      });
      return exportReply(outcome);
    },
  };
}
