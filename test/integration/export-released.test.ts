// `/wellbeing export` in the whole bot: check-ins through signed HTTP, cells that settle under the
// release rules, the CSV of what the lead may see put in their DM through the stand-in's upload.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SUMMARY_REFUSAL } from '../../src/slack/blocks/summary.js';
import { NOTHING_TO_SHOW } from '../../src/slack/commands/export.js';
import { parseCsv } from '../support/csv.js';
import { type Harness, startHarness } from '../support/harness.js';
import { type CareChannel, careChannel, fakePrompt } from '../support/scene.js';

const NOW = Date.parse('2026-11-25T10:00:00Z');
/** 01:30 the next day: the 25th settled at 01:00. */
const NEXT_DAY = Date.parse('2026-11-26T01:30:00Z');
let clockMs = NOW;

describe('/wellbeing export of released cells', () => {
  let h: Harness;
  let care: CareChannel;
  let promptTs: string;
  let n = 0;

  before(async () => {
    h = await startHarness({ clock: () => clockMs });
  });
  after(async () => h.close());
  beforeEach(async () => {
    clockMs = NOW;
    n += 1;
    care = await careChannel(h.standin, h.redis, h.prefix, { channel: `C0EXP${String(n).padStart(3, '0')}` });
    promptTs = `${Math.floor(NOW / 1000) - 60}.0003${String(n).padStart(2, '0')}`;
    await fakePrompt(h.redis, h.prefix, h.standin.teamId, care.channel, promptTs, NOW - 60_000);
    h.standin.reset();
  });

  const member = (i: number) => care.members[i] as string;
  const react = (i: number, reaction: string) =>
    h.standin.reactionAdded({ user: member(i), reaction, channel: care.channel, ts: promptTs });
  const ask = async (user: string, text: string) => {
    const d = await h.standin.slashCommand({
      command: '/wellbeing',
      text,
      userId: user,
      channelId: care.channel,
    });
    assert.equal(d.status, 200);
    return d.ack as { text: string };
  };

  it("puts the lead's released day in their DM as one CSV row, with no one's ID in it", async () => {
    const reactions = ['four', 'two', 'five', 'three', 'four', 'one'];
    for (const [i, r] of reactions.entries()) await react(i, r);
    clockMs = NEXT_DAY;
    const ack = await ask(care.lead, 'export 30d');
    assert.match(ack.text, /in our DM: 1 row/);
    const [file] = h.standin.files({ channel: h.standin.dmChannel(care.lead) }).filter((f) => f.completed);
    assert.ok(file, 'no file in the lead’s DM');
    const rows = parseCsv(file.content);
    assert.deepEqual(rows.slice(1), [
      ['2026-11-25T00:00:00+00:00', '2026-11-26T00:00:00+00:00', '6', '6', '3.17', '1', '1', '1', '2', '1'],
    ]);
    for (const id of [...care.members, care.lead]) assert.ok(!file.content.includes(id), `${id} in the CSV`);
    assert.ok(!JSON.stringify(file).includes(member(0)));
  });

  it('sends nothing for a day too few people answered, and says why', async () => {
    for (let i = 0; i < 4; i++) await react(i, 'three');
    clockMs = NEXT_DAY;
    const ack = await ask(care.lead, 'export 90d');
    assert.ok(ack.text.startsWith(NOTHING_TO_SHOW), ack.text);
    assert.deepEqual(h.standin.files(), []);
  });

  it('sends nothing before the day settles', async () => {
    for (let i = 0; i < 6; i++) await react(i, 'three');
    const ack = await ask(care.lead, 'export 30d');
    assert.ok(ack.text.startsWith(NOTHING_TO_SHOW), ack.text);
    assert.deepEqual(h.standin.files(), []);
  });

  it('gives a member the summary refusal, whatever the channel holds', async () => {
    for (let i = 0; i < 6; i++) await react(i, 'three');
    clockMs = NEXT_DAY;
    const ack = await ask(member(0), 'export 90d');
    assert.equal(ack.text, SUMMARY_REFUSAL);
    assert.deepEqual(h.standin.files(), []);
  });
});
