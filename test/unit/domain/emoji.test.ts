import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildEmojiMap,
  DEFAULT_EMOJI_MAP,
  NUMBER_REACTIONS,
  scoreForReaction,
} from '../../../src/domain/emoji.js';

describe('DEFAULT_EMOJI_MAP', () => {
  it('maps the spec’s ten emoji to their scores', () => {
    assert.deepEqual(
      { ...DEFAULT_EMOJI_MAP },
      {
        one: 1,
        disappointed: 1,
        two: 2,
        slightly_frowning_face: 2,
        three: 3,
        neutral_face: 3,
        four: 4,
        slightly_smiling_face: 4,
        five: 5,
        grinning: 5,
      },
    );
  });

  it('cannot be changed at run time', () => {
    assert.equal(Object.isFrozen(DEFAULT_EMOJI_MAP), true);
  });
});

describe('NUMBER_REACTIONS', () => {
  it('lists the number emoji for scores 1 to 5 in order', () => {
    assert.deepEqual([...NUMBER_REACTIONS], ['one', 'two', 'three', 'four', 'five']);
  });

  it('names only emoji that count for their own score', () => {
    NUMBER_REACTIONS.forEach((name, i) => {
      assert.equal(DEFAULT_EMOJI_MAP[name], i + 1);
    });
  });
});

describe('scoreForReaction', () => {
  it('gives the score of a mapped reaction', () => {
    assert.equal(scoreForReaction(DEFAULT_EMOJI_MAP, 'slightly_frowning_face'), 2);
  });

  it('ignores a reaction that is not mapped', () => {
    assert.equal(scoreForReaction(DEFAULT_EMOJI_MAP, 'pizza'), undefined);
  });

  it('strips a skin-tone suffix', () => {
    assert.equal(scoreForReaction({ thumbsup: 4 }, 'thumbsup::skin-tone-2'), 4);
  });

  it('strips surrounding colons', () => {
    assert.equal(scoreForReaction(DEFAULT_EMOJI_MAP, ':five:'), 5);
  });

  it('strips colons and a skin tone together', () => {
    assert.equal(scoreForReaction({ wave: 3 }, ':wave::skin-tone-6:'), 3);
  });

  it('does not treat inherited object properties as emoji', () => {
    assert.equal(scoreForReaction(DEFAULT_EMOJI_MAP, 'constructor'), undefined);
    assert.equal(scoreForReaction(DEFAULT_EMOJI_MAP, '__proto__'), undefined);
  });
});

describe('buildEmojiMap', () => {
  it('keeps the defaults when nothing is overridden', () => {
    assert.deepEqual(buildEmojiMap({}), { ok: true, value: { ...DEFAULT_EMOJI_MAP } });
  });

  it('replaces the emoji of an overridden score and keeps the rest', () => {
    const r = buildEmojiMap({ '3': ['ok_hand'] });
    assert.ok(r.ok);
    assert.equal(r.value.ok_hand, 3);
    assert.equal(r.value.three, undefined);
    assert.equal(r.value.neutral_face, undefined);
    assert.equal(r.value.one, 1);
  });

  it('stores names in lower case', () => {
    const r = buildEmojiMap({ '5': ['Tada'] });
    assert.ok(r.ok);
    assert.equal(r.value.tada, 5);
  });

  it('refuses an emoji given for two scores', () => {
    assert.deepEqual(buildEmojiMap({ '1': ['sob'], '2': ['sob'] }), {
      ok: false,
      reason: 'Emoji "sob" is given for both score 1 and score 2; each emoji can mean one score.',
    });
  });

  it('refuses an override that clashes with another score’s default', () => {
    const r = buildEmojiMap({ '1': ['five'] });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.reason, /"five" is given for both score 1 and score 5/);
  });

  it('refuses a name with a space', () => {
    assert.deepEqual(buildEmojiMap({ '4': ['thumbs up'] }), {
      ok: false,
      reason: 'Emoji "thumbs up" for score 4 must be a name without spaces or colons, e.g. four',
    });
  });

  it('refuses a name with colons', () => {
    assert.equal(buildEmojiMap({ '4': [':four:'] }).ok, false);
  });

  it('refuses an empty name', () => {
    assert.equal(buildEmojiMap({ '4': [''] }).ok, false);
  });

  it('refuses an empty list', () => {
    assert.deepEqual(buildEmojiMap({ '2': [] }), {
      ok: false,
      reason: 'Score 2 needs at least one emoji, e.g. 2: [two]',
    });
  });

  it('refuses a score outside 1 to 5', () => {
    const input = { '6': ['rocket'] } as unknown as Parameters<typeof buildEmojiMap>[0];
    assert.equal(buildEmojiMap(input).ok, false);
  });
});
