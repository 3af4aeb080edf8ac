// Leads per channel (and its reverse index, for App Home and the digest).
import type { Keys } from './keys.js';
import type { RedisClient } from './redis.js';

export interface RoleStore {
  leadsOf(team: string, channel: string): Promise<string[]>;
  isLead(team: string, channel: string, user: string): Promise<boolean>;
  channelsLedBy(team: string, user: string): Promise<string[]>;
  /**
   * Returns false when the user already was a lead. A new lead is noted with the time (`nowMs`): they see
   * only what holds whoever is left out of a period until periods settle with them as a lead.
   */
  addLead(team: string, channel: string, user: string, nowMs?: number): Promise<boolean>;
  /** Returns false when the user was not a lead. */
  removeLead(team: string, channel: string, user: string): Promise<boolean>;
}

export function createRoleStore(redis: RedisClient, keys: Keys): RoleStore {
  return {
    async leadsOf(team, channel) {
      return (await redis.smembers(keys.leads(team, channel))).sort();
    },
    async isLead(team, channel, user) {
      return (await redis.sismember(keys.leads(team, channel), user)) === 1;
    },
    async channelsLedBy(team, user) {
      return (await redis.smembers(keys.leadOf(team, user))).sort();
    },
    async addLead(team, channel, user, nowMs = Date.now()) {
      const added = (await redis.sadd(keys.leads(team, channel), user)) === 1;
      if (added) {
        await redis
          .multi()
          .sadd(keys.leadOf(team, user), channel)
          .hset(keys.viewers(team, channel), user, String(nowMs))
          .exec();
      }
      return added;
    },
    async removeLead(team, channel, user) {
      const res = await redis
        .multi()
        .srem(keys.leads(team, channel), user)
        .srem(keys.leadOf(team, user), channel)
        .hdel(keys.viewers(team, channel), user)
        .exec();
      return res?.[0]?.[1] === 1;
    },
  };
}
