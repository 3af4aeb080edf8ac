// Slack's rules for blocks, as the stand-in enforces them: every block has a type Slack knows, and a
// `data_visualization` block (a native chart) keeps the limits in Slack's Block Kit reference. A payload
// that breaks one is refused whole with `invalid_blocks`, and `errors` says what and where, in the
// `<problem> [json-pointer:/blocks/0/title]` form Slack uses.
// Written from Slack's documentation, independently of the bot's own chart builders, so a builder
// that drifts from the rules fails a test here.

/** Block types in Slack's Block Kit reference. */
const KNOWN_BLOCK_TYPES = new Set([
  'actions',
  'alert',
  'card',
  'carousel',
  'container',
  'context',
  'context_actions',
  'data_table',
  'data_visualization',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'plan',
  'rich_text',
  'section',
  'table',
  'task_card',
  'video',
]);

export type Surface = 'message' | 'home' | 'modal';

/**
 * Surfaces where a chart block is accepted. Slack's reference confirms messages; App Home and modals
 * are not confirmed, so the stand-in refuses charts there (a bot that relies on them fails here, not
 * in a hospital's workspace).
 */
export const CHART_SURFACES: ReadonlySet<Surface> = new Set(['message']);

export const CHART_RULES = {
  titleMax: 50,
  blockIdMax: 255,
  labelMax: 20,
  axisLabelMax: 50,
  seriesMin: 1,
  seriesMax: 6,
  segmentsMin: 1,
  segmentsMax: 6,
  perMessage: 2,
} as const;

const CHART_TYPES = new Set(['pie', 'bar', 'area', 'line']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const chars = (s: string): number => [...s].length;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Problems with a `blocks` array on a surface; empty when Slack would accept it. */
export function blockProblems(blocks: readonly unknown[], surface: Surface, at = '/blocks'): string[] {
  const problems: string[] = [];
  const problem = (what: string, path: string) => problems.push(`${what} [json-pointer:${at}${path}]`);
  let charts = 0;
  blocks.forEach((block, i) => {
    if (!isRecord(block) || typeof block.type !== 'string') {
      problem('missing required field: type', `/${i}`);
      return;
    }
    if (!KNOWN_BLOCK_TYPES.has(block.type)) {
      problem(`unsupported type: ${block.type}`, `/${i}/type`);
      return;
    }
    if (block.type !== 'data_visualization') return;
    charts += 1;
    if (!CHART_SURFACES.has(surface)) {
      problem(`data_visualization blocks are not supported in ${surface} surfaces`, `/${i}/type`);
      return;
    }
    if (charts > CHART_RULES.perMessage) {
      problem(`no more than ${CHART_RULES.perMessage} data_visualization blocks are allowed`, `/${i}`);
    }
    for (const p of chartProblems(block)) problem(p.what, `/${i}${p.path}`);
  });
  return problems;
}

interface Problem {
  what: string;
  path: string;
}

function chartProblems(block: Record<string, unknown>): Problem[] {
  const out: Problem[] = [];
  const bad = (what: string, path: string) => out.push({ what, path });
  if (typeof block.title !== 'string' || block.title.trim() === '')
    bad('missing required field: title', '/title');
  else if (chars(block.title) > CHART_RULES.titleMax)
    bad(`must be at most ${CHART_RULES.titleMax} characters`, '/title');
  if (block.block_id !== undefined) {
    if (typeof block.block_id !== 'string' || chars(block.block_id) > CHART_RULES.blockIdMax)
      bad(`must be a string of at most ${CHART_RULES.blockIdMax} characters`, '/block_id');
  }
  const chart = block.chart;
  if (!isRecord(chart)) {
    bad('missing required field: chart', '/chart');
    return out;
  }
  if (typeof chart.type !== 'string' || !CHART_TYPES.has(chart.type)) {
    bad('must be one of: pie, bar, area, line', '/chart/type');
    return out;
  }
  if (chart.type === 'pie') {
    pieProblems(chart, bad);
    return out;
  }
  seriesProblems(chart, bad);
  return out;
}

type Bad = (what: string, path: string) => void;

function labelProblem(label: unknown, path: string, bad: Bad): boolean {
  if (typeof label !== 'string' || label === '') {
    bad('missing required field: label', path);
    return true;
  }
  if (chars(label) > CHART_RULES.labelMax) {
    bad(`must be at most ${CHART_RULES.labelMax} characters`, path);
    return true;
  }
  return false;
}

function pieProblems(chart: Record<string, unknown>, bad: Bad): void {
  const segments = chart.segments;
  if (!Array.isArray(segments)) {
    bad('missing required field: segments', '/chart/segments');
    return;
  }
  if (segments.length < CHART_RULES.segmentsMin || segments.length > CHART_RULES.segmentsMax) {
    bad(`must have ${CHART_RULES.segmentsMin} to ${CHART_RULES.segmentsMax} items`, '/chart/segments');
  }
  segments.forEach((s, i) => {
    const path = `/chart/segments/${i}`;
    if (!isRecord(s)) {
      bad('must be an object', path);
      return;
    }
    labelProblem(s.label, `${path}/label`, bad);
    if (!finite(s.value) || s.value <= 0) bad('must be a number greater than 0', `${path}/value`);
  });
}

function seriesProblems(chart: Record<string, unknown>, bad: Bad): void {
  const axis = chart.axis_config;
  let categories: Set<string> | undefined;
  if (!isRecord(axis)) {
    bad('missing required field: axis_config', '/chart/axis_config');
  } else {
    if (!Array.isArray(axis.categories) || axis.categories.length === 0) {
      bad('missing required field: categories', '/chart/axis_config/categories');
    } else {
      categories = new Set();
      axis.categories.forEach((c, i) => {
        const path = `/chart/axis_config/categories/${i}`;
        if (labelProblem(c, path, bad)) return;
        if (categories?.has(c as string)) bad('categories must be unique', path);
        categories?.add(c as string);
      });
    }
    for (const key of ['x_label', 'y_label'] as const) {
      const v = axis[key];
      if (v !== undefined && (typeof v !== 'string' || chars(v) > CHART_RULES.axisLabelMax)) {
        bad(
          `must be a string of at most ${CHART_RULES.axisLabelMax} characters`,
          `/chart/axis_config/${key}`,
        );
      }
    }
  }
  const series = chart.series;
  if (!Array.isArray(series)) {
    bad('missing required field: series', '/chart/series');
    return;
  }
  if (series.length < CHART_RULES.seriesMin || series.length > CHART_RULES.seriesMax) {
    bad(`must have ${CHART_RULES.seriesMin} to ${CHART_RULES.seriesMax} items`, '/chart/series');
  }
  const names = new Set<string>();
  series.forEach((s, i) => {
    const path = `/chart/series/${i}`;
    if (!isRecord(s)) {
      bad('must be an object', path);
      return;
    }
    if (typeof s.name !== 'string' || s.name === '') bad('missing required field: name', `${path}/name`);
    else if (names.has(s.name)) bad('series names must be unique', `${path}/name`);
    else names.add(s.name);
    if (!Array.isArray(s.data)) {
      bad('missing required field: data', `${path}/data`);
      return;
    }
    const seen = new Set<string>();
    s.data.forEach((d, j) => {
      const at = `${path}/data/${j}`;
      if (!isRecord(d)) {
        bad('must be an object', at);
        return;
      }
      if (!finite(d.value)) bad('must be a number', `${at}/value`);
      if (labelProblem(d.label, `${at}/label`, bad)) return;
      const label = d.label as string;
      if (categories && !categories.has(label))
        bad('label must be one of axis_config.categories', `${at}/label`);
      if (seen.has(label)) bad('only one value per category in a series', `${at}/label`);
      seen.add(label);
    });
  });
}
