// Custom prompts a lead adds to a channel (`/wellbeing prompts add <category> <text>`). Pure rules.
import { PROMPT_MAX_LENGTH } from '../prompts/index.js';
import { codePoints } from './text.js';
import { fail, ok, type Result } from './types.js';

export const CUSTOM_PROMPT_EXAMPLE =
  '/wellbeing prompts add compassion Before handover, take one slow breath for the shift you just had.';

/**
 * The text of a custom prompt as it will be stored: trimmed, one pair of surrounding quotes removed,
 * non-empty and at most {@link PROMPT_MAX_LENGTH} characters (code points). The refusal never repeats
 * the text.
 */
export function validateCustomPromptText(raw: string): Result<string> {
  let text = raw.trim();
  const quoted = /^["“](.*)["”]$/s.exec(text);
  if (quoted) text = (quoted[1] ?? '').trim();
  if (text === '')
    return fail(`Add the text of the prompt after its category, e.g. \`${CUSTOM_PROMPT_EXAMPLE}\``);
  const length = codePoints(text);
  if (length > PROMPT_MAX_LENGTH) {
    return fail(
      `That prompt is ${length} characters; prompts can be at most ${PROMPT_MAX_LENGTH}, so they stay short enough to read on a break. Nothing was saved — try a shorter one.`,
    );
  }
  return ok(text);
}
