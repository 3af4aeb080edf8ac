// A person's own Slack time zone (users.info → user.tz), cached for a day: the weekly digest and any
// message the bot starts on its own are timed on the person's clock, not the channel's.
import type { WebClient } from '@slack/web-api';
import { validateTimeZone } from '../domain/timezone.js';
import type { PeopleStore } from '../store/people.js';

const ZONE_TTL_S = 86_400;

/** The person's zone, or undefined when Slack does not say (the caller falls back). */
export function createUserZones(
  client: WebClient,
  people: Pick<PeopleStore, 'cachedZone' | 'cacheZone'>,
): (team: string, user: string) => Promise<string | undefined> {
  return async (team, user) => {
    const cached = await people.cachedZone(team, user);
    if (cached !== undefined) return cached;
    let tz: string | undefined;
    try {
      const res = await client.users.info({ user });
      tz = typeof res.user?.tz === 'string' ? res.user.tz : undefined;
    } catch {
      // Unknown to Slack or Slack unreachable: the caller's fallback zone is used this time.
      return undefined;
    }
    const valid = tz === undefined ? undefined : validateTimeZone(tz);
    if (!valid?.ok) return undefined;
    await people.cacheZone(team, user, valid.value, ZONE_TTL_S);
    return valid.value;
  };
}
