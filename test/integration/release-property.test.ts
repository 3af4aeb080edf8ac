// The release rules, as properties over random multi-week histories run through the real check-in and
// cell services against real Redis: public and private answers, overrides, changed and late answers,
// forget-me, a lead named midway, leads and an admin who also answer, pooling and time-zone changes,
// and views at random times.
//   - every view is the sum of whole settled parts, each passing the rules for that viewer;
//   - no check-in is in two shown parts;
//   - settled parts do not depend on when (or whether) anyone looked;
//   - release decisions do not depend on scores;
//   - a view depends on the viewer's released parts only.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import {
  type CellEntry,
  passes,
  releasedTo,
  type SettledPart,
  summed,
  viewFor,
} from '../../src/domain/release.js';
import type { Score } from '../../src/domain/types.js';
import type { createKeys } from '../../src/store/keys.js';
import { historyWorld } from '../support/history.js';
import { testRedis } from '../support/redis.js';

const TEAM = 'T0PROP';
const CH = 'C0PROP';
const K = 3;
const DAY = 86_400_000;
// Recent enough that nothing expires in Redis while the test runs.
const T0 = Math.floor(Date.now() / DAY) * DAY - 40 * DAY;
const PEOPLE = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'L1', 'L2'];
const VIEWERS = ['L1', 'L2', 'UADMIN'];
const EMOJI = ['one', 'two', 'three', 'four', 'five', 'grinning'];

type Ev =
  | { t: 'react' | 'unreact'; at: number; user: string; emoji: string }
  | { t: 'button' | 'checkin'; at: number; user: string; score: Score }
  | { t: 'view'; at: number; viewer: string; days: 7 | 30 }
  | { t: 'pooling'; at: number; pooling: 'day' | 'week' | '4w' }
  | { t: 'tz'; at: number; tz: string }
  | { t: 'forget'; at: number; user: string }
  | { t: 'lead'; at: number };

const at = fc.integer({ min: 0, max: 20 * DAY });
const evArb: fc.Arbitrary<Ev> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constantFrom('react' as const, 'unreact' as const),
      at,
      user: fc.constantFrom(...PEOPLE),
      emoji: fc.constantFrom(...EMOJI),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constantFrom('button' as const, 'checkin' as const),
      at,
      user: fc.constantFrom(...PEOPLE),
      score: fc.constantFrom<Score>(1, 2, 3, 4, 5),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('view' as const),
      at,
      viewer: fc.constantFrom(...VIEWERS),
      days: fc.constantFrom<7 | 30>(7, 30),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('pooling' as const),
      at,
      pooling: fc.constantFrom('day' as const, 'week' as const, '4w' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('tz' as const),
      at,
      tz: fc.constantFrom('UTC', 'America/New_York', 'Asia/Kolkata'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('forget' as const), at, user: fc.constantFrom(...PEOPLE) }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('lead' as const), at }) },
);

let redis: Redis;
before(() => {
  redis = testRedis();
});
after(() => redis.disconnect());

interface Run {
  parts: SettledPart[];
  /** Raw entries ("user|anchor" → score and p|v) of every cell as it was settled, by cell id. */
  entries: Map<string, Record<string, string>>;
  views: { viewer: string; at: number; days: number; shown: SettledPart[]; figures?: { checkins: number } }[];
  keys: ReturnType<typeof createKeys>;
}

/** Plays a history; `rescore` changes every score given (the same way each time). */
async function play(events: Ev[], o: { views: boolean; rescore?: (s: Score) => Score }): Promise<Run> {
  const w = await historyWorld(redis, {
    team: TEAM,
    channel: CH,
    tz: 'UTC',
    k: K,
    people: PEOPLE,
    admins: ['UADMIN'],
    ...(o.rescore ? { rescore: o.rescore } : {}),
  });
  const { keys, cells, service, roles, entries, rescore, clock } = w;
  clock.now = T0;
  await roles.addLead(TEAM, CH, 'L1', T0 - DAY);
  const views: Run['views'] = [];
  let promptTs = '';
  let promptDay = -1;
  for (const ev of [...events].sort((a, b) => a.at - b.at)) {
    clock.now = T0 + ev.at;
    const now = clock.now;
    // One prompt a day at the first event of the day.
    const day = Math.floor(ev.at / DAY);
    if (day !== promptDay) {
      promptDay = day;
      promptTs = await w.postPrompt();
    }
    switch (ev.t) {
      case 'react':
      case 'unreact':
        await service.reaction({
          team: TEAM,
          user: ev.user,
          channel: CH,
          ts: promptTs,
          reaction: ev.emoji,
          added: ev.t === 'react',
        });
        break;
      case 'button':
        await service.button({
          team: TEAM,
          user: ev.user,
          channel: CH,
          messageTs: promptTs,
          score: rescore(ev.score),
        });
        break;
      case 'checkin':
        await service.command({ team: TEAM, user: ev.user, channel: CH, text: String(rescore(ev.score)) });
        break;
      case 'view':
        if (o.views) {
          const v = await cells.view(
            TEAM,
            CH,
            ev.viewer,
            ev.days,
            { isLead: ev.viewer !== 'UADMIN', isAdmin: ev.viewer === 'UADMIN' },
            now,
          );
          views.push({
            viewer: ev.viewer,
            at: now,
            days: ev.days,
            shown: v.shown,
            ...(v.figures ? { figures: v.figures } : {}),
          });
          assert.deepEqual(
            v.figures?.dist ?? [0, 0, 0, 0, 0],
            summed(v.shown),
            'a view is the sum of its shown parts',
          );
        }
        break;
      case 'pooling':
        await cells.change(TEAM, CH, { pooling: ev.pooling }, now);
        break;
      case 'tz':
        await cells.change(TEAM, CH, { tz: ev.tz }, now);
        break;
      case 'forget':
        await service.forget(TEAM, ev.user);
        break;
      case 'lead':
        await roles.addLead(TEAM, CH, 'L2', now);
        break;
    }
  }
  clock.now = T0 + 60 * DAY;
  await cells.settleDue(TEAM, CH, clock.now);
  return { parts: await w.settledParts<SettledPart>(), entries, views, keys };
}

/** The entries of a settled part, as its cell held them when it settled. */
function partEntries(run: Run, p: SettledPart): { key: string; entry: CellEntry }[] {
  const cellId = p.part === 'public' ? p.id.slice(0, -1) : p.id;
  const raw = run.entries.get(cellId) ?? {};
  return Object.entries(raw)
    .map(([f, v]) => ({
      key: f,
      entry: { user: f.slice(0, f.indexOf('|')), score: Number(v[0]) as Score, priv: v[1] === 'p' },
    }))
    .filter((e) => p.part !== 'public' || !e.entry.priv);
}

const decisions = (parts: SettledPart[]) =>
  parts.map((p) => ({
    id: p.id,
    part: p.part,
    base: p.base,
    robust: p.robust,
    why: p.why,
    people: p.people,
    n: p.n,
    at: p.at,
  }));

it('holds the release rules over random multi-week histories', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(evArb, { minLength: 20, maxLength: 90 }), async (events) => {
      const a = await play(events, { views: true });
      // Every shown part passes rule 3 for its viewer (or holds whoever is left out), and no check-in is in two.
      for (const v of a.views) {
        const seen = new Set<string>();
        for (const p of v.shown) {
          const es = partEntries(a, p);
          assert.equal(es.length, p.n, `part ${p.id} holds what its cell held`);
          const ok =
            passes(
              es.map((e) => e.entry),
              K,
              v.viewer,
            ) === '';
          const holdsForAnyone = [...new Set(es.map((e) => e.entry.user))].every(
            (u) =>
              passes(
                es.map((e) => e.entry),
                K,
                u,
              ) === '',
          );
          assert.ok(ok || holdsForAnyone, `part ${p.id} shown to ${v.viewer} passes the rules`);
          for (const e of es) {
            assert.ok(
              !seen.has(`${p.id[0] === 'r' ? 'rem' : 'cell'}:${e.key}`) || p.part === 'rem',
              'no check-in twice',
            );
            seen.add(`${p.id[0] === 'r' ? 'rem' : 'cell'}:${e.key}`);
          }
        }
      }
      // Settled parts are the same whether or not anyone looked along the way.
      const quiet = await play(events, { views: false });
      assert.deepEqual(
        quiet.parts,
        a.parts,
        `settled parts do not depend on views:\n${JSON.stringify(quiet.parts)}\n${JSON.stringify(a.parts)}`,
      );
      // Decisions are the same with every score changed.
      const rescored = await play(events, { views: false, rescore: (s) => (6 - s) as Score });
      assert.deepEqual(decisions(rescored.parts), decisions(a.parts), 'decisions do not depend on scores');
      // A view depends only on the viewer's released parts.
      for (const v of a.views) {
        const viewer = await viewerOf(a, v.viewer);
        const released = a.parts.filter((p) => releasedTo(p, viewer));
        const again = viewFor(released, viewer, v.at, v.days);
        assert.deepEqual(again.shown, v.shown);
      }
    }),
    { numRuns: 25 },
  );
});

async function viewerOf(run: Run, user: string) {
  const lead = await redis.hget(run.keys.viewers(TEAM, CH), user);
  const admin = await redis.hget(run.keys.adminViewers(TEAM), user);
  const since = user === 'UADMIN' ? admin : lead;
  const flips = new Set(await redis.zrange(run.keys.flips(TEAM, user, CH), '0', '-1'));
  return { ...(since ? { since: Number(since) } : {}), flips };
}
