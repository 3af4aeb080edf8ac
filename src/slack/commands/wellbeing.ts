// The `/wellbeing` listener: ack quickly with an ephemeral reply, route to a subcommand, render.
import { echoTyped } from '../../domain/escape.js';
import { tokenize } from '../../domain/text.js';
import { isRedisUnavailable } from '../../errors.js';
import type { RoleStore } from '../../store/roles.js';
import type { Routes } from '../routes.js';
import {
  type Caller,
  helpReply,
  mayRun,
  nextStepText,
  type Reply,
  refusal,
  reply,
  type Subcommand,
} from './router.js';

export interface WellbeingDeps {
  roles: RoleStore;
  admins: readonly string[];
  subcommands: readonly Subcommand[];
  reportError: (err: unknown, context: Record<string, unknown>) => void;
  /** Whether the channel has any schedule and any lead, for help's next step; help skips it when absent. */
  channelSetup?: (team: string, channel: string) => Promise<{ hasSchedules: boolean; hasLeads: boolean }>;
}

export const UNAVAILABLE =
  'Sorry — I could not reach my storage just now, so nothing was changed. Please try again in a minute.';

export function callerFor(
  team: string,
  user: string,
  channel: string,
  deps: Pick<WellbeingDeps, 'roles' | 'admins'>,
): Caller {
  const isAdmin = deps.admins.includes(user);
  return {
    team,
    user,
    channel,
    isAdmin,
    canLead: async (ch: string) => isAdmin || (await deps.roles.isLead(team, ch, user)),
  };
}

export async function runWellbeing(
  text: string,
  caller: Caller,
  deps: WellbeingDeps,
  responseUrl?: string,
): Promise<Reply> {
  const tokens = tokenize(text);
  const name = (tokens[0] ?? 'help').toLowerCase();
  const rest = text
    .trim()
    .slice(tokens[0]?.length ?? 0)
    .trim();
  if (name === 'help') {
    const canLeadHere = await caller.canLead(caller.channel);
    const visible: Subcommand[] = [];
    for (const s of deps.subcommands) if (await mayRun(s, caller)) visible.push(s);
    let nextStep: string | undefined;
    if (canLeadHere && deps.channelSetup && !caller.channel.startsWith('D')) {
      const setup = await deps.channelSetup(caller.team, caller.channel);
      if (!setup.hasSchedules) nextStep = nextStepText({ isAdmin: caller.isAdmin, hasLeads: setup.hasLeads });
    }
    return helpReply(visible, canLeadHere, caller.isAdmin, nextStep);
  }
  const sub = deps.subcommands.find((s) => s.name === name);
  if (!sub) {
    return reply(
      `I don't know \`/wellbeing ${echoTyped(name)}\`. Type \`/wellbeing help\` to see what you can do — e.g. \`/wellbeing me\`.`,
    );
  }
  if (!sub.checksAccessItself) {
    if (sub.access !== 'everyone' && caller.channel.startsWith('D')) {
      return reply(
        `\`/wellbeing ${sub.name}\` is about a channel — please run it in the care channel it is for.`,
      );
    }
    if (!(await mayRun(sub, caller))) return refusal(sub.access);
  }
  return sub.run({ ...caller, args: tokens.slice(1), rest, responseUrl });
}

export function registerWellbeingCommand(routes: Routes, deps: WellbeingDeps): void {
  routes.command('/wellbeing', async ({ command, ack }) => {
    const caller = callerFor(command.team_id, command.user_id, command.channel_id, deps);
    let r: Reply;
    try {
      r = await runWellbeing(command.text ?? '', caller, deps, command.response_url);
    } catch (err) {
      deps.reportError(err, { command: '/wellbeing', team: command.team_id, channel: command.channel_id });
      r = reply(
        isRedisUnavailable(err)
          ? UNAVAILABLE
          : 'Sorry — something went wrong on my side. Please try again in a minute.',
      );
    }
    await ack({ response_type: 'ephemeral', ...r });
  });
}
