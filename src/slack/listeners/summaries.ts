// Thin listeners for the App Home and the member cache, and the Slack side of the home and digest
// use cases (publishing a view, sending a digest DM): ack → parse → use case → render.
import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { isScore } from '../../domain/types.js';
import type { Metrics } from '../../metrics.js';
import type { CheckinService } from '../../services/checkins.js';
import type { DigestEntry } from '../../services/digest.js';
import type { HomeData, HomeService } from '../../services/summaries.js';
import type { ChannelStore } from '../../store/channels.js';
import { digestMessage, HOME_CHECKIN_ACTION, HOME_PICK_ACTION, homeView } from '../blocks/summary.js';
import { type ReportError, withReply } from '../failure.js';
import type { EventHandler, Routes } from '../routes.js';

export interface SummaryListenerDeps {
  home: HomeService;
  checkins: Pick<CheckinService, 'scored' | 'storeIn'>;
  channels: Pick<ChannelStore, 'forgetMembers'>;
  metrics: Metrics;
  reportError: ReportError;
}

/** Publishes a person's App Home. */
export function homePublisher(client: WebClient) {
  return async (_team: string, data: HomeData): Promise<void> => {
    await client.views.publish({ user_id: data.user, view: homeView(data) });
  };
}

/** Sends one lead their weekly digest as a DM. */
export function digestSender(client: WebClient) {
  return async (_team: string, lead: string, entries: readonly DigestEntry[]): Promise<void> => {
    const open = await client.conversations.open({ users: lead });
    const channel = open.channel?.id;
    if (!channel) throw new Error('conversations.open returned no channel');
    const message = digestMessage(entries);
    await client.chat.postMessage({
      channel,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
    });
  };
}

export function registerSummaryListeners(routes: Routes, deps: SummaryListenerDeps): void {
  const { home } = deps;
  const teamOf = (body: unknown) => (body as { team_id?: string }).team_id ?? '';

  routes.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    await home.opened(teamOf(body), event.user, event.channel);
  });

  // Participation counts the channel's current members: drop the cached list when it changes.
  const onMembership: EventHandler<'member_joined_channel' | 'member_left_channel'> = async ({
    event,
    body,
  }) => {
    await deps.channels.forgetMembers(teamOf(body), event.channel);
  };
  routes.event('member_joined_channel', onMembership);
  routes.event('member_left_channel', onMembership);

  const fromHome = (body: BlockAction) => ({
    team: body.team?.id ?? body.user.team_id ?? '',
    user: body.user.id,
    dm: body.view?.private_metadata ?? '',
  });

  // A check-in from the App Home counts like `/checkin <score>` typed in the bot's DM: for the
  // person's one care channel, or after they choose when they are in several. A stored check-in
  // refreshes the tab (services/after-checkin.ts).
  routes.action<BlockAction<ButtonAction>>(
    new RegExp(`^${HOME_CHECKIN_ACTION}_[1-5]$`),
    async ({ ack, body, action }) => {
      await ack();
      const { team, user, dm } = fromHome(body);
      const score = Number(action.action_id.slice(-1));
      if (!isScore(score)) return;
      const ok = await withReply(
        deps.reportError,
        { action: HOME_CHECKIN_ACTION, team },
        async () => {
          const out = await deps.checkins.scored({ team, user, channel: dm, score });
          if (out.kind === 'stored') deps.metrics.checkinsStored.inc({ source: 'command' });
          else if (out.kind === 'choose')
            await home.notify(team, user, dm, { kind: 'choose', score, channels: out.channels });
          else if (out.kind === 'no-channel') await home.notify(team, user, dm, { kind: 'no-channel' });
          return true;
        },
        () => false,
      );
      if (!ok) await home.notify(team, user, dm, { kind: 'failed' }).catch(() => {});
    },
  );

  routes.action<BlockAction<ButtonAction>>(
    new RegExp(`^${HOME_PICK_ACTION}_\\d+$`),
    async ({ ack, body, action }) => {
      await ack();
      const { team, user, dm } = fromHome(body);
      const ok = await withReply(
        deps.reportError,
        { action: HOME_PICK_ACTION, team },
        async () => {
          const v = JSON.parse(action.value ?? '{}') as { c?: unknown; s?: unknown };
          const score = Number(v.s);
          if (typeof v.c !== 'string' || !isScore(score)) throw new Error('malformed home pick value');
          const out = await deps.checkins.storeIn({ team, user, channel: v.c, score });
          if (out.kind === 'stored') deps.metrics.checkinsStored.inc({ source: 'command' });
          else await home.notify(team, user, dm, { kind: 'no-channel' });
          return true;
        },
        () => false,
      );
      if (!ok) await home.notify(team, user, dm, { kind: 'failed' }).catch(() => {});
    },
  );
}
