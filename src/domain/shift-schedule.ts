// Shift-relative schedules: `shift-start +15 mindfulness`, `shift-end -30 compassion night`. Their fire
// times come from the channel's shift pattern and zone at the moment they are evaluated, so a changed
// rota or zone moves them with it. Pure: every instant is passed in.
import { escapeText } from './escape.js';
import { CATCH_UP_MS, parseScheduleCategory, type SlotPlan, unknownCategory } from './schedule.js';
import { findShift, SHIFTS_EXAMPLE, type ShiftInstance, type ShiftPattern, shiftsBetween } from './shifts.js';
import { firstInstantAtOrAfterWall, localParts, wallMs } from './timezone.js';
import { fail, ok, type Result, type ScheduleCategory } from './types.js';

export const SHIFT_ANCHORS = ['shift-start', 'mid-shift', 'shift-end'] as const;
export type ShiftAnchor = (typeof SHIFT_ANCHORS)[number];

/** How far from its anchor a prompt may be: half a day either way. */
export const MAX_SHIFT_OFFSET_MINUTES = 12 * 60;

export const SHIFT_SCHEDULE_EXAMPLE = '/wellbeing schedule add shift-start +15 mindfulness';
export const NO_SHIFTS_YET = `Set your shifts first: \`/wellbeing shifts set "${SHIFTS_EXAMPLE}"\` — then \`${SHIFT_SCHEDULE_EXAMPLE}\`.`;

export interface ShiftRule {
  readonly anchor: ShiftAnchor;
  /** Minutes after (positive) or before (negative) the anchor. */
  readonly offsetMinutes: number;
  /** Shift names as the pattern spells them; empty = every shift. */
  readonly shifts: readonly string[];
}

export interface ShiftScheduleInput {
  readonly rule: ShiftRule;
  readonly category: ScheduleCategory;
}

export function isShiftAnchor(token: string): token is ShiftAnchor {
  return (SHIFT_ANCHORS as readonly string[]).includes(token.toLowerCase());
}

const OFFSET = /^([+\-−])(\d{1,3})(m|min|mins|minutes)?$/i;

/**
 * Reads the words after `schedule add`, the first being an anchor: `[±minutes] [category] [shift names]`
 * in any order after it. Shift names must be shifts of `pattern` (undefined: the channel has none, which
 * is refused with how to set them).
 */
export function parseShiftScheduleAdd(
  tokens: readonly string[],
  pattern: ShiftPattern | undefined,
): Result<ShiftScheduleInput> {
  const [first = '', ...rest] = tokens;
  const anchor = first.toLowerCase();
  if (!isShiftAnchor(anchor)) {
    return fail(`Start with shift-start, mid-shift or shift-end, e.g. \`${SHIFT_SCHEDULE_EXAMPLE}\``);
  }
  if (pattern === undefined) return fail(NO_SHIFTS_YET);
  let offset: number | undefined;
  let category: ScheduleCategory | undefined;
  const names: string[] = [];
  for (const token of rest) {
    const m = OFFSET.exec(token);
    if (m !== null) {
      if (offset !== undefined) return fail(`Give one offset at most, e.g. \`${SHIFT_SCHEDULE_EXAMPLE}\``);
      const n = Number(m[2]);
      if (n > MAX_SHIFT_OFFSET_MINUTES) {
        return fail(
          `${escapeText(token)} is too far from the ${anchor}: offsets run up to ${MAX_SHIFT_OFFSET_MINUTES} minutes ` +
            `either way, e.g. \`/wellbeing schedule add shift-end -30 compassion\`.`,
        );
      }
      offset = m[1] === '+' ? n : -n;
      continue;
    }
    if (/^[+\-−]?\d/.test(token)) {
      return fail(
        `"${escapeText(token)}" — write the offset as minutes with a sign, such as +15 or -30, ` +
          `e.g. \`${SHIFT_SCHEDULE_EXAMPLE}\``,
      );
    }
    const asCategory = parseScheduleCategory(token);
    if (asCategory !== undefined) {
      if (category !== undefined)
        return fail(`Give one category at most, e.g. \`${SHIFT_SCHEDULE_EXAMPLE}\``);
      category = asCategory;
      continue;
    }
    const shift = findShift(pattern, token);
    if (shift !== undefined) {
      if (!names.includes(shift.name)) names.push(shift.name);
      continue;
    }
    const shiftNames = pattern.shifts.map((s) => s.name).join(', ');
    const asCategoryGuess = unknownCategory(token);
    return fail(
      asCategoryGuess.includes('did you mean')
        ? asCategoryGuess
        : `"${escapeText(token)}" is neither a category nor one of this channel's shifts (${escapeText(shiftNames)}). ` +
            `For example: \`/wellbeing schedule add shift-end -30 compassion ${escapeText(pattern.shifts.at(-1)?.name ?? '')}\``,
    );
  }
  // Naming every shift is the same as naming none.
  const all = names.length === pattern.shifts.length;
  return ok({
    rule: { anchor, offsetMinutes: offset ?? 0, shifts: all ? [] : names },
    category: category ?? 'mixed',
  });
}

/** `shift-start +15 (night)` — how `schedule list` and the store name a rule. */
export function formatShiftRule(rule: ShiftRule): string {
  const sign = rule.offsetMinutes < 0 ? '-' : '+';
  const names = rule.shifts.length > 0 ? ` ${rule.shifts.join(' ')}` : '';
  return `${rule.anchor} ${sign}${Math.abs(rule.offsetMinutes)}${names}`;
}

function anchorOf(inst: ShiftInstance, anchor: ShiftAnchor): number {
  if (anchor === 'shift-start') return inst.start;
  if (anchor === 'shift-end') return inst.end;
  // The real middle: on the night the clocks change, half of the shift's true length.
  return inst.start + Math.floor((inst.end - inst.start) / 2 / 60_000) * 60_000;
}

/** Fire times t of `rule` with from < t ≤ to, ascending, each once. */
export function shiftFireTimesBetween(
  rule: ShiftRule,
  pattern: ShiftPattern,
  tz: string,
  from: number,
  to: number,
): number[] {
  if (to <= from) return [];
  const wanted = new Set(rule.shifts.map((s) => s.toLowerCase()));
  const reach = (Math.abs(rule.offsetMinutes) + 1) * 60_000;
  // Any instance whose anchor could land in the window overlaps the window widened by the offset.
  const instances = shiftsBetween(from - reach - 1, to + reach + 1, tz, pattern);
  const times = new Set<number>();
  for (const inst of instances) {
    if (wanted.size > 0 && !wanted.has(inst.name.toLowerCase())) continue;
    const t = anchorOf(inst, rule.anchor) + rule.offsetMinutes * 60_000;
    if (t > from && t <= to) times.add(t);
  }
  return [...times].sort((a, b) => a - b);
}

/** The next fire time after `now` (within a week), if any. */
export function nextShiftFireTime(
  rule: ShiftRule,
  pattern: ShiftPattern,
  tz: string,
  now: number,
): number | undefined {
  return shiftFireTimesBetween(rule, pattern, tz, now, now + 7 * 86_400_000)[0];
}

/** The starts of the next `n` shifts after `now` (the follow-ups after a hard event). */
export function nextShiftStarts(pattern: ShiftPattern, tz: string, now: number, n: number): number[] {
  const out: number[] = [];
  let from = now;
  while (out.length < n) {
    const next = shiftsBetween(from, from + 3 * 86_400_000, tz, pattern).filter((i) => i.start > now);
    for (const inst of next) if (out.length < n && !out.includes(inst.start)) out.push(inst.start);
    from += 3 * 86_400_000;
  }
  return out;
}

/** Fire times (all ≤ now) split as cron slots are: posted when less than 30 minutes late, else skipped. */
export function planFireTimes(times: readonly number[], now: number): SlotPlan {
  const post: number[] = [];
  const skipped: number[] = [];
  for (const t of times) {
    if (t > now) continue;
    if (now - t < CATCH_UP_MS) post.push(t);
    else skipped.push(t);
  }
  return { post, skipped };
}

/** How many gentle follow-ups an after-event prompt gets. */
export const AFTER_EVENT_FOLLOW_UPS = 3;
/** Without shifts, and without a schedule to follow, follow-ups come at 09:00. */
export const FOLLOW_UP_DEFAULT_MINUTE = 9 * 60;

/** `minuteOfDay` on each of the `n` local dates after the one holding `now`. */
export function dailyAt(now: number, tz: string, minuteOfDay: number, n: number): number[] {
  const today = localParts(now, tz);
  const out: number[] = [];
  for (let i = 1; i <= n; i++) {
    const wall = wallMs(today.year, today.month, today.day + i) + minuteOfDay * 60_000;
    out.push(firstInstantAtOrAfterWall(wall, tz));
  }
  return out;
}

/**
 * When the follow-ups after a hard event come: the start of each of the next three shifts, or, for a
 * channel without shifts, the next three days at `minuteOfDay` (its first schedule time, else 09:00).
 */
export function followUpTimes(
  now: number,
  tz: string,
  pattern: ShiftPattern | undefined,
  minuteOfDay: number = FOLLOW_UP_DEFAULT_MINUTE,
): number[] {
  return pattern
    ? nextShiftStarts(pattern, tz, now, AFTER_EVENT_FOLLOW_UPS)
    : dailyAt(now, tz, minuteOfDay, AFTER_EVENT_FOLLOW_UPS);
}
