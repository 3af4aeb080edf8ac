// The payload guard in front of Bolt: each case is one the fuzz suite found making Bolt answer 500
// or wait 3 s, plus the well-formed payloads that must pass through.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { malformedPayload } from '../../../src/slack/guard.js';

describe('malformedPayload', () => {
  for (const [what, body] of [
    [
      'block actions whose actions are not a list',
      { type: 'block_actions', actions: false, user: { id: 'U1' } },
    ],
    ['an interaction without a type', { actions: false }],
    ['an unknown payload type', { type: 42 }],
    ['an event whose item is a string', { type: 'event_callback', event: { type: 'x', item: '' } }],
    ['an event whose channel is null', { type: 'event_callback', event: { type: 'x', channel: null } }],
    ['an event without a type', { type: 'event_callback', event: { item: false } }],
    [
      'a reaction without an item',
      { type: 'event_callback', event: { type: 'reaction_added', user: 'U1', reaction: 'one' } },
    ],
    ['a command without a user', { command: '/checkin', text: '3', team_id: 'T1', channel_id: 'C1' }],
    ['form fields without a command', { text: '3', user_id: 'U1' }],
  ] as const) {
    it(`drops ${what}`, () => {
      assert.equal(typeof malformedPayload(body), 'string');
    });
  }

  for (const [what, body] of [
    ['a command', { command: '/checkin', text: '3', user_id: 'U1', team_id: 'T1', channel_id: 'D1' }],
    [
      'a reaction',
      {
        type: 'event_callback',
        event: {
          type: 'reaction_added',
          user: 'U1',
          reaction: 'one',
          item: { type: 'message', channel: 'C1', ts: '1.2' },
        },
      },
    ],
    [
      'a button',
      {
        type: 'block_actions',
        user: { id: 'U1' },
        actions: [{ action_id: 'checkin_score_3', value: 'p:3' }],
      },
    ],
    ['a modal submission', { type: 'view_submission', user: { id: 'U1' }, view: {} }],
  ] as const) {
    it(`passes ${what}`, () => {
      assert.equal(malformedPayload(body), undefined);
    });
  }
});
