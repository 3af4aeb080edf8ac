// Time zones, with nothing but `Intl`: validating a zone a person typed, and the few wall-clock
// readings the hot paths need. Every instant is epoch milliseconds passed in by the caller.
import { escapeText } from './escape.js';
import { closestWord } from './text.js';
import { fail, ok, type Result } from './types.js';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/**
 * Modern IANA spellings that older ICU versions list under an older name (Node 20 lists
 * Asia/Calcutta but not Asia/Kolkata). `Intl` accepts them; listing them here gives them their
 * proper casing and lets them be suggested. Only those the running engine accepts are used.
 */
const MODERN_ZONE_NAMES = [
  ...['UTC', 'Etc/UTC', 'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Ho_Chi_Minh', 'Asia/Yangon'],
  ...['Europe/Kyiv', 'America/Nuuk', 'America/Ciudad_Juarez', 'Atlantic/Faroe'],
  ...['Pacific/Kanton', 'Pacific/Chuuk', 'Pacific/Pohnpei'],
];

function zoneIsAccepted(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

type Zones = { names: readonly string[]; byLower: ReadonlyMap<string, string> };
let knownZones: Zones | undefined;

function known(): Zones {
  if (knownZones === undefined) {
    const names = [...Intl.supportedValuesOf('timeZone')];
    for (const extra of MODERN_ZONE_NAMES)
      if (!names.includes(extra) && zoneIsAccepted(extra)) names.push(extra);
    knownZones = { names, byLower: new Map(names.map((n) => [n.toLowerCase(), n])) };
  }
  return knownZones;
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
  const example = 'Use an IANA name such as Europe/London or America/New_York.';
  if (input === '') return fail(`A time zone is needed. ${example}`);
  const suggestion = closestWord(input, known().names, 3);
  if (suggestion !== undefined)
    return fail(`${escapeText(input)} is not a time zone — did you mean ${suggestion}?`);
  return fail(`${escapeText(input)} is not a time zone. ${example}`);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The wall clock in `tz` at instant `ms`, read as if it were UTC (`Date.UTC` of the local reading,
 * to the second), and the weekday (0 = Sunday). Throws RangeError for a zone `Intl` does not know.
 */
function wallAt(ms: number, tz: string): { wall: number; weekday: number } {
  let f = formatters.get(tz);
  if (f === undefined) {
    const n = 'numeric';
    f = new Intl.DateTimeFormat('en-US', {
      ...{ timeZone: tz, hourCycle: 'h23', weekday: 'short' },
      ...{ year: n, month: n, day: n, hour: n, minute: n, second: n },
    });
    formatters.set(tz, f);
  }
  const p: Record<string, string> = {};
  for (const { type, value } of f.formatToParts(ms)) p[type] = value;
  const [y, mo, d, h, mi, s] = [p.year, p.month, p.day, p.hour, p.minute, p.second].map(Number);
  // Some engines print midnight as "24" even with hourCycle h23; it is the start of that date.
  const wall = Date.UTC(y ?? 0, (mo ?? 1) - 1, d, (h ?? 0) % 24, mi, s);
  return { wall, weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday ?? '') };
}

/** The zone's UTC offset at instant `ms`, in milliseconds (local wall time minus UTC; London in summer: +3 600 000). */
export function offsetAt(ms: number, tz: string): number {
  return wallAt(ms, tz).wall - Math.floor(ms / 1000) * 1000;
}

/** A wall-clock reading in some zone. Month 1–12, day 1–31, hour 0–23, weekday 0 = Sunday. */
export interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly weekday: number;
}

/** The wall clock in `tz` at instant `ms`. */
export function localParts(ms: number, tz: string): LocalParts {
  const { wall, weekday } = wallAt(ms, tz);
  const d = new Date(wall);
  const [year, month, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  return { year, month, day, hour: d.getUTCHours(), minute: d.getUTCMinutes(), weekday };
}

/** Milliseconds of a wall-clock reading taken as if it were UTC ("wall time"). */
export function wallMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years 0–99 as they are
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

/** Weekday (0 = Sunday) of a calendar date. */
export const weekdayOf = (year: number, month: number, day: number): number =>
  new Date(wallMs(year, month, day)).getUTCDay();

/**
 * The earliest instant whose wall time in `tz` is `wall` (the first of two in a fall-back fold),
 * or, when that wall time is skipped (spring forward), the instant the clocks jump over it.
 * A zone changes its offset at most once a day, so the offsets a day either side are the candidates.
 */
export function firstInstantAtOrAfterWall(wall: number, tz: string): number {
  const early = offsetAt(wall - DAY_MS, tz);
  const late = offsetAt(wall + DAY_MS, tz);
  const exact = [early, late].map((o) => wall - o).filter((t) => t + offsetAt(t, tz) === wall);
  if (exact.length > 0) return Math.min(...exact);
  // Skipped: the transition lies between the two readings; find it to the minute.
  let lo = Math.floor((wall - late) / MINUTE_MS) * MINUTE_MS; // still on the early offset
  let hi = Math.ceil((wall - early) / MINUTE_MS) * MINUTE_MS; // already on the late offset
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetAt(mid, tz) === early) lo = mid;
    else hi = mid;
  }
  return hi;
}

const readDayKey = (ms: number, tz: string): string =>
  new Date(wallAt(ms, tz).wall).toISOString().slice(0, 10);

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
