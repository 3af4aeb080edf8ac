// Putting a file in someone's DM: open the DM, then Slack's external upload (files.getUploadURLExternal,
// the bytes, files.completeUploadExternal), which @slack/web-api's filesUploadV2 performs.
import type { WebClient } from '@slack/web-api';
import type { FileSender } from '../services/export.js';
import { slackError } from './port.js';

export function createFileSender(client: WebClient): FileSender {
  return {
    async sendToPerson(_team, user, file) {
      try {
        const dm = await client.conversations.open({ users: user });
        const channel = dm.channel?.id;
        if (!channel) return { sent: false, reason: 'no_dm' };
        await client.filesUploadV2({
          channel_id: channel,
          filename: file.filename,
          title: file.title,
          content: file.content,
          initial_comment: file.comment,
        });
        return { sent: true };
      } catch (err) {
        // Slack said no (a missing scope, a closed DM…): the person hears it; anything else is a failure.
        const reason = slackError(err);
        if (reason) return { sent: false, reason };
        throw err;
      }
    },
  };
}
