// Property: any sequence of reaction adds/removes, button presses and /checkins by several people on
// several prompts leaves the same answers and aggregates as a tiny reference model of the answering rules.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { DEFAULT_EMOJI_MAP } from '../../src/domain/emoji.js';
import type { Score } from '../../src/domain/types.js';
import { createAfterCheckin } from '../../src/services/after-checkin.js';
import { createCheckinService } from '../../src/services/checkins.js';
import { createChannelStore } from '../../src/store/channels.js';
import { createCheckinStore } from '../../src/store/checkins.js';
import { createKeys } from '../../src/store/keys.js';
import { openCounts, slotAt } from '../support/open-cells.js';
import { testRedis, uniquePrefix } from '../support/redis.js';

const TEAM = 'T0MODEL';
const CHANNEL = 'C0MODEL';
const USERS = ['U1', 'U2', 'U3', 'U4'];
// Recent instants: stored data expires after the retention period, counted from real time by Redis.
const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const PROMPTS = [3000, 2000, 1000].map((ago, i) => `${Math.floor((NOW - ago * 1000) / 1000)}.00010${i}`);
const EMOJI = ['one', 'two', 'three', 'four', 'five', 'grinning', 'disappointed', 'pizza'];

type Op =
  | { t: 'react'; user: string; prompt: number; emoji: string }
  | { t: 'unreact'; user: string; prompt: number; emoji: string }
  | { t: 'button'; user: string; prompt: number; score: Score }
  | { t: 'checkin'; user: string; score: Score };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    t: fc.constant('react' as const),
    user: fc.constantFrom(...USERS),
    prompt: fc.nat(2),
    emoji: fc.constantFrom(...EMOJI),
  }),
  fc.record({
    t: fc.constant('unreact' as const),
    user: fc.constantFrom(...USERS),
    prompt: fc.nat(2),
    emoji: fc.constantFrom(...EMOJI),
  }),
  fc.record({
    t: fc.constant('button' as const),
    user: fc.constantFrom(...USERS),
    prompt: fc.nat(2),
    score: fc.constantFrom<Score>(1, 2, 3, 4, 5),
  }),
  fc.record({
    t: fc.constant('checkin' as const),
    user: fc.constantFrom(...USERS),
    score: fc.constantFrom<Score>(1, 2, 3, 4, 5),
  }),
);

/** The reference model: per (user, prompt) the reactions still on (oldest first) and the answer. */
function model(ops: Op[]) {
  const reactions = new Map<string, string[]>();
  // vis: whether the answer is one the channel can see (v: their only mapped reaction) or private (p).
  const answers = new Map<string, { score: number; src: string; vis: 'v' | 'p' }>();
  for (const op of ops) {
    const prompt = op.t === 'checkin' ? PROMPTS.length - 1 : op.prompt;
    const key = `${op.user}|${prompt}`;
    const list = reactions.get(key) ?? [];
    if (op.t === 'react' || op.t === 'unreact') {
      const score = DEFAULT_EMOJI_MAP[op.emoji];
      if (score === undefined) continue;
      const rest = list.filter((e) => e !== op.emoji);
      const priv = (src: string, n: number) => (src.startsWith('r:') && n === 1 ? 'v' : 'p');
      if (op.t === 'react') {
        rest.push(op.emoji);
        answers.set(key, { score, src: `r:${op.emoji}`, vis: priv(`r:${op.emoji}`, rest.length) });
      } else if (answers.get(key)?.src === `r:${op.emoji}`) {
        const last = rest.at(-1);
        if (last)
          answers.set(key, {
            score: DEFAULT_EMOJI_MAP[last] as number,
            src: `r:${last}`,
            vis: priv(`r:${last}`, rest.length),
          });
        else answers.delete(key);
      } else {
        // Another reaction of theirs went: the one that counts may be the only one left now.
        const a = answers.get(key);
        if (a) a.vis = priv(a.src, rest.length);
      }
      reactions.set(key, rest);
    } else {
      answers.set(key, { score: op.score, src: op.t, vis: 'p' });
    }
  }
  return answers;
}

let redis: Redis;
before(() => {
  redis = testRedis();
});
after(() => redis.disconnect());

it('keeps answers and daily aggregates equal to the reference model for any sequence', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { maxLength: 40 }), async (ops) => {
      const keys = createKeys(uniquePrefix());
      const store = createCheckinStore(redis, keys, { retentionDays: 30 });
      const channels = createChannelStore(redis, keys);
      await redis.hset(keys.channels(TEAM), CHANNEL, JSON.stringify({ tz: 'UTC' }));
      for (const [i, ts] of PROMPTS.entries()) {
        await redis.hset(keys.promptMessage(TEAM, CHANNEL, ts), {
          id: `cmp-0${i + 1}`,
          cat: 'compassion',
          at: String(NOW - 1000),
        });
      }
      await redis.hset(keys.latestPrompt(TEAM, CHANNEL), {
        ts: PROMPTS.at(-1) as string,
        at: String(NOW - 1000),
      });
      const careDms = new Map<string, number>();
      const slack = {
        channelMembers: async () => USERS,
        channelsWithMember: async (_team: string, user: string, channels: readonly string[]) =>
          USERS.includes(user) ? [...channels] : [],
        sendDm: async (_team: string, user: string) => {
          careDms.set(user, (careDms.get(user) ?? 0) + 1);
          return { sent: true as const };
        },
        isHuman: async () => true,
      };
      const background: Promise<unknown>[] = [];
      const service = createCheckinService({
        store,
        channels,
        slack,
        cells: {
          slot: (team, channel, now) => slotAt(redis, keys.prefix, team, channel, now),
          regrid: (team, channel, now) => slotAt(redis, keys.prefix, team, channel, now),
        },
        after: createAfterCheckin({
          slack,
          store,
          supportText: 'support',
          background: (work) => background.push(work),
        }),
        clock: () => NOW,
        emojiMap: DEFAULT_EMOJI_MAP,
        defaultTz: 'UTC',
      });
      for (const op of ops) {
        if (op.t === 'react' || op.t === 'unreact') {
          await service.reaction({
            team: TEAM,
            user: op.user,
            channel: CHANNEL,
            ts: PROMPTS[op.prompt] as string,
            reaction: op.emoji,
            added: op.t === 'react',
          });
        } else if (op.t === 'button') {
          await service.button({
            team: TEAM,
            user: op.user,
            channel: CHANNEL,
            messageTs: PROMPTS[op.prompt] as string,
            score: op.score,
          });
        } else {
          await service.command({ team: TEAM, user: op.user, channel: CHANNEL, text: String(op.score) });
        }
      }
      await Promise.all(background);
      const expected = model(ops);
      // Stored answers, person by person.
      for (const user of USERS) {
        const got = (await store.answersOf(TEAM, user, 0, NOW)).map((a) => `${a.promptTs}=${a.score}`).sort();
        const want = [...expected.entries()]
          .filter(([k]) => k.startsWith(`${user}|`))
          .map(([k, v]) => `${PROMPTS[Number(k.split('|')[1])]}=${v.score}`)
          .sort();
        assert.deepEqual(got, want, `answers of ${user}`);
      }
      // The open cell: counts per score, distinct respondents, and each answer public or private.
      const open = await openCounts(redis, keys.prefix, TEAM, CHANNEL);
      const counts = [0, 0, 0, 0, 0];
      for (const v of expected.values()) counts[v.score - 1] = (counts[v.score - 1] ?? 0) + 1;
      assert.deepEqual(open.counts, counts, 'counts per score');
      const respondents = new Set([...expected.keys()].map((k) => k.split('|')[0])).size;
      assert.equal(open.respondents, respondents, 'respondents in the open cell');
      for (const user of USERS) {
        const want = [...expected.entries()]
          .filter(([k]) => k.startsWith(`${user}|`))
          .map(([, v]) => `${v.score}${v.vis}`)
          .sort();
        assert.deepEqual([...(open.entries.get(user) ?? [])].sort(), want, `cell entries of ${user}`);
      }
      // Care (§4.5): whoever answered 1 at least once got the support text exactly once; nobody else did.
      for (const user of USERS) {
        const answeredOne = ops.some(
          (op) =>
            op.user === user &&
            (op.t === 'react' ? DEFAULT_EMOJI_MAP[op.emoji] === 1 : op.t !== 'unreact' && op.score === 1),
        );
        assert.equal(careDms.get(user) ?? 0, answeredOne ? 1 : 0, `support DMs to ${user}`);
      }
    }),
    { numRuns: 60 },
  );
});
