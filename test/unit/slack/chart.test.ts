import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cellAverage, type ShownCell } from '../../../src/domain/shown-cell.js';
import {
  type Chart,
  categoryLabel,
  type DataVisualizationBlock,
  describeChart,
  digestChart,
  distributionChart,
  SCORE_CATEGORIES,
  summaryCharts,
  TEAM_SERIES,
  trendChart,
  withinChartLimit,
} from '../../../src/slack/blocks/chart.js';
import { blockProblems } from '../../support/block-rules.js';
import { cell, DAY, days, MON_23_NOV, shownCellsArb } from '../../support/cells.js';

type SeriesChart = Extract<Chart, { series: unknown }>;

function seriesOf(block: DataVisualizationBlock | undefined): SeriesChart {
  assert.ok(block, 'expected a chart');
  assert.notEqual(block.chart.type, 'pie');
  return block.chart as SeriesChart;
}

const accepted = (blocks: unknown[]) => assert.deepEqual(blockProblems(blocks, 'message'), []);

describe('trendChart', () => {
  it('draws one point per released day: the average, labelled with the day', () => {
    const cells = days([
      [0, 1, 2, 1, 0],
      [0, 0, 1, 2, 1],
    ]);
    const chart = seriesOf(trendChart(cells, 'Team average, last 7 days'));
    assert.equal(chart.type, 'line');
    assert.deepEqual(chart.axis_config.categories, [cells[0]?.label, cells[1]?.label]);
    assert.deepEqual(chart.series, [
      {
        name: TEAM_SERIES,
        data: [
          { label: cells[0]?.label, value: 3 },
          { label: cells[1]?.label, value: 4 },
        ],
      },
    ]);
  });

  it('leaves a withheld day out entirely: no point, no category, never a zero', () => {
    // Tuesday was withheld, so it is not among the released cells at all.
    const mon = cell({ start: MON_23_NOV, dist: [0, 0, 3, 0, 0], label: 'Mon 23 Nov' });
    const wed = cell({ start: MON_23_NOV + 2 * DAY, dist: [0, 0, 0, 3, 0], label: 'Wed 25 Nov' });
    const chart = seriesOf(trendChart([wed, mon], 'Team average'));
    assert.deepEqual(chart.axis_config.categories, ['Mon 23 Nov', 'Wed 25 Nov']);
    assert.deepEqual(
      chart.series[0]?.data.map((d) => d.value),
      [3, 4],
    );
  });

  it('returns nothing when no cell was released', () => {
    assert.equal(trendChart([], 'Team average'), undefined);
  });

  it('returns nothing when the released cells hold no check-ins', () => {
    assert.equal(trendChart(days([[0, 0, 0, 0, 0]]), 'Team average'), undefined);
  });

  it('rounds averages to one decimal, as the summary text shows them', () => {
    const chart = seriesOf(trendChart(days([[1, 0, 0, 0, 2]]), 'Team average'));
    assert.equal(chart.series[0]?.data[0]?.value, 3.7);
  });

  it('cuts a title longer than 50 characters and ends it with an ellipsis', () => {
    const block = trendChart(days([[0, 0, 1, 0, 0]]), 'A'.repeat(80));
    assert.equal([...(block?.title ?? '')].length, 50);
    assert.ok(block?.title.endsWith('…'));
  });

  it("shortens a remainder's long label to fit the 20-character category limit and keeps it apart from the day", () => {
    const day = cell({ start: MON_23_NOV, dist: [0, 0, 2, 0, 0], label: 'Mon 23 Nov' });
    const rest = cell({
      start: MON_23_NOV,
      end: MON_23_NOV + 7 * DAY,
      kind: 'remainder',
      dist: [0, 1, 1, 0, 0],
      label: 'Mon 23 Nov (private answers of the week)',
    });
    assert.equal(categoryLabel(rest), 'Mon 23 Nov (private)');
    const chart = seriesOf(trendChart([day, rest], 'Team average'));
    assert.deepEqual(chart.axis_config.categories, ['Mon 23 Nov', 'Mon 23 Nov (private)']);
    accepted([trendChart([day, rest], 'Team average')]);
  });

  it('cuts any other label longer than 20 characters, ending it with an ellipsis', () => {
    assert.equal(categoryLabel({ label: 'Monday 23 November 2026', kind: 'day' }), 'Monday 23 November…');
  });

  it('numbers repeated labels so every category is distinct', () => {
    const cells = [
      cell({ start: MON_23_NOV, dist: [0, 0, 1, 0, 0], label: 'same' }),
      cell({ start: MON_23_NOV + DAY, dist: [0, 0, 1, 0, 0], label: 'same' }),
    ];
    assert.deepEqual(seriesOf(trendChart(cells, 't')).axis_config.categories, ['same', 'same 2']);
  });

  it('draws a line per shift when every day shows every shift', () => {
    const cells = [0, 1].flatMap((d) => [
      cell({
        start: MON_23_NOV + d * DAY,
        end: MON_23_NOV + d * DAY + DAY / 2,
        dist: [0, 0, 2, 0, 0],
        label: `D${d}`,
        shift: 'day',
      }),
      cell({ start: MON_23_NOV + d * DAY + DAY / 2, dist: [0, 2, 0, 0, 0], label: `D${d}`, shift: 'night' }),
    ]);
    const chart = seriesOf(trendChart(cells, 'By shift'));
    assert.deepEqual(chart.axis_config.categories, ['D0', 'D1']);
    assert.deepEqual(
      chart.series.map((s) => [s.name, s.data.map((d) => d.value)]),
      [
        ['day', [3, 3]],
        ['night', [2, 2]],
      ],
    );
  });

  it("sums a day's shifts into one team point when a shift is missing on some day, so no line has a hole", () => {
    const cells = [
      cell({
        start: MON_23_NOV,
        end: MON_23_NOV + DAY / 2,
        dist: [0, 0, 2, 0, 0],
        label: 'D0',
        shift: 'day',
      }),
      cell({ start: MON_23_NOV + DAY / 2, dist: [0, 2, 0, 0, 0], label: 'D0', shift: 'night' }),
      cell({
        start: MON_23_NOV + DAY,
        end: MON_23_NOV + DAY * 1.5,
        dist: [0, 0, 0, 2, 0],
        label: 'D1',
        shift: 'day',
      }),
    ];
    const chart = seriesOf(trendChart(cells, 'By shift'));
    assert.deepEqual(chart.series, [
      {
        name: TEAM_SERIES,
        data: [
          { label: 'D0', value: 2.5 },
          { label: 'D1', value: 4 },
        ],
      },
    ]);
  });

  it('keeps every rule of the block for any released cells, and each point is a period of released cells', () => {
    fc.assert(
      fc.property(shownCellsArb, fc.string({ maxLength: 80 }), (cells, title) => {
        const block = trendChart(cells, title);
        const answered = cells.filter((c) => c.checkins > 0);
        if (answered.length === 0) return block === undefined;
        accepted([block]);
        const chart = seriesOf(block);
        // One point per category per series, and every value is the average of some released cells.
        const all = chart.series.flatMap((s) => s.data);
        const periods = new Set(answered.map((c) => (c.shift === undefined ? `${c.start}` : c.label)));
        assert.equal(chart.axis_config.categories.length, periods.size);
        for (const d of all) assert.ok(d.value >= 1 && d.value <= 5, `average ${d.value} off the scale`);
        return true;
      }),
    );
  });
});

describe('distributionChart', () => {
  it('draws a bar per score, the check-ins summed over the released cells', () => {
    const cells = days([
      [1, 0, 2, 0, 0],
      [0, 3, 0, 0, 1],
    ]);
    const chart = seriesOf(distributionChart(cells, 'How people answered'));
    assert.equal(chart.type, 'bar');
    assert.deepEqual(chart.axis_config.categories, SCORE_CATEGORIES);
    assert.deepEqual(
      chart.series[0]?.data.map((d) => d.value),
      [1, 3, 2, 0, 1],
    );
  });

  it('returns nothing when no cell was released', () => {
    assert.equal(distributionChart([], 'How people answered'), undefined);
  });

  it('keeps every rule of the block for any released cells, and counts every released check-in once', () => {
    fc.assert(
      fc.property(shownCellsArb, (cells) => {
        const block = distributionChart(cells, 'How people answered');
        const total = cells.reduce((a, c) => a + c.checkins, 0);
        if (total === 0) return block === undefined;
        accepted([block]);
        assert.equal(
          seriesOf(block).series[0]?.data.reduce((a, d) => a + d.value, 0),
          total,
        );
        return true;
      }),
    );
  });
});

describe('charts on surfaces', () => {
  const week = days([
    [0, 1, 2, 1, 0],
    [0, 0, 1, 2, 1],
  ]);

  it('a summary carries the trend and the distribution, two blocks Slack accepts in one message', () => {
    const blocks = summaryCharts(week, { period: 'last 30 days' });
    assert.deepEqual(
      blocks.map((b) => [b.chart.type, b.title]),
      [
        ['line', 'Team average, last 30 days'],
        ['bar', 'How people answered, last 30 days'],
      ],
    );
    accepted(blocks);
  });

  it('a summary with no released cell has no chart', () => {
    assert.deepEqual(summaryCharts([]), []);
  });

  it("the digest's chart is the channel's 7-day trend", () => {
    const block = digestChart(week, { channelName: 'ward-7' });
    assert.equal(block?.title, '#ward-7: team average, last 7 days');
    assert.equal(block?.chart.type, 'line');
  });

  it('a message keeps at most two chart blocks; the rest of its blocks stay', () => {
    const chart = trendChart(week, 't') as DataVisualizationBlock;
    const text = { type: 'section', text: { type: 'mrkdwn', text: 'x' } } as const;
    const kept = withinChartLimit([chart, text, chart, chart, text]);
    assert.deepEqual(kept, [chart, text, chart, text]);
    accepted(kept);
  });
});

describe('describeChart', () => {
  it('draws a trend as one line: title, first and last category, a sparkline and its ends', () => {
    const cells: ShownCell[] = days([
      [0, 0, 3, 0, 0],
      [0, 0, 0, 3, 0],
      [0, 0, 0, 0, 3],
    ]);
    const text = describeChart(trendChart(cells, 'Team average') as DataVisualizationBlock);
    assert.equal(text, `line "Team average" [${cells[0]?.label} … ${cells[2]?.label}] team ▅▆█ 3→5`);
  });

  it('draws a distribution as the count of each score and bars', () => {
    const text = describeChart(
      distributionChart(days([[1, 0, 4, 2, 0]]), 'Answers') as DataVisualizationBlock,
    );
    assert.equal(text, 'bar "Answers" 1:1 2:0 3:4 4:2 5:0 ▃▁█▅▁');
  });

  it('draws a pie as its segments', () => {
    const pie: DataVisualizationBlock = {
      type: 'data_visualization',
      title: 'Sources',
      chart: {
        type: 'pie',
        segments: [
          { label: 'buttons', value: 3 },
          { label: 'reactions', value: 1.5 },
        ],
      },
    };
    assert.equal(describeChart(pie), 'pie "Sources" buttons:3 reactions:1.5');
  });

  it('is computed from the same averages as the cells', () => {
    const cells = days([[2, 0, 0, 0, 1]]);
    assert.equal(cellAverage(cells[0]?.dist ?? [], 3), 7 / 3);
    assert.match(describeChart(trendChart(cells, 'T') as DataVisualizationBlock), / 2\.3→2\.3$/);
  });
});

describe('categoryLabel for the release model’s labels', () => {
  it('keeps every label the periods can have within 20 characters, a remainder marked private', () => {
    assert.equal(
      categoryLabel({ label: 'week of 23 Nov (private answers)', kind: 'remainder' }),
      'wk 23 Nov (private)',
    );
    assert.equal(
      categoryLabel({ label: '23 Nov – 20 Dec (private answers)', kind: 'remainder' }),
      '23 Nov–20 Dec priv.',
    );
    assert.equal(categoryLabel({ label: '23 Nov – 20 Dec', kind: '4w' }), '23 Nov – 20 Dec');
  });
});
