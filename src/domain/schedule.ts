// Pure rules of prompt schedules: reading `/wellbeing schedule add` arguments, and which
// fire times of a schedule are due now, which are caught up after downtime and which are too late.
import { type CronSpec, parseCron } from './cron.js';
import { escapeText } from './escape.js';
import { closestWord } from './text.js';
import { validateTimeZone } from './timezone.js';
import {
  CATEGORIES,
  fail,
  isCategory,
  ok,
  PROMPT_CATEGORIES,
  type Result,
  type ScheduleCategory,
} from './types.js';

/** A slot missed while every replica was down is still posted when it is less late than this. */
export const CATCH_UP_MS = 30 * 60_000;

export const SCHEDULE_CATEGORIES: readonly ScheduleCategory[] = [...PROMPT_CATEGORIES, 'mixed'];

export const SCHEDULE_EXAMPLE = '/wellbeing schedule add "0 7,15,23 * * *" Europe/London mixed';

const CATEGORY_LIST = 'compassion, mindfulness, self-care, gratitude or mixed';

export interface ScheduleInput {
  readonly cron: CronSpec;
  readonly tz: string;
  readonly category: ScheduleCategory;
}

/** `compassion`, `Self-Care`, `selfcare`, `mixed` → the category; anything else → undefined. */
export function parseScheduleCategory(token: string): ScheduleCategory | undefined {
  const t = token.trim().toLowerCase();
  if (t === 'mixed') return 'mixed';
  if (t === 'selfcare' || t === 'self_care') return 'self-care';
  if (t === 'afterevent' || t === 'after_event') return 'after-event';
  return isCategory(t) ? t : undefined;
}

/** Like {@link parseScheduleCategory} but without `mixed`: custom prompts belong to one category. */
export function parsePromptCategory(token: string): Exclude<ScheduleCategory, 'mixed'> | undefined {
  const c = parseScheduleCategory(token);
  return c === 'mixed' ? undefined : c;
}

/** The category a mistyped word most likely meant (at most 3 edits away), if any. */
export function closestCategory(
  token: string,
  among: readonly string[] = SCHEDULE_CATEGORIES,
): string | undefined {
  return closestWord(token, among, 3);
}

/** The refusal for a word that is not a category; echoes the word escaped. */
export function unknownCategory(token: string, allowMixed = true): string {
  const among = allowMixed ? SCHEDULE_CATEGORIES : CATEGORIES;
  const list = allowMixed ? CATEGORY_LIST : 'compassion, mindfulness, self-care or gratitude';
  const guess = closestCategory(token, among);
  const shown = `"${escapeText(token)}"`;
  return guess !== undefined
    ? `${shown} is not a category — did you mean ${guess}? Categories are ${list}.`
    : `${shown} is not a category. Categories are ${list}.`;
}

const OPEN_QUOTE = /^["“”]/;

/**
 * Reads the text after `schedule add`: `"<cron>" [tz] [category]`, time zone and category in either
 * order. The cron expression must be quoted (its spaces would otherwise split it). Refusals are kind,
 * specific, and echo what was typed only escaped.
 */
export function parseScheduleAdd(
  text: string,
  tokens: readonly string[],
  defaultTz: string,
): Result<ScheduleInput> {
  const trimmed = text.trim();
  if (trimmed === '') {
    return fail(`Add the schedule as a cron expression in double quotes, e.g. \`${SCHEDULE_EXAMPLE}\``);
  }
  if (!OPEN_QUOTE.test(trimmed)) {
    const guess = tokens.slice(0, 5).join(' ');
    const hint =
      tokens.length >= 5
        ? `\`/wellbeing schedule add "${escapeText(guess)}"${tokens.length > 5 ? ' …' : ''}\``
        : `\`${SCHEDULE_EXAMPLE}\``;
    return fail(`Please put the cron expression in double quotes, e.g. ${hint}`);
  }
  const [expr = '', ...extra] = tokens;
  const cron = parseCron(expr);
  if (!cron.ok) {
    return fail(cron.reason.includes('e.g.') ? cron.reason : `${cron.reason} — e.g. \`${SCHEDULE_EXAMPLE}\``);
  }
  let tz: string | undefined;
  let category: ScheduleCategory | undefined;
  for (const token of extra) {
    const asCategory = parseScheduleCategory(token);
    if (asCategory !== undefined) {
      if (category !== undefined) return fail(`Give one category at most, e.g. \`${SCHEDULE_EXAMPLE}\``);
      category = asCategory;
      continue;
    }
    const zone = validateTimeZone(token);
    if (zone.ok) {
      if (tz !== undefined) return fail(`Give one time zone at most, e.g. \`${SCHEDULE_EXAMPLE}\``);
      tz = zone.value;
      continue;
    }
    if (token.includes('/')) return fail(zone.reason);
    if (closestCategory(token) !== undefined) return fail(unknownCategory(token));
    return fail(
      `"${escapeText(token)}" is neither a time zone nor a category. Time zones look like Europe/London; ` +
        `categories are ${CATEGORY_LIST}. For example: \`${SCHEDULE_EXAMPLE}\``,
    );
  }
  return ok({ cron: cron.value, tz: tz ?? defaultTz, category: category ?? 'mixed' });
}

export interface SlotPlan {
  /** Fire times to post now: due this minute, or missed by less than {@link CATCH_UP_MS}. */
  readonly post: readonly number[];
  /** Fire times missed by {@link CATCH_UP_MS} or more: skipped, only counted. */
  readonly skipped: readonly number[];
}

/** A schedule's fire times up to nowMs, split into those to post and those too late. */
export function planSlots(fireTimes: readonly number[], nowMs: number): SlotPlan {
  const post: number[] = [];
  const skipped: number[] = [];
  for (const t of fireTimes) {
    if (nowMs - t < CATCH_UP_MS) post.push(t);
    else skipped.push(t);
  }
  return { post, skipped };
}
