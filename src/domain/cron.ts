// Standard 5-field cron (minute hour day-of-month month day-of-week), evaluated on the wall clock of
// an IANA time zone.
//
// Semantics
// - `*`, numbers, lists `1,2`, ranges `1-5`, steps `*/15`, `1-30/5` and `5/15` (= `5-59/15`), month
//   names JAN–DEC and weekday names SUN–SAT in any case; weekday 7 is Sunday.
// - Day of month and day of week follow Vixie cron exactly: a field that starts with `*` (so `*` and
//   `*/2`) is "unrestricted". When neither is unrestricted a day matches if EITHER matches
//   (`0 9 1 * MON` runs on the 1st and on every Monday); otherwise both must match.
// - Daylight saving: a wall-clock time that does not exist (spring forward) is skipped; one that
//   happens twice (fall back) fires once, at its first occurrence. This is done from the zone's real
//   offsets, so 30-minute shifts (Australia/Lord_Howe) behave the same way.
//
// Assumption: a zone changes its offset at most once in any 24 hours (true of every real zone).

import { escapeText } from './escape.js';
import { DAY_MS, type LocalParts, MINUTE_MS, offsetAt, wallMs } from './timezone.js';
import { fail, ok, type Result } from './types.js';

export interface CronSpec {
  /** The expression, fields separated by single spaces. */
  readonly expression: string;
  /** Sorted, unique values of each field. Day of week is 0–6 (7 folded into 0). */
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: readonly number[];
  readonly months: readonly number[];
  readonly daysOfWeek: readonly number[];
  /** False when the field starts with `*` (Vixie's rule for combining the two day fields). */
  readonly dayOfMonthRestricted: boolean;
  readonly dayOfWeekRestricted: boolean;
}

/** How far ahead {@link nextFireTimes} looks, and the longest window {@link fireTimesBetween} scans. */
export const CRON_SCAN_LIMIT_MS = 366 * DAY_MS;

// ---------------------------------------------------------------------------------------------
// Parsing

interface FieldDef {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly nameHint?: string;
}

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly [FieldDef, FieldDef, FieldDef, FieldDef, FieldDef] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, nameHint: 'JAN' },
  { name: 'day of week', min: 0, max: 7, names: DAY_NAMES, nameHint: 'MON' },
];

const FIELD_COUNT_HELP = 'a schedule needs 5 fields (minute hour day month weekday), e.g. "0 7,15,23 * * *"';

class FieldError {
  constructor(readonly message: string) {}
}

function parseValue(text: string, def: FieldDef, item: string): number {
  let v: number | undefined;
  if (/^\d+$/.test(text)) v = Number(text);
  else if (def.names !== undefined) {
    const i = def.names.indexOf(text.toUpperCase());
    if (i >= 0) v = i + (def.min === 1 ? 1 : 0);
  }
  if (v === undefined) {
    const kinds =
      def.nameHint === undefined ? 'a number or range' : `a number, range or name such as ${def.nameHint}`;
    throw new FieldError(`${def.name} "${item}" is not ${kinds}`);
  }
  if (v < def.min || v > def.max) throw new FieldError(`${def.name} must be ${def.min}–${def.max}`);
  return v;
}

function parseField(text: string, def: FieldDef): number[] {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const shown = item === '' ? text : item;
    const slash = item.split('/');
    if (slash.length > 2) throw new FieldError(`${def.name} "${shown}" is not a number or range`);
    const [base = '', stepText] = slash;
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) {
        throw new FieldError(`${def.name} step "${stepText}" must be a whole number of 1 or more, e.g. */15`);
      }
      step = Number(stepText);
    }
    let from: number;
    let to: number;
    if (base === '*') {
      from = def.min;
      to = def.max === 7 ? 6 : def.max;
    } else {
      const dash = base.split('-');
      if (dash.length > 2 || base === '')
        throw new FieldError(`${def.name} "${shown}" is not a number or range`);
      from = parseValue(dash[0] ?? '', def, shown);
      to =
        dash[1] === undefined ? (stepText === undefined ? from : def.max) : parseValue(dash[1], def, shown);
      if (from > to) {
        throw new FieldError(
          `${def.name} range "${shown}" runs backwards; put the smaller value first, e.g. 1-5`,
        );
      }
    }
    for (let v = from; v <= to; v += step) values.add(def.max === 7 && v === 7 ? 0 : v);
  }
  return [...values].sort((a, b) => a - b);
}

const DAYS_IN_MONTH_MAX = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Parses a 5-field cron expression. Refusals quote the expression (escaped, safe to send to Slack). */
export function parseCron(expr: string): Result<CronSpec> {
  const fields = expr
    .trim()
    .split(/\s+/)
    .filter((f) => f !== '');
  const quoted = `"${escapeText(fields.join(' '))}"`;
  if (fields.length === 6) {
    return fail(`${quoted}: schedules run to the minute, so there is no seconds field — ${FIELD_COUNT_HELP}`);
  }
  const [minute, hour, dom, month, dow] = fields;
  if (
    fields.length !== 5 ||
    minute === undefined ||
    hour === undefined ||
    dom === undefined ||
    month === undefined ||
    dow === undefined
  ) {
    return fail(`${quoted}: ${FIELD_COUNT_HELP}`);
  }
  try {
    const spec: CronSpec = {
      expression: fields.join(' '),
      minutes: parseField(minute, FIELDS[0]),
      hours: parseField(hour, FIELDS[1]),
      daysOfMonth: parseField(dom, FIELDS[2]),
      months: parseField(month, FIELDS[3]),
      daysOfWeek: parseField(dow, FIELDS[4]),
      dayOfMonthRestricted: !dom.startsWith('*'),
      dayOfWeekRestricted: !dow.startsWith('*'),
    };
    // Only the day of month can make a schedule impossible (e.g. 30 February), and only when the
    // day of week cannot stand in for it.
    const dayOfWeekCanFire = spec.dayOfMonthRestricted && spec.dayOfWeekRestricted;
    if (!dayOfWeekCanFire) {
      const possible = spec.months.some((m) =>
        spec.daysOfMonth.some((d) => d <= (DAYS_IN_MONTH_MAX[m] ?? 0)),
      );
      if (!possible)
        return fail(`${quoted}: that schedule would never run — none of its months has those days`);
    }
    return ok(spec);
  } catch (e) {
    if (e instanceof FieldError) return fail(`${quoted}: ${escapeText(e.message)}`);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Matching

interface Compiled {
  readonly minute: Uint8Array;
  readonly hour: Uint8Array;
  readonly dom: Uint8Array;
  readonly month: Uint8Array;
  readonly dow: Uint8Array;
  readonly either: boolean;
}

const compiledCache = new WeakMap<CronSpec, Compiled>();

function table(size: number, values: readonly number[]): Uint8Array {
  const t = new Uint8Array(size);
  for (const v of values) if (v >= 0 && v < size) t[v] = 1;
  return t;
}

function compile(spec: CronSpec): Compiled {
  let c = compiledCache.get(spec);
  if (c === undefined) {
    c = {
      minute: table(60, spec.minutes),
      hour: table(24, spec.hours),
      dom: table(32, spec.daysOfMonth),
      month: table(13, spec.months),
      dow: table(
        8,
        spec.daysOfWeek.map((d) => (d === 7 ? 0 : d)),
      ),
      either: spec.dayOfMonthRestricted && spec.dayOfWeekRestricted,
    };
    compiledCache.set(spec, c);
  }
  return c;
}

function dayMatches(c: Compiled, day: number, weekday: number): boolean {
  const byDom = c.dom[day] === 1;
  const byDow = c.dow[weekday] === 1;
  return c.either ? byDom || byDow : byDom && byDow;
}

/** Whether the schedule matches a wall-clock reading. */
export function cronMatches(spec: CronSpec, parts: LocalParts): boolean {
  const c = compile(spec);
  return (
    c.minute[parts.minute] === 1 &&
    c.hour[parts.hour] === 1 &&
    c.month[parts.month] === 1 &&
    dayMatches(c, parts.day, parts.weekday)
  );
}

// ---------------------------------------------------------------------------------------------
// Fire times

const alignUp = (ms: number): number => Math.ceil(ms / MINUTE_MS) * MINUTE_MS;

/**
 * The first whole-minute instant t with from ≤ t < end whose wall time (t + offset) matches,
 * skipping whole months, days and hours that cannot match.
 */
function firstMatch(c: Compiled, from: number, end: number, offset: number): number | undefined {
  let t = alignUp(from);
  while (t < end) {
    const w = new Date(t + offset);
    const y = w.getUTCFullYear();
    const mo = w.getUTCMonth() + 1;
    const d = w.getUTCDate();
    const h = w.getUTCHours();
    const mi = w.getUTCMinutes();
    if (c.month[mo] !== 1) t = alignUp(wallMs(y, mo + 1, 1) - offset);
    else if (!dayMatches(c, d, w.getUTCDay())) t = alignUp(wallMs(y, mo, d + 1) - offset);
    else if (c.hour[h] !== 1) t = alignUp(wallMs(y, mo, d, h + 1) - offset);
    else if (c.minute[mi] !== 1) t += MINUTE_MS;
    else return t;
  }
  return undefined;
}

/**
 * Walks [start, end) (whole minutes) in pieces of constant UTC offset, at most a day long, finding
 * each offset change by bisection. `firesFrom` is where instants start to fire within the piece:
 * after a fall-back change, the first (old offset − new offset) of the new offset repeat wall times
 * already seen, so they do not fire again. `visit` returns true to stop.
 */
function forEachPiece(
  tz: string,
  start: number,
  end: number,
  visit: (firesFrom: number, pieceEnd: number, offset: number) => boolean,
): void {
  let cur = start;
  let curOff = offsetAt(cur, tz);
  let firesFrom = cur;
  while (cur < end) {
    const next = Math.min(cur + DAY_MS, end);
    const nextOff = offsetAt(next, tz);
    if (nextOff === curOff) {
      if (visit(Math.max(firesFrom, cur), next, curOff)) return;
      cur = next;
      continue;
    }
    let lo = cur;
    let hi = next;
    while (hi - lo > MINUTE_MS) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
      if (offsetAt(mid, tz) === curOff) lo = mid;
      else hi = mid;
    }
    if (visit(Math.max(firesFrom, cur), hi, curOff)) return;
    const newOff = offsetAt(hi, tz);
    firesFrom = hi + Math.max(0, curOff - newOff);
    cur = hi;
    curOff = newOff;
  }
}

/** Calls `each` with fire times t > fromMs in ascending order until it returns true or `limitMs` passes. */
function scan(
  spec: CronSpec,
  tz: string,
  fromMs: number,
  limitMs: number,
  each: (t: number) => boolean,
): void {
  const c = compile(spec);
  const first = (Math.floor(fromMs / MINUTE_MS) + 1) * MINUTE_MS;
  const last = Math.floor(limitMs / MINUTE_MS) * MINUTE_MS;
  if (last < first) return;
  // Start a day early so that a fall-back fold just before `first` is known.
  forEachPiece(tz, first - DAY_MS, last + MINUTE_MS, (firesFrom, pieceEnd, offset) => {
    let t = firstMatch(c, Math.max(firesFrom, first), pieceEnd, offset);
    while (t !== undefined) {
      if (each(t)) return true;
      t = firstMatch(c, t + MINUTE_MS, pieceEnd, offset);
    }
    return false;
  });
}

/**
 * Every whole-minute instant t with fromMs < t ≤ toMs at which the schedule fires, ascending.
 * Windows longer than {@link CRON_SCAN_LIMIT_MS} are cut to their first 366 days.
 */
export function fireTimesBetween(spec: CronSpec, tz: string, fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  scan(spec, tz, fromMs, Math.min(toMs, fromMs + CRON_SCAN_LIMIT_MS), (t) => {
    out.push(t);
    return false;
  });
  return out;
}

/** The next `count` fire times after fromMs, looking at most 366 days ahead (fewer if it never fires that soon). */
export function nextFireTimes(spec: CronSpec, tz: string, fromMs: number, count: number): number[] {
  const out: number[] = [];
  if (count < 1) return out;
  scan(spec, tz, fromMs, fromMs + CRON_SCAN_LIMIT_MS, (t) => {
    out.push(t);
    return out.length >= count;
  });
  return out;
}
