// Parsing the text of slash commands. Refusals are kind, specific, and never echo a person's note.

import { scoreForReaction } from './emoji.js';
import { escapeText } from './escape.js';
import { fail, isScore, ok, type Result, type Score } from './types.js';

export const NOTE_MAX_LENGTH = 500;

/**
 * Length in characters as people count them (Unicode code points): an emoji is one, not the two
 * UTF-16 units JavaScript's `length` gives. Every limit on people's text is counted with this.
 */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const OPEN_QUOTES = new Set(['"', '“']);
const CLOSE_QUOTES = new Set(['"', '”', '“']);

/**
 * Splits on whitespace; a double-quoted segment ("…" or the curly “…” Slack clients insert) stays
 * one token, without its quotes. A quote may start mid-token (`a"b c"` → `ab c`). An unclosed
 * quote runs to the end of the text. `""` gives an empty token.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  let inQuote = false;
  for (const ch of text) {
    if (inQuote) {
      if (CLOSE_QUOTES.has(ch)) inQuote = false;
      else current += ch;
    } else if (OPEN_QUOTES.has(ch)) {
      inQuote = true;
      inToken = true;
    } else if (/\s/.test(ch)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += ch;
      inToken = true;
    }
  }
  if (inToken) tokens.push(current);
  return tokens;
}

/** `<@U123ABC|name>`, `<@U123ABC>`, `<@W123>` → the user ID; anything else (`@name`) → undefined. */
export function parseUserMention(token: string): string | undefined {
  return /^<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>$/.exec(token.trim())?.[1];
}

/** `<#C123|name>`, `<#C123>`, `<#G123>` → the channel ID; anything else → undefined. */
export function parseChannelMention(token: string): string | undefined {
  return /^<#([CG][A-Z0-9]+)(?:\|[^<>]*)?>$/.exec(token.trim())?.[1];
}

const EMOJI_TOKEN = /^:([a-z0-9_+'-]+(?:::skin-tone-\d+)?):$/i;

/** `'1'`…`'5'`, or a check-in emoji written with colons (`':three:'`). Anything else → undefined. */
export function parseScoreToken(token: string, emojiMap: Readonly<Record<string, Score>>): Score | undefined {
  const t = token.trim();
  if (/^[1-5]$/.test(t)) {
    const n = Number(t);
    return isScore(n) ? n : undefined;
  }
  if (EMOJI_TOKEN.test(t)) return scoreForReaction(emojiMap, t);
  return undefined;
}

const USAGE_EXAMPLE = '/checkin 3 long shift, but okay';

/**
 * `/checkin <1-5 | :emoji:> [note]`. The note is the rest of the text, trimmed, otherwise verbatim;
 * its length is counted in characters (code points). No refusal repeats the note.
 */
export function parseCheckinText(
  text: string,
  emojiMap: Readonly<Record<string, Score>>,
): Result<{ score: Score; note?: string }> {
  const trimmed = text.trim();
  if (trimmed === '') return fail(`Add a score from 1 to 5, e.g. ${USAGE_EXAMPLE}`);
  const space = trimmed.search(/\s/);
  const first = space < 0 ? trimmed : trimmed.slice(0, space);
  const rest = space < 0 ? '' : trimmed.slice(space).trim();

  const score = parseScoreToken(first, emojiMap);
  if (score === undefined) {
    if (/^[+-]?\d+(?:[.,]\d+)?$/.test(first)) return fail('Scores run from 1 to 5 — e.g. /checkin 4');
    const emoji = EMOJI_TOKEN.exec(first);
    if (emoji !== null) {
      return fail(
        `${escapeText(first)} isn't one of the check-in emoji. Use 1–5 or :one: … :five: — e.g. /checkin :four:`,
      );
    }
    return fail(`Start with a score from 1 to 5 or a check-in emoji, e.g. ${USAGE_EXAMPLE}`);
  }
  if (rest === '') return ok({ score });
  const length = codePoints(rest);
  if (length > NOTE_MAX_LENGTH) {
    return fail(
      `Your note is ${length} characters; notes can be at most ${NOTE_MAX_LENGTH}. Nothing was saved — try a shorter note.`,
    );
  }
  return ok({ score, note: rest });
}
