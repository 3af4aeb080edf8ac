// Thin listeners for check-ins: ack → parse → use case → render (STYLE.md).
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { unescapeText } from '../../domain/escape.js';
import { isScore, type Score } from '../../domain/types.js';
import { isRedisUnavailable } from '../../errors.js';
import type { Metrics } from '../../metrics.js';
import type { CheckinService } from '../../services/checkins.js';
import {
  buttonReply,
  commandReply,
  FORGET_ACTION,
  forgetPrompt,
  forgotReply,
  meReply,
  PICK_ACTION,
} from '../blocks/checkin.js';
import { type Reply, reply, type Subcommand } from '../commands/router.js';
import type { EventHandler, Routes } from '../routes.js';

export const COULD_NOT_SAVE = 'Sorry — I could not save that just now. Please try again in a minute.';

/** What a person is told when saving failed: storage down, or anything else on our side. */
export const failureText = (err: unknown) =>
  isRedisUnavailable(err)
    ? COULD_NOT_SAVE
    : 'Sorry — something went wrong on my side. Please try again in a minute.';

export interface CheckinListenerDeps {
  service: CheckinService;
  metrics: Metrics;
  dayOf: (ms: number) => string;
  clock: () => number;
  reportError: (err: unknown, context: Record<string, unknown>) => void;
}

export function registerCheckinListeners(routes: Routes, deps: CheckinListenerDeps): void {
  const { service, metrics } = deps;

  const onReaction: EventHandler<'reaction_added' | 'reaction_removed'> = async ({
    event,
    body,
    context,
  }) => {
    if (event.item.type !== 'message' || event.user === context.botUserId) return;
    const result = await service.reaction({
      team: (body as { team_id: string }).team_id,
      user: event.user,
      channel: event.item.channel,
      ts: event.item.ts,
      reaction: event.reaction,
      added: event.type === 'reaction_added',
      eventId: (body as { event_id?: string }).event_id,
    });
    if (result !== 'ignored' && result.kind === 'stored') metrics.checkinsStored.inc({ source: 'reaction' });
  };
  routes.event('reaction_added', onReaction);
  routes.event('reaction_removed', onReaction);

  const privately = async (client: App['client'], channel: string, user: string, r: Reply) => {
    await client.chat.postEphemeral({
      channel,
      user,
      text: r.text,
      ...(r.blocks ? { blocks: r.blocks } : {}),
    });
  };

  routes.action<BlockAction<ButtonAction>>(/^checkin_score_[1-5]$/, async ({ ack, body, action, client }) => {
    await ack();
    const score = Number(action.action_id.slice(-1));
    const channel = body.channel?.id ?? body.container?.channel_id;
    const messageTs = body.message?.ts ?? body.container?.message_ts;
    if (!channel || !messageTs || !isScore(score)) return;
    const team = body.team?.id ?? body.user.team_id ?? '';
    let text: string;
    try {
      const out = await service.button({ team, user: body.user.id, channel, messageTs, score });
      if (out.kind === 'not-a-prompt')
        text = 'That prompt has expired, so nothing was saved. Try `/checkin 3` instead.';
      else if (out.kind === 'closed')
        text =
          'That prompt closed a day after it was posted, so nothing was saved. ' +
          'You can still check in now: type `/checkin 3` (or any score from 1 to 5) here.';
      else {
        metrics.checkinsStored.inc({ source: 'button' });
        text = buttonReply(out.score, out.previous);
      }
    } catch (err) {
      deps.reportError(err, { action: 'checkin_score', team, channel });
      text = failureText(err);
    }
    await privately(client, channel, body.user.id, reply(text));
  });

  routes.action<BlockAction<ButtonAction>>(
    new RegExp(`^${PICK_ACTION}_\\d+$`),
    async ({ ack, body, action, respond }) => {
      await ack();
      const team = body.team?.id ?? body.user.team_id ?? '';
      let r: Reply;
      try {
        const v = JSON.parse(action.value ?? '{}') as { c?: unknown; s?: unknown; n?: unknown };
        const score = Number(v.s);
        if (typeof v.c !== 'string' || !isScore(score)) throw new Error('malformed pick value');
        const out = await service.storeIn({
          team,
          user: body.user.id,
          channel: v.c,
          score: score as Score,
          ...(typeof v.n === 'string' && v.n ? { note: v.n.slice(0, 500) } : {}),
        });
        if (out.kind === 'stored') metrics.checkinsStored.inc({ source: 'command' });
        r = commandReply(out);
      } catch (err) {
        deps.reportError(err, { action: PICK_ACTION, team });
        r = reply(failureText(err));
      }
      await respond({ response_type: 'ephemeral', replace_original: true, text: r.text });
    },
  );

  routes.action<BlockAction<ButtonAction>>(FORGET_ACTION, async ({ ack, body, respond }) => {
    await ack();
    const team = body.team?.id ?? body.user.team_id ?? '';
    let r: Reply;
    try {
      r = forgotReply(await service.forget(team, body.user.id));
    } catch (err) {
      deps.reportError(err, { action: FORGET_ACTION, team });
      r = reply(failureText(err));
    }
    await respond({ response_type: 'ephemeral', replace_original: true, text: r.text });
  });

  routes.command('/checkin', async ({ command, ack }) => {
    let r: Reply;
    try {
      const out = await service.command({
        team: command.team_id,
        user: command.user_id,
        channel: command.channel_id,
        // Slack sends &, < and > HTML-encoded; store what the person typed (it is escaped on output).
        text: unescapeText(command.text ?? ''),
      });
      if (out.kind === 'stored') metrics.checkinsStored.inc({ source: 'command' });
      r = commandReply(out);
    } catch (err) {
      deps.reportError(err, { command: '/checkin', team: command.team_id, channel: command.channel_id });
      r = reply(failureText(err));
    }
    await ack({ response_type: 'ephemeral', ...r });
  });
}

/** `/wellbeing me` and `/wellbeing forget-me [confirm]`: a person's own data (§4.6). */
export function ownDataSubcommands(
  deps: Pick<CheckinListenerDeps, 'service' | 'dayOf' | 'clock'>,
): Subcommand[] {
  return [
    {
      name: 'me',
      access: 'everyone',
      usage: 'me',
      description: 'your own check-ins of the last 30 days (only you see them)',
      async run(ctx) {
        const answers = await deps.service.mine(ctx.team, ctx.user, 30);
        return meReply(answers, 30, deps.dayOf, deps.clock());
      },
    },
    {
      name: 'forget-me',
      access: 'everyone',
      usage: 'forget-me',
      description: 'delete all your check-ins and notes',
      async run(ctx) {
        if (ctx.args[0]?.toLowerCase() === 'confirm')
          return forgotReply(await deps.service.forget(ctx.team, ctx.user));
        if (ctx.args.length > 0)
          return reply(
            'To delete your check-ins, type `/wellbeing forget-me` and press the button, or `/wellbeing forget-me confirm`.',
          );
        return forgetPrompt(await deps.service.forgetCount(ctx.team, ctx.user));
      },
    },
  ];
}
