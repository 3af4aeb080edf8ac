// Native Slack charts (the Block Kit `data_visualization` block) drawn from a lead's released cells,
// and a one-line text drawing of a chart for transcripts and logs.
//
// @slack/types (3.2) does not know the block yet, so it is typed here, in this one place, from Slack's
// Block Kit reference: a title of at most 50 characters; a pie chart of 1–6 segments, or a bar, area
// or line chart of 1–6 series over `axis_config.categories`, every data point labelled with one of
// them; labels and categories of at most 20 characters; axis labels of at most 50; at most two such
// blocks in one message.
//
// Every number drawn comes from the cells passed in, which are the viewer's released cells: a cell
// that was withheld is simply not there, so it is neither a point nor a category (never a zero).
import type { KnownBlock } from '@slack/types';
import { cellAverage, inTimeOrder, type ShownCell } from '../../domain/shown-cell.js';
import { sparkline } from '../../domain/sparkline.js';
import { SCORE_LABELS, SCORES } from '../../domain/types.js';

export interface ChartDataPoint {
  /** One of the axis categories. */
  label: string;
  value: number;
}

export interface ChartDataSeries {
  /** Shown in the legend; unique within a chart. */
  name: string;
  data: ChartDataPoint[];
}

export interface ChartAxisConfig {
  /** The x-axis, in order. */
  categories: string[];
  x_label?: string;
  y_label?: string;
}

export interface ChartSegment {
  label: string;
  /** Greater than 0. */
  value: number;
}

export type Chart =
  | { type: 'pie'; segments: ChartSegment[] }
  | { type: 'bar' | 'area' | 'line'; series: ChartDataSeries[]; axis_config: ChartAxisConfig };

export interface DataVisualizationBlock {
  type: 'data_visualization';
  title: string;
  chart: Chart;
  block_id?: string;
}

/** Any block the bot puts in a message. */
export type MessageBlock = KnownBlock | DataVisualizationBlock;

export const CHART_LIMITS = {
  title: 50,
  blockId: 255,
  /** Data point labels, axis categories, segment labels. */
  label: 20,
  axisLabel: 50,
  series: 6,
  segments: 6,
  perMessage: 2,
} as const;

// Slack's reference confirms the block only in messages (channel messages, ephemeral replies, DMs):
// the App Home keeps its text and sparkline until Slack lists it, since a refused block would cost
// the whole view.

const AVERAGE_AXIS = 'average (1 = low, 5 = high)';
/** The one series of a trend that is not drawn by shift. */
export const TEAM_SERIES = 'team';

/** Characters as people count them (code points), which is how the limits are read. */
const length = (s: string): number => [...s].length;

/** Cuts `s` to at most `max` characters, ending in an ellipsis when it had to cut. */
export function clampText(s: string, max: number): string {
  const chars = [...s.trim()];
  if (chars.length <= max) return chars.join('');
  return `${chars
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

/** Slack needs a label on every category and a title on every chart; ours always have one. */
const UNLABELLED = '–';
const chartTitle = (title: string): string => clampText(title, CHART_LIMITS.title) || 'Team chart';

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Shorter spellings for a label that does not fit: "wk 23 Nov", "23 Nov–20 Dec". */
const compact = (s: string): string => s.replace(/^week of /, 'wk ').replace(/\s+–\s+/g, '–');

/**
 * A cell's label as an axis category (at most 20 characters): the label itself when it fits, else
 * without its trailing note in brackets, shortened — a remainder keeps "(private)" (or "priv.") so it
 * is not taken for the period it belongs to.
 */
export function categoryLabel(cell: Pick<ShownCell, 'label' | 'kind'>): string {
  const label = cell.label.trim() || UNLABELLED;
  if (length(label) <= CHART_LIMITS.label) return label;
  const base = label.replace(/\s*\([^)]*\)\s*$/, '') || label;
  const suffixes = cell.kind === 'remainder' ? [' (private)', ' priv.'] : [''];
  for (const suffix of suffixes) {
    for (const b of [base, compact(base)]) if (length(b + suffix) <= CHART_LIMITS.label) return b + suffix;
  }
  const suffix = suffixes.at(-1) ?? '';
  return clampText(compact(base), CHART_LIMITS.label - length(suffix)) + suffix;
}

/** Makes each label distinct by numbering repeats ("Mon 23 Nov 2"), still within the limit. */
function distinct(labels: readonly string[]): string[] {
  const used = new Set<string>();
  return labels.map((label) => {
    let candidate = label;
    for (let n = 2; used.has(candidate); n++) {
      const tag = ` ${n}`;
      candidate = clampText(label, CHART_LIMITS.label - length(tag)) + tag;
    }
    used.add(candidate);
    return candidate;
  });
}

interface Period {
  key: string;
  cell: ShownCell;
  /** shift name (or TEAM_SERIES) → summed counts of that shift in this period */
  bySeries: Map<string, { dist: number[]; checkins: number }>;
}

/**
 * The point a cell belongs to: its period, or for a per-shift cell its shift-day (the shifts of one
 * day have different hours but share the day's label).
 */
const periodKey = (c: ShownCell): string =>
  c.shift === undefined ? `${c.start}/${c.end}/${c.kind}` : `shift-day/${c.kind}/${c.label}`;

function add(into: { dist: number[]; checkins: number }, c: ShownCell): void {
  for (let i = 0; i < 5; i++) into.dist[i] = (into.dist[i] ?? 0) + (c.dist[i] ?? 0);
  into.checkins += c.checkins;
}

function periods(cells: readonly ShownCell[], byShift: boolean): Period[] {
  const out = new Map<string, Period>();
  for (const cell of inTimeOrder(cells)) {
    const key = periodKey(cell);
    const period = out.get(key) ?? { key, cell, bySeries: new Map() };
    out.set(key, period);
    const name = byShift ? (cell.shift ?? TEAM_SERIES) : TEAM_SERIES;
    const sum = period.bySeries.get(name) ?? { dist: [0, 0, 0, 0, 0], checkins: 0 };
    period.bySeries.set(name, sum);
    add(sum, cell);
  }
  return [...out.values()];
}

/**
 * A line per shift when every cell has a shift, there are at most six shifts, and every period shows
 * every one of them (so no line has a hole); otherwise one line of the whole team, each period's
 * released cells summed.
 */
function drawByShift(cells: readonly ShownCell[]): boolean {
  if (!cells.every((c) => c.shift !== undefined)) return false;
  const shifts = new Set(cells.map((c) => c.shift));
  if (shifts.size < 2 || shifts.size > CHART_LIMITS.series) return false;
  return periods(cells, true).every((p) => p.bySeries.size === shifts.size);
}

/** Series names are shown in the legend: shift names cut to the label limit, kept distinct. */
function seriesNames(names: readonly string[]): Map<string, string> {
  const shown = distinct(names.map((n) => clampText(n, CHART_LIMITS.label) || UNLABELLED));
  return new Map(names.map((n, i) => [n, shown[i] as string]));
}

/**
 * A line chart of the average per released cell, in time order; withheld cells are not in `cells`
 * and so leave no point and no category. Undefined when there is nothing to draw.
 */
export function trendChart(cells: readonly ShownCell[], title: string): DataVisualizationBlock | undefined {
  const answered = cells.filter((c) => c.checkins > 0);
  if (answered.length === 0) return undefined;
  const byShift = drawByShift(answered);
  const list = periods(answered, byShift);
  const categories = distinct(list.map((p) => categoryLabel(p.cell)));
  const names = [...new Set(list.flatMap((p) => [...p.bySeries.keys()]))].sort();
  const shownNames = seriesNames(names);
  const series: ChartDataSeries[] = names.map((name) => ({
    name: shownNames.get(name) ?? name,
    data: list.flatMap((p, i) => {
      const sum = p.bySeries.get(name);
      const avg = sum && cellAverage(sum.dist, sum.checkins);
      return avg === undefined || sum === undefined
        ? []
        : [{ label: categories[i] as string, value: round1(avg) }];
    }),
  }));
  return {
    type: 'data_visualization',
    title: chartTitle(title),
    chart: { type: 'line', series, axis_config: { categories, y_label: AVERAGE_AXIS } },
  };
}

/** "1 running on empty" … "5 thriving": each within the label limit. */
export const SCORE_CATEGORIES: readonly string[] = SCORES.map((s) =>
  clampText(`${s} ${SCORE_LABELS[s]}`, CHART_LIMITS.label),
);

/** A bar chart of how many check-ins gave each score, summed over the released cells. */
export function distributionChart(
  cells: readonly ShownCell[],
  title: string,
): DataVisualizationBlock | undefined {
  if (cells.length === 0) return undefined;
  const totals = [0, 0, 0, 0, 0];
  for (const c of cells) for (let i = 0; i < 5; i++) totals[i] = (totals[i] ?? 0) + (c.dist[i] ?? 0);
  if (totals.every((n) => n === 0)) return undefined;
  return {
    type: 'data_visualization',
    title: chartTitle(title),
    chart: {
      type: 'bar',
      series: [
        {
          name: 'check-ins',
          data: SCORE_CATEGORIES.map((label, i) => ({ label, value: totals[i] ?? 0 })),
        },
      ],
      axis_config: { categories: [...SCORE_CATEGORIES], x_label: 'answer', y_label: 'check-ins' },
    },
  };
}

export interface ChartOptions {
  /** How the period reads in a title, e.g. "last 30 days". */
  period?: string;
}

const titled = (what: string, o: ChartOptions): string => (o.period ? `${what}, ${o.period}` : what);

/** A summary's charts: the trend and the distribution (never more than a message may hold). */
export function summaryCharts(shown: readonly ShownCell[], o: ChartOptions = {}): DataVisualizationBlock[] {
  const blocks = [
    trendChart(shown, titled('Team average', o)),
    distributionChart(shown, titled('How people answered', o)),
  ];
  return blocks.filter((b): b is DataVisualizationBlock => b !== undefined);
}

/**
 * One channel's chart in the weekly digest DM: its 7-day trend. A DM covering several channels keeps
 * at most two charts ({@link withinChartLimit}); the others keep their text.
 */
export function digestChart(
  shown: readonly ShownCell[],
  o: ChartOptions & { channelName?: string } = {},
): DataVisualizationBlock | undefined {
  const what = o.channelName ? `#${o.channelName}: team average` : 'Team average';
  return trendChart(shown, titled(what, { period: o.period ?? 'last 7 days' }));
}

export function isChartBlock(block: unknown): block is DataVisualizationBlock {
  return (block as { type?: unknown } | null)?.type === 'data_visualization';
}

/** Keeps the first two chart blocks of a message and drops any later ones; other blocks stay. */
export function withinChartLimit<T>(blocks: readonly T[]): T[] {
  let charts = 0;
  return blocks.filter((b) => !isChartBlock(b) || ++charts <= CHART_LIMITS.perMessage);
}

// ---- text drawing ----

const formatValue = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/**
 * A chart block as one line of text, e.g.
 * `line "Team average, last 7 days" [Mon 23 Nov … Sun 29 Nov] team ▄▅▅▆ 3.4→3.9`
 * `bar "How people answered" 1:2 2:5 3:9 4:7 5:3 ▂▄█▆▃` — for transcripts and the demo.
 */
export function describeChart(block: DataVisualizationBlock): string {
  const { chart } = block;
  const head = `${chart.type} "${block.title}"`;
  if (chart.type === 'pie') {
    return `${head} ${chart.segments.map((s) => `${s.label}:${formatValue(s.value)}`).join(' ')}`;
  }
  const { categories } = chart.axis_config;
  const span =
    categories.length > 1 ? `[${categories[0]} … ${categories.at(-1)}]` : `[${categories[0] ?? ''}]`;
  const values = chart.series.flatMap((s) => s.data.map((d) => d.value));
  const onScale = values.every((v) => v >= 1 && v <= 5) && chart.type !== 'bar';
  const min = onScale ? 1 : Math.min(0, ...values);
  const max = onScale ? 5 : Math.max(1, ...values);
  const lines = chart.series.map((s) => {
    const byLabel = new Map(s.data.map((d) => [d.label, d.value]));
    const row = categories.map((c) => byLabel.get(c) ?? null);
    const spark = sparkline(row, min, max);
    if (chart.type === 'bar') {
      const counts = categories.map(
        (c, i) => `${c.split(' ')[0] ?? i + 1}:${formatValue(byLabel.get(c) ?? 0)}`,
      );
      return `${counts.join(' ')} ${spark}`;
    }
    const first = s.data[0]?.value;
    const last = s.data.at(-1)?.value;
    const ends =
      first === undefined || last === undefined ? '' : ` ${formatValue(first)}→${formatValue(last)}`;
    return `${s.name} ${spark}${ends}`;
  });
  return chart.type === 'bar' ? `${head} ${lines.join(' | ')}` : `${head} ${span} ${lines.join(' | ')}`;
}
