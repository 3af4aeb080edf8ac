// The Slack side of the use cases' SlackPort, on Bolt's Web API client.
import type { WebClient } from '@slack/web-api';
import type { SlackPort } from '../services/checkins.js';
import type { ChannelStore } from '../store/channels.js';

const MEMBERS_TTL_S = 300;

export function createSlackPort(client: WebClient, channels: ChannelStore): SlackPort {
  return {
    async channelMembers(team, channel) {
      const cached = await channels.cachedMembers(team, channel);
      if (cached) return cached;
      const members: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.conversations.members({
          channel,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
        members.push(...(page.members ?? []));
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
      await channels.cacheMembers(team, channel, members, MEMBERS_TTL_S);
      return members;
    },
    async sendDm(_team, user, text) {
      const open = await client.conversations.open({ users: user });
      const dm = open.channel?.id;
      if (!dm) throw new Error('conversations.open returned no channel');
      await client.chat.postMessage({ channel: dm, text });
    },
  };
}
