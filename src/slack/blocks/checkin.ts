// Replies about check-ins. People's text (notes) is escaped with the one escaping function (§4.4).
import type { KnownBlock } from '@slack/types';
import { escapeText } from '../../domain/escape.js';
import { sparkline } from '../../domain/sparkline.js';
import { SCORE_LABELS, type Score } from '../../domain/types.js';
import type { CommandOutcome } from '../../services/checkins.js';
import type { StoredAnswer } from '../../store/checkins.js';
import { type Reply, reply } from '../commands/router.js';

export const PICK_ACTION = 'checkin_pick';
export const FORGET_ACTION = 'forget_me_confirm';

export const scoreWords = (s: Score) => `${s} · ${SCORE_LABELS[s]}`;

/**
 * The reply to a `/checkin`. A `choose` outcome needs `pickId`, the id under which the check-in waits
 * for the person's choice: the buttons carry it and the channel, never the note.
 */
export function commandReply(o: CommandOutcome | { kind: 'expired' }, pickId = ''): Reply {
  switch (o.kind) {
    case 'expired':
      return reply(
        'Those buttons have expired (they work for 15 minutes, and only the latest ones), so nothing was saved. ' +
          'Type `/checkin 3` again — a note after the score is fine.',
      );
    case 'refused':
      return reply(o.reason);
    case 'no-channel':
      return reply(
        "I couldn't find a channel with wellbeing prompts that you're in, so nothing was saved. " +
          'Try /checkin in your team’s channel once a lead has set up prompts there.',
      );
    case 'stored':
      return reply(
        `Thank you — saved privately as *${scoreWords(o.score)}* for <#${o.channel}>` +
          `${o.answeredPrompt ? ' (your answer to the latest prompt)' : ''}.` +
          `${o.hasNote ? ' Only you can see your note.' : ''} You can change it any time.`,
      );
    case 'limit':
      return reply(
        `You've already checked in three times today in <#${o.channel}> outside a prompt, so this one wasn't ` +
          'counted. Thank you for keeping in touch — the next prompt is a good moment to answer again.',
      );
    case 'choose': {
      const text = `You're in more than one care channel. Which team is this check-in (${scoreWords(o.score)}) for? Nothing is saved until you choose.`;
      const blocks: KnownBlock[] = [
        { type: 'section', text: { type: 'mrkdwn', text } },
        {
          type: 'actions',
          block_id: 'checkin_pick',
          elements: o.channels.slice(0, 25).map((ch, i) => ({
            type: 'button',
            action_id: `${PICK_ACTION}_${i}`,
            text: { type: 'plain_text', text: `#${ch}` },
            value: JSON.stringify({ c: ch, p: pickId }),
          })),
        },
      ];
      return reply(text, blocks);
    }
  }
}

export function buttonReply(score: Score, previous?: Score): string {
  return previous && previous !== score
    ? `Changed to *${scoreWords(score)}* — saved privately. Thank you.`
    : `Thank you — saved privately as *${scoreWords(score)}*. Only anonymous team totals are ever shared.`;
}

export function meReply(
  answers: readonly StoredAnswer[],
  days: number,
  nowDay: (ms: number) => string,
  now: number,
): Reply {
  if (answers.length === 0) {
    return reply(
      `You have no check-ins in the last ${days} days. Whenever you like: \`/checkin 3\` or a tap on a prompt.`,
    );
  }
  const total = answers.reduce((s, a) => s + a.score, 0);
  const avg = Math.round((total * 10) / answers.length) / 10;
  const perDay: (number | null)[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const d = nowDay(now - i * 86_400_000);
    const those = answers.filter((a) => a.day === d);
    perDay.push(those.length ? those.reduce((s, a) => s + a.score, 0) / those.length : null);
  }
  const lines = answers
    .slice()
    .reverse()
    .slice(0, 40)
    .map((a) => `• ${a.day} — ${scoreWords(a.score)}${a.note ? ` — _${escapeText(a.note)}_` : ''}`);
  const text = [
    `*Your check-ins, last ${days} days* (only you can see this)`,
    `${answers.length} check-in${answers.length === 1 ? '' : 's'} · average ${avg.toFixed(1)} · ${sparkline(perDay)}`,
    ...lines,
  ].join('\n');
  return reply(text);
}

/** What forget-me leaves, said in one kind sentence. */
export const SETTLED_TOTALS =
  'Days that have already closed keep their anonymous team totals, which hold no names: changing them would show your lead exactly what you had answered.';

export function forgetPrompt(count: number): Reply {
  const text =
    count === 0
      ? 'There is nothing stored about you — no check-ins and no notes.'
      : `This will delete all ${count} of your check-ins and their notes in this workspace, and take them out of every day still open. ${SETTLED_TOTALS} It cannot be undone.`;
  if (count === 0) return reply(text);
  return reply(text, [
    { type: 'section', text: { type: 'mrkdwn', text } },
    {
      type: 'actions',
      block_id: 'forget_me',
      elements: [
        {
          type: 'button',
          action_id: FORGET_ACTION,
          style: 'danger',
          text: { type: 'plain_text', text: 'Delete my check-ins' },
          value: 'confirm',
        },
      ],
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: 'Or type `/wellbeing forget-me confirm`.' }] },
  ]);
}

export const forgotReply = (n: number) =>
  reply(
    n === 0
      ? 'There was nothing to delete.'
      : `Done — deleted ${n} check-in${n === 1 ? '' : 's'} and their notes, and took them out of every day still open. ${SETTLED_TOTALS}`,
  );
