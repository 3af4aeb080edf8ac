// The weekly digest: every Monday at 09:00 in each lead's own Slack time zone — or, when
// 09:00 falls inside their quiet hours, the moment those end — each lead gets a DM with the 7-day summary
// of each of their channels, the same one `/wellbeing summary` shows at that moment, and an alert line
// where the threshold is met and the average fell by ≥ 0.5 or low scores reached 40 %. `runDigest(now)`
// is called every quarter of an hour (zones such as Asia/Kolkata are not whole hours away from UTC); each
// lead's digest of a week is claimed once through the same Redis run coordinator as the scheduled
// prompts, so it is sent exactly once across replicas.
import { inQuiet, type QuietHours, weeklyMoments } from '../domain/quiet.js';
import { digestAlerts } from '../domain/summary.js';
import { localParts } from '../domain/timezone.js';
import type { Logger } from '../logger.js';
import type { ChannelStore } from '../store/channels.js';
import type { RoleStore } from '../store/roles.js';
import type { ChannelSummary, SummaryService } from './summaries.js';

/** A lead's digest of a week is claimed once; the claim outlives the week. */
const CLAIM_TTL_MS = 9 * 86_400_000;
/** A digest not sent within this long after its moment (every replica down) waits for next week. */
const DUE_WINDOW_MS = 2 * 3_600_000;
const DIGEST_WEEKDAY = 1; // Monday
const DIGEST_HOUR = 9;

/** Structurally node-cron's RunCoordinator: true for exactly one caller per key. */
export interface Coordinator {
  shouldRun(key: string, ttlMs: number): boolean | Promise<boolean>;
}

export interface DigestEntry {
  summary: ChannelSummary;
  /** From `digestAlerts`: empty unless the threshold is met. */
  alerts: string[];
}

export interface DigestDeps {
  summaries: Pick<SummaryService, 'summarize'>;
  channels: Pick<ChannelStore, 'promptChannels'>;
  roles: Pick<RoleStore, 'leadsOf'>;
  /** The workspaces the bot serves. */
  teams: () => Promise<readonly string[]>;
  coordinator: Coordinator;
  /** Sends one lead their digest (a DM). */
  send: (team: string, lead: string, entries: readonly DigestEntry[]) => Promise<void>;
  /**
   * A person's own time zone (Slack's users.info, cached) and quiet hours. Without it, or when Slack
   * does not say, a lead's digest follows the zone of their first channel.
   */
  people?: {
    zoneOf(team: string, user: string): Promise<string | undefined>;
    quietOf(team: string, user: string): Promise<QuietHours | undefined>;
  };
  defaultTz: string;
  log: Logger;
}

export interface DigestRun {
  /** False when no lead's digest was due, or another replica had claimed every one that was. */
  ran: boolean;
  /** DMs sent. */
  sent: number;
  failed: number;
}

/** True when `now` falls in the quarter-hour that starts Monday 09:00 in `tz`. */
export function digestDue(now: number, tz: string): boolean {
  const p = localParts(now, tz);
  return p.weekday === DIGEST_WEEKDAY && p.hour === DIGEST_HOUR && p.minute < 15;
}

/**
 * The week (its Monday on the person's calendar) whose digest is due for a person at `now`: from the
 * week's moment (09:00 Monday in their zone, or the end of their quiet hours) for two hours, never inside
 * their quiet hours; undefined when none is.
 */
export function digestWeekDue(now: number, tz: string, quiet?: QuietHours): string | undefined {
  if (inQuiet(now, tz, quiet)) return undefined;
  return weeklyMoments(now, tz, quiet).find((m) => m.at <= now && now < m.at + DUE_WINDOW_MS)?.week;
}

/** Every Monday moment on Earth, quiet hours included, lies between Sunday 18:00 and Tuesday 18:00 UTC. */
function mayBeDigestTime(now: number): boolean {
  const p = localParts(now, 'UTC');
  const hours = ((p.weekday + 7) % 7) * 24 + p.hour; // hours since Sunday 00:00 UTC
  return hours >= 18 && hours < 2 * 24 + 18;
}

export type Digest = ReturnType<typeof createDigest>;

export function createDigest(deps: DigestDeps) {
  const log = deps.log.child({ module: 'digest' });

  return {
    async runDigest(now: number): Promise<DigestRun> {
      if (!mayBeDigestTime(now)) return { ran: false, sent: 0, failed: 0 };
      // Every lead with their channels, in channel order.
      const byLead = new Map<string, { team: string; lead: string; channels: string[]; channelTz: string }>();
      for (const team of await deps.teams()) {
        for (const [channel, { tz }] of await deps.channels.promptChannels(team)) {
          for (const lead of await deps.roles.leadsOf(team, channel)) {
            const key = `${team}/${lead}`;
            const entry = byLead.get(key) ?? { team, lead, channels: [], channelTz: tz ?? deps.defaultTz };
            entry.channels.push(channel);
            byLead.set(key, entry);
          }
        }
      }
      // Whose week has reached its moment on their own clock, claimed once per lead and week.
      const due: { team: string; lead: string; channels: string[]; week: string }[] = [];
      for (const { team, lead, channels, channelTz } of byLead.values()) {
        const [zone, quiet] = deps.people
          ? await Promise.all([deps.people.zoneOf(team, lead), deps.people.quietOf(team, lead)])
          : [undefined, undefined];
        const week = digestWeekDue(now, zone ?? channelTz, quiet);
        if (week === undefined) continue;
        if (await deps.coordinator.shouldRun(`digest:${team}:${lead}:${week}`, CLAIM_TTL_MS)) {
          due.push({ team, lead, channels, week });
        }
      }
      if (due.length === 0) return { ran: false, sent: 0, failed: 0 };
      const slot = new Date(now).toISOString();

      let sent = 0;
      let failed = 0;
      for (const { team, lead, channels } of due) {
        try {
          const entries: DigestEntry[] = [];
          for (const channel of channels) {
            const summary = await deps.summaries.summarize(team, channel, 7, lead, now);
            entries.push({ summary, alerts: digestAlerts(summary.summary) });
          }
          await deps.send(team, lead, entries);
          sent += 1;
        } catch (err) {
          // Not retried: a digest sent twice is worse than one missed; the error is counted and logged.
          failed += 1;
          log.error({ team, slot, err: { message: (err as Error).message } }, 'could not send a digest');
        }
      }
      log.info({ slot, leads: due.length, sent, failed }, 'weekly digest');
      return { ran: true, sent, failed };
    },
  };
}
