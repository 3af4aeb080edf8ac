// Sending a person a file in their DM with the bot, through Slack's external upload
// (files.getUploadURLExternal, the upload itself, files.completeUploadExternal — @slack/web-api's
// filesUploadV2 makes the three calls).
import type { WebClient } from '@slack/web-api';

export interface FileDm {
  filename: string;
  title: string;
  content: string;
  /** The message that comes with the file. */
  comment: string;
}

export type SendFileDm = (user: string, file: FileDm) => Promise<void>;

export function fileDmSender(client: WebClient): SendFileDm {
  return async (user, file) => {
    // The file goes to the DM with exactly this person: the conversation is opened by their user ID.
    const opened = await client.conversations.open({ users: user });
    const channel = opened.channel?.id;
    if (!channel) throw new Error('Slack opened no DM channel');
    await client.filesUploadV2({
      channel_id: channel,
      file: Buffer.from(file.content, 'utf8'),
      filename: file.filename,
      title: file.title,
      initial_comment: file.comment,
    });
  };
}
