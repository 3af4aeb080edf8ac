// `/wellbeing pause until <date>`: reading the date. A pause runs through the end of the date named, in
// the channel's zone, so `pause until 2026-12-26` means no scheduled prompt on the 26th either; they
// start again on the 27th. Pure: today's date is passed in.
import { escapeText } from './escape.js';
import { addDaysToDate } from './shifts.js';
import { fail, ok, type Result } from './types.js';

export const PAUSE_EXAMPLE = '/wellbeing pause until 2026-12-26';
/** A longer pause is more likely a mistyped year than a plan. */
export const MAX_PAUSE_DAYS = 366;

function isRealDate(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 0));
  return t.getUTCFullYear() === y && t.getUTCMonth() + 1 === m && t.getUTCDate() === d;
}

/** `until 2026-12-26` (or just the date) → the last paused date, which must be today or later. */
export function parsePauseUntil(args: readonly string[], today: string): Result<string> {
  const words = args.map((a) => a.trim()).filter(Boolean);
  if (words[0]?.toLowerCase() === 'until') words.shift();
  const [date, ...extra] = words;
  if (date === undefined) return fail(`Until when? Give the last day to pause, e.g. \`${PAUSE_EXAMPLE}\`.`);
  if (extra.length > 0 || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    return fail(
      `"${escapeText(words.join(' '))}" is not a date I can read. Write it as YYYY-MM-DD, e.g. \`${PAUSE_EXAMPLE}\`.`,
    );
  }
  if (!isRealDate(date))
    return fail(`${escapeText(date)} is not a day on the calendar, e.g. \`${PAUSE_EXAMPLE}\`.`);
  if (date < today) {
    return fail(
      `${date} has already passed (today is ${today} here). Give today or a later day, e.g. \`${PAUSE_EXAMPLE}\`.`,
    );
  }
  if (date > addDaysToDate(today, MAX_PAUSE_DAYS)) {
    return fail(`A pause can last up to a year; ${date} is further away. Is the year right?`);
  }
  return ok(date);
}
