// `/wellbeing export [#channel] [30d|90d|365d]`: parse → who may have it → use case → reply.
// The same people as for a summary may export (that channel's leads, admins), and everyone else gets
// the summary's refusal, word for word, before anything about the channel is looked up.
import { parseChannelMention } from '../../domain/text.js';
import { fail, ok, type Result } from '../../domain/types.js';
import { EXPORT_DAYS, type ExportDays, type ExportService } from '../../services/export.js';
import { SUMMARY_REFUSAL } from '../blocks/summary.js';
import type { SendFileDm } from '../files.js';
import { slackError } from '../port.js';
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

/** How long the reply waits for the upload before saying the file is on its way (Slack wants an answer within 3 s). */
const EXPORT_WAIT_MS = 2_000;

export const exportSent = (channel: string, days: number, rows: number): string =>
  `I've put a CSV of <#${channel}>'s last ${days} days in our DM: ` +
  `${rows} ${rows === 1 ? 'row' : 'rows'}, one per period, anonymous team totals only.`;
export const EXPORT_ON_ITS_WAY =
  'Your CSV is on its way to our DM: one row per period, anonymous team totals only.';
export const exportNothing = (days: number): string =>
  `${NOTHING_TO_SHOW} So there is no file to send for the last ${days} days.`;
export const exportNotSent = (reason: string | undefined): string =>
  `Sorry — I could not send you the file just now${reason ? ` (Slack said ${reason})` : ''}, so nothing was shared. ` +
  'Please try again in a minute; if it keeps happening, ask whoever installed the app.';

export interface ExportCommandDeps {
  service: Pick<ExportService, 'exportCsv'>;
  sendFile: SendFileDm;
  reportError: (err: unknown, context: Record<string, unknown>) => void;
  waitMs?: number;
}

const isDirectMessage = (channel: string) => channel.startsWith('D');

export function exportSubcommand(deps: ExportCommandDeps): Subcommand {
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
      const outcome = await deps.service.exportCsv({
        team: ctx.team,
        viewer: ctx.user,
        channel,
        days: parsed.value.days,
      });
      if (outcome.kind === 'nothing') return reply(exportNothing(outcome.days));
      return send(deps, ctx.team, ctx.user, outcome.file, exportSent(channel, outcome.days, outcome.rows));
    },
  };
}

/** Sends the file; when the upload outlasts Slack's patience, says it is on its way and lets it finish. */
async function send(
  deps: ExportCommandDeps,
  team: string,
  user: string,
  file: Parameters<SendFileDm>[1],
  sentText: string,
): Promise<Reply> {
  const sending = deps.sendFile(user, file);
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), deps.waitMs ?? EXPORT_WAIT_MS);
  });
  try {
    const r = await Promise.race([sending.then(() => 'sent' as const), waited]);
    if (r === 'sent') return reply(sentText);
    sending.catch((err: unknown) => deps.reportError(err, { where: 'export', team }));
    return reply(EXPORT_ON_ITS_WAY);
  } catch (err) {
    deps.reportError(err, { where: 'export', team });
    return reply(exportNotSent(slackError(err)));
  } finally {
    clearTimeout(timer);
  }
}
