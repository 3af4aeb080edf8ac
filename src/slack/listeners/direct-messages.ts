// Never silence: a direct message to the bot gets, at once, a short kind reply with the
// support resources and how to check in. What the person wrote is never read, stored or logged: the
// handler looks only at who wrote and where, and the event's text goes nowhere.
import type { Routes } from '../routes.js';

export interface DirectMessageDeps {
  /** Posts `text` into the DM `channel`; resolves when Slack took it. */
  send: (channel: string, text: string) => Promise<void>;
  supportText: string;
  reportError: (err: unknown, context: Record<string, unknown>) => void;
}

/** The reply to anything a person writes to the bot. */
export function directMessageReply(supportText: string): string {
  return [
    "Thank you for writing. I'm the team's wellbeing bot, so I can't read or answer messages here — " +
      'and I keep no copy of what you wrote, nor tell anyone about it.',
    `If things are heavy right now: ${supportText}`,
    'To say how you are arriving, type `/checkin 1` (running on empty) to `/checkin 5` (thriving) right ' +
      'here — only you see it — or press a button on the next prompt in your care channel. ' +
      '`/wellbeing help` shows the rest.',
  ].join('\n\n');
}

interface MessageEvent {
  channel?: unknown;
  channel_type?: unknown;
  subtype?: unknown;
  bot_id?: unknown;
  user?: unknown;
}

export function registerDirectMessageListener(routes: Routes, deps: DirectMessageDeps): void {
  const reply = directMessageReply(deps.supportText);
  routes.event('message', async ({ event }) => {
    const e = event as MessageEvent;
    // Only a person's own new message in a DM: edits, deletions, joins (subtypes) and bots' messages
    // (the bot's own support texts and digests included) get no answer.
    if (e.channel_type !== 'im' || e.subtype !== undefined || e.bot_id !== undefined) return;
    if (typeof e.user !== 'string' || typeof e.channel !== 'string') return;
    const channel = e.channel;
    // Not awaited: the event is acknowledged at once, so Slack never delivers it again (and the person
    // never gets the reply twice) because a slow post held the acknowledgement back.
    void deps.send(channel, reply).catch((err) => deps.reportError(err, { where: 'dm-reply', channel }));
  });
}
