// The real check-in and cell services on real Redis, with a clock the test moves by hand: what the
// property tests over random histories play their events against. Every cell's entries are recorded
// as they were when it settled, so a test can check each settled part against what it was made from.
import { DEFAULT_EMOJI_MAP } from '../../src/domain/emoji.js';
import type { Score } from '../../src/domain/types.js';
import { createLogger } from '../../src/logger.js';
import { createCellService } from '../../src/services/cells.js';
import { createCheckinService } from '../../src/services/checkins.js';
import { createCellStore } from '../../src/store/cells.js';
import { createChannelStore } from '../../src/store/channels.js';
import { createCheckinStore } from '../../src/store/checkins.js';
import { createKeys } from '../../src/store/keys.js';
import type { RedisClient } from '../../src/store/redis.js';
import { createRoleStore } from '../../src/store/roles.js';
import { uniquePrefix } from './redis.js';

export interface HistoryOptions {
  team: string;
  channel: string;
  tz: string;
  k: number;
  people: readonly string[];
  admins: readonly string[];
  /** Changes every score given, the same way each time (decisions must not depend on it). */
  rescore?: (s: Score) => Score;
}

export async function historyWorld(redis: RedisClient, o: HistoryOptions) {
  const keys = createKeys(uniquePrefix());
  const clock = { now: 0 };
  const cellStore = createCellStore(redis, keys);
  const roles = createRoleStore(redis, keys);
  const entries = new Map<string, Record<string, string>>();
  const cells = createCellService({
    store: {
      ...cellStore,
      async cellEntries(team: string, channel: string, id: string) {
        const e = await cellStore.cellEntries(team, channel, id);
        entries.set(id, e);
        return e;
      },
    },
    leadsOf: (team, channel) => roles.leadsOf(team, channel),
    admins: o.admins,
    membersOf: async () => 12,
    channelTz: async () => o.tz,
    k: o.k,
    retentionDays: 180,
    clock: () => clock.now,
    log: createLogger('silent'),
  });
  const rescore = o.rescore ?? ((s: Score) => s);
  const service = createCheckinService({
    store: createCheckinStore(redis, keys, { retentionDays: 180 }),
    channels: createChannelStore(redis, keys),
    slack: {
      channelMembers: async () => o.people,
      sendDm: async () => ({ sent: true }),
      isHuman: async () => true,
      channelsWithMember: async () => [o.channel],
    },
    cells,
    settleAll: async (team) => void (await cells.settleDue(team, o.channel, clock.now)),
    clock: () => clock.now,
    emojiMap: Object.fromEntries(Object.entries(DEFAULT_EMOJI_MAP).map(([e, s]) => [e, rescore(s)])),
    defaultTz: o.tz,
    // Nobody answers 1 in these histories' DMs, and nobody has an App Home open.
    after: { act: () => {} },
  });
  await redis.hset(keys.channels(o.team), o.channel, JSON.stringify({ tz: o.tz }));
  return {
    keys,
    clock,
    cells,
    service,
    roles,
    entries,
    rescore,
    /** Records a prompt posted now, as the scheduler does; returns its ts. */
    async postPrompt(): Promise<string> {
      const ts = `${Math.floor(clock.now / 1000)}.000100`;
      await redis.hset(keys.promptMessage(o.team, o.channel, ts), {
        id: 'cmp-01',
        cat: 'compassion',
        at: String(clock.now),
      });
      await redis.hset(keys.latestPrompt(o.team, o.channel), { ts, at: String(clock.now) });
      return ts;
    },
    /** Every settled part of the channel, as stored. */
    async settledParts<T>(): Promise<T[]> {
      return (await redis.zrange(keys.settled(o.team, o.channel), '0', '-1')).map((j) => JSON.parse(j) as T);
    },
  };
}
