// Time zones: validating a zone a person typed (with `Intl`), and the wall-clock readings the rules
// need, from the standard Temporal API (a polyfill until Node ships it; it reads the same ICU zone data
// through `Intl`). Every instant is epoch milliseconds passed in by the caller.
import { Temporal } from 'temporal-polyfill';
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

/** Instant `ms` on the wall clock of `tz`. Throws RangeError for a zone the engine does not know. */
const zoned = (ms: number, tz: string) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz);

/** The zone's UTC offset at instant `ms`, in milliseconds (local wall time minus UTC; London in summer: +3 600 000). */
export function offsetAt(ms: number, tz: string): number {
  return zoned(ms, tz).offsetNanoseconds / 1e6;
}

/** The wall clock in `tz` at instant `ms`: month 1–12, day 1–31, hour 0–23, weekday 0 = Sunday. */
export function localParts(ms: number, tz: string) {
  const { year, month, day, hour, minute, dayOfWeek } = zoned(ms, tz);
  return { year, month, day, hour, minute, weekday: dayOfWeek % 7 };
}

/** Milliseconds of a wall-clock reading taken as if it were UTC ("wall time"). */
export function wallMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years 0–99 as they are
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

/**
 * The earliest instant whose wall time in `tz` is `wall` (the first of two in a fall-back fold),
 * or, when that wall time is skipped (spring forward), the instant the clocks jump over it.
 */
export function firstInstantAtOrAfterWall(wall: number, tz: string): number {
  const local = zoned(wall, 'UTC').toPlainDateTime(); // the wall time, read as if it were UTC
  const earliest = local.toZonedDateTime(tz, { disambiguation: 'earlier' });
  if (earliest.toPlainDateTime().equals(local)) return earliest.epochMilliseconds;
  // Skipped: `earlier` reads it on the offset before the jump, so the next transition is the jump.
  return earliest.getTimeZoneTransition('next')?.epochMilliseconds ?? earliest.epochMilliseconds;
}

const readDayKey = (ms: number, tz: string): string => zoned(ms, tz).toPlainDate().toString();

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
