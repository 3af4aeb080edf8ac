// `/wellbeing admin forget @person [confirm]`: a bot admin erases the check-ins and notes of someone
// who cannot do it themselves (a deactivated account, a request that reached the admin). Works in any
// channel or DM: it is about a person, not a channel.
import { echoTyped } from '../../domain/escape.js';
import { parseUserMention } from '../../domain/text.js';
import type { PeopleService } from '../../services/people.js';
import { refusal, reply, type Subcommand } from './router.js';

const USAGE = 'Type `/wellbeing admin forget @person` — e.g. `/wellbeing admin forget @Sam`.';

export function adminSubcommand(people: Pick<PeopleService, 'count' | 'forget'>): Subcommand {
  return {
    name: 'admin',
    access: 'admin',
    usage: 'admin forget @person',
    description: "delete all of one person's check-ins and notes (e.g. a deactivated account)",
    checksAccessItself: true,
    async run(ctx) {
      if (!ctx.isAdmin) return refusal('admin');
      const [action, who, confirm, ...extra] = ctx.args;
      if (action?.toLowerCase() !== 'forget') {
        return reply(action === undefined ? USAGE : `I don't know \`admin ${echoTyped(action)}\`. ${USAGE}`);
      }
      const user = who === undefined ? undefined : parseUserMention(who);
      const confirmed = confirm?.toLowerCase() === 'confirm';
      if (user === undefined || (confirm !== undefined && !confirmed) || extra.length > 0)
        return reply(`Please mention exactly one person with @. ${USAGE}`);
      if (!confirmed) {
        const n = await people.count(ctx.team, user);
        if (n === 0) return reply(`Nothing is stored about <@${user}> — no check-ins and no notes.`);
        return reply(
          `This deletes all ${n} check-in${n === 1 ? '' : 's'} and notes of <@${user}> in this workspace, ` +
            'and takes them out of every team total that is not final yet. It cannot be undone. ' +
            `To go ahead, type \`/wellbeing admin forget <@${user}> confirm\`.`,
        );
      }
      const n = await people.forget(ctx.team, user, { kind: 'admin', user: ctx.user });
      return reply(
        n === 0
          ? `There was nothing to delete for <@${user}>.`
          : `Done — deleted ${n} check-in${n === 1 ? '' : 's'} and notes of <@${user}>.`,
      );
    },
  };
}
