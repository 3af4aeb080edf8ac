import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { csvField, exportCsv, exportRows, localIso, toCsv } from '../../../src/domain/export.js';
import { cell, DAY, days, MON_23_NOV, shownCellsArb } from '../../support/cells.js';
import { parseCsv } from '../../support/csv.js';

const HEADER = 'period_start,period_end,respondents,checkins,average,count_1,count_2,count_3,count_4,count_5';

describe('exportCsv', () => {
  it('writes a header and one row per released cell, with CRLF line ends', () => {
    const cells = days([
      [0, 1, 2, 1, 0],
      [0, 0, 1, 2, 1],
    ]).map((c) => ({ ...c, people: 4 }));
    assert.equal(
      exportCsv(cells, 'UTC'),
      `${HEADER}\r\n` +
        '2026-11-23T00:00:00+00:00,2026-11-24T00:00:00+00:00,4,4,3.00,0,1,2,1,0\r\n' +
        '2026-11-24T00:00:00+00:00,2026-11-25T00:00:00+00:00,4,4,4.00,0,0,1,2,1\r\n',
    );
  });

  it('writes periods in the channel time zone with their offset', () => {
    const [row] = exportRows(
      [cell({ start: MON_23_NOV - 3_600_000, dist: [0, 0, 1, 0, 0] })],
      'Europe/Paris',
    ).slice(1);
    assert.equal(row?.[0], '2026-11-23T00:00:00+01:00');
    assert.equal(localIso(Date.UTC(2026, 6, 1, 5, 0), 'America/New_York'), '2026-07-01T01:00:00-04:00');
    assert.equal(localIso(Date.UTC(2026, 0, 1), 'Asia/Kolkata'), '2026-01-01T05:30:00+05:30');
  });

  it('orders rows in time, whatever order the cells came in', () => {
    const cells = days([
      [1, 0, 0, 0, 0],
      [0, 0, 0, 0, 1],
    ]).reverse();
    const starts = exportRows(cells, 'UTC')
      .slice(1)
      .map((r) => r[0]);
    assert.deepEqual(starts, ['2026-11-23T00:00:00+00:00', '2026-11-24T00:00:00+00:00']);
  });

  it('adds a shift column only when some cell is per shift', () => {
    assert.equal(exportRows(days([[0, 0, 1, 0, 0]]), 'UTC')[0]?.includes('shift'), false);
    const shifted = [cell({ start: MON_23_NOV, dist: [0, 0, 1, 0, 0], shift: 'night' })];
    const [header, row] = exportRows(shifted, 'UTC');
    assert.equal(header?.[2], 'shift');
    assert.equal(row?.[2], 'night');
  });

  it('writes a shift name that a spreadsheet would run as a formula with a leading apostrophe', () => {
    const evil = [cell({ start: MON_23_NOV, dist: [0, 0, 1, 0, 0], shift: '=HYPERLINK("x","y")' })];
    assert.equal(parseCsv(exportCsv(evil, 'UTC'))[1]?.[2], `'=HYPERLINK("x","y")`);
  });

  it('writes only the header when no cell was released', () => {
    assert.equal(exportCsv([], 'UTC'), `${HEADER}\r\n`);
  });

  it('carries no one person: the only columns are periods, shift and cell totals', () => {
    const rows = exportRows(
      [cell({ start: MON_23_NOV, end: MON_23_NOV + 7 * DAY, kind: 'remainder', dist: [1, 1, 1, 0, 0] })],
      'UTC',
    );
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[1]?.slice(2), ['3', '3', '2.00', '1', '1', '1', '0', '0']);
  });
});

describe('RFC 4180 encoding', () => {
  it('quotes a field holding a comma, a quote or a line break, doubling its quotes', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\r\nlines'), '"two\r\nlines"');
    assert.equal(csvField('lf\nonly'), '"lf\nonly"');
  });

  it('round-trips any fields through an RFC 4180 reader', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'é', '漢', '😀', ',', '"', '\r', '\n', ' ', "'") });
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 6 })
          .chain((width) =>
            fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }),
          ),
        (rows) => {
          // A record of one empty field is an empty line, which RFC 4180 cannot tell from no field.
          fc.pre(rows.every((r) => r.length > 1 || r[0] !== ''));
          assert.deepEqual(parseCsv(toCsv(rows)), rows);
        },
      ),
    );
  });

  it('round-trips every export: the rows read back are the rows written', () => {
    fc.assert(
      fc.property(
        shownCellsArb,
        fc.constantFrom('UTC', 'Europe/London', 'America/Chicago', 'Asia/Kolkata'),
        (cells, tz) => {
          const csv = exportCsv(cells, tz);
          const read = parseCsv(csv);
          assert.deepEqual(read, exportRows(cells, tz));
          assert.equal(read.length, cells.length + 1);
          // UTF-8 text: encoding and decoding gives it back unchanged.
          assert.equal(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(csv)), csv);
        },
      ),
    );
  });
});
