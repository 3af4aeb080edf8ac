// Block Kit for `/wellbeing summary … by-shift`. Shift names are the team's own words, escaped.
import type { KnownBlock } from '@slack/types';
import { escapeText } from '../../domain/escape.js';
import { SHIFTS_EXAMPLE } from '../../domain/shifts.js';
import { SCORES } from '../../domain/types.js';
import type { ByShiftOutcome, ChannelByShift, ShiftSummary } from '../../services/by-shift.js';
import { type Reply, reply } from '../commands/router.js';
import { scoreWords } from './checkin.js';
import { changeText, channelProblemReply, dateRange } from './summary.js';

export const NO_SHIFTS = (channel: string) =>
  `<#${channel}> has no shifts, so there is nothing to show by shift. A lead can set them, e.g. ` +
  `\`/wellbeing shifts set "${SHIFTS_EXAMPLE}"\`; shifts are counted from the next shift-day. ` +
  '`/wellbeing summary` shows the whole team.';

/** The fixed sentence when no shift can be shown. */
export const NOTHING_BY_SHIFT =
  'Nothing to show by shift yet: days appear an hour after they end, and a day is shown by shift only ' +
  'when enough people answered to stay anonymous in each shift shown and in the rest of the day together.';

const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function periodName(days: number): string {
  return `last ${days} days`;
}

/** `4 · good 3, 3 · okay 1, …`: highest score first, scores nobody gave left out. */
function distributionLine(d: readonly number[]): string {
  return [...SCORES]
    .reverse()
    .filter((s) => (d[s - 1] ?? 0) > 0)
    .map((s) => `${scoreWords(s)}: ${d[s - 1]}`)
    .join(' · ');
}

function shiftText(s: ShiftSummary, periodDays: number): string {
  return (
    `*${escapeText(s.name)}* — ${people(s.respondents)} on a typical shift · ${s.checkins} check-ins · ` +
    `average ${s.average.toFixed(1)} of 5 (${changeText(s.change, periodDays)}) · ` +
    `low scores (1–2) ${s.lowSharePct} % · \`${s.sparkline}\` (${plural(s.cells, 'day', 'days')})\n` +
    distributionLine(s.distribution)
  );
}

/** Why some days are not shown by shift, in a lead's words; '' when all are. */
export function heldBackText(v: ChannelByShift): string {
  const lines: string[] = [];
  if (v.heldBack > 0)
    lines.push(
      `${plural(v.heldBack, 'day is', 'days are')} in the team total but not shown by shift: a day's shifts ` +
        "are shown only when the shifts that can't be shown, taken together, are empty or have enough people " +
        'to stay anonymous — otherwise subtracting the shown shifts from the total would give them away.',
    );
  if (v.leftOut > 0)
    lines.push(
      `${plural(v.leftOut, 'period was', 'periods were')} left out of the total as well; \`/wellbeing summary\` says why.`,
    );
  return lines.join(' ');
}

/** The ephemeral reply to `/wellbeing summary … by-shift`. */
export function byShiftReply(outcome: ByShiftOutcome): Reply {
  if (outcome.kind === 'channel-not-found' || outcome.kind === 'not-in-channel')
    return channelProblemReply(outcome, '/wellbeing summary #ward-7 30d by-shift');
  if (outcome.kind === 'no-shifts') return reply(NO_SHIFTS(outcome.channel));
  const v = outcome.value;
  const title = `*By shift · <#${v.channel}> · ${periodName(v.periodDays)}* (${dateRange(v.firstDay, v.lastDay)})`;
  const why = heldBackText(v);
  if (v.shifts.length === 0) {
    const text = [title, NOTHING_BY_SHIFT, why].filter(Boolean).join('\n');
    return reply(text, [{ type: 'section', text: { type: 'mrkdwn', text } }]);
  }
  const shifts = v.shifts.map((s) => shiftText(s, v.periodDays));
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: title } },
    ...shifts.map((text): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } })),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text:
            'Anonymous totals per shift — no names, no notes. A shift that crosses midnight counts in the day it started.' +
            (why ? ` ${why}` : ''),
        },
      ],
    },
  ];
  return reply([title, ...shifts, why].filter(Boolean).join('\n'), blocks.slice(0, 50));
}
