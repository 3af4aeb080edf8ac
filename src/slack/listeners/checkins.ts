// Thin listeners for check-ins: ack → parse → use case → render (STYLE.md).
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { unescapeText } from '../../domain/escape.js';
import { isScore } from '../../domain/types.js';
import { isRedisUnavailable } from '../../errors.js';
import type { Metrics } from '../../metrics.js';
import type { CheckinService } from '../../services/checkins.js';
import type { ChoiceService } from '../../services/choices.js';
import type { PeopleService } from '../../services/people.js';
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
import type { SendFileDm } from '../files.js';
import type { EventHandler, Routes } from '../routes.js';

export const COULD_NOT_SAVE = 'Sorry — I could not save that just now. Please try again in a minute.';

/** What a person is told when saving failed: storage down, or anything else on our side. */
export const failureText = (err: unknown) =>
  isRedisUnavailable(err)
    ? COULD_NOT_SAVE
    : 'Sorry — something went wrong on my side. Please try again in a minute.';

/** How long `/checkin` works before it answers "one moment" and sends the reply later. */
const COMMAND_BUDGET_MS = 2_000;

export interface CheckinListenerDeps {
  service: CheckinService;
  /** DM check-ins waiting for the person to pick a channel. */
  choices: ChoiceService;
  /** Erasure and access (forget-me, export), logged once per use. */
  people: Pick<PeopleService, 'forget' | 'export' | 'count'>;
  metrics: Metrics;
  dayOf: (ms: number) => string;
  clock: () => number;
  reportError: (err: unknown, context: Record<string, unknown>) => void;
  /** Overrides {@link COMMAND_BUDGET_MS} (tests). */
  commandBudgetMs?: number;
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
        const pick = parsePick(action.value);
        const out = pick
          ? await deps.choices.choose(team, body.user.id, pick.id, pick.channel)
          : ({ kind: 'expired' } as const);
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
      r = forgotReply(await deps.people.forget(team, body.user.id, { kind: 'self' }));
    } catch (err) {
      deps.reportError(err, { action: FORGET_ACTION, team });
      r = reply(failureText(err));
    }
    await respond({ response_type: 'ephemeral', replace_original: true, text: r.text });
  });

  routes.command('/checkin', async ({ command, ack, respond }) => {
    const working = (async (): Promise<Reply> => {
      try {
        const out = await service.command({
          team: command.team_id,
          user: command.user_id,
          channel: command.channel_id,
          // Slack sends &, < and > HTML-encoded; store what the person typed (it is escaped on output).
          text: unescapeText(command.text ?? ''),
        });
        if (out.kind === 'stored') metrics.checkinsStored.inc({ source: 'command' });
        const pickId =
          out.kind === 'choose' ? await deps.choices.offer(command.team_id, command.user_id, out) : undefined;
        return commandReply(out, pickId);
      } catch (err) {
        deps.reportError(err, { command: '/checkin', team: command.team_id, channel: command.channel_id });
        return reply(failureText(err));
      }
    })();
    // Slack wants the answer within 3 s. Finding a DM check-in's channels can take longer the first
    // time (one member lookup per care channel): then the person hears at once that it is on its way,
    // and the answer follows through the command's response URL.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), deps.commandBudgetMs ?? COMMAND_BUDGET_MS);
    });
    const r = await Promise.race([working, late]);
    clearTimeout(timer);
    if (r !== undefined) {
      await ack({ response_type: 'ephemeral', ...r });
      return;
    }
    await ack({ response_type: 'ephemeral', text: 'One moment — I am finding your care channels…' });
    void working
      .then((final) => respond({ response_type: 'ephemeral', replace_original: true, ...final }))
      .catch((err: unknown) => deps.reportError(err, { command: '/checkin', where: 'late reply' }));
  });
}

/** The channel and offer id a channel-choice button carries, or undefined when it is not one of ours. */
function parsePick(value: string | undefined): { channel: string; id: string } | undefined {
  try {
    const v = JSON.parse(value ?? '') as { c?: unknown; p?: unknown } | null;
    if (typeof v?.c !== 'string' || typeof v.p !== 'string') return undefined;
    return { channel: v.c, id: v.p };
  } catch {
    return undefined;
  }
}

/** A slash command must be answered within 3 s; a slow upload finishes in the background. */
const EXPORT_WAIT_MS = 2_000;

/**
 * `/wellbeing me [export]` and `/wellbeing forget-me [confirm]`: a person's own data (§4.6). The export
 * goes to the person's own DM with the bot, never anywhere else.
 */
export function ownDataSubcommands(
  deps: Pick<CheckinListenerDeps, 'service' | 'dayOf' | 'clock' | 'people' | 'reportError'> & {
    sendFile: SendFileDm;
    exportWaitMs?: number;
  },
): Subcommand[] {
  async function exportToDm(team: string, user: string): Promise<Reply> {
    const doc = await deps.people.export(team, user, { kind: 'self' });
    const n = doc.checkins.length;
    if (n === 0)
      return reply(
        'There is nothing stored about you — no check-ins and no notes — so there is no file to send.',
      );
    const sending = deps.sendFile(user, {
      filename: `wellbeing-checkins-${doc.exportedAt.slice(0, 10)}.json`,
      title: 'Your check-ins',
      content: `${JSON.stringify(doc, null, 2)}\n`,
      comment: `Here are your ${n} check-in${n === 1 ? '' : 's'} and notes, as you asked. Only you can see this file here.`,
    });
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'pending'>((resolve) => {
      timer = setTimeout(() => resolve('pending'), deps.exportWaitMs ?? EXPORT_WAIT_MS);
    });
    try {
      const r = await Promise.race([sending.then(() => 'sent' as const), waited]);
      if (r === 'pending') {
        sending.catch((err: unknown) => deps.reportError(err, { where: 'me export', team }));
        return reply('Your file is on its way to our direct messages (only you can see it there).');
      }
      return reply(
        `I've sent you a file with your ${n} check-in${n === 1 ? '' : 's'} in our direct messages. Only you can see it.`,
      );
    } catch (err) {
      deps.reportError(err, { where: 'me export', team });
      return reply(
        'Sorry — I could not send you the file just now. Nothing was shared with anyone. Please try again in a minute.',
      );
    } finally {
      clearTimeout(timer);
    }
  }

  return [
    {
      name: 'me',
      access: 'everyone',
      usage: 'me [export]',
      description:
        'your own check-ins of the last 30 days (only you see them); `export` sends you all of them as a file',
      async run(ctx) {
        const [word, ...extra] = ctx.args;
        if (word?.toLowerCase() === 'export' && extra.length === 0) return exportToDm(ctx.team, ctx.user);
        if (word !== undefined)
          return reply(
            'Type `/wellbeing me` to see your check-ins, or `/wellbeing me export` to get all of them as a file.',
          );
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
          return forgotReply(await deps.people.forget(ctx.team, ctx.user, { kind: 'self' }));
        if (ctx.args.length > 0)
          return reply(
            'To delete your check-ins, type `/wellbeing forget-me` and press the button, or `/wellbeing forget-me confirm`.',
          );
        return forgetPrompt(await deps.service.forgetCount(ctx.team, ctx.user));
      },
    },
  ];
}
