// The CSV a lead exports: one row per released cell — never one per person — as RFC 4180 text
// (UTF-8, CRLF line ends, a header row, fields quoted only where they must be).
//
// Columns: period_start, period_end, [shift,] respondents, checkins, average, count_1 … count_5.
// - Periods are instants written in the channel's time zone with their UTC offset
//   (`2026-11-23T07:00:00+01:00`): a spreadsheet shows the local wall clock, and a shift that
//   crosses a clock change stays unambiguous.
// - The shift column is there only when some row is a per-shift cell.
// - The average has two decimals (it follows from the counts, so nothing more is told).
// - A shift name is text a lead typed; one starting with = + - @ (which a spreadsheet would run as
//   a formula) is written with a leading apostrophe.
import { cellAverage, inTimeOrder, type ShownCell } from './shown-cell.js';
import { offsetAt } from './timezone.js';

const BASE_COLUMNS = ['period_start', 'period_end'] as const;
const FIGURE_COLUMNS = [
  'respondents',
  'checkins',
  'average',
  'count_1',
  'count_2',
  'count_3',
  'count_4',
  'count_5',
] as const;

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

/** `2026-11-23T07:00:00+01:00`: the wall clock in `tz` at instant `ms`, and its offset. */
export function localIso(ms: number, tz: string): string {
  const offset = offsetAt(ms, tz);
  const wall = new Date(ms + offset);
  const date = `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
  const time = `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`;
  const minutes = Math.round(offset / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  return `${date}T${time}${sign}${pad(Math.trunc(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** Keeps a spreadsheet from running a cell as a formula. */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The header and one row per released cell, in time order, each field as text. */
export function exportRows(cells: readonly ShownCell[], tz: string): string[][] {
  const byShift = cells.some((c) => c.shift !== undefined);
  const header = [...BASE_COLUMNS, ...(byShift ? ['shift'] : []), ...FIGURE_COLUMNS];
  const rows = inTimeOrder(cells).map((c) => {
    const average = cellAverage(c.dist, c.checkins);
    return [
      localIso(c.start, tz),
      localIso(c.end, tz),
      ...(byShift ? [neutralizeFormula(c.shift ?? '')] : []),
      String(c.people),
      String(c.checkins),
      average === undefined ? '' : average.toFixed(2),
      ...c.dist.map(String),
    ];
  });
  return [header, ...rows];
}

/** A field as RFC 4180 writes it: quoted, with quotes doubled, when it holds a quote, comma or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Records joined with CRLF, the last one ended too. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

export function exportCsv(cells: readonly ShownCell[], tz: string): string {
  return toCsv(exportRows(cells, tz));
}
