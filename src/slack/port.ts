// The Slack side of the use cases' ports, on the Web API clients.
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import type { SlackPort } from '../services/checkins.js';
import type { SummarySlackPort } from '../services/summaries.js';
import type { ChannelStore, UserKind } from '../store/channels.js';
import { nothingSent } from './transport.js';

const MEMBERS_TTL_S = 300;
/** Whether someone is a person rarely changes; a deactivated account drops out within a day. */
const HUMAN_TTL_S = 86_400;
const OTHER_TTL_S = 7 * 86_400;
/** users.info calls in flight at once while counting a channel's people for the first time. */
const USERS_INFO_CONCURRENCY = 8;

/** conversations.members calls in flight at once while finding a person's care channels. */
const MEMBERS_CONCURRENCY = 8;
/** A channel the bot could not read is skipped this long before the bot tries it again. */
const UNREADABLE_TTL_S = 600;
/** Slack's answers that mean "the bot cannot read this channel" (removed, deleted, archived, private). */
const UNREADABLE = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'channel_is_archived',
  'access_denied',
  'missing_scope',
]);

/** How many times a support DM waits out Slack's Retry-After before it counts as not delivered. */
const DM_RATE_LIMIT_WAITS = 3;

/**
 * Runs `fn` over `items` with at most `limit` calls in flight, keeping the order of results. Ten lines
 * do what a dependency would; every caller here needs just this.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export interface SlackPortClients {
  /** Reads (channel members): Bolt's client, which retries as it sees fit. */
  client: WebClient;
  /**
   * Support DMs: a client that never repeats a call that may have reached Slack (`retries: 0`) and
   * hands a 429 back (`rejectRateLimitedCalls`), so "at most once a day" holds.
   */
  once: WebClient;
  sleep?: (ms: number) => Promise<void>;
  /** Where a channel the bot cannot read is reported (once per channel while it stays unreadable). */
  log?: Logger;
}

export function createSlackPort(clients: SlackPortClients, channels: ChannelStore): SlackPort {
  const { client, once } = clients;
  const sleep = clients.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  // Whether a reacting user is a person is asked on the hot path: kept in memory for ten minutes,
  // in Redis for as long as the participation count keeps it.
  const kinds = new Map<string, { kind: UserKind; until: number }>();
  const log = clients.log?.child({ module: 'channels' });

  async function channelMembers(team: string, channel: string): Promise<readonly string[]> {
    const cached = await channels.cachedMembers(team, channel);
    if (cached) return cached;
    const members: string[] = [];
    let cursor: string | undefined;
    try {
      do {
        const page = await client.conversations.members({
          channel,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
        members.push(...(page.members ?? []));
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
    } catch (err) {
      const code = slackError(err);
      if (code !== undefined && UNREADABLE.has(code)) {
        // One line per channel, across replicas, until it can be read again.
        if (await channels.markUnreadable(team, channel, code, UNREADABLE_TTL_S))
          log?.warn({ team, channel, reason: code }, 'cannot read a prompt channel; skipping it for now');
      }
      throw err;
    }
    await channels.cacheMembers(team, channel, members, MEMBERS_TTL_S);
    return members;
  }

  return {
    async isHuman(team, user) {
      const key = `${team}/${user}`;
      const hit = kinds.get(key);
      if (hit && hit.until > performance.now()) return hit.kind === 'human';
      let kind = (await channels.cachedUserKinds(team, [user]))[0];
      if (kind === undefined) {
        kind = await userKind(client, user);
        await channels.cacheUserKinds(team, new Map([[user, kind]]), (k) =>
          k === 'human' ? HUMAN_TTL_S : OTHER_TTL_S,
        );
      }
      if (kinds.size > 50_000) kinds.clear();
      kinds.set(key, { kind, until: performance.now() + 600_000 });
      return kind === 'human';
    },
    channelMembers,
    async channelsWithMember(team, user, candidates) {
      const skip = await channels.unreadable(team, candidates);
      const readable = candidates.filter((c) => !skip.has(c));
      let failures = 0;
      let lastError: unknown;
      const found = await mapBounded(readable, MEMBERS_CONCURRENCY, async (channel) => {
        try {
          return (await channelMembers(team, channel)).includes(user);
        } catch (err) {
          const code = slackError(err);
          if (code === undefined || !UNREADABLE.has(code)) {
            failures += 1;
            lastError = err;
          }
          return false;
        }
      });
      // Some channels failing for other reasons (rate limits, a slow answer) leaves the rest usable;
      // when every lookup failed, Slack itself is the problem and the caller should say so.
      if (readable.length > 0 && failures === readable.length) throw lastError;
      return readable.filter((_, i) => found[i]);
    },
    async sendDm(_team, user, text) {
      try {
        // Posting to a user ID lands in the app's DM with that person: one call instead of two.
        await waitingOutRateLimits(
          () => once.chat.postMessage({ channel: user, text }),
          DM_RATE_LIMIT_WAITS,
          sleep,
        );
        return { sent: true };
      } catch (err) {
        // Answers in which Slack says it did not post: refused, still rate-limited, or never reached.
        const reason =
          slackError(err) ??
          (rateLimitedFor(err) !== undefined ? 'ratelimited' : undefined) ??
          (nothingSent((err as { original?: unknown }).original) ? 'unreachable' : undefined);
        if (reason) return { sent: false, reason };
        // A reset or a timeout after sending: it may have arrived.
        throw err;
      }
    },
  };
}

/**
 * Runs `call`, waiting out Slack's Retry-After up to `waits` times (for a client built with
 * `rejectRateLimitedCalls`); any other failure, or a 429 after the last wait, is rethrown.
 */
export async function waitingOutRateLimits<T>(
  call: () => Promise<T>,
  waits: number,
  sleep: (ms: number) => Promise<void>,
): Promise<T> {
  for (let waited = 0; ; waited++) {
    try {
      return await call();
    } catch (err) {
      const retryAfter = rateLimitedFor(err);
      if (retryAfter === undefined || waited >= waits) throw err;
      await sleep(retryAfter * 1_000);
    }
  }
}

/** Seconds to wait when `err` is @slack/web-api's rate-limited error, else undefined. */
export function rateLimitedFor(err: unknown): number | undefined {
  const e = err as { code?: unknown; retryAfter?: unknown } | undefined;
  if (e?.code !== 'slack_webapi_rate_limited_error') return undefined;
  return typeof e.retryAfter === 'number' && e.retryAfter >= 0 ? e.retryAfter : 1;
}

/** The Slack error code of a failed Web API call (`channel_not_found`…), if it was one. */
export function slackError(err: unknown): string | undefined {
  const e = err as { code?: unknown; data?: { error?: unknown } } | undefined;
  return e?.code === 'slack_webapi_platform_error' && typeof e.data?.error === 'string'
    ? e.data.error
    : undefined;
}

/** A person, or a bot, an app user, a deactivated account (users.info). */
async function userKind(client: WebClient, user: string): Promise<UserKind> {
  try {
    const res = await client.users.info({ user });
    const u = res.user;
    const human = !!u && !u.is_bot && !u.deleted && !u.is_app_user && u.id !== 'USLACKBOT';
    return human ? 'human' : 'other';
  } catch (err) {
    // Someone Slack no longer knows is not a current member.
    if (slackError(err) === 'user_not_found') return 'other';
    throw err;
  }
}

/** Participation and channel checks for summaries, on top of the check-in port's member cache. */
export function createSummarySlackPort(
  client: WebClient,
  channels: ChannelStore,
  base: Pick<SlackPort, 'channelMembers'>,
): SummarySlackPort {
  const kindOf = (user: string) => userKind(client, user);

  return {
    async channelStatus(_team, channel) {
      try {
        const res = await client.conversations.info({ channel });
        return res.channel?.is_member === false ? 'not-in-channel' : 'ok';
      } catch (err) {
        const code = slackError(err);
        if (code === 'channel_not_found') return 'not-found';
        if (code === 'not_in_channel') return 'not-in-channel';
        throw err;
      }
    },
    async humanMemberCount(team, channel) {
      const cached = await channels.cachedHumanCount(team, channel);
      if (cached !== undefined) return cached;
      const members = await base.channelMembers(team, channel);
      const known = await channels.cachedUserKinds(team, members);
      const unknown = members.filter((_, i) => known[i] === undefined);
      const found = new Map<string, UserKind>();
      for (let i = 0; i < unknown.length; i += USERS_INFO_CONCURRENCY) {
        const batch = unknown.slice(i, i + USERS_INFO_CONCURRENCY);
        const kinds = await Promise.all(batch.map(kindOf));
        for (const [j, u] of batch.entries()) found.set(u, kinds[j] as UserKind);
      }
      await channels.cacheUserKinds(team, found, (k) => (k === 'human' ? HUMAN_TTL_S : OTHER_TTL_S));
      const humans = members.filter((u, i) => (known[i] ?? found.get(u)) === 'human').length;
      await channels.cacheHumanCount(team, channel, humans, MEMBERS_TTL_S);
      return humans;
    },
  };
}
