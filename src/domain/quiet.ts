// Quiet hours: when a person does not want the bot to start a conversation with them (a night lead
// sleeps in the day). Messages the bot starts on its own — the weekly digest above all — reach a person
// at 09:00 in their own time zone, or, when 09:00 falls inside their quiet hours, at the moment their
// quiet hours end; never inside them. Replies to what a person just did are not affected. Pure.
import { escapeText } from './escape.js';
import { firstInstantAtOrAfterWall, localParts, wallMs } from './timezone.js';
import { fail, ok, type Result } from './types.js';

export const QUIET_EXAMPLE = '/wellbeing quiet 08:00-16:00';
/** Someone must be reachable for a while each day, or the digest could never arrive. */
export const MAX_QUIET_MINUTES = 18 * 60;
export const DELIVERY_MINUTE = 9 * 60;
const DAY_MINUTES = 24 * 60;

export interface QuietHours {
  /** Minutes after local midnight at which quiet begins, 0–1439. */
  readonly from: number;
  /** …and ends (exclusive); before `from` when the quiet hours cross midnight. */
  readonly to: number;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const hhmm = (m: number) => `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`;

export function formatQuiet(q: QuietHours): string {
  return `${hhmm(q.from)}-${hhmm(q.to)}`;
}

const lengthOf = (q: QuietHours) => (q.to - q.from + DAY_MINUTES) % DAY_MINUTES;

function readTime(token: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(token);
  if (m === null) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h === 24 && min === 0) return 0;
  return h <= 23 && min <= 59 ? h * 60 + min : undefined;
}

/** `22:00-07:00` (or `22:00 - 07:00`) → quiet hours; `off` → null (no quiet hours). */
export function parseQuiet(text: string): Result<QuietHours | null> {
  const t = text
    .trim()
    .replace(/\s*[-–—]\s*/g, '-')
    .replace(/\s+to\s+/gi, '-');
  if (/^(off|none|clear)$/i.test(t)) return ok(null);
  const [a, b, ...rest] = t.split('-');
  const from = a === undefined ? undefined : readTime(a);
  const to = b === undefined ? undefined : readTime(b);
  if (rest.length > 0 || from === undefined || to === undefined) {
    return fail(
      `"${escapeText(text.trim())}" is not a time range I can read. Give your quiet hours as HH:MM-HH:MM on the ` +
        `24-hour clock, e.g. \`${QUIET_EXAMPLE}\` (or \`/wellbeing quiet off\`).`,
    );
  }
  const q = { from, to };
  if (from === to)
    return fail(`Quiet hours need an end that differs from the start, e.g. \`${QUIET_EXAMPLE}\`.`);
  if (lengthOf(q) > MAX_QUIET_MINUTES) {
    return fail(
      `${formatQuiet(q)} is ${Math.round(lengthOf(q) / 60)} hours; quiet hours can last up to ${MAX_QUIET_MINUTES / 60}, ` +
        `so the weekly digest still finds a moment to reach you. For example \`${QUIET_EXAMPLE}\`.`,
    );
  }
  return ok(q);
}

function containsMinute(q: QuietHours, m: number): boolean {
  return q.from < q.to ? m >= q.from && m < q.to : m >= q.from || m < q.to;
}

/** True when `instant` falls inside the quiet hours on the person's own clock. */
export function inQuiet(instant: number, tz: string, q: QuietHours | undefined): boolean {
  if (q === undefined) return false;
  const p = localParts(instant, tz);
  return containsMinute(q, p.hour * 60 + p.minute);
}

/**
 * When a message meant for 09:00 on local date `date` reaches the person: 09:00, or the end of the quiet
 * hours that hold 09:00 (later that day, or the next morning when they cross midnight).
 */
export function deliveryTime(
  date: { year: number; month: number; day: number },
  tz: string,
  q?: QuietHours,
): number {
  let dayOffset = 0;
  let minute = DELIVERY_MINUTE;
  if (q !== undefined && containsMinute(q, DELIVERY_MINUTE)) {
    minute = q.to;
    if (q.to <= DELIVERY_MINUTE) dayOffset = 1;
  }
  return firstInstantAtOrAfterWall(wallMs(date.year, date.month, date.day + dayOffset) + minute * 60_000, tz);
}

export interface WeeklyMoment {
  /** The Monday (YYYY-MM-DD, the person's own calendar) the week's digest belongs to. */
  readonly week: string;
  readonly at: number;
}

/**
 * The weekly digest's moment for a person, for the week whose Monday is the latest Monday on or before
 * `now` on their own calendar (and the week before, whose moment may fall on this Tuesday).
 */
export function weeklyMoments(now: number, tz: string, q?: QuietHours): WeeklyMoment[] {
  const p = localParts(now, tz);
  const back = (p.weekday + 6) % 7; // days since Monday
  const out: WeeklyMoment[] = [];
  for (const weeks of [0, 1]) {
    const d = new Date(wallMs(p.year, p.month, p.day - back - 7 * weeks));
    const date = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
    out.push({
      week: `${String(date.year).padStart(4, '0')}-${pad2(date.month)}-${pad2(date.day)}`,
      at: deliveryTime(date, tz, q),
    });
  }
  return out;
}
