// Reading a 5-field cron expression (minute hour day-of-month month day-of-week) with refusals a
// care-team lead can act on. Fire times come from the croner library (scheduler/fire-times.ts); its
// messages are written for programmers ("Invalid value for hour: 25"), so the grammar we accept is
// checked here, field by field, and only expressions that pass reach the library.
//
// Grammar: `*`, numbers, lists `1,2`, ranges `1-5`, steps `*/15`, `1-30/5` and `5/15` (= `5-59/15`),
// month names JAN–DEC and weekday names SUN–SAT in any case; weekday 7 is Sunday.
import { escapeText } from './escape.js';
import { fail, ok, type Result } from './types.js';

export interface CronSpec {
  /** The expression, fields separated by single spaces. */
  readonly expression: string;
  /**
   * False when the field starts with `*` (so `*` and `*\/2`). When both day fields are restricted a
   * day matches if EITHER does (`0 9 1 * MON`: the 1st and every Monday); otherwise both must.
   */
  readonly dayOfMonthRestricted: boolean;
  readonly dayOfWeekRestricted: boolean;
}

type FieldDef = { name: string; min: number; max: number; names?: readonly string[]; hint?: string };

const FIELDS: readonly FieldDef[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    hint: 'JAN',
    names: 'JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC'.split(' '),
  },
  { name: 'day of week', min: 0, max: 7, hint: 'MON', names: 'SUN MON TUE WED THU FRI SAT'.split(' ') },
];

const FIELD_COUNT_HELP = 'a schedule needs 5 fields (minute hour day month weekday), e.g. "0 7,15,23 * * *"';
const DAYS_IN_MONTH_MAX = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

class FieldError extends Error {}

function value(text: string, def: FieldDef, item: string): number {
  const i = def.names?.indexOf(text.toUpperCase()) ?? -1;
  const v = /^\d+$/.test(text) ? Number(text) : i >= 0 ? i + def.min : undefined;
  if (v === undefined) {
    const kinds =
      def.hint === undefined ? 'a number or range' : `a number, range or name such as ${def.hint}`;
    throw new FieldError(`${def.name} "${item}" is not ${kinds}`);
  }
  if (v < def.min || v > def.max) throw new FieldError(`${def.name} must be ${def.min}–${def.max}`);
  return v;
}

/** The values a field stands for (checked against the grammar above). */
function values(text: string, def: FieldDef): number[] {
  const out: number[] = [];
  for (const item of text.split(',')) {
    const shown = item === '' ? text : item;
    const [base = '', stepText, extra] = item.split('/');
    const [fromText = '', toText, more] = base.split('-');
    if (extra !== undefined || more !== undefined || base === '') {
      throw new FieldError(`${def.name} "${shown}" is not a number or range`);
    }
    if (stepText !== undefined && !(/^\d+$/.test(stepText) && Number(stepText) >= 1)) {
      throw new FieldError(`${def.name} step "${stepText}" must be a whole number of 1 or more, e.g. */15`);
    }
    const all = base === '*';
    const from = all ? def.min : value(fromText, def, shown);
    const toEnd = all || (toText === undefined && stepText !== undefined);
    const to = toEnd ? def.max : value(toText ?? fromText, def, shown);
    if (from > to) {
      throw new FieldError(
        `${def.name} range "${shown}" runs backwards; put the smaller value first, e.g. 1-5`,
      );
    }
    for (let v = from; v <= to; v += Number(stepText ?? 1)) out.push(v);
  }
  return out;
}

/** Parses a 5-field cron expression. Refusals quote the expression (escaped, safe to send to Slack). */
export function parseCron(expr: string): Result<CronSpec> {
  const fields = expr.trim().split(/\s+/).filter(Boolean);
  const quoted = `"${escapeText(fields.join(' '))}"`;
  if (fields.length === 6) {
    return fail(`${quoted}: schedules run to the minute, so there is no seconds field — ${FIELD_COUNT_HELP}`);
  }
  if (fields.length !== 5) return fail(`${quoted}: ${FIELD_COUNT_HELP}`);
  try {
    const [, , days = [], months = []] = fields.map((f, i) => values(f, FIELDS[i] as FieldDef));
    const restricted = (field: string | undefined) => !field?.startsWith('*');
    const spec = {
      expression: fields.join(' '),
      dayOfMonthRestricted: restricted(fields[2]),
      dayOfWeekRestricted: restricted(fields[4]),
    };
    // Only the day of month can make a schedule impossible (30 February), and only when the day of
    // week cannot stand in for it.
    const weekdayCanFire = spec.dayOfMonthRestricted && spec.dayOfWeekRestricted;
    if (!weekdayCanFire && !months.some((m) => days.some((d) => d <= (DAYS_IN_MONTH_MAX[m] ?? 0)))) {
      return fail(`${quoted}: that schedule would never run — none of its months has those days`);
    }
    return ok(spec);
  } catch (e) {
    if (e instanceof FieldError) return fail(`${quoted}: ${escapeText(e.message)}`);
    throw e;
  }
}
