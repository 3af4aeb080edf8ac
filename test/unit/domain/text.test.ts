import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_EMOJI_MAP } from '../../../src/domain/emoji.js';
import {
  codePoints,
  NOTE_MAX_LENGTH,
  parseChannelMention,
  parseCheckinText,
  parseScoreToken,
  parseUserMention,
  tokenize,
} from '../../../src/domain/text.js';

describe('tokenize', () => {
  it('splits on any whitespace', () => {
    assert.deepEqual(tokenize('  schedule\tadd \n now '), ['schedule', 'add', 'now']);
  });

  it('keeps a double-quoted segment together without its quotes', () => {
    assert.deepEqual(tokenize('schedule add "0 7,15,23 * * *" Europe/London'), [
      'schedule',
      'add',
      '0 7,15,23 * * *',
      'Europe/London',
    ]);
  });

  it('keeps a curly-quoted segment together without its quotes', () => {
    assert.deepEqual(tokenize('schedule add “0 7 * * *” mixed'), ['schedule', 'add', '0 7 * * *', 'mixed']);
  });

  it('accepts a straight quote closing a curly one', () => {
    assert.deepEqual(tokenize('“0 7 * * *" x'), ['0 7 * * *', 'x']);
  });

  it('runs an unclosed quote to the end', () => {
    assert.deepEqual(tokenize('add "0 7 * *'), ['add', '0 7 * *']);
  });

  it('gives an empty token for empty quotes', () => {
    assert.deepEqual(tokenize('a "" b'), ['a', '', 'b']);
  });

  it('gives no tokens for blank text', () => {
    assert.deepEqual(tokenize('   '), []);
  });
});

describe('parseUserMention', () => {
  it('reads a mention with a name', () => {
    assert.equal(parseUserMention('<@U123ABC|sam>'), 'U123ABC');
  });

  it('reads a mention without a name', () => {
    assert.equal(parseUserMention('<@U123ABC>'), 'U123ABC');
  });

  it('reads an enterprise user ID', () => {
    assert.equal(parseUserMention('<@W123>'), 'W123');
  });

  it('refuses a plain @name', () => {
    assert.equal(parseUserMention('@sam'), undefined);
  });

  it('refuses a channel mention', () => {
    assert.equal(parseUserMention('<#C123|team>'), undefined);
  });

  it('refuses a mention with something after it', () => {
    assert.equal(parseUserMention('<@U123>x'), undefined);
  });

  it('refuses a special mention', () => {
    assert.equal(parseUserMention('<!channel>'), undefined);
  });
});

describe('parseChannelMention', () => {
  it('reads a channel with a name', () => {
    assert.equal(parseChannelMention('<#C123|ward-4>'), 'C123');
  });

  it('reads a channel without a name', () => {
    assert.equal(parseChannelMention('<#C123>'), 'C123');
  });

  it('reads a private channel ID', () => {
    assert.equal(parseChannelMention('<#G123>'), 'G123');
  });

  it('refuses a plain #name', () => {
    assert.equal(parseChannelMention('#ward-4'), undefined);
  });

  it('refuses a user mention', () => {
    assert.equal(parseChannelMention('<@U123>'), undefined);
  });
});

describe('parseScoreToken', () => {
  it('reads the digits 1 to 5', () => {
    assert.deepEqual(
      ['1', '2', '3', '4', '5'].map((t) => parseScoreToken(t, DEFAULT_EMOJI_MAP)),
      [1, 2, 3, 4, 5],
    );
  });

  it('refuses a digit outside 1 to 5', () => {
    assert.equal(parseScoreToken('9', DEFAULT_EMOJI_MAP), undefined);
  });

  it('reads a check-in emoji written with colons', () => {
    assert.equal(parseScoreToken(':three:', DEFAULT_EMOJI_MAP), 3);
  });

  it('reads a face emoji from the map', () => {
    assert.equal(parseScoreToken(':grinning:', DEFAULT_EMOJI_MAP), 5);
  });

  it('refuses an emoji name without colons', () => {
    assert.equal(parseScoreToken('three', DEFAULT_EMOJI_MAP), undefined);
  });

  it('refuses an emoji that is not in the map', () => {
    assert.equal(parseScoreToken(':pizza:', DEFAULT_EMOJI_MAP), undefined);
  });
});

describe('parseCheckinText', () => {
  it('reads a score alone', () => {
    assert.deepEqual(parseCheckinText('4', DEFAULT_EMOJI_MAP), { ok: true, value: { score: 4 } });
  });

  it('reads a score and a note', () => {
    assert.deepEqual(parseCheckinText('3 long shift, but okay', DEFAULT_EMOJI_MAP), {
      ok: true,
      value: { score: 3, note: 'long shift, but okay' },
    });
  });

  it('reads an emoji score', () => {
    assert.deepEqual(parseCheckinText(':four: ', DEFAULT_EMOJI_MAP), { ok: true, value: { score: 4 } });
  });

  it('keeps the note verbatim apart from trimming', () => {
    const note = 'two  spaces, <!channel> & "quotes"\nnew line';
    assert.deepEqual(parseCheckinText(`  2   ${note}   `, DEFAULT_EMOJI_MAP), {
      ok: true,
      value: { score: 2, note },
    });
  });

  it('asks for a score when the text is empty', () => {
    assert.deepEqual(parseCheckinText('  ', DEFAULT_EMOJI_MAP), {
      ok: false,
      reason: 'Add a score from 1 to 5, e.g. /checkin 3 long shift, but okay',
    });
  });

  it('explains the range for 9', () => {
    assert.deepEqual(parseCheckinText('9', DEFAULT_EMOJI_MAP), {
      ok: false,
      reason: 'Scores run from 1 to 5 — e.g. /checkin 4',
    });
  });

  it('explains the range for 0', () => {
    assert.deepEqual(parseCheckinText('0 awful', DEFAULT_EMOJI_MAP), {
      ok: false,
      reason: 'Scores run from 1 to 5 — e.g. /checkin 4',
    });
  });

  it('explains the range for a fraction', () => {
    assert.deepEqual(parseCheckinText('3.5', DEFAULT_EMOJI_MAP), {
      ok: false,
      reason: 'Scores run from 1 to 5 — e.g. /checkin 4',
    });
  });

  it('names an emoji that is not a check-in emoji', () => {
    assert.deepEqual(parseCheckinText(':pizza: lunch', DEFAULT_EMOJI_MAP), {
      ok: false,
      reason: ":pizza: isn't one of the check-in emoji. Use 1–5 or :one: … :five: — e.g. /checkin :four:",
    });
  });

  it('asks for a score first without repeating the text', () => {
    const r = parseCheckinText('exhausted after the night 2', DEFAULT_EMOJI_MAP);
    assert.deepEqual(r, {
      ok: false,
      reason: 'Start with a score from 1 to 5 or a check-in emoji, e.g. /checkin 3 long shift, but okay',
    });
  });

  it('accepts a note of exactly the maximum length', () => {
    const note = 'x'.repeat(NOTE_MAX_LENGTH);
    assert.deepEqual(parseCheckinText(`3 ${note}`, DEFAULT_EMOJI_MAP), {
      ok: true,
      value: { score: 3, note },
    });
  });

  it('refuses a longer note, giving its real length', () => {
    assert.deepEqual(parseCheckinText(`3 ${'y'.repeat(612)}`, DEFAULT_EMOJI_MAP), {
      ok: false,
      reason:
        'Your note is 612 characters; notes can be at most 500. Nothing was saved — try a shorter note.',
    });
  });

  it('counts an emoji character in a note as one character', () => {
    const note = '💙'.repeat(NOTE_MAX_LENGTH);
    assert.equal(parseCheckinText(`3 ${note}`, DEFAULT_EMOJI_MAP).ok, true);
  });

  it('sets the maximum note length at 500', () => {
    assert.equal(NOTE_MAX_LENGTH, 500);
  });

  it('never repeats the note in a refusal', () => {
    const note = `secret-${'z'.repeat(600)}`;
    const r = parseCheckinText(`4 ${note}`, DEFAULT_EMOJI_MAP);
    assert.equal(r.ok, false);
    assert.ok(!r.ok && !r.reason.includes('secret'));
  });
});

describe('codePoints', () => {
  it('counts an emoji as one character and a combining mark as its own', () => {
    assert.equal(codePoints('💙🌿'), 2);
    assert.equal('💙🌿'.length, 4);
    assert.equal(codePoints('e\u0301'), 2);
    assert.equal(codePoints(''), 0);
  });
});
