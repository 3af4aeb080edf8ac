// The `/wellbeing` subcommand router: who may run what, and the help that shows each person only
// what they may do. Subcommands are registered by feature modules; this file holds no business rules.
import type { MessageBlock } from '../blocks/chart.js';

export type Access = 'everyone' | 'lead' | 'admin';

export interface Caller {
  readonly team: string;
  readonly user: string;
  /** The channel the command was typed in (a `D…` ID for a DM). */
  readonly channel: string;
  readonly isAdmin: boolean;
  /** True for admins and for leads of `channel`. */
  canLead(channel: string): Promise<boolean>;
}

export interface CommandContext extends Caller {
  /** Tokens after the subcommand name (quotes honoured). */
  readonly args: readonly string[];
  /** Text after the subcommand name, verbatim. */
  readonly rest: string;
  /** When the reply must come later (e.g. after a slow Slack call), post it here. */
  readonly responseUrl?: string;
}

export interface Reply {
  readonly text: string;
  /** Block Kit, charts included (at most two; see blocks/chart.ts). */
  readonly blocks?: MessageBlock[];
}

export interface Subcommand {
  readonly name: string;
  /** Who may run it in a channel: the router refuses others before `run` is called. */
  readonly access: Access;
  /** Shown in help, e.g. `summary [#channel] [7d|30d|90d]`. */
  readonly usage: string;
  readonly description: string;
  /** Subcommands that decide access themselves (e.g. a summary of another channel). */
  readonly checksAccessItself?: boolean;
  run(ctx: CommandContext): Promise<Reply>;
}

export const reply = (text: string, blocks?: MessageBlock[]): Reply => (blocks ? { text, blocks } : { text });

// "Bot admins", not "workspace admins": a Slack workspace admin is not one unless WELLBEING_ADMINS names them.
export function refusal(access: Access): Reply {
  return access === 'admin'
    ? reply(
        'Only bot admins (`WELLBEING_ADMINS`) can do that. Type `/wellbeing help` to see what you can do.',
      )
    : reply(
        "Only this channel's leads and bot admins (`WELLBEING_ADMINS`) can do that. Type `/wellbeing help` to see what you can do.",
      );
}

/**
 * What a lead or admin typing help in a channel that posts no prompts yet should do next: name a
 * lead (admins, when the channel has none), add a schedule, see a prompt at once.
 */
export function nextStepText(o: { isAdmin: boolean; hasLeads: boolean }): string {
  const steps = [
    ...(o.isAdmin && !o.hasLeads
      ? ['`/wellbeing leads add @you` — make yourself (or someone) its lead']
      : []),
    '`/wellbeing schedule add "0 9 * * *"` — a prompt every day at 09:00',
    '`/wellbeing prompt now` — one prompt right away, to see how it looks',
  ];
  return [
    '*Next step:* this channel has no schedule yet, so no prompts are posted here. Try:',
    ...steps.map((s, i) => `${i + 1}. ${s}`),
  ].join('\n');
}

export async function mayRun(sub: Subcommand, caller: Caller): Promise<boolean> {
  if (sub.access === 'everyone' || caller.isAdmin) return true;
  if (sub.access === 'admin') return false;
  return caller.canLead(caller.channel);
}

export function helpReply(
  visible: readonly Subcommand[],
  canLeadHere: boolean,
  isAdmin: boolean,
  nextStep?: string,
): Reply {
  const lines = visible.map((s) => `• \`/wellbeing ${s.usage}\` — ${s.description}`);
  const role = isAdmin
    ? 'You are a bot admin (`WELLBEING_ADMINS`).'
    : canLeadHere
      ? 'You are a lead of this channel.'
      : '';
  const text = [
    '*Wellbeing nudges* — short pauses for the team, and a private way to say how you are.',
    '• `/checkin &lt;1-5 | :emoji:&gt; [note]` — say how you are arriving (only you see your note).',
    ...lines,
    role,
    nextStep ?? '',
    '_Reactions on a prompt are visible to the channel; buttons and /checkin are private. Leads only ever see anonymous team totals._',
  ]
    .filter(Boolean)
    .join('\n');
  return reply(text);
}
