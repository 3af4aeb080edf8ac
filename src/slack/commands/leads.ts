// `/wellbeing leads [add|remove @person]`: admins name leads; leads and admins can list them.
import { echoTyped } from '../../domain/escape.js';
import { parseUserMention } from '../../domain/text.js';
import type { RoleStore } from '../../store/roles.js';
import { type Reply, refusal, reply, type Subcommand } from './router.js';

const EXAMPLE = 'e.g. `/wellbeing leads add @Sam`';

export function leadsSubcommand(roles: RoleStore, clock: () => number = Date.now): Subcommand {
  return {
    name: 'leads',
    access: 'lead',
    usage: 'leads [add|remove @person]',
    description: "list this channel's leads; admins add or remove them",
    async run(ctx): Promise<Reply> {
      const [action, who, ...extra] = ctx.args;
      if (action === undefined) {
        const leads = await roles.leadsOf(ctx.team, ctx.channel);
        return leads.length === 0
          ? reply(
              `This channel has no leads yet. A bot admin (\`WELLBEING_ADMINS\`) can add one, ${EXAMPLE}.`,
            )
          : reply(`Leads of this channel: ${leads.map((u) => `<@${u}>`).join(', ')}`);
      }
      if (action !== 'add' && action !== 'remove') {
        return reply(
          `I don't know \`leads ${echoTyped(action)}\`. Use \`leads\`, \`leads add @person\` or \`leads remove @person\` — ${EXAMPLE}.`,
        );
      }
      if (!ctx.isAdmin) return refusal('admin');
      const user = who === undefined ? undefined : parseUserMention(who);
      if (user === undefined || extra.length > 0) {
        return reply(`Please mention exactly one person with @ — ${EXAMPLE.replace('add', action)}.`);
      }
      if (action === 'add') {
        const added = await roles.addLead(ctx.team, ctx.channel, user, clock());
        return reply(
          added
            ? `<@${user}> is now a lead of this channel. They see team totals of the days that settle from now on, and of earlier ones only what stays anonymous whoever is left out.`
            : `<@${user}> is already a lead of this channel.`,
        );
      }
      const removed = await roles.removeLead(ctx.team, ctx.channel, user);
      return reply(
        removed
          ? `<@${user}> is no longer a lead of this channel.`
          : `<@${user}> was not a lead of this channel.`,
      );
    },
  };
}
