// Shift patterns: a care team's rota as two or three named shifts that tile the 24-hour day in the
// channel's time zone, e.g. `day 07:00-19:00, night 19:00-07:00`. Pure: every instant is passed in.
//
// A *shift-day* begins when the first listed shift begins (07:00 for the pattern above) and holds one
// instance of every shift, so a night shift that crosses midnight belongs to the shift-day of its
// start. Boundaries are wall-clock times in the zone; on the nights the clocks change, a boundary
// whose local time is skipped moves to the instant the clocks jump, and a boundary whose local time
// happens twice is its first occurrence — so a night shift is as long as it really is (11 or 13 hours
// instead of 12). Consecutive shifts share their boundary instant, so shifts tile time exactly.
import { escapeText } from './escape.js';
import { firstInstantAtOrAfterWall, localParts, wallMs } from './timezone.js';
import { fail, ok, type Result } from './types.js';

export const DAY_MINUTES = 24 * 60;
export const MIN_SHIFTS = 2;
export const MAX_SHIFTS = 3;
/** Shorter shifts are almost certainly a typo (and could vanish on the night the clocks change). */
export const MIN_SHIFT_MINUTES = 60;
const MAX_NAME_LENGTH = 20;

export const SHIFTS_EXAMPLE = 'day 07:00-19:00, night 19:00-07:00';
export const THREE_SHIFTS_EXAMPLE = 'early 07:00-15:00, late 15:00-23:00, night 23:00-07:00';
const EXAMPLES = `e.g. \`"${SHIFTS_EXAMPLE}"\` or \`"${THREE_SHIFTS_EXAMPLE}"\``;

/**
 * Words a shift may not be called: `schedule add shift-start +15 mindfulness night` reads shift names
 * after categories and anchors, so a shift named like one of them could not be told apart.
 */
const RESERVED_NAMES = new Set([
  'compassion',
  'mindfulness',
  'self-care',
  'selfcare',
  'gratitude',
  'mixed',
  'after-event',
  'shift-start',
  'mid-shift',
  'shift-end',
  'all',
  'every',
  'off',
  'clear',
]);

export interface Shift {
  /** As the team wrote it (letters, digits, `-`, `_`). */
  readonly name: string;
  /** Minutes after local midnight, 0–1439. */
  readonly start: number;
  readonly end: number;
}

/** Shifts in rota order: the first begins the shift-day, each begins where the one before ends. */
export interface ShiftPattern {
  readonly shifts: readonly Shift[];
}

export interface ShiftInstance {
  readonly name: string;
  /** Epoch ms of the first instant of the shift. */
  readonly start: number;
  /** Epoch ms of the first instant after it (the next shift's start). */
  readonly end: number;
  /** The shift-day it belongs to: the local date (YYYY-MM-DD) on which its shift-day began. */
  readonly shiftDay: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** 420 → `07:00` */
export function formatMinutes(m: number): string {
  const v = ((m % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  return `${pad2(Math.floor(v / 60))}:${pad2(v % 60)}`;
}

/** `day 07:00-19:00, night 19:00-07:00` — what {@link parseShifts} reads back to the same pattern. */
export function formatShifts(p: ShiftPattern): string {
  return p.shifts.map((s) => `${s.name} ${formatMinutes(s.start)}-${formatMinutes(s.end)}`).join(', ');
}

const lengthOf = (s: Shift) => (s.end - s.start + DAY_MINUTES) % DAY_MINUTES;

function parseTime(token: string, end: boolean): Result<number> {
  const m = /^(\d{1,2}):(\d{2})$/.exec(token);
  if (m === null) {
    const shown = escapeText(token);
    if (/^\d{1,2}(\.\d{2})?\s*(am|pm)?$/i.test(token) || /^\d{3,4}$/.test(token)) {
      return fail(`"${shown}" — please write times as HH:MM on the 24-hour clock, such as 07:00 or 19:30.`);
    }
    return fail(
      `"${shown}" is not a time. Write times as HH:MM on the 24-hour clock, such as 07:00 or 19:30.`,
    );
  }
  const h = Number(m[1]);
  const min = Number(m[2]);
  // 24:00 is a fair way to write the midnight a shift ends at.
  if (end && h === 24 && min === 0) return ok(0);
  if (h > 23 || min > 59) {
    return fail(`${escapeText(token)} is not a time of day: times run from 00:00 to 23:59.`);
  }
  return ok(h * 60 + min);
}

/** `"day 07:00-19:00"` (quotes, curly quotes and spaces around the dash are fine) → one shift. */
function parseOne(part: string): Result<Shift> {
  const normal = part
    .trim()
    .replace(/\s*[-–—]\s*(?=\d)/g, '-')
    .replace(/\s+to\s+(?=\d)/gi, '-');
  const tokens = normal.split(/\s+/).filter(Boolean);
  if (tokens.length === 0)
    return fail(`One of the shifts is empty. Write each as a name and its hours, ${EXAMPLES}.`);
  const timeAt = tokens.findIndex((t) => /^\d/.test(t));
  if (timeAt === -1) {
    return fail(
      `"${escapeText(part.trim())}" has no hours. Write each shift as a name and its hours, ${EXAMPLES}.`,
    );
  }
  if (timeAt === 0) {
    return fail(`The shift "${escapeText(part.trim())}" needs a name before its hours, ${EXAMPLES}.`);
  }
  if (tokens.filter((t) => /^\d/.test(t)).length > 1) {
    return fail(
      `"${escapeText(part.trim())}" looks like more than one shift: put a comma between shifts, ${EXAMPLES}.`,
    );
  }
  const extra = tokens.filter((_, i) => i !== 0 && i !== timeAt);
  if (extra.length > 0) {
    return fail(
      `I don't know the word "${escapeText(extra[0] as string)}" in "${escapeText(part.trim())}". ` +
        `Write each shift as one name and its hours, separated by commas, ${EXAMPLES}.`,
    );
  }
  const name = tokens[0] as string;
  if (!/^[\p{L}][\p{L}\p{N}_-]*$/u.test(name) || name.length > MAX_NAME_LENGTH) {
    return fail(
      `"${escapeText(name)}" cannot be a shift name: use one word of up to ${MAX_NAME_LENGTH} letters ` +
        `or digits, starting with a letter, ${EXAMPLES}.`,
    );
  }
  if (RESERVED_NAMES.has(name.toLowerCase())) {
    return fail(
      `"${escapeText(name)}" is a word the bot already uses; please call the shift something else, ${EXAMPLES}.`,
    );
  }
  const range = tokens[timeAt] as string;
  const times = range.split('-');
  if (times.length !== 2 || times[0] === '' || times[1] === '') {
    return fail(`"${escapeText(range)}" should be a start and an end, such as 07:00-19:00, ${EXAMPLES}.`);
  }
  const start = parseTime(times[0] as string, false);
  if (!start.ok) return start;
  const end = parseTime(times[1] as string, true);
  if (!end.ok) return end;
  return ok({ name, start: start.value, end: end.value });
}

const stripQuotes = (s: string) =>
  s
    .trim()
    .replace(/^["“”']+/, '')
    .replace(/["“”']+$/, '')
    .trim();

/**
 * Reads a shift pattern. Refusals are specific (an overlap, a gap, `25:00`, an unknown word, two
 * shifts with one name, one shift only…), echo what was typed only escaped, and give a working example.
 * The shifts may be listed in any order; the first one listed begins the shift-day.
 */
export function parseShifts(text: string): Result<ShiftPattern> {
  const body = stripQuotes(text);
  if (body === '') return fail(`Give the shifts as names and hours, ${EXAMPLES}.`);
  const parts = body.split(/[,;]/).map((p) => p.trim());
  if (parts.some((p) => p === '') && parts.length > 1) {
    return fail(`There is an empty shift between two commas. Write the shifts like this: ${EXAMPLES}.`);
  }
  const shifts: Shift[] = [];
  for (const part of parts) {
    const one = parseOne(part);
    if (!one.ok) return one;
    shifts.push(one.value);
  }
  if (shifts.length < MIN_SHIFTS) {
    return fail(
      `One shift cannot make a rota: give two or three shifts that together cover the whole day, ${EXAMPLES}.`,
    );
  }
  if (shifts.length > MAX_SHIFTS) {
    return fail(
      `The bot follows two or three shifts a day; that was ${shifts.length}. For example ${EXAMPLES}.`,
    );
  }
  const names = new Set<string>();
  for (const s of shifts) {
    const lower = s.name.toLowerCase();
    if (names.has(lower)) {
      return fail(
        `Two shifts are called "${escapeText(s.name)}"; each shift needs its own name, ${EXAMPLES}.`,
      );
    }
    names.add(lower);
  }
  for (const s of shifts) {
    if (s.start === s.end) {
      return fail(
        `The ${escapeText(s.name)} shift starts and ends at ${formatMinutes(s.start)}; a shift needs a start and ` +
          `a later end, ${EXAMPLES}.`,
      );
    }
    if (lengthOf(s) < MIN_SHIFT_MINUTES) {
      return fail(
        `The ${escapeText(s.name)} shift (${formatMinutes(s.start)}-${formatMinutes(s.end)}) is shorter than an ` +
          `hour; is a time mistyped? For example ${EXAMPLES}.`,
      );
    }
  }
  // Walk the day from the first shift's start: each shift must begin exactly where the one before ended.
  const origin = (shifts[0] as Shift).start;
  const rel = (m: number) => (m - origin + DAY_MINUTES) % DAY_MINUTES;
  const ordered = [...shifts].sort((a, b) => rel(a.start) - rel(b.start));
  let reached = 0; // minutes after `origin` covered so far
  let coveredBy = ordered[ordered.length - 1] as Shift;
  for (const s of ordered) {
    const from = rel(s.start);
    if (from > reached) return fail(gap(coveredBy, s, origin + reached, s.start));
    if (from < reached)
      return fail(overlap(coveredBy, s, s.start, origin + Math.min(reached, from + lengthOf(s))));
    reached = from + lengthOf(s);
    coveredBy = s;
  }
  const first = ordered[0] as Shift;
  if (reached < DAY_MINUTES) return fail(gap(coveredBy, first, origin + reached, first.start));
  if (reached > DAY_MINUTES) return fail(overlap(coveredBy, first, first.start, origin + reached));
  return ok({ shifts: ordered });
}

function gap(before: Shift, after: Shift, from: number, to: number): string {
  return (
    `No shift covers ${formatMinutes(from)}-${formatMinutes(to)} (between ${escapeText(before.name)} and ` +
    `${escapeText(after.name)}): each shift should start when the one before ends, so together they cover ` +
    `the whole day, ${EXAMPLES}.`
  );
}

function overlap(a: Shift, b: Shift, from: number, to: number): string {
  return (
    `${escapeText(a.name)} and ${escapeText(b.name)} overlap from ${formatMinutes(from)} to ${formatMinutes(to)}: ` +
    `each shift should start when the one before ends, ${EXAMPLES}.`
  );
}

// ---------------------------------------------------------------------------------------------
// Shift instances

/** YYYY-MM-DD plus `n` days. */
export function addDaysToDate(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(wallMs(y ?? 1970, m ?? 1, (d ?? 1) + n));
  return `${String(t.getUTCFullYear()).padStart(4, '0')}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())}`;
}

function wallOf(date: string, minutes: number): number {
  const [y, m, d] = date.split('-').map(Number);
  return wallMs(y ?? 1970, m ?? 1, d ?? 1) + minutes * 60_000;
}

/** Every shift of the shift-day that begins on local date `shiftDay`, in order. */
export function shiftDayInstances(shiftDay: string, tz: string, p: ShiftPattern): ShiftInstance[] {
  const first = p.shifts[0] as Shift;
  const origin = first.start;
  const out: ShiftInstance[] = [];
  let offset = 0;
  for (const s of p.shifts) {
    const len = lengthOf(s);
    out.push({
      name: s.name,
      start: firstInstantAtOrAfterWall(wallOf(shiftDay, origin + offset), tz),
      end: firstInstantAtOrAfterWall(wallOf(shiftDay, origin + offset + len), tz),
      shiftDay,
    });
    offset += len;
  }
  return out;
}

function localDate(instant: number, tz: string): string {
  const l = localParts(instant, tz);
  return `${String(l.year).padStart(4, '0')}-${pad2(l.month)}-${pad2(l.day)}`;
}

/** The shift instance that holds `instant` (every instant is in exactly one). */
export function shiftAt(instant: number, tz: string, p: ShiftPattern): ShiftInstance {
  const date = localDate(instant, tz);
  // A shift-day spans its own date and the next, so the instant's date or the day before holds it;
  // the outer two are a safety net for zones that skip a whole calendar day.
  for (const n of [0, -1, 1, -2]) {
    for (const inst of shiftDayInstances(addDaysToDate(date, n), tz, p)) {
      if (inst.start <= instant && instant < inst.end) return inst;
    }
  }
  throw new RangeError(`no shift holds ${new Date(instant).toISOString()} in ${tz}`);
}

/** The shift instances that overlap [from, to), in time order (instances a clock change made empty are left out). */
export function shiftsBetween(from: number, to: number, tz: string, p: ShiftPattern): ShiftInstance[] {
  const out: ShiftInstance[] = [];
  if (to <= from) return out;
  let day = shiftAt(from, tz, p).shiftDay;
  for (;;) {
    const instances = shiftDayInstances(day, tz, p);
    for (const inst of instances) {
      if (inst.end > from && inst.start < to && inst.end > inst.start) out.push(inst);
    }
    if ((instances.at(-1) as ShiftInstance).end >= to) return out;
    day = addDaysToDate(day, 1);
  }
}

/** The pattern's shift named `name` (any case), if there is one. */
export function findShift(p: ShiftPattern, name: string): Shift | undefined {
  const lower = name.toLowerCase();
  return p.shifts.find((s) => s.name.toLowerCase() === lower);
}
