// A guard in front of Bolt: a request that passed the signature check but is not shaped like anything
// Slack sends (a field missing or of the wrong type, an unknown kind of payload) is acknowledged and
// dropped. Bolt itself would otherwise fail on some of these with a 500 (Slack then sends them again
// and again) or wait 3 s for an acknowledgement no listener gives.
import type { App } from '@slack/bolt';
import type { Logger } from '../logger.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const optStr = (v: unknown) => v === undefined || isStr(v);

/** Kinds of payload Bolt knows how to route (the ones this bot does not handle are still acknowledged). */
const PAYLOAD_TYPES = new Set([
  'event_callback',
  'block_actions',
  'block_suggestion',
  'view_submission',
  'view_closed',
  'shortcut',
  'message_action',
  'interactive_message',
  'dialog_submission',
  'dialog_cancellation',
  'workflow_step_edit',
  'app_rate_limited',
]);

function eventProblem(e: unknown): string | undefined {
  if (!isObj(e) || !isStr(e.type) || e.type === '') return 'an event without a type';
  // Bolt reads these to route an event: each is absent, a string, or an object.
  for (const f of ['user', 'channel', 'message'] as const)
    if (!optStr(e[f]) && !isObj(e[f])) return `an event with an odd ${f}`;
  if (e.item !== undefined && !isObj(e.item)) return 'an event with an odd item';
  if (!optStr(e.channel_id)) return 'an event with an odd channel_id';
  if (e.type === 'reaction_added' || e.type === 'reaction_removed') {
    if (!isStr(e.user) || !isStr(e.reaction)) return 'a reaction without a user or a reaction';
    const item = e.item;
    if (!isObj(item) || !isStr(item.type) || !optStr(item.channel) || !optStr(item.ts))
      return 'a reaction without an item';
  }
  if (e.type === 'app_home_opened' && (!isStr(e.user) || !optStr(e.channel) || !optStr(e.tab)))
    return 'an App Home event without a user';
  if (
    (e.type === 'member_joined_channel' || e.type === 'member_left_channel') &&
    (!isStr(e.user) || !isStr(e.channel))
  )
    return 'a membership event without a user or channel';
  return undefined;
}

/** Why `body` is not a payload Slack sends, or undefined when it is well-formed enough for Bolt. */
export function malformedPayload(body: unknown): string | undefined {
  if (!isObj(body)) return 'not an object';
  if (body.command !== undefined) {
    for (const f of ['command', 'user_id', 'team_id', 'channel_id'] as const)
      if (!isStr(body[f]) || body[f] === '') return `a command without ${f}`;
    if (!optStr(body.text) || !optStr(body.response_url)) return 'a command with odd fields';
    return undefined;
  }
  if (!isStr(body.type)) return 'a payload without a type';
  if (!PAYLOAD_TYPES.has(body.type)) return `an unknown payload type`;
  if (body.type === 'event_callback') return eventProblem(body.event);
  const user = body.user;
  if (!isObj(user) || !isStr(user.id)) return 'an interaction without a user';
  if (body.type === 'block_actions') {
    const actions = body.actions;
    if (!Array.isArray(actions) || actions.length === 0) return 'block actions without actions';
    for (const a of actions) {
      if (!isObj(a) || !isStr(a.action_id) || !optStr(a.value) || !optStr(a.block_id))
        return 'an action without an action_id';
    }
    for (const part of ['team', 'channel', 'container', 'message', 'view'] as const)
      if (body[part] !== undefined && body[part] !== null && !isObj(body[part])) return `an odd ${part}`;
  }
  return undefined;
}

/** Installs the guard on `app` (before `app.init()`, so every receiver goes through it). */
export function guardPayloads(app: App, log: Logger): void {
  const processEvent = app.processEvent.bind(app);
  const glog = log.child({ module: 'slack' });
  app.processEvent = async (event) => {
    const problem = malformedPayload(event.body);
    if (problem === undefined) return processEvent(event);
    glog.debug({ problem }, 'dropped a payload Slack would not send');
    await event.ack();
  };
}
