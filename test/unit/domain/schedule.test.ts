import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCron } from '../../../src/domain/cron.js';
import { validateCustomPromptText } from '../../../src/domain/custom-prompt.js';
import { parseScheduleAdd, planSlots } from '../../../src/domain/schedule.js';
import { tokenize } from '../../../src/domain/text.js';
import { fireTimesBetween } from '../../../src/scheduler/fire-times.js';

const MINUTE = 60_000;
const utc = (iso: string) => Date.parse(iso);

/** What the subcommand passes: the text after `add`, and its tokens. */
function add(text: string, defaultTz = 'UTC') {
  return parseScheduleAdd(text, tokenize(text), defaultTz);
}

function reason(text: string): string {
  const r = add(text);
  if (r.ok) throw new Error(`${text} was accepted`);
  return r.reason;
}

function spec(expr: string) {
  const r = parseCron(expr);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe('parseScheduleAdd', () => {
  it('reads a quoted cron expression, a time zone and a category', () => {
    const r = add('"0 7,15,23 * * *" Europe/London compassion');
    assert.ok(r.ok);
    assert.equal(r.value.cron.expression, '0 7,15,23 * * *');
    assert.equal(r.value.tz, 'Europe/London');
    assert.equal(r.value.category, 'compassion');
  });

  it('accepts the category before the time zone', () => {
    const r = add('"30 8 * * MON-FRI" gratitude america/new_york');
    assert.ok(r.ok);
    assert.equal(r.value.tz, 'America/New_York');
    assert.equal(r.value.category, 'gratitude');
  });

  it('defaults to the configured time zone and the mixed category', () => {
    const r = add('“0 9 * * *”', 'Australia/Sydney');
    assert.ok(r.ok);
    assert.equal(r.value.tz, 'Australia/Sydney');
    assert.equal(r.value.category, 'mixed');
  });

  it('asks for quotes, suggesting the quoted expression, when the cron expression is not quoted', () => {
    const msg = reason('0 7 * * * Europe/London');
    assert.match(msg, /double quotes/);
    assert.match(msg, /schedule add "0 7 \* \* \*"/);
  });

  it('says which cron field is out of range', () => {
    assert.match(reason('"0 25 * * *"'), /"0 25 \* \* \*": hour must be 0–23/);
  });

  it('suggests the time zone that was probably meant', () => {
    assert.match(
      reason('"0 7 * * *" Europe/Lndon'),
      /Europe\/Lndon is not a time zone — did you mean Europe\/London\?/,
    );
  });

  it('suggests the category that was probably meant', () => {
    assert.match(
      reason('"0 7 * * *" compasion'),
      /"compasion" is not a category — did you mean compassion\?/,
    );
  });

  it('explains a word that is neither a time zone nor a category, escaped', () => {
    const msg = reason('"0 7 * * *" <!here>');
    assert.match(msg, /neither a time zone nor a category/);
    assert.doesNotMatch(msg, /<!here>/);
  });

  it('refuses two categories', () => {
    assert.match(reason('"0 7 * * *" compassion gratitude'), /one category at most/);
  });

  it('asks for the schedule when nothing follows add', () => {
    assert.match(reason(''), /cron expression in double quotes/);
  });
});

describe('planSlots', () => {
  const daily10 = spec('0 10 * * *');
  /** The plan the scheduler makes for the window (fromMs, nowMs]. */
  const plan = (s: ReturnType<typeof spec>, tz: string, fromMs: number, nowMs: number) =>
    planSlots(fireTimesBetween(s, tz, fromMs, nowMs), nowMs);

  it('posts a slot that is due at the end of the window', () => {
    const now = utc('2026-11-25T10:00:00Z');
    assert.deepEqual(plan(daily10, 'UTC', now - MINUTE, now), { post: [now], skipped: [] });
  });

  it('posts a slot missed by less than 30 minutes', () => {
    const slot = utc('2026-11-25T10:00:00Z');
    const p = plan(daily10, 'UTC', slot - MINUTE, slot + 29 * MINUTE);
    assert.deepEqual(p, { post: [slot], skipped: [] });
  });

  it('skips a slot missed by 30 minutes or more', () => {
    const slot = utc('2026-11-25T10:00:00Z');
    const p = plan(daily10, 'UTC', slot - MINUTE, slot + 30 * MINUTE);
    assert.deepEqual(p, { post: [], skipped: [slot] });
  });

  it('excludes the start of the window, so consecutive windows never share a slot', () => {
    const slot = utc('2026-11-25T10:00:00Z');
    assert.deepEqual(plan(daily10, 'UTC', slot, slot + MINUTE), { post: [], skipped: [] });
  });

  it('does not fire a local time that daylight saving skips', () => {
    // Europe/London jumps from 01:00 to 02:00 on 29 March 2026: that day has no 01:30.
    const p = plan(
      spec('30 1 * * *'),
      'Europe/London',
      utc('2026-03-28T00:00:00Z'),
      utc('2026-03-30T02:00:00Z'),
    );
    assert.deepEqual(
      [...p.skipped, ...p.post].map((t) => new Date(t).toISOString()),
      ['2026-03-28T01:30:00.000Z', '2026-03-30T00:30:00.000Z'],
    );
  });

  it('fires a local time that daylight saving repeats once', () => {
    // Europe/London falls back from 02:00 BST to 01:00 GMT on 25 October 2026: 01:30 happens twice.
    const p = plan(
      spec('30 1 * * *'),
      'Europe/London',
      utc('2026-10-24T22:00:00Z'),
      utc('2026-10-25T02:00:00Z'),
    );
    assert.deepEqual(
      [...p.post, ...p.skipped].map((t) => new Date(t).toISOString()),
      ['2026-10-25T00:30:00.000Z'],
    );
  });
});

describe('validateCustomPromptText', () => {
  it('keeps the text as typed, trimmed and without surrounding quotes', () => {
    assert.deepEqual(validateCustomPromptText('  "Wash your hands & breathe"  '), {
      ok: true,
      value: 'Wash your hands & breathe',
    });
  });

  it('accepts 280 characters and refuses 281 without echoing the text', () => {
    assert.equal(validateCustomPromptText('a'.repeat(280)).ok, true);
    const r = validateCustomPromptText(`secret ${'b'.repeat(274)}`);
    assert.equal(r.ok, false);
    assert.ok(!r.ok && /281 characters/.test(r.reason) && !r.reason.includes('secret'));
  });

  it('refuses an empty text', () => {
    assert.equal(validateCustomPromptText('   ""  ').ok, false);
  });
});
