// `/wellbeing schedule add "<cron>" [tz] [category] | list | remove <id>`: for the channel's
// leads and admins. Parse → use case → render; nothing is stored on a refusal.
import { unescapeText } from '../../domain/escape.js';
import { parseScheduleAdd } from '../../domain/schedule.js';
import { isShiftAnchor, NO_SHIFTS_YET, parseShiftScheduleAdd } from '../../domain/shift-schedule.js';
import type { ChannelSettingsService } from '../../services/channel-settings.js';
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

type Service = Pick<PromptService, 'addSchedule' | 'addShiftSchedule' | 'listSchedules' | 'removeSchedule'>;

/** The text after the first word (`add`), verbatim. */
const afterFirstWord = (rest: string) => rest.trim().replace(/^\S+\s*/, '');

export function scheduleSubcommand(
  service: Service,
  o: { defaultTz: string; settings: Pick<ChannelSettingsService, 'context'>; clock: () => number },
): Subcommand {
  return {
    name: 'schedule',
    access: 'lead',
    // Shown in Slack mrkdwn, where < and > must be entities.
    usage:
      'schedule add "&lt;cron&gt;" [time zone] [category] | add shift-start|mid-shift|shift-end [±minutes] [category] [shifts] | list | remove &lt;id&gt;',
    description: "when this channel's prompts are posted (e.g. `0 7,15,23 * * *` for each shift)",
    async run(ctx) {
      const action = (ctx.args[0] ?? 'list').toLowerCase();
      // Slack sends &, < and > as entities; read what the person typed.
      const args = ctx.args.map(unescapeText);
      switch (action) {
        case 'list': {
          if (args.length > 1) return reply(SCHEDULE_USAGE);
          const [items, channel] = await Promise.all([
            service.listSchedules(ctx.team, ctx.channel),
            o.settings.context(ctx.team, ctx.channel),
          ]);
          const paused =
            channel.pausedUntil !== undefined && channel.pausedUntil > o.clock() ? channel : undefined;
          return scheduleList(items, paused ? { pausedThrough: paused.pausedThrough, tz: paused.tz } : {});
        }
        case 'add': {
          if (args[1] !== undefined && isShiftAnchor(args[1])) {
            const channel = await o.settings.context(ctx.team, ctx.channel);
            const parsed = parseShiftScheduleAdd(args.slice(1), channel.shifts);
            if (!parsed.ok) return reply(parsed.reason);
            const res = await service.addShiftSchedule(ctx.team, ctx.channel, ctx.user, parsed.value);
            if (res.kind === 'no-shifts') return reply(NO_SHIFTS_YET);
            if (res.kind === 'added') {
              return scheduleAdded(
                res.id,
                { cron: '', tz: '', category: parsed.value.category, shift: parsed.value.rule },
                res.next,
                res.tz,
              );
            }
            if (res.kind === 'duplicate') return scheduleDuplicate(res.id);
            return scheduleFull(MAX_SCHEDULES_PER_CHANNEL);
          }
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
