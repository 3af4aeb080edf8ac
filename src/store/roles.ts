// Leads per channel (and its reverse index, for App Home and the digest).
import type { Keys } from './keys.js';
import type { RedisClient } from './redis.js';

export interface RoleStore {
  leadsOf(team: string, channel: string): Promise<string[]>;
  isLead(team: string, channel: string, user: string): Promise<boolean>;
  channelsLedBy(team: string, user: string): Promise<string[]>;
  /** Returns false when the user already was a lead. */
  addLead(team: string, channel: string, user: string): Promise<boolean>;
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
    async addLead(team, channel, user) {
      const res = await redis
        .multi()
        .sadd(keys.leads(team, channel), user)
        .sadd(keys.leadOf(team, user), channel)
        .exec();
      return res?.[0]?.[1] === 1;
    },
    async removeLead(team, channel, user) {
      const res = await redis
        .multi()
        .srem(keys.leads(team, channel), user)
        .srem(keys.leadOf(team, user), channel)
        .exec();
      return res?.[0]?.[1] === 1;
    },
  };
}
