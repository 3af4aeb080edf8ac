// Time zones, with nothing but `Intl`. Every instant is epoch milliseconds passed in by the caller.
//
// Assumption used throughout (true of every real zone since the tz database began): a zone changes
// its UTC offset at most once within any 24-hour stretch.

import { escapeText } from './escape.js';
import { fail, ok, type Result } from './types.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A wall-clock reading in some zone. */
export interface LocalParts {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  /** 1–31 */
  readonly day: number;
  /** 0–23 */
  readonly hour: number;
  /** 0–59 */
  readonly minute: number;
  /** 0 = Sunday … 6 = Saturday */
  readonly weekday: number;
}

// ---------------------------------------------------------------------------------------------
// Validation

/**
 * Modern IANA spellings that older ICU versions list under an older name (Node 20 lists
 * Asia/Calcutta but not Asia/Kolkata). `Intl` accepts them; listing them here gives them their
 * proper casing and lets them be suggested. Only those the running engine accepts are used.
 */
const MODERN_ZONE_NAMES = [
  'UTC',
  'Etc/UTC',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Ho_Chi_Minh',
  'Asia/Yangon',
  'Europe/Kyiv',
  'America/Nuuk',
  'America/Ciudad_Juarez',
  'Atlantic/Faroe',
  'Pacific/Kanton',
  'Pacific/Chuuk',
  'Pacific/Pohnpei',
];

let knownZones: { names: readonly string[]; byLower: ReadonlyMap<string, string> } | undefined;

function zoneIsAccepted(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function known(): { names: readonly string[]; byLower: ReadonlyMap<string, string> } {
  if (knownZones === undefined) {
    const names = [...Intl.supportedValuesOf('timeZone')];
    for (const extra of MODERN_ZONE_NAMES)
      if (!names.includes(extra) && zoneIsAccepted(extra)) names.push(extra);
    knownZones = { names, byLower: new Map(names.map((n) => [n.toLowerCase(), n])) };
  }
  return knownZones;
}

/** Levenshtein distance, giving up (returning `limit + 1`) once it must exceed `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length] ?? limit + 1;
}

const SUGGEST_MAX_DISTANCE = 3;

function closestZone(input: string): string | undefined {
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = SUGGEST_MAX_DISTANCE + 1;
  for (const name of known().names) {
    const d = editDistance(lower, name.toLowerCase(), bestDistance - 1);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Accepts any zone `Intl` knows and returns it in its proper spelling: `europe/london` →
 * `Europe/London`. Aliases the engine accepts (`US/Eastern`, `Asia/Kolkata`) are kept as the
 * person wrote them (proper casing where the name is known), so they see the name they chose.
 * UTC offsets such as `+01:00` are refused: they have no daylight-saving rules.
 * The refusal echoes the input escaped, so it is safe to send to Slack as is.
 */
export function validateTimeZone(name: string): Result<string> {
  const input = name.trim();
  const proper = known().byLower.get(input.toLowerCase());
  if (proper !== undefined) return ok(proper);
  if (/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(input) && zoneIsAccepted(input)) {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: input }).resolvedOptions().timeZone;
    return ok(resolved.toLowerCase() === input.toLowerCase() ? resolved : input);
  }
  const shown = escapeText(input);
  const suggestion = input === '' ? undefined : closestZone(input);
  if (suggestion !== undefined) return fail(`${shown} is not a time zone — did you mean ${suggestion}?`);
  if (input === '')
    return fail('A time zone is needed. Use an IANA name such as Europe/London or America/New_York.');
  return fail(`${shown} is not a time zone. Use an IANA name such as Europe/London or America/New_York.`);
}

// ---------------------------------------------------------------------------------------------
// Wall-clock readings

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

interface FullParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// `format` is about three times faster than `formatToParts`; en-US with h23 prints "3/29/2026, 01:30:00".
const EN_US_READING = /^(\d+)\/(\d+)\/(\d+),\s(\d+):(\d+):(\d+)$/;

function readParts(ms: number, tz: string): FullParts {
  const f = formatterFor(tz);
  const m = EN_US_READING.exec(f.format(ms));
  if (m !== null) {
    return {
      year: Number(m[3]),
      month: Number(m[1]),
      day: Number(m[2]),
      // Some engines print midnight as "24" even with hourCycle h23; it is the start of that date.
      hour: Number(m[4]) % 24,
      minute: Number(m[5]),
      second: Number(m[6]),
    };
  }
  const out: FullParts = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  for (const p of f.formatToParts(ms)) {
    switch (p.type) {
      case 'year':
      case 'month':
      case 'day':
      case 'minute':
      case 'second':
        out[p.type] = Number(p.value);
        break;
      case 'hour':
        out.hour = Number(p.value) % 24;
        break;
      default:
        break;
    }
  }
  return out;
}

/** Milliseconds of a wall-clock reading taken as if it were UTC ("wall time"). */
export function wallMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years 0–99 as they are
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

/** Weekday (0 = Sunday) of a calendar date. */
export function weekdayOf(year: number, month: number, day: number): number {
  return new Date(wallMs(year, month, day)).getUTCDay();
}

/**
 * The wall clock in `tz` at instant `ms`. Throws RangeError for a zone `Intl` does not know
 * (validate zones with {@link validateTimeZone} where they enter the system).
 */
export function localParts(ms: number, tz: string): LocalParts {
  const p = readParts(ms, tz);
  return {
    year: p.year,
    month: p.month,
    day: p.day,
    hour: p.hour,
    minute: p.minute,
    weekday: weekdayOf(p.year, p.month, p.day),
  };
}

/** The zone's UTC offset at instant `ms`, in milliseconds (local wall time minus UTC; London in summer: +3 600 000). */
export function offsetAt(ms: number, tz: string): number {
  const p = readParts(ms, tz);
  const wholeSecond = Math.floor(ms / 1000) * 1000;
  return wallMs(p.year, p.month, p.day, p.hour, p.minute, p.second) - wholeSecond;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

function readDayKey(ms: number, tz: string): string {
  const p = readParts(ms, tz);
  return `${String(p.year).padStart(4, '0')}-${pad2(p.month)}-${pad2(p.day)}`;
}

const QUARTER_HOUR_MS = 15 * MINUTE_MS;
/** Per zone, the last UTC quarter-hour found to lie within one local date, and that date. */
const dayKeyMemo = new Map<string, { from: number; key: string }>();

/**
 * The local date in `tz` at instant `ms`, as `YYYY-MM-DD`. Every check-in asks for it, so the answer
 * is remembered per zone for the UTC quarter-hour around `ms` — only when that quarter-hour has one
 * UTC offset throughout (a zone changes offset at most once a day, so equal offsets at both ends mean
 * no change between them) and one local date at both ends (so no midnight inside).
 */
export function dayKey(ms: number, tz: string): string {
  const from = Math.floor(ms / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  const hit = dayKeyMemo.get(tz);
  if (hit !== undefined && hit.from === from) return hit.key;
  const key = readDayKey(ms, tz);
  const to = from + QUARTER_HOUR_MS - 1;
  if (offsetAt(from, tz) === offsetAt(to, tz) && readDayKey(from, tz) === key && readDayKey(to, tz) === key) {
    dayKeyMemo.set(tz, { from, key });
  }
  return key;
}

/** Days since 1970-01-01 in UTC. */
export function utcDay(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/**
 * The first instant of the local day that contains `ms`: local midnight, or — in the few zones
 * that move their clocks at midnight (America/Santiago, America/Havana…) — the moment the day
 * begins when midnight itself is skipped.
 */
export function startOfLocalDay(ms: number, tz: string): number {
  const p = readParts(ms, tz);
  return firstInstantAtOrAfterWall(wallMs(p.year, p.month, p.day), tz);
}

/**
 * The earliest instant whose wall time in `tz` is `wall` (the first of two in a fall-back fold),
 * or, when that wall time is skipped (spring forward), the instant the clocks jump over it.
 */
export function firstInstantAtOrAfterWall(wall: number, tz: string): number {
  const early = offsetAt(wall - DAY_MS, tz);
  const late = offsetAt(wall + DAY_MS, tz);
  const candidates = early === late ? [early] : [early, late];
  let best: number | undefined;
  for (const o of candidates) {
    const t = wall - o;
    if (offsetAt(t, tz) === o && (best === undefined || t < best)) best = t;
  }
  if (best !== undefined) return best;
  // Skipped: find the transition, which lies between the two readings.
  let lo = Math.floor((wall - late) / MINUTE_MS) * MINUTE_MS; // still on the early offset
  let hi = Math.ceil((wall - early) / MINUTE_MS) * MINUTE_MS; // already on the late offset
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetAt(mid, tz) === early) lo = mid;
    else hi = mid;
  }
  return hi;
}
