import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SPARKLINE_GAP, sparkline } from '../../../src/domain/sparkline.js';

describe('sparkline', () => {
  it('draws the lowest block for the minimum and the highest for the maximum', () => {
    assert.equal(sparkline([1, 5]), '▁█');
  });

  it('draws one character per value across the 1–5 scale', () => {
    assert.equal(sparkline([1, 2, 3, 4, 5]), '▁▃▅▆█');
  });

  it('draws a day without a value as a dot', () => {
    assert.equal(sparkline([3, null, 3]), `▅${SPARKLINE_GAP}▅`);
    assert.equal(SPARKLINE_GAP, '·');
  });

  it('draws NaN as a gap rather than a block', () => {
    assert.equal(sparkline([Number.NaN]), '·');
  });

  it('clamps values below the minimum and above the maximum', () => {
    assert.equal(sparkline([-3, 0, 9]), '▁▁█');
  });

  it('honours a custom range', () => {
    assert.equal(sparkline([0, 50, 100], 0, 100), '▁▅█');
  });

  it('draws nothing for no values', () => {
    assert.equal(sparkline([]), '');
  });

  it('draws the lowest block when the range is empty instead of dividing by zero', () => {
    assert.equal(sparkline([2, 2], 2, 2), '▁▁');
  });
});
