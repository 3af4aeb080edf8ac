import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChannelByShift } from '../../../src/services/by-shift.js';
import { byShiftReply, NOTHING_BY_SHIFT } from '../../../src/slack/blocks/by-shift.js';
import { SUMMARY_USAGE } from '../../../src/slack/blocks/summary.js';
import { parseSummaryArgs } from '../../../src/slack/commands/summary.js';

describe('summary by-shift arguments', () => {
  it('takes by-shift (or "by shift") with a channel and a period in any order', () => {
    assert.deepEqual(parseSummaryArgs(['by-shift']), { ok: true, value: { periodDays: 7, byShift: true } });
    assert.deepEqual(parseSummaryArgs(['<#C0WARD7|ward-7>', 'by', 'shift', '30d']), {
      ok: true,
      value: { channel: 'C0WARD7', periodDays: 30, byShift: true },
    });
    assert.deepEqual(parseSummaryArgs(['90d', 'BY-SHIFT']), {
      ok: true,
      value: { periodDays: 90, byShift: true },
    });
  });

  it('explains a stray "by" without echoing it', () => {
    assert.deepEqual(parseSummaryArgs(['by']), { ok: false, reason: SUMMARY_USAGE });
    assert.deepEqual(parseSummaryArgs(['by', 'night']), { ok: false, reason: SUMMARY_USAGE });
  });
});

const value = (o: Partial<ChannelByShift> = {}): ChannelByShift => ({
  channel: 'C0WARD7',
  periodDays: 7,
  firstDay: '2026-11-19',
  lastDay: '2026-11-25',
  k: 5,
  shifts: [],
  heldBack: 0,
  leftOut: 0,
  ...o,
});

describe('summary by-shift rendering', () => {
  it('says plainly when nothing can be shown by shift, and how many days were held back', () => {
    const r = byShiftReply({ kind: 'by-shift', value: value({ heldBack: 2, leftOut: 1 }) });
    assert.ok(r.text.includes(NOTHING_BY_SHIFT));
    assert.match(r.text, /2 days are in the team total but not shown by shift/);
    assert.match(r.text, /1 period was left out of the total as well/);
  });

  it('shows each shift’s figures with its own name', () => {
    const r = byShiftReply({
      kind: 'by-shift',
      value: value({
        shifts: [
          {
            name: 'night',
            respondents: 6,
            checkins: 13,
            average: 2.4,
            distribution: [1, 6, 6, 0, 0],
            lowSharePct: 54,
            change: -0.3,
            sparkline: '▃▃',
            cells: 2,
          },
        ],
      }),
    });
    assert.match(
      r.text,
      /\*night\* — 6 people on a typical shift · 13 check-ins · average 2\.4 of 5 \(down 0\.3 on the previous week\) · low scores \(1–2\) 54 %/,
    );
    assert.match(r.text, /3 · okay: 6 · 2 · struggling: 6 · 1 · running on empty: 1/);
  });
});
