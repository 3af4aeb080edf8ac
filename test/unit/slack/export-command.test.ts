import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  EXPORT_BAD_PERIOD,
  EXPORT_ONE_CHANNEL,
  EXPORT_USAGE,
  EXPORT_WHICH_CHANNEL,
  exportReply,
  parseExportArgs,
} from '../../../src/slack/commands/export.js';

describe('parseExportArgs', () => {
  it('takes a channel and a period in either order, 30 days by default', () => {
    assert.deepEqual(parseExportArgs([]), { ok: true, value: { days: 30 } });
    assert.deepEqual(parseExportArgs(['90d', '<#C123|ward-7>']), {
      ok: true,
      value: { channel: 'C123', days: 90 },
    });
    assert.deepEqual(parseExportArgs(['<#C123>', '365']), {
      ok: true,
      value: { channel: 'C123', days: 365 },
    });
  });

  it('refuses a period it does not offer, with an example', () => {
    for (const t of ['7d', '0d', '91d', '-30d', '30d 90d'])
      assert.deepEqual(parseExportArgs(t.split(' ')), { ok: false, reason: EXPORT_BAD_PERIOD }, t);
    assert.match(EXPORT_BAD_PERIOD, /e\.g\. `\/wellbeing export 90d`/);
  });

  it('refuses two channels, a channel Slack did not turn into a link, and anything else — echoing none of it', () => {
    assert.deepEqual(parseExportArgs(['<#C1>', '<#C2>']), { ok: false, reason: EXPORT_ONE_CHANNEL });
    assert.deepEqual(parseExportArgs(['#ward-7']), { ok: false, reason: EXPORT_WHICH_CHANNEL });
    assert.deepEqual(parseExportArgs(['<script>']), { ok: false, reason: EXPORT_USAGE });
  });
});

describe('exportReply', () => {
  it('says where the file went and that it holds team totals only', () => {
    const r = exportReply({ kind: 'sent', rows: 1, days: 90, channel: 'C123' });
    assert.equal(
      r.text,
      "I've put a CSV of <#C123>'s last 90 days in our DM: 1 row, one per period, anonymous team totals only.",
    );
  });
});
