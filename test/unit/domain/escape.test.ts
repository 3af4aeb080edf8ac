import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  containsUnescapedSlackMarkup,
  echoTyped,
  escapeText,
  unescapeText,
} from '../../../src/domain/escape.js';

describe('escapeText', () => {
  it('turns <!channel> into inert text', () => {
    assert.equal(escapeText('<!channel>'), '&lt;!channel&gt;');
  });

  it('turns <!here> into inert text', () => {
    assert.equal(escapeText('hi <!here> all'), 'hi &lt;!here&gt; all');
  });

  it('turns a user mention into inert text', () => {
    assert.equal(escapeText('<@U123>'), '&lt;@U123&gt;');
  });

  it('turns a channel link into inert text', () => {
    assert.equal(escapeText('<#C1|x>'), '&lt;#C1|x&gt;');
  });

  it('turns a disguised link into inert text', () => {
    assert.equal(escapeText('<http://evil|click>'), '&lt;http://evil|click&gt;');
  });

  it('escapes a lone ampersand', () => {
    assert.equal(escapeText('salt & pepper'), 'salt &amp; pepper');
  });

  it('escapes an ampersand a person typed as part of an entity, so readers see it as typed', () => {
    assert.equal(escapeText('&amp; &lt;'), '&amp;amp; &amp;lt;');
  });

  it('leaves ordinary text, emoji and other punctuation alone', () => {
    assert.equal(
      escapeText('Long shift :sweat: but "okay" — 100% *really*'),
      'Long shift :sweat: but "okay" — 100% *really*',
    );
  });
});

describe('unescapeText', () => {
  it('restores what the person typed from Slack-escaped text', () => {
    assert.equal(unescapeText('a &lt;b&gt; &amp; c'), 'a <b> & c');
  });

  it('unescapes only once, so an escaped entity stays an entity', () => {
    assert.equal(unescapeText('&amp;lt;'), '&lt;');
  });

  it('is undone exactly by escapeText', () => {
    const typed = '<!channel> & &amp; <@U1>';
    assert.equal(unescapeText(escapeText(typed)), typed);
  });
});

describe('containsUnescapedSlackMarkup', () => {
  it('finds a raw <', () => {
    assert.equal(containsUnescapedSlackMarkup('a < b'), true);
  });

  it('finds a raw >', () => {
    assert.equal(containsUnescapedSlackMarkup('a > b'), true);
  });

  it('finds an ampersand that does not start an entity', () => {
    assert.equal(containsUnescapedSlackMarkup('salt & pepper'), true);
  });

  it('finds an ampersand that starts some other entity', () => {
    assert.equal(containsUnescapedSlackMarkup('&quot;'), true);
  });

  it('accepts text that has been escaped', () => {
    assert.equal(containsUnescapedSlackMarkup(escapeText('<!channel> & <http://evil|click> &amp;')), false);
  });

  it('accepts plain text', () => {
    assert.equal(containsUnescapedSlackMarkup('nothing special here'), false);
  });
});

describe('echoTyped', () => {
  it('shows a mention Slack delivered as markup, inert', () => {
    assert.equal(echoTyped('<!here>'), '&lt;!here&gt;');
  });

  it('shows HTML-encoded typed text exactly once encoded', () => {
    assert.equal(echoTyped('&lt;b&gt; &amp; co'), '&lt;b&gt; &amp; co');
  });

  it('cuts long text at 40 characters (code points) with an ellipsis', () => {
    assert.equal(echoTyped('🌿'.repeat(41)), `${'🌿'.repeat(40)}…`);
    assert.equal(echoTyped('🌿'.repeat(40)), '🌿'.repeat(40));
  });
});
