// Retention, exactly: with WELLBEING_RETENTION_DAYS=30, every key that holds a member's user ID or a
// note expires within 31 days, whatever the person did (reactions, buttons, /checkin with a note from a
// channel and from a DM, a late answer the next day, a changed answer, the App Home); and a shorter
// retention reaches what was written before it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCheckinStore } from '../../src/store/checkins.js';
import { createKeys } from '../../src/store/keys.js';
import { type Harness, startHarness } from '../support/harness.js';
import { slotAt } from '../support/open-cells.js';
import { keysHolding } from '../support/redis-scan.js';
import { careChannel, fakePrompt } from '../support/scene.js';

const DAY = 86_400_000;

describe('retention', () => {
  let h: Harness;
  let clockMs = Date.now();
  before(async () => {
    h = await startHarness({ clock: () => clockMs, env: { WELLBEING_RETENTION_DAYS: '30' } });
  });
  after(async () => h.close());

  const holding = (needle: string) => keysHolding(h.redis, h.prefix, needle);

  it('expires everything that holds a member’s ID or note within retention + 1 day', async () => {
    const care = await careChannel(h.standin, h.redis, h.prefix, { channel: 'C0RET001', members: 6 });
    const [a, b, c] = care.members as [string, string, string];
    const ts = `${Math.floor(clockMs / 1000)}.000100`;
    await fakePrompt(h.redis, h.prefix, h.standin.teamId, care.channel, ts, clockMs);
    await h.standin.reactionAdded({ user: a, reaction: 'four', channel: care.channel, ts });
    await h.standin.reactionAdded({ user: a, reaction: 'two', channel: care.channel, ts }); // changed
    await h.standin.blockAction({
      userId: b,
      channelId: care.channel,
      actionId: 'checkin_score_3',
      value: 'cmp-01:3',
      blockId: 'checkin',
      messageTs: ts,
    });
    await h.standin.appHomeOpened(c);
    await h.standin.blockAction({ userId: c, actionId: 'home_checkin_4' });
    // A /checkin with a note from a DM (after the App Home one, which it replaces: same prompt).
    await h.standin.slashCommand({
      command: '/checkin',
      text: '2 retention-note-xyz',
      userId: c,
      channelId: 'D0RETDM',
    });
    clockMs += 20 * 3_600_000; // a late answer, the next day
    await h.standin.reactionAdded({ user: b, reaction: 'five', channel: care.channel, ts });
    // TTLs count from real time; the bot's clock is ahead of it by the day that passed above.
    const limit = 31 * DAY + (clockMs - Date.now()) + 60_000;
    for (const who of [a, b, c, 'retention-note-xyz']) {
      const held = await holding(who);
      assert.ok(held.length > 0, `something holds ${who} while it is kept`);
      for (const { key, ttl } of held) {
        if (key.endsWith(`:leads:${care.channel}`)) continue; // roles, not check-ins (no member is a lead here)
        assert.ok(ttl > 0 && ttl <= limit, `${key} holds ${who} and expires in ${ttl} ms`);
      }
    }
  });

  it('deletes what a shorter retention no longer allows, within a day', async () => {
    const keys = createKeys(h.prefix);
    const team = h.standin.teamId;
    // Written 60 days ago under a retention of 180 days, then the bot runs with 30.
    const long = createCheckinStore(h.redis, keys, { retentionDays: 180 });
    const then = clockMs - 60 * DAY;
    await long.setAnswer(
      { team, user: 'U0OLDANS', channel: 'C0RET001' },
      {
        score: 3,
        source: 'command',
        nowMs: then,
        cell: await slotAt(h.redis, h.prefix, team, 'C0RET001', then),
        note: 'old-note-qq',
      },
    );
    await h.redis.sadd(keys.teams(), team);
    assert.ok((await holding('old-note-qq')).length > 0);
    await h.bot.runSettler(clockMs);
    assert.deepEqual(await holding('old-note-qq'), []);
  });

  it('deletes what the layout before cells left: a person’s at forget-me, everything at the daily sweep', async () => {
    const keys = createKeys(h.prefix);
    const team = h.standin.teamId;
    const t = keys.team(team);
    await h.redis.hset(`${t}:ua:U0LEGACY:202610`, 'C0RET001:c1', '3|1790000000|2026-10-01|c');
    await h.redis.hset(`${t}:un:U0LEGACY:202610`, 'C0RET001:c1', 'legacy-note-zz');
    await h.redis.hset(`${t}:uidx`, 'U0LEGACY', '7', 'U0OTHER', '8');
    await h.redis.hset(`${t}:agg:C0RET001:2026-10-01`, '3', '1');
    await h.redis.hset(`${t}:ua:U0OTHER:202610`, 'C0RET001:c2', '4|1790000000|2026-10-01|c');
    const d = await h.standin.slashCommand({
      command: '/wellbeing',
      text: 'forget-me confirm',
      userId: 'U0LEGACY',
      channelId: 'C0RET001',
    });
    assert.equal(d.status, 200);
    assert.deepEqual(await holding('U0LEGACY'), []);
    assert.deepEqual(await holding('legacy-note-zz'), []);
    await h.redis.sadd(keys.teams(), team);
    await h.bot.runSettler(clockMs + 86_400_000);
    assert.deepEqual(await holding('U0OTHER'), []);
    assert.equal(await h.redis.exists(`${t}:agg:C0RET001:2026-10-01`), 0);
  });
});
