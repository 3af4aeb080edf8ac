// Prompt rotation against real Redis: the Lua pick is atomic, so concurrent replicas
// never take the same prompt for two slots.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Redis } from 'ioredis';
import { CATEGORIES } from '../../src/domain/types.js';
import { promptsIn } from '../../src/prompts/index.js';
import { createKeys } from '../../src/store/keys.js';
import { createPromptStore, type PromptStore } from '../../src/store/prompts.js';
import { testRedis, uniquePrefix } from '../support/redis.js';

const TEAM = 'T0ROT';
const COMPASSION = promptsIn('compassion').map((p) => p.id);

describe('prompt rotation', () => {
  let redis: Redis;
  let store: PromptStore;
  let n = 0;
  const channel = () => `C0ROT${++n}`;
  let seed = 0;
  // Deterministic but varied choices.
  const random = () => {
    seed = (seed * 9301 + 49297) % 233280;
    return seed / 233280;
  };

  before(() => {
    redis = testRedis();
    store = createPromptStore(redis, createKeys(uniquePrefix()), { retentionDays: 180 });
  });
  after(() => redis.disconnect());

  it('never posts an after-event prompt in the mixed rotation, and cycles after-event on its own', async () => {
    const ch = channel();
    const mixed: string[] = [];
    for (let i = 0; i < 80; i++) mixed.push((await store.pick(TEAM, ch, 'mixed', random())).category);
    assert.deepEqual([...new Set(mixed)].sort(), [...CATEGORIES].sort());
    const afterEvent = promptsIn('after-event').map((p) => p.id);
    const ids: string[] = [];
    for (let i = 0; i < afterEvent.length; i++) {
      const p = await store.pick(TEAM, ch, 'after-event', random());
      assert.equal(p.category, 'after-event');
      ids.push(p.id);
    }
    assert.deepEqual([...ids].sort(), [...afterEvent].sort());
    // The mixed counter went on where it was: after-event picks do not advance it.
    assert.equal((await store.pick(TEAM, ch, 'mixed', random())).category, CATEGORIES[80 % 4]);
  });

  it('uses every prompt of a category once before any repeats', async () => {
    const ch = channel();
    const ids: string[] = [];
    for (let i = 0; i < COMPASSION.length; i++)
      ids.push((await store.pick(TEAM, ch, 'compassion', random())).id);
    assert.deepEqual([...ids].sort(), [...COMPASSION].sort());
  });

  it('keeps a prompt that was given back (its post was refused) due before the cycle ends', async () => {
    const ch = channel();
    const refused = (await store.pick(TEAM, ch, 'compassion', random())).id;
    await store.giveBack(TEAM, ch, 'compassion', refused);
    const ids: string[] = [];
    for (let i = 0; i < COMPASSION.length; i++)
      ids.push((await store.pick(TEAM, ch, 'compassion', random())).id);
    assert.deepEqual([...ids].sort(), [...COMPASSION].sort());
  });

  it('starts a new cycle without repeating the prompt just posted', async () => {
    const ch = channel();
    const ids: string[] = [];
    for (let i = 0; i < COMPASSION.length * 2; i++)
      ids.push((await store.pick(TEAM, ch, 'compassion', random())).id);
    assert.deepEqual([...ids.slice(COMPASSION.length)].sort(), [...COMPASSION].sort());
    assert.notEqual(ids[COMPASSION.length], ids[COMPASSION.length - 1]);
  });

  it('includes the channel’s custom prompts in the cycle, and only that channel’s', async () => {
    const ch = channel();
    const other = channel();
    const added = await store.addCustom(
      TEAM,
      ch,
      {
        category: 'compassion',
        text: 'After a restraint, unclench your jaw.',
        addedAt: 1,
        source: 'command',
      },
      100,
    );
    assert.equal(added.kind, 'added');
    const picked = [];
    for (let i = 0; i <= COMPASSION.length; i++)
      picked.push(await store.pick(TEAM, ch, 'compassion', random()));
    const custom = picked.filter((p) => p.custom);
    assert.equal(new Set(picked.map((p) => p.id)).size, COMPASSION.length + 1);
    assert.deepEqual(
      custom.map((p) => p.text),
      ['After a restraint, unclench your jaw.'],
    );
    for (let i = 0; i < COMPASSION.length; i++) {
      assert.equal((await store.pick(TEAM, other, 'compassion', random())).custom, false);
    }
  });

  it('never gives two concurrent pickers the same prompt', async () => {
    const ch = channel();
    const picker = async () => {
      const ids: string[] = [];
      for (let i = 0; i < COMPASSION.length / 2; i++)
        ids.push((await store.pick(TEAM, ch, 'compassion', 0)).id);
      return ids;
    };
    // With the same `random`, two non-atomic pickers would read the same unused set and collide.
    const [a, b] = await Promise.all([picker(), picker()]);
    const all = [...(a ?? []), ...(b ?? [])];
    assert.equal(all.length, COMPASSION.length);
    assert.equal(new Set(all).size, COMPASSION.length);
  });

  it('rotates mixed through the categories in turn', async () => {
    const ch = channel();
    const cats = [];
    for (let i = 0; i < CATEGORIES.length * 2; i++)
      cats.push((await store.pick(TEAM, ch, 'mixed', random())).category);
    assert.deepEqual(cats, [...CATEGORIES, ...CATEGORIES]);
  });
});
