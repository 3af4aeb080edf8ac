// Helpers to set up a care channel with a posted prompt, for integration tests and the demo.
import type { Redis } from 'ioredis';
import { createKeys } from '../../src/store/keys.js';
import type { SlackStandin } from './slack-standin.js';

export interface CareChannel {
  channel: string;
  lead: string;
  members: string[];
}

/** Adds users and a channel to the stand-in, and registers the channel as one that has prompts. */
export async function careChannel(
  standin: SlackStandin,
  redis: Redis,
  prefix: string,
  o: { channel?: string; name?: string; members?: number; tz?: string; lead?: string } = {},
): Promise<CareChannel> {
  const channel = o.channel ?? 'C0CARE01';
  const members = Array.from(
    { length: o.members ?? 8 },
    (_, i) => `U${channel.slice(-2)}M${String(i + 1).padStart(3, '0')}`,
  );
  const lead = o.lead ?? `U${channel.slice(-2)}LEAD`;
  for (const id of [...members, lead]) standin.addUser({ id, name: id.toLowerCase() });
  standin.addUser({ id: standin.botUserId, name: 'wellbeing', isBot: true });
  standin.addChannel({
    id: channel,
    name: o.name ?? 'ward-7-nursing',
    members: [...members, lead, standin.botUserId],
  });
  const keys = createKeys(prefix);
  await redis.hset(keys.channels(standin.teamId), channel, JSON.stringify({ tz: o.tz ?? 'UTC' }));
  await redis.sadd(keys.leads(standin.teamId, channel), lead);
  await redis.sadd(keys.leadOf(standin.teamId, lead), channel);
  return { channel, lead, members };
}

/** Records a prompt message as the scheduler would, without posting it through Slack. */
export async function fakePrompt(
  redis: Redis,
  prefix: string,
  team: string,
  channel: string,
  ts: string,
  atMs: number,
) {
  const keys = createKeys(prefix);
  await redis.hset(keys.promptMessage(team, channel, ts), {
    id: 'cmp-01',
    cat: 'compassion',
    at: String(atMs),
  });
  await redis.hset(keys.latestPrompt(team, channel), { ts, at: String(atMs) });
}
