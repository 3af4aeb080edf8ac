import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ShownCell } from '../../../src/domain/shown-cell.js';
import { createExportService } from '../../../src/services/export.js';
import { SUMMARY_REFUSAL } from '../../../src/slack/blocks/summary.js';
import {
  EXPORT_BAD_PERIOD,
  EXPORT_ON_ITS_WAY,
  EXPORT_ONE_CHANNEL,
  EXPORT_USAGE,
  EXPORT_WHICH_CHANNEL,
  exportSent,
  exportSubcommand,
  parseExportArgs,
} from '../../../src/slack/commands/export.js';
import type { CommandContext } from '../../../src/slack/commands/router.js';
import type { FileDm } from '../../../src/slack/files.js';
import { cell, MON_23_NOV } from '../../support/cells.js';

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

describe('export replies', () => {
  it('say where the file went and that it holds team totals only', () => {
    assert.equal(
      exportSent('C123', 90, 1),
      "I've put a CSV of <#C123>'s last 90 days in our DM: 1 row, one per period, anonymous team totals only.",
    );
  });
});

describe('the export subcommand', () => {
  const cells: ShownCell[] = [cell({ start: MON_23_NOV, dist: [0, 1, 2, 1, 0], label: 'Mon 23 Nov' })];
  const service = createExportService({
    releasedCells: async () => cells,
    timeZoneOf: async () => 'UTC',
    clock: () => MON_23_NOV + 10 * 86_400_000,
  });
  const ctx = (over: Partial<CommandContext> = {}): CommandContext => ({
    team: 'T1',
    user: 'U0LEAD',
    channel: 'C1',
    isAdmin: false,
    canLead: async (ch) => ch === 'C1',
    args: ['90d'],
    rest: '90d',
    ...over,
  });

  it('says the file is on its way when the upload outlasts the wait, and reports it if it later fails', async () => {
    let fail: (err: Error) => void = () => {};
    const sent: FileDm[] = [];
    const reported: unknown[] = [];
    const sub = exportSubcommand({
      service,
      sendFile: (_user, file) => {
        sent.push(file);
        return new Promise((_resolve, reject) => {
          fail = reject;
        });
      },
      reportError: (err) => reported.push(err),
      waitMs: 5,
    });
    const r = await sub.run(ctx());
    assert.equal(r.text, EXPORT_ON_ITS_WAY);
    assert.equal(sent.length, 1);
    const late = new Error('reset');
    fail(late);
    await Promise.resolve();
    await Promise.resolve();
    assert.deepEqual(reported, [late]);
  });

  it('never calls Slack for someone who may not see the channel', async () => {
    const sent: FileDm[] = [];
    const sub = exportSubcommand({
      service,
      sendFile: async (_u, f) => {
        sent.push(f);
      },
      reportError: () => {},
    });
    const r = await sub.run(ctx({ user: 'U0MEMBER', canLead: async () => false }));
    assert.equal(r.text, SUMMARY_REFUSAL);
    assert.deepEqual(sent, []);
  });
});
