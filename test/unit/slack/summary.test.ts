import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Summary } from '../../../src/domain/summary.js';
import type { ChannelSummary, HomeData } from '../../../src/services/summaries.js';
import {
  BAD_PERIOD,
  changeText,
  dateRange,
  digestMessage,
  homeView,
  ONE_CHANNEL,
  SUMMARY_USAGE,
  shortDate,
  summaryLine,
  summaryReply,
  WHICH_CHANNEL,
} from '../../../src/slack/blocks/summary.js';
import { parseSummaryArgs } from '../../../src/slack/commands/summary.js';
import type { StoredAnswer } from '../../../src/store/checkins.js';

const shownSummary: Summary = {
  enough: true,
  periodDays: 7,
  respondents: 6,
  participationPct: 67,
  checkins: 8,
  average: 3.25,
  distribution: [1, 1, 2, 3, 1],
  lowSharePct: 25,
  change: -0.5,
  trend: [3, 3.5, 4, 2.5, 3],
  sparkline: '▅▅▆▄▅',
  withheld: { total: 2, few: 1, fewPrivate: 1, onePerson: 0 },
  parts: [
    { from: '2026-11-20', to: '2026-11-20', part: 'whole' },
    { from: '2026-11-21', to: '2026-11-21', part: 'whole' },
    { from: '2026-11-22', to: '2026-11-22', part: 'public' },
    { from: '2026-11-23', to: '2026-11-23', part: 'whole' },
    { from: '2026-11-16', to: '2026-11-22', part: 'rem' },
  ],
};
const nothing: Summary = {
  enough: false,
  periodDays: 7,
  k: 5,
  withheld: { total: 3, few: 3, fewPrivate: 0, onePerson: 0 },
};

function channelSummary(summary: Summary, o: Partial<ChannelSummary> = {}): ChannelSummary {
  return {
    channel: 'C0WARD7',
    periodDays: 7,
    firstDay: '2026-11-19',
    lastDay: '2026-11-25',
    hasPrompts: true,
    pooling: 'day',
    cells: [],
    suggest: [],
    k: 5,
    summary,
    ...o,
  };
}
const all = (r: { text: string; blocks?: unknown[] }) => `${r.text}\n${JSON.stringify(r.blocks ?? [])}`;

describe('summary arguments', () => {
  it('defaults to this channel and 7 days', () => {
    assert.deepEqual(parseSummaryArgs([]), { ok: true, value: { periodDays: 7 } });
  });

  it('takes a linked channel and a period in either order', () => {
    assert.deepEqual(parseSummaryArgs(['30d', '<#C0WARD7|ward-7>']), {
      ok: true,
      value: { channel: 'C0WARD7', periodDays: 30 },
    });
    assert.deepEqual(parseSummaryArgs(['<#G0PRIV1>', '90D']), {
      ok: true,
      value: { channel: 'G0PRIV1', periodDays: 90 },
    });
  });

  it('refuses any other period with an example', () => {
    for (const p of ['8w', '14d', '0', '7days', '-7d']) {
      assert.deepEqual(parseSummaryArgs([p]), { ok: false, reason: BAD_PERIOD }, p);
    }
  });

  it('asks for a linked channel, one at a time, and explains other words without echoing them', () => {
    assert.deepEqual(parseSummaryArgs(['#ward-7']), { ok: false, reason: WHICH_CHANNEL });
    assert.deepEqual(parseSummaryArgs(['<#C1>', '<#C2>']), { ok: false, reason: ONE_CHANNEL });
    assert.deepEqual(parseSummaryArgs(['<!channel>']), { ok: false, reason: SUMMARY_USAGE });
  });
});

describe('summary rendering', () => {
  it('writes dates the way people read them', () => {
    assert.equal(shortDate('2026-11-25'), 'Wed 25 Nov');
    assert.equal(dateRange('2026-11-19', '2026-11-25'), '19 Nov – 25 Nov 2026');
    assert.equal(dateRange('2025-12-28', '2026-01-03'), '28 Dec 2025 – 3 Jan 2026');
  });

  it('says which way the average moved, or why there is no comparison', () => {
    assert.equal(changeText(0.3, 7), 'up 0.3 on the previous week');
    assert.equal(changeText(-0.5, 30), 'down 0.5 on the previous 30 days');
    assert.equal(changeText(0, 7), 'the same as the previous week');
    assert.equal(changeText(null, 90), 'no comparison: nothing from the previous 90 days can be shown');
  });

  it('shows every number of a summary that meets the threshold', () => {
    const text = all(summaryReply({ kind: 'summary', value: channelSummary(shownSummary) }));
    assert.match(text, /19 Nov – 25 Nov 2026/);
    assert.match(text, /\*Respondents\*\\n6 people on a typical day/);
    assert.match(text, /\*Participation\*\\n67 % on a typical day/);
    assert.match(
      text,
      /2 periods were left out to keep everyone anonymous: 1 because fewer than 5 people answered; 1 because fewer than 5 people answered privately/,
    );
    assert.match(text, /Fri 20 Nov|20 Nov/);
    assert.match(text, /\*Average\*\\n3\.3 of 5/);
    assert.match(text, /\*Change\*\\ndown 0\.5 on the previous week/);
    assert.match(text, /25 % of check-ins/);
    assert.match(text, /4 · good +█+ 3/);
    assert.match(text, /`▅▅▆▄▅`/);
  });

  it('shows no number at all when nothing can be shown, with the fixed sentence and why', () => {
    const r = summaryReply({ kind: 'summary', value: channelSummary(nothing) });
    const text = all(r);
    assert.match(
      text,
      /Nothing to show yet: days appear an hour after they end, and only when enough people answered to stay anonymous\./,
    );
    assert.match(text, /3 periods were left out/);
    assert.doesNotMatch(text, /Average|Check-ins|of 5|%/);
  });

  it('puts an alert line under a channel in the digest', () => {
    const text = all(
      digestMessage([
        { summary: channelSummary(shownSummary), alerts: ['Low scores (1–2) reached 40 %'] },
        {
          summary: channelSummary(nothing, { channel: 'C0SMALL' }),
          alerts: [],
        },
      ]),
    );
    assert.match(text, /<#C0WARD7> — 6 people \(67 % took part\) · average 3\.3/);
    assert.match(text, /:warning: Low scores \(1–2\) reached 40 %/);
    assert.match(text, /<#C0SMALL> — Nothing to show yet/);
    assert.equal(summaryLine(channelSummary(shownSummary)).includes('▅▅▆▄▅'), true);
  });
});

describe('App Home view', () => {
  const answer = (day: string, score: 1 | 2 | 3 | 4 | 5, note?: string): StoredAnswer => ({
    channel: 'C0WARD7',
    anchor: `C0WARD7:c${day}`,
    score,
    atMs: Date.parse(`${day}T10:00:00Z`),
    day,
    source: 'command',
    ...(note ? { note } : {}),
  });
  const days = Array.from({ length: 14 }, (_, i) => `2026-11-${String(12 + i).padStart(2, '0')}`);
  const data = (o: Partial<HomeData> = {}): HomeData => ({
    user: 'U1',
    dmChannel: 'D1',
    answers: [answer('2026-11-20', 2, '<!here> & <@U2> secret'), answer('2026-11-25', 5)],
    days,
    led: [],
    ...o,
  });

  it("lists the person's check-ins, newest first, and never their notes", () => {
    const view = homeView(data());
    const text = JSON.stringify(view);
    assert.equal(view.type, 'home');
    assert.equal(view.private_metadata, 'D1');
    assert.ok(text.indexOf('Wed 25 Nov') < text.indexOf('Fri 20 Nov'));
    assert.doesNotMatch(text, /secret|<!here>|&lt;/);
  });

  it('the App Home gets no chart block, since Slack does not list the Home tab among its surfaces', () => {
    const withCells = channelSummary(shownSummary, {
      cells: [
        {
          start: 0,
          end: 86_400_000,
          label: 'Thu 1 Jan',
          kind: 'day',
          people: 6,
          members: 9,
          checkins: 8,
          dist: [1, 1, 2, 3, 1],
        },
      ],
    });
    assert.doesNotMatch(JSON.stringify(homeView(data({ led: [withCells] }))), /data_visualization/);
  });

  it('offers five check-in buttons and, for a lead, one line per channel', () => {
    const view = homeView(data({ led: [channelSummary(shownSummary)] }));
    const text = JSON.stringify(view);
    assert.deepEqual(text.match(/home_checkin_\d/g), [
      'home_checkin_1',
      'home_checkin_2',
      'home_checkin_3',
      'home_checkin_4',
      'home_checkin_5',
    ]);
    assert.match(text, /Your teams — last 7 days/);
    assert.match(text, /<#C0WARD7> — 6 people/);
  });

  it('asks which team with one button per channel when a check-in needs a choice', () => {
    const view = homeView(data({ notice: { kind: 'choose', score: 3, channels: ['C1', 'C2'] } }));
    const text = JSON.stringify(view);
    assert.match(text, /more than one care channel/);
    assert.match(
      text,
      /"action_id":"home_pick_1","text":\{"type":"plain_text","text":"This team"\},"value":"\{\\"c\\":\\"C2\\",\\"s\\":3\}"/,
    );
  });
});
