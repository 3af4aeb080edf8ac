import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CronSpec, parseCron } from '../../../src/domain/cron.js';

function spec(expr: string): CronSpec {
  const r = parseCron(expr);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

function reason(expr: string): string {
  const r = parseCron(expr);
  if (r.ok) throw new Error(`${expr} parsed`);
  return r.reason;
}

describe('parseCron', () => {
  it('keeps the expression with single spaces', () => {
    assert.equal(spec('  0   7,15  *  * * ').expression, '0 7,15 * * *');
  });

  it('treats a day field starting with * as unrestricted, as Vixie cron does', () => {
    const s = spec('0 0 */2 * 1');
    assert.equal(s.dayOfMonthRestricted, false);
    assert.equal(s.dayOfWeekRestricted, true);
  });

  it('accepts every form of the grammar', () => {
    for (const e of [
      '*/15 7,15,23 1-5 1-12/4 *',
      '1-30/5 * * * *',
      '50/5 * * * *',
      '0 9 * jan,Mar-MAY mon-FRI',
      '0 9 * * 5-7',
    ]) {
      assert.equal(parseCron(e).ok, true, e);
    }
  });

  it('refuses what other cron dialects add (L, W, #, ?, @daily)', () => {
    assert.match(reason('0 9 L * *'), /day of month "L" is not a number or range/);
    assert.match(reason('0 9 * * MON#2'), /day of week "MON#2" is not/);
    assert.match(reason('0 9 ? * *'), /day of month "\?" is not/);
    assert.match(reason('@daily'), /a schedule needs 5 fields/);
  });
});

describe('parseCron refusals', () => {
  it('names the hour range', () => {
    assert.equal(reason('0 25 * * *'), '"0 25 * * *": hour must be 0–23');
  });

  it('names the minute range', () => {
    assert.equal(reason('61 * * * *'), '"61 * * * *": minute must be 0–59');
  });

  it('names the day-of-month range', () => {
    assert.equal(reason('0 7 32 * *'), '"0 7 32 * *": day of month must be 1–31');
  });

  it('names the month range', () => {
    assert.equal(reason('0 7 * 0 *'), '"0 7 * 0 *": month must be 1–12');
  });

  it('names the day-of-week range', () => {
    assert.equal(reason('0 7 * * 8'), '"0 7 * * 8": day of week must be 0–7');
  });

  it('checks the end of a range too', () => {
    assert.equal(reason('0 7-24 * * *'), '"0 7-24 * * *": hour must be 0–23');
  });

  it('explains the five fields when one is missing', () => {
    assert.equal(
      reason('0 7 * *'),
      '"0 7 * *": a schedule needs 5 fields (minute hour day month weekday), e.g. "0 7,15,23 * * *"',
    );
  });

  it('explains the five fields for an empty expression', () => {
    assert.match(reason('   '), /^"": a schedule needs 5 fields/);
  });

  it('refuses a seconds field, saying so', () => {
    assert.equal(
      reason('0 0 7 * * *'),
      '"0 0 7 * * *": schedules run to the minute, so there is no seconds field — a schedule needs 5 fields (minute hour day month weekday), e.g. "0 7,15,23 * * *"',
    );
  });

  it('names a field that is not a number', () => {
    assert.equal(reason('0 x * * *'), '"0 x * * *": hour "x" is not a number or range');
  });

  it('names the item of a list that is not a number', () => {
    assert.equal(reason('0 7,x * * *'), '"0 7,x * * *": hour "x" is not a number or range');
  });

  it('refuses an empty list item', () => {
    assert.equal(reason('1,,2 * * * *'), '"1,,2 * * * *": minute "1,,2" is not a number or range');
  });

  it('mentions names for a month that is neither number nor name', () => {
    assert.equal(
      reason('0 7 * foo *'),
      '"0 7 * foo *": month "foo" is not a number, range or name such as JAN',
    );
  });

  it('refuses a step of zero', () => {
    assert.equal(
      reason('*/0 * * * *'),
      '"*/0 * * * *": minute step "0" must be a whole number of 1 or more, e.g. */15',
    );
  });

  it('refuses a step that is not a number', () => {
    assert.equal(
      reason('*/x * * * *'),
      '"*/x * * * *": minute step "x" must be a whole number of 1 or more, e.g. */15',
    );
  });

  it('refuses a range that runs backwards', () => {
    assert.equal(
      reason('0 7 * * 5-1'),
      '"0 7 * * 5-1": day of week range "5-1" runs backwards; put the smaller value first, e.g. 1-5',
    );
  });

  it('refuses a schedule that can never run', () => {
    assert.equal(
      reason('0 7 30 2 *'),
      '"0 7 30 2 *": that schedule would never run — none of its months has those days',
    );
  });

  it('accepts 29 February, which does happen', () => {
    assert.equal(parseCron('0 7 29 2 *').ok, true);
  });

  it('accepts 30 February when a weekday can stand in for it', () => {
    assert.equal(parseCron('0 7 30 2 MON').ok, true);
  });

  it('escapes the expression it quotes', () => {
    assert.match(reason('<!channel> * * * *'), /^"&lt;!channel&gt; \* \* \* \*": minute "&lt;!channel&gt;"/);
  });
});
