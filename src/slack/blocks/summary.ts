// Block Kit for summaries, the App Home and the weekly digest. Nothing here shows a person's text
// (notes never leave the store on these paths); channel mentions are built from parsed IDs only.
import type { HomeView, KnownBlock } from '@slack/types';
import { sparkline } from '../../domain/sparkline.js';
import type { ShownPart, Summary, Withheld } from '../../domain/summary.js';
import { SCORE_LABELS, SCORES, type Score } from '../../domain/types.js';
import type { DigestEntry } from '../../services/digest.js';
import type { ChannelProblem, ChannelSummary, HomeData, SummaryOutcome } from '../../services/summaries.js';
import { type Reply, reply } from '../commands/router.js';
import { COULD_NOT_SAVE } from '../failure.js';
import { digestChart, type MessageBlock, summaryCharts, withinChartLimit } from './chart.js';
import { scoreWords } from './checkin.js';

export const HOME_CHECKIN_ACTION = 'home_checkin';
export const HOME_PICK_ACTION = 'home_pick';

/** The one reply for anyone who may not see a channel's summary, whatever the channel and its data. */
export const SUMMARY_REFUSAL =
  "Team summaries are only for a channel's leads and bot admins, so I can't show one here. " +
  '`/wellbeing me` shows your own check-ins.';
export const BAD_PERIOD = 'Periods are 7d, 30d or 90d — e.g. /wellbeing summary 30d';
export const WHICH_CHANNEL =
  'Which team? Name the channel with # — e.g. `/wellbeing summary #ward-7 30d` (Slack turns it into a link).';
export const ONE_CHANNEL = 'One channel at a time, please — e.g. `/wellbeing summary #ward-7 30d`.';
export const SUMMARY_USAGE =
  "I didn't understand that. Try `/wellbeing summary`, `/wellbeing summary 30d` or `/wellbeing summary #ward-7 90d`.";

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function parts(day: string): { y: number; m: number; d: number; wd: number } {
  const date = new Date(`${day}T00:00:00Z`);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth(), d: date.getUTCDate(), wd: date.getUTCDay() };
}

/** `2026-11-24` → `Tue 24 Nov`. */
export function shortDate(day: string): string {
  const p = parts(day);
  return `${WEEKDAYS[p.wd]} ${p.d} ${MONTHS[p.m]}`;
}

/** `18 Nov – 24 Nov 2026` (or `28 Dec 2025 – 3 Jan 2026` across a year). */
export function dateRange(first: string, last: string): string {
  const a = parts(first);
  const b = parts(last);
  const start = `${a.d} ${MONTHS[a.m]}${a.y === b.y ? '' : ` ${a.y}`}`;
  return `${start} – ${b.d} ${MONTHS[b.m]} ${b.y}`;
}

const PREVIOUS: Record<number, string> = {
  7: 'the previous week',
  30: 'the previous 30 days',
  90: 'the previous 90 days',
};

function periodName(days: number): string {
  return days === 7 ? 'last 7 days' : `last ${days} days`;
}

/** "up 0.3 on the previous week", "the same as…", or why there is no comparison. */
export function changeText(change: number | null, periodDays: number): string {
  const previous = PREVIOUS[periodDays] ?? 'the previous period';
  if (change === null) return `no comparison: nothing from ${previous} can be shown`;
  if (Math.round(change * 10) === 0) return `the same as ${previous}`;
  return `${change > 0 ? 'up' : 'down'} ${Math.abs(change).toFixed(1)} on ${previous}`;
}

type Shown = Extract<Summary, { enough: true }>;

const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;

function participationText(s: Shown): string {
  if (s.participationPct === null) return 'unknown';
  return `${s.participationPct} % on a typical day`;
}

/** The fixed sentence when nothing at all can be shown. */
export const NOTHING_YET =
  'Nothing to show yet: days appear an hour after they end, and only when enough people answered to stay anonymous.';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Why parts were left out, in a lead's words; '' when none was. */
export function withheldText(w: Withheld, k: number): string {
  if (w.total === 0) return '';
  const why: string[] = [];
  if (w.few > 0) why.push(`${w.few} because fewer than ${k} people answered`);
  if (w.fewPrivate > 0) why.push(`${w.fewPrivate} because fewer than ${k} people answered privately`);
  if (w.onePerson > 0) why.push(`${w.onePerson} because one person gave most of the answers`);
  return (
    `${plural(w.total, 'period was', 'periods were')} left out to keep everyone anonymous: ${why.join('; ')}. ` +
    'Your own answers never count towards the group.'
  );
}

function partsText(parts: readonly ShownPart[]): string {
  // A day cut down to its visible reactions is labelled like any other day: saying so would tell that
  // someone answered privately that day.
  const label = (p: ShownPart) =>
    `${p.from === p.to ? shortDate(p.from) : `${shortDate(p.from)}–${shortDate(p.to)}`}` +
    (p.part === 'rem' ? ' (private answers of those days)' : '');
  const shown = parts.slice(-14).map(label);
  return `${parts.length > 14 ? `… ${parts.length - 14} earlier, ` : ''}${shown.join(', ')}`;
}

function distributionText(distribution: readonly number[]): string {
  const max = Math.max(1, ...distribution);
  const width = Math.max(...SCORES.map((s) => scoreWords(s).length));
  const lines = [...SCORES].reverse().map((score) => {
    const n = distribution[score - 1] ?? 0;
    const bar = '█'.repeat(Math.round((n / max) * 12)) || (n > 0 ? '▏' : '');
    return `${scoreWords(score).padEnd(width)}  ${bar} ${n}`;
  });
  return `\`\`\`${lines.join('\n')}\`\`\``;
}

const POOLED: Readonly<Record<string, string>> = { week: 'Counted by week.', '4w': 'Counted by four weeks.' };

/** Advice for small crews, and how the channel is counted. */
export function adviceText(cs: ChannelSummary): string {
  const lines: string[] = [];
  if (POOLED[cs.pooling]) lines.push(POOLED[cs.pooling] as string);
  if (cs.suggest.includes('pooling'))
    lines.push(
      '_Most recent days were left out._ A small crew can be counted by week instead, so its answers can be shown and stay anonymous: `/wellbeing pooling week`.',
    );
  if (cs.suggest.includes('buttons'))
    lines.push(
      'Buttons and `/checkin` keep a small team’s answers both private and counted: a day that mixes visible reactions with a few private answers can only show its reactions. A bot admin can turn reactions off with `/wellbeing reactions off`.',
    );
  return lines.join('\n');
}

function notEnoughText(cs: ChannelSummary, w: Withheld): string {
  const lines = [NOTHING_YET];
  const left = withheldText(w, cs.k);
  if (left) lines.push(left);
  const advice = adviceText(cs);
  if (advice) lines.push(advice);
  if (!cs.hasPrompts) {
    lines.push('This channel has no wellbeing prompts yet — add a schedule with `/wellbeing schedule add`.');
  }
  return lines.join('\n');
}

/** Why a channel cannot be summarised; `example` is the command to show with a # channel. */
export function channelProblemReply(problem: ChannelProblem, example: string): Reply {
  if (problem.kind === 'channel-not-found') {
    return reply(
      "I can't see that channel. If it is private, invite me first (`/invite @wellbeing` in it); " +
        `otherwise pick it with # — e.g. \`${example}\`.`,
    );
  }
  return reply(
    `I'm not in <#${problem.channel}>, so I have no answers from there. Invite me with \`/invite @wellbeing\` in that channel.`,
  );
}

/** The ephemeral reply to `/wellbeing summary`. */
export function summaryReply(outcome: SummaryOutcome): Reply {
  if (outcome.kind !== 'summary') return channelProblemReply(outcome, '/wellbeing summary #ward-7 30d');
  const cs = outcome.value;
  const s = cs.summary;
  const title = `*Team summary · <#${cs.channel}> · ${periodName(cs.periodDays)}* (${dateRange(cs.firstDay, cs.lastDay)})`;
  if (!s.enough) {
    const text = `${title}\n${notEnoughText(cs, s.withheld)}`;
    return reply(text, [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: 'Leads only ever see anonymous team totals — never names or notes.' },
        ],
      },
    ]);
  }
  const fallback =
    `Team summary for <#${cs.channel}>, ${periodName(cs.periodDays)}: ${people(s.respondents)} ` +
    `(participation ${participationText(s)}), ` +
    `${s.checkins} check-ins, average ${s.average.toFixed(1)} (${changeText(s.change, cs.periodDays)}), ` +
    `low scores ${s.lowSharePct} %.`;
  const blocks: MessageBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: title } },
    // Native charts first; the text below stays for notifications, screen readers and older clients.
    ...summaryCharts(cs.cells, { period: periodName(cs.periodDays) }),
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Respondents*\n${people(s.respondents)} on a typical day` },
        { type: 'mrkdwn', text: `*Participation*\n${participationText(s)}` },
        { type: 'mrkdwn', text: `*Check-ins*\n${s.checkins}` },
        { type: 'mrkdwn', text: `*Average*\n${s.average.toFixed(1)} of 5` },
        { type: 'mrkdwn', text: `*Low scores (1–2)*\n${s.lowSharePct} % of check-ins` },
        { type: 'mrkdwn', text: `*Change*\n${changeText(s.change, cs.periodDays)}` },
      ],
    },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*Distribution*\n${distributionText(s.distribution)}` },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Trend, one mark per period shown*\n\`${s.sparkline}\`\n${partsText(s.parts)}`,
      },
    },
    ...(adviceText(cs)
      ? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: adviceText(cs) } }]
      : []),
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text:
            'Anonymous team totals — no names, no notes. Each period appears an hour after it ends, ' +
            `once enough people answered, and never changes after that.${
              s.withheld.total > 0 ? ` ${withheldText(s.withheld, cs.k)}` : ''
            }`,
        },
      ],
    },
  ];
  return reply(fallback, blocks);
}

/** One line per channel, for the App Home and the digest. */
export function summaryLine(cs: ChannelSummary): string {
  const s = cs.summary;
  if (!s.enough) return `<#${cs.channel}> — ${NOTHING_YET}`;
  const took = s.participationPct === null ? '' : ` (${s.participationPct} % took part)`;
  return (
    `<#${cs.channel}> — ${people(s.respondents)}${took} · average ${s.average.toFixed(1)} ` +
    `(${changeText(s.change, cs.periodDays)}) · low scores ${s.lowSharePct} % · \`${s.sparkline}\``
  );
}

/** The weekly digest DM to one lead. */
export function digestMessage(entries: readonly DigestEntry[]): Reply {
  const first = entries[0]?.summary;
  const range = first ? dateRange(first.firstDay, first.lastDay) : '';
  const intro = `*Your weekly wellbeing digest* (${range}) — anonymous team totals of the last 7 days.`;
  const blocks: MessageBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: intro } }];
  const lines: string[] = [intro];
  for (const e of entries) {
    const text = [summaryLine(e.summary), ...e.alerts.map((a) => `:warning: ${a}`)].join('\n');
    lines.push(text);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
    // One chart per channel, for the first two channels with something to draw (Slack's limit).
    const chart = digestChart(e.summary.cells);
    if (chart) blocks.push(chart);
  }
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: 'Channels with too few answers show no numbers, to keep people anonymous. `/wellbeing summary 30d` in a channel shows more.',
      },
    ],
  });
  return reply(lines.join('\n'), withinChartLimit(blocks).slice(0, 50));
}

const MAX_OWN_LINES = 20;
const MAX_LED = 40;

function homeNotice(data: HomeData): KnownBlock[] {
  const n = data.notice;
  if (!n) return [];
  if (n.kind === 'no-channel') {
    return [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: "I couldn't find a channel with wellbeing prompts that you're in, so nothing was saved.",
        },
      },
    ];
  }
  if (n.kind === 'failed') {
    return [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: COULD_NOT_SAVE,
        },
      },
    ];
  }
  const score = n.score as Score;
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `You're in more than one care channel. Which team is this check-in (*${scoreWords(score)}*) for? Nothing is saved until you choose.`,
      },
    },
    ...n.channels.slice(0, 20).map(
      (ch, i): KnownBlock => ({
        type: 'section',
        text: { type: 'mrkdwn', text: `<#${ch}>` },
        accessory: {
          type: 'button',
          action_id: `${HOME_PICK_ACTION}_${i}`,
          text: { type: 'plain_text', text: 'This team' },
          value: JSON.stringify({ c: ch, s: score }),
        },
      }),
    ),
    { type: 'divider' },
  ];
}

/** The App Home: the person's last 14 days, check-in buttons, and for a lead a line per channel. */
export function homeView(data: HomeData): HomeView {
  const perDay = data.days.map((day) => {
    const those = data.answers.filter((a) => a.day === day);
    return those.length ? those.reduce((sum, a) => sum + a.score, 0) / those.length : null;
  });
  const inWindow = data.answers.filter((a) => data.days.includes(a.day));
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Your check-ins' } },
    ...homeNotice(data),
  ];
  if (inWindow.length === 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `No check-ins in the last ${data.days.length} days. Whenever you like:` },
    });
  } else {
    const avg = inWindow.reduce((sum, a) => sum + a.score, 0) / inWindow.length;
    const list = inWindow
      .slice()
      .reverse()
      .slice(0, MAX_OWN_LINES)
      .map((a) => `• ${shortDate(a.day)} — *${scoreWords(a.score)}*`);
    blocks.push(
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text:
            `*Last ${data.days.length} days* \`${sparkline(perDay)}\` — ${inWindow.length} check-in${inWindow.length === 1 ? '' : 's'}, ` +
            `average ${(Math.round(avg * 10) / 10).toFixed(1)}`,
        },
      },
      { type: 'section', text: { type: 'mrkdwn', text: list.join('\n') } },
    );
  }
  blocks.push(
    { type: 'section', text: { type: 'mrkdwn', text: '*How are you arriving?*' } },
    {
      type: 'actions',
      block_id: 'home_checkin',
      elements: SCORES.map((score) => ({
        type: 'button' as const,
        action_id: `${HOME_CHECKIN_ACTION}_${score}`,
        text: { type: 'plain_text' as const, text: `${score} · ${SCORE_LABELS[score]}` },
        value: String(score),
      })),
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Only you see your check-ins here. Leads only ever see anonymous team totals. `/wellbeing me` shows 30 days and your notes.',
        },
      ],
    },
  );
  if (data.led.length > 0) {
    blocks.push(
      { type: 'divider' },
      { type: 'header', text: { type: 'plain_text', text: 'Your teams — last 7 days' } },
      ...data.led
        .slice(0, MAX_LED)
        .map((cs): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: summaryLine(cs) } })),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text:
              data.led.length > MAX_LED
                ? `And ${data.led.length - MAX_LED} more — \`/wellbeing summary #channel\` shows any of them.`
                : 'Anonymous team totals. `/wellbeing summary` in a channel shows the details.',
          },
        ],
      },
    );
  }
  return { type: 'home', private_metadata: data.dmChannel, blocks };
}
