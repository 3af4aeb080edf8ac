// The ingest benchmark's stream is the one its documentation describes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHANGED, EVENTS_PER_PROMPT, PEOPLE, streamEvent, withoutOnes } from '../../bench/stream.js';

const PROMPTS = 40;
const events = Array.from({ length: PROMPTS * EVENTS_PER_PROMPT }, (_, n) => streamEvent(n));

describe('the ingest stream', () => {
  it('has every person answer every prompt exactly once before any change', () => {
    for (let p = 0; p < PROMPTS; p++) {
      const firsts = events.filter((e) => e.prompt === p && !e.change).map((e) => e.person);
      assert.equal(new Set(firsts).size, PEOPLE, `prompt ${p}`);
      const block = events.slice(p * EVENTS_PER_PROMPT, (p + 1) * EVENTS_PER_PROMPT);
      assert.ok(block.slice(0, PEOPLE).every((e) => !e.change) && block.slice(PEOPLE).every((e) => e.change));
    }
  });

  it('has about 5 % ones', () => {
    const share = events.filter((e) => !e.change && e.score === 1).length / (PROMPTS * PEOPLE);
    assert.ok(share > 0.04 && share < 0.06, `${share}`);
  });

  it('changes a few answers per prompt, each to another score of someone who answered', () => {
    for (const [i, e] of events.entries()) {
      if (!e.change) continue;
      const first = events.find((f) => f.prompt === e.prompt && f.person === e.person && !f.change);
      assert.ok(first, `event ${i}`);
      assert.notEqual(e.score, first.score, `event ${i}`);
    }
    assert.equal(events.filter((e) => e.change).length, PROMPTS * CHANGED);
  });

  it('answers 2 wherever the stream has a 1, without ones', () => {
    assert.ok(events.map(withoutOnes).every((e) => e.score !== 1));
  });
});
