// `/wellbeing quiet [<from>-<to> | off]`: a person's quiet hours, on their own Slack clock. The weekly
// digest (and anything else the bot starts on its own) waits until they end; replies do not.
import { unescapeText } from '../../domain/escape.js';
import { deliveryTime, formatQuiet, parseQuiet, QUIET_EXAMPLE, type QuietHours } from '../../domain/quiet.js';
import { localParts } from '../../domain/timezone.js';
import type { PeopleStore } from '../../store/people.js';
import { formatInZone } from '../blocks/schedule.js';
import { reply, type Subcommand } from './router.js';

export interface QuietDeps {
  people: Pick<PeopleStore, 'quiet' | 'setQuiet'>;
  /** The person's Slack time zone, if Slack says. */
  zoneOf: (team: string, user: string) => Promise<string | undefined>;
  clock: () => number;
  defaultTz: string;
}

/** The digest's moment in the person's current week (or next week's, once this week's has passed). */
function nextDigest(now: number, tz: string, q: QuietHours | undefined): number {
  const p = localParts(now, tz);
  const toMonday = (8 - p.weekday) % 7; // 0 on a Monday
  for (const days of [toMonday, toMonday + 7]) {
    const at = deliveryTime({ year: p.year, month: p.month, day: p.day + days }, tz, q);
    if (at > now) return at;
  }
  return deliveryTime({ year: p.year, month: p.month, day: p.day + toMonday + 14 }, tz, q);
}

export function quietSubcommand(deps: QuietDeps): Subcommand {
  return {
    name: 'quiet',
    access: 'everyone',
    usage: 'quiet [&lt;from&gt;-&lt;to&gt; | off]',
    description: 'hours when the bot will not message you first (the weekly digest waits until they end)',
    async run(ctx) {
      const text = unescapeText(ctx.rest).trim();
      const tz = (await deps.zoneOf(ctx.team, ctx.user)) ?? deps.defaultTz;
      const when = (q: QuietHours | undefined) =>
        `The weekly digest reaches you ${q ? 'at 09:00 on Mondays, or when your quiet hours end if 09:00 is inside them' : 'at 09:00 on Mondays'} — next: ${formatInZone(nextDigest(deps.clock(), tz, q), tz)} (${tz}, your Slack time zone).`;
      if (text === '') {
        const q = await deps.people.quiet(ctx.team, ctx.user);
        return reply(
          q
            ? `Your quiet hours: *${formatQuiet(q)}*. ${when(q)} Change them with \`${QUIET_EXAMPLE}\` or turn them off with \`/wellbeing quiet off\`.`
            : `You have no quiet hours. ${when(undefined)} Set some with \`${QUIET_EXAMPLE}\`.`,
        );
      }
      const parsed = parseQuiet(text);
      if (!parsed.ok) return reply(parsed.reason);
      await deps.people.setQuiet(ctx.team, ctx.user, parsed.value);
      if (parsed.value === null) return reply(`Quiet hours off. ${when(undefined)}`);
      return reply(
        `Quiet hours set: *${formatQuiet(parsed.value)}* on your own clock. I will not message you first inside them; ` +
          `replies to what you do still come at once. ${when(parsed.value)}`,
      );
    },
  };
}
