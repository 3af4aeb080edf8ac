// The prompt message: the prompt, "How are you arriving?", five private buttons, and one
// line on privacy. The check-in button listener relies on the block_id, action_ids and values here.
import type { KnownBlock } from '@slack/types';
import { escapeText } from '../../domain/escape.js';
import { type Category, SCORE_LABELS, SCORES, type Score } from '../../domain/types.js';

export const QUESTION = 'How are you arriving?';
export const CHECKIN_BLOCK_ID = 'checkin';
export const scoreActionId = (score: Score) => `checkin_score_${score}`;
export const scoreButtonValue = (promptId: string, score: Score) => `${promptId}:${score}`;

/** The number reactions the bot adds to its own prompt, so members can answer with one click. */
export const PROMPT_REACTIONS = ['one', 'two', 'three', 'four', 'five'] as const;

export const PRIVACY_LINE =
  'Reacting with :one: … :five: is visible to the channel. The buttons and `/checkin` are private — ' +
  'only you see your answer. Leads only ever see anonymous team totals.';

const TITLES: Readonly<Record<Category, string>> = {
  compassion: 'A moment of compassion',
  mindfulness: 'A mindful pause',
  'self-care': 'Looking after yourself',
  gratitude: 'A moment of gratitude',
  'after-event': 'After a hard moment',
};

export interface PromptContent {
  readonly id: string;
  readonly category: Category;
  /** As written (library or a lead's custom prompt); escaped here, never before. */
  readonly text: string;
}

export interface PromptMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

/** Where a bot admin turned reactions off: every answer is private. */
export const PRIVACY_LINE_NO_REACTIONS =
  'The buttons and `/checkin` are private — only you see your answer. Leads only ever see anonymous team totals.';

export function promptMessage(p: PromptContent, o: { reactions?: boolean } = {}): PromptMessage {
  const body = escapeText(p.text);
  const title = TITLES[p.category];
  const reactions = o.reactions !== false;
  return {
    text: `${title}: ${body} — ${QUESTION} Answer 1–5 with a button${reactions ? ', a reaction' : ''} or /checkin.`,
    blocks: [
      { type: 'section', block_id: 'prompt', text: { type: 'mrkdwn', text: `*${title}*\n${body}` } },
      { type: 'section', block_id: 'question', text: { type: 'mrkdwn', text: `*${QUESTION}*` } },
      {
        type: 'actions',
        block_id: CHECKIN_BLOCK_ID,
        elements: SCORES.map((score) => ({
          type: 'button',
          action_id: scoreActionId(score),
          text: { type: 'plain_text', text: `${score} · ${SCORE_LABELS[score]}` },
          value: scoreButtonValue(p.id, score),
        })),
      },
      {
        type: 'context',
        block_id: 'privacy',
        elements: [{ type: 'mrkdwn', text: reactions ? PRIVACY_LINE : PRIVACY_LINE_NO_REACTIONS }],
      },
    ],
  };
}
