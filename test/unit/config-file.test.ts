import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWellbeingFile } from '../../src/config-file.js';

const GOOD = `
team: T0CARE
channels:
  - id: C0WARD7
    tz: Europe/London
    leads: [U0LEAD1]
    schedules:
      - cron: "0 7,15,23 * * *"
      - { cron: "30 12 * * MON-FRI", tz: America/New_York, category: gratitude }
    prompts:
      - { category: compassion, text: "Before handover, one slow breath." }
  - id: C0NIGHT
`;

function problems(text: string): string[] {
  const r = parseWellbeingFile(text, 'UTC');
  if (r.ok) throw new Error('accepted');
  return r.problems;
}

describe('the WELLBEING_CONFIG file', () => {
  it('reads channels, zones, leads, schedules and prompts, filling in defaults', () => {
    const r = parseWellbeingFile(GOOD, 'UTC');
    assert.ok(r.ok);
    const [ward, night] = r.value.channels;
    assert.equal(r.value.team, 'T0CARE');
    assert.equal(ward?.tz, 'Europe/London');
    assert.deepEqual(
      ward?.schedules.map((s) => [s.cron, s.tz, s.category]),
      [
        ['0 7,15,23 * * *', 'Europe/London', 'mixed'],
        ['30 12 * * MON-FRI', 'America/New_York', 'gratitude'],
      ],
    );
    assert.deepEqual(
      ward?.prompts.map((p) => [p.category, p.text]),
      [['compassion', 'Before handover, one slow breath.']],
    );
    assert.deepEqual(night, { id: 'C0NIGHT', leads: [], schedules: [], prompts: [] });
  });

  it('derives the same IDs from the same content, and different IDs from different content', () => {
    const a = parseWellbeingFile(GOOD, 'UTC');
    const b = parseWellbeingFile(GOOD, 'UTC');
    const c = parseWellbeingFile(GOOD.replace('0 7,15,23', '0 8,16,0'), 'UTC');
    assert.ok(a.ok && b.ok && c.ok);
    const ids = (r: typeof a) => (r.ok ? r.value.channels[0]?.schedules.map((s) => s.id) : []);
    assert.deepEqual(ids(a), ids(b));
    assert.notEqual(ids(a)?.[0], ids(c)?.[0]);
    assert.match(ids(a)?.[0] ?? '', /^cfg-[0-9a-f]{10}$/);
  });

  it('lists every problem, one line each, with where it is', () => {
    const lines = problems(`
channels:
  - id: general
    tz: Europe/Lndon
    leads: [bob]
    schedules:
      - { cron: "0 25 * * *", category: kindness }
    prompts:
      - { category: mixed, text: "" }
    colour: blue
`);
    const expected = [
      /channels\[0\]\.id: must be a Slack channel ID/,
      /channels\[0\]\.tz: Europe\/Lndon is not a time zone — did you mean Europe\/London\?/,
      /channels\[0\]\.leads\[0\]: must be a Slack user ID/,
      /channels\[0\]\.schedules\[0\]\.cron: "0 25 \* \* \*": hour must be 0–23/,
      /channels\[0\]\.schedules\[0\]\.category: must be compassion, mindfulness, self-care, gratitude or mixed/,
      /channels\[0\]\.prompts\[0\]\.category: must be compassion, mindfulness, self-care or gratitude/,
      /channels\[0\]\.prompts\[0\]\.text: Add the text/,
      /channels\[0\]: .*colour/,
    ];
    for (const re of expected)
      assert.ok(
        lines.some((l) => re.test(l)),
        `${re} in\n${lines.join('\n')}`,
      );
    assert.equal(lines.length, expected.length, lines.join('\n'));
    assert.ok(lines.every((l) => l.startsWith('WELLBEING_CONFIG') && !l.includes('\n')));
  });

  it('reads an emoji section: a score it names gets those emoji, the others keep their defaults', () => {
    const r = parseWellbeingFile('emoji:\n  1: [sob, One]\n  5: [tada]\n', 'UTC');
    assert.ok(r.ok);
    const map = r.value.emoji ?? {};
    assert.equal(map.sob, 1);
    assert.equal(map.one, 1);
    assert.equal(map.disappointed, undefined, 'replaced for score 1');
    assert.equal(map.tada, 5);
    assert.equal(map.grinning, undefined, 'replaced for score 5');
    assert.equal(map.neutral_face, 3, 'kept for score 3');
    const plain = parseWellbeingFile('channels: []\n', 'UTC');
    assert.ok(plain.ok && plain.value.emoji === undefined, 'no section, no map of its own');
  });

  it('refuses an emoji section that maps one emoji to two scores, or names no score', () => {
    assert.match(problems('emoji:\n  2: [sob]\n  4: [sob]\n').join('\n'), /^WELLBEING_CONFIG emoji: .*sob/);
    assert.match(problems('emoji:\n  6: [rocket]\n').join('\n'), /^WELLBEING_CONFIG emoji: .*scores 1 to 5/);
    assert.match(problems('emoji:\n  3: ok_hand\n').join('\n'), /^WELLBEING_CONFIG emoji\.3: must be a list/);
  });

  it('reports YAML that does not parse, and a channel listed twice', () => {
    assert.match(problems('channels: [\n')[0] ?? '', /^WELLBEING_CONFIG: .*line/);
    assert.match(
      problems('channels:\n  - id: C0A1\n  - id: C0A1\n').join('\n'),
      /C0A1 is listed more than once/,
    );
  });
});

describe('the example WELLBEING_CONFIG in docs/', () => {
  it('is a valid file', async () => {
    const { readFile } = await import('node:fs/promises');
    const r = parseWellbeingFile(await readFile('docs/wellbeing.example.yml', 'utf8'), 'UTC');
    assert.ok(r.ok, r.ok ? '' : r.problems.join('\n'));
    assert.equal(r.value.channels.length, 2);
  });

  it('reads a channel’s shifts, and refuses a pattern with a gap saying where', () => {
    const r = parseWellbeingFile(
      'channels:\n  - id: C0WARD7\n    shifts: "early 07:00-15:00, late 15:00-23:00, night 23:00-07:00"\n',
      'UTC',
    );
    assert.ok(r.ok);
    assert.deepEqual(
      r.value.channels[0]?.shifts?.shifts.map((s) => s.name),
      ['early', 'late', 'night'],
    );
    const bad = problems('channels:\n  - id: C0WARD7\n    shifts: "day 07:00-19:00, night 20:00-07:00"\n');
    assert.equal(bad.length, 1);
    assert.match(bad[0] as string, /^WELLBEING_CONFIG channels\[0\]\.shifts: No shift covers 19:00-20:00/);
  });
});
