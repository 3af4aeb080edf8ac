import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays } from '../../../src/services/summaries.js';

describe('calendar days', () => {
  it('counts calendar days across a month and a year', () => {
    assert.equal(addDays('2026-03-01', -1), '2026-02-28');
    assert.equal(addDays('2025-12-31', 1), '2026-01-01');
  });
});
