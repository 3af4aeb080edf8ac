import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { containsUnescapedSlackMarkup } from '../../../src/domain/escape.js';
import { PROMPT_REACTIONS, promptMessage } from '../../../src/slack/blocks/prompt.js';

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: Record<string, unknown>[];
};

const message = promptMessage({ id: 'cmp-03', category: 'compassion', text: 'A pause at the sink.' });
const blocks = message.blocks as unknown as Block[];
const actions = blocks.find((b) => b.type === 'actions');

describe('the prompt message', () => {
  it('has five buttons the check-in listener understands', () => {
    assert.equal(actions?.block_id, 'checkin');
    assert.deepEqual(
      actions?.elements?.map((e) => [e.action_id, (e.text as { text: string }).text, e.value]),
      [
        ['checkin_score_1', '1 · running on empty', 'cmp-03:1'],
        ['checkin_score_2', '2 · struggling', 'cmp-03:2'],
        ['checkin_score_3', '3 · okay', 'cmp-03:3'],
        ['checkin_score_4', '4 · good', 'cmp-03:4'],
        ['checkin_score_5', '5 · thriving', 'cmp-03:5'],
      ],
    );
  });

  it('shows the prompt and asks how people are arriving', () => {
    const texts = blocks.map((b) => b.text?.text ?? '').join('\n');
    assert.match(texts, /A pause at the sink\./);
    assert.match(texts, /How are you arriving\?/);
    assert.match(message.text, /A pause at the sink\..*How are you arriving\?/);
  });

  it('explains in one line who sees what', () => {
    const context = blocks.find((b) => b.type === 'context');
    const line = String(context?.elements?.[0]?.text);
    assert.match(line, /visible to the channel/);
    assert.match(line, /buttons and `\/checkin` are private/);
    assert.match(line, /anonymous team totals/);
  });

  it('escapes a custom prompt so it cannot ping the channel or disguise a link', () => {
    const m = promptMessage({ id: 'c1', category: 'gratitude', text: '<!channel> thanks & <http://x|y>' });
    const shown = [m.text, ...(m.blocks as unknown as Block[]).map((b) => b.text?.text ?? '')];
    for (const s of shown) assert.ok(!s.includes('<!channel>'), s);
    assert.match(JSON.stringify(m.blocks), /&lt;!channel&gt; thanks &amp; &lt;http:\/\/x\|y&gt;/);
    const section = (m.blocks as unknown as Block[])[0]?.text?.text ?? '';
    assert.equal(containsUnescapedSlackMarkup(section.replace(/^\*[^*]+\*\n/, '')), false);
  });

  it('names the five number reactions the bot adds', () => {
    assert.deepEqual(PROMPT_REACTIONS, ['one', 'two', 'three', 'four', 'five']);
  });
});

describe('a prompt where reactions are off', () => {
  it('offers buttons and /checkin only, and says every answer is private', () => {
    const m = promptMessage({ id: 'cmp-01', category: 'compassion', text: 'A pause.' }, { reactions: false });
    const text = JSON.stringify(m);
    assert.doesNotMatch(text, /Reacting|a reaction/);
    assert.match(text, /The buttons and `\/checkin` are private/);
  });
});
