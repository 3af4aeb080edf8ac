// Posts prompt messages to Slack through the per-channel pacer, then adds the five number reactions.
// A channel the bot cannot post to is logged once, with the fix, and never stops other channels.
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import type { PostOutcome, PromptPoster, Unreachable } from '../services/prompts.js';
import { PROMPT_REACTIONS, promptMessage } from './blocks/prompt.js';
import type { ChannelPacer } from './pacer.js';
import { slackError, waitingOutRateLimits } from './port.js';

/** How many times adding a number reaction waits out Slack's Retry-After. */
const RATE_LIMIT_WAITS = 3;

const UNREACHABLE: readonly Unreachable[] = ['not_in_channel', 'channel_not_found', 'is_archived'];

const FIX: Readonly<Record<Unreachable, string>> = {
  not_in_channel: 'the bot is not in this channel: invite it with /invite @wellbeing',
  channel_not_found:
    'Slack does not know this channel (deleted, or private without the bot): invite the bot with /invite @wellbeing, or remove its schedules',
  is_archived: 'the channel is archived: unarchive it, or remove its schedules',
};

export interface PosterDeps {
  /** Built with `rejectRateLimitedCalls: true`, so a 429 reaches the pacer instead of pausing every call. */
  client: WebClient;
  pacer: ChannelPacer;
  log: Logger;
  sleep?: (ms: number) => Promise<void>;
}

/** A failed request or an HTTP error, as opposed to Slack's own refusal (`{ok: false}`). */
function transient(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return code === 'slack_webapi_request_error' || code === 'slack_webapi_http_error';
}

export function createPromptPoster(deps: PosterDeps): PromptPoster {
  const log = deps.log.child({ module: 'scheduler' });
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  /** `team/channel/reason` already logged; forgotten when the channel works again. */
  const warned = new Set<string>();

  return {
    async post(team, channel, prompt, o): Promise<PostOutcome> {
      const message = promptMessage(prompt, o);
      try {
        const res = await deps.pacer.run(channel, () =>
          deps.client.chat.postMessage({ channel, text: message.text, blocks: message.blocks }),
        );
        for (const reason of UNREACHABLE) warned.delete(`${team}/${channel}/${reason}`);
        if (typeof res.ts !== 'string') throw new Error('chat.postMessage returned no ts');
        return { kind: 'posted', ts: res.ts };
      } catch (err) {
        const code = slackError(err);
        const reason = UNREACHABLE.find((r) => r === code);
        if (reason === undefined) throw err;
        const key = `${team}/${channel}/${reason}`;
        if (!warned.has(key)) {
          warned.add(key);
          log.warn({ team, channel, error: reason }, `cannot post a prompt: ${FIX[reason]}`);
        }
        return { kind: 'unreachable', reason };
      }
    },

    async react(team, channel, ts) {
      // Reactions are not messages, so they do not wait for the channel's one-per-second pace; a
      // 429 still waits its Retry-After, here, for this message only.
      for (const name of PROMPT_REACTIONS) {
        for (let attempt = 0; ; attempt++) {
          try {
            await waitingOutRateLimits(
              () => deps.client.reactions.add({ channel, timestamp: ts, name }),
              RATE_LIMIT_WAITS,
              sleep,
            );
            break;
          } catch (err) {
            if (slackError(err) === 'already_reacted') break;
            // Adding a reaction twice only earns `already_reacted`, so a call that failed on the way
            // (the client makes one attempt) is simply tried again.
            if (transient(err) && attempt < 2) {
              await sleep(250 * (attempt + 1));
              continue;
            }
            log.warn(
              { team, channel, error: slackError(err) ?? (err as Error).message },
              'could not add the number reactions to a prompt',
            );
            return;
          }
        }
      }
    },
  };
}
