import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Category, PROMPT_CATEGORIES } from '../../../src/domain/types.js';
import { findPrompt, PROMPT_MAX_LENGTH, PROMPTS, promptsIn } from '../../../src/prompts/index.js';

const PREFIX: Readonly<Record<Category, string>> = {
  compassion: 'cmp',
  mindfulness: 'mnd',
  'self-care': 'slf',
  gratitude: 'grt',
  'after-event': 'aft',
};

describe('prompt library', () => {
  it('has at least 72 prompts in total (60 everyday, 12 for after a hard event)', () => {
    assert.ok(PROMPTS.length >= 72, `only ${PROMPTS.length} prompts`);
  });

  it('has at least 12 prompts in every category, after-event included', () => {
    assert.deepEqual(PROMPT_CATEGORIES, [
      'compassion',
      'mindfulness',
      'self-care',
      'gratitude',
      'after-event',
    ]);
    for (const category of PROMPT_CATEGORIES) {
      const n = promptsIn(category).length;
      assert.ok(n >= 12, `${category} has only ${n} prompts`);
    }
  });

  it('puts every prompt in a known category', () => {
    for (const p of PROMPTS) {
      assert.ok((PROMPT_CATEGORIES as readonly string[]).includes(p.category), `${p.id}: ${p.category}`);
    }
  });

  it('keeps every text non-empty, trimmed and within the length limit', () => {
    assert.equal(PROMPT_MAX_LENGTH, 280);
    for (const p of PROMPTS) {
      assert.ok(p.text.length > 0, `${p.id} is empty`);
      assert.equal(p.text, p.text.trim(), `${p.id} has surrounding whitespace`);
      assert.ok(p.text.length <= PROMPT_MAX_LENGTH, `${p.id} is ${p.text.length} characters`);
    }
  });

  it('gives every prompt a unique ID whose prefix matches its category', () => {
    const ids = new Set<string>();
    for (const p of PROMPTS) {
      assert.match(p.id, /^(cmp|mnd|slf|grt|aft)-\d{2}$/);
      assert.ok(p.id.startsWith(`${PREFIX[p.category]}-`), `${p.id} is in ${p.category}`);
      assert.ok(!ids.has(p.id), `duplicate ID ${p.id}`);
      ids.add(p.id);
    }
  });

  it('never repeats a text, ignoring case', () => {
    const seen = new Map<string, string>();
    for (const p of PROMPTS) {
      const key = p.text.toLowerCase();
      assert.ok(!seen.has(key), `${p.id} repeats ${seen.get(key)}`);
      seen.set(key, p.id);
    }
  });

  it('keeps texts free of characters Slack treats as markup', () => {
    for (const p of PROMPTS) {
      assert.doesNotMatch(p.text, /[<>&]/, p.id);
    }
  });

  it('keeps every text on a single line', () => {
    for (const p of PROMPTS) {
      assert.doesNotMatch(p.text, /[\r\n\u2028\u2029]/, p.id);
    }
  });
});

describe('prompt helpers', () => {
  it('returns only prompts of the asked category, in library order', () => {
    for (const category of PROMPT_CATEGORIES) {
      const list = promptsIn(category);
      assert.ok(list.every((p) => p.category === category));
      assert.deepEqual(
        list,
        PROMPTS.filter((p) => p.category === category),
      );
    }
  });

  it('finds a prompt by its ID and returns undefined for an unknown ID', () => {
    const first = PROMPTS[0];
    assert.ok(first);
    assert.equal(findPrompt(first.id), first);
    assert.equal(findPrompt('cmp-99'), undefined);
    assert.equal(findPrompt(''), undefined);
  });
});
