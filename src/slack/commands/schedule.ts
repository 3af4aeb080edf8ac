// `/wellbeing schedule add "<cron>" [tz] [category] | list | remove <id>` (SPEC §5): for the channel's
// leads and admins. Parse → use case → render; nothing is stored on a refusal.
import { unescapeText } from '../../domain/escape.js';
import { parseScheduleAdd } from '../../domain/schedule.js';
import type { PromptService } from '../../services/prompts.js';
import { MAX_SCHEDULES_PER_CHANNEL } from '../../services/prompts.js';
import {
  missingScheduleId,
  SCHEDULE_USAGE,
  scheduleAdded,
  scheduleDuplicate,
  scheduleFull,
  scheduleList,
  scheduleRemoved,
  unknownSchedule,
} from '../blocks/schedule.js';
import { reply, type Subcommand } from './router.js';

type Service = Pick<PromptService, 'addSchedule' | 'listSchedules' | 'removeSchedule'>;

/** The text after the first word (`add`), verbatim. */
const afterFirstWord = (rest: string) => rest.trim().replace(/^\S+\s*/, '');

export function scheduleSubcommand(service: Service, o: { defaultTz: string }): Subcommand {
  return {
    name: 'schedule',
    access: 'lead',
    // Shown in Slack mrkdwn, where < and > must be entities.
    usage: 'schedule add "&lt;cron&gt;" [time zone] [category] | list | remove &lt;id&gt;',
    description: "when this channel's prompts are posted (e.g. `0 7,15,23 * * *` for each shift)",
    async run(ctx) {
      const action = (ctx.args[0] ?? 'list').toLowerCase();
      // Slack sends &, < and > as entities; read what the person typed.
      const args = ctx.args.map(unescapeText);
      switch (action) {
        case 'list':
          if (args.length > 1) return reply(SCHEDULE_USAGE);
          return scheduleList(await service.listSchedules(ctx.team, ctx.channel));
        case 'add': {
          const parsed = parseScheduleAdd(unescapeText(afterFirstWord(ctx.rest)), args.slice(1), o.defaultTz);
          if (!parsed.ok) return reply(parsed.reason);
          const res = await service.addSchedule(ctx.team, ctx.channel, ctx.user, parsed.value);
          const s = {
            cron: parsed.value.cron.expression,
            tz: parsed.value.tz,
            category: parsed.value.category,
          };
          if (res.kind === 'added') return scheduleAdded(res.id, s, res.next);
          if (res.kind === 'duplicate') return scheduleDuplicate(res.id);
          return scheduleFull(MAX_SCHEDULES_PER_CHANNEL);
        }
        case 'remove':
        case 'delete': {
          const id = args[1];
          if (id === undefined || id.trim() === '') return missingScheduleId();
          if (args.length > 2) return reply(SCHEDULE_USAGE);
          return (await service.removeSchedule(ctx.team, ctx.channel, id.trim()))
            ? scheduleRemoved(id.trim())
            : unknownSchedule(id.trim());
        }
        default:
          return reply(SCHEDULE_USAGE);
      }
    },
  };
}
