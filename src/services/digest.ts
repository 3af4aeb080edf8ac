// The weekly digest (SPEC §5): every Monday at 09:00 in a channel's time zone, each of its leads gets
// a DM with the channel's 7-day summary — the same one `/wellbeing summary` shows at that moment —
// and an alert line where the threshold is met and the average fell by ≥ 0.5 or low scores reached
// 40 %. `runDigest(now)` is called every quarter of an hour (zones such as Asia/Kolkata are not whole
// hours away from UTC); each quarter-hour is run by exactly one replica, elected through the same
// Redis run coordinator as the scheduled prompts.
import { digestAlerts } from '../domain/summary.js';
import { localParts } from '../domain/timezone.js';
import type { Logger } from '../logger.js';
import type { ChannelStore } from '../store/channels.js';
import type { RoleStore } from '../store/roles.js';
import type { ChannelSummary, SummaryService } from './summaries.js';

const QUARTER_MS = 15 * 60_000;
/** The election key outlives every replica's attempt at the same quarter-hour. */
const CLAIM_TTL_MS = 6 * 3_600_000;
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
  defaultTz: string;
  log: Logger;
}

export interface DigestRun {
  /** False when another replica runs this quarter-hour, or nothing was due. */
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

export type Digest = ReturnType<typeof createDigest>;

export function createDigest(deps: DigestDeps) {
  const log = deps.log.child({ module: 'digest' });

  return {
    async runDigest(now: number): Promise<DigestRun> {
      const due: { team: string; channel: string }[] = [];
      for (const team of await deps.teams()) {
        for (const [channel, { tz }] of await deps.channels.promptChannels(team)) {
          if (digestDue(now, tz ?? deps.defaultTz)) due.push({ team, channel });
        }
      }
      if (due.length === 0) return { ran: false, sent: 0, failed: 0 };
      const slot = new Date(Math.floor(now / QUARTER_MS) * QUARTER_MS).toISOString();
      if (!(await deps.coordinator.shouldRun(`digest:${slot}`, CLAIM_TTL_MS))) {
        return { ran: false, sent: 0, failed: 0 };
      }

      // One DM per lead, with every channel of theirs that is due now.
      const byLead = new Map<string, { team: string; lead: string; channels: string[] }>();
      for (const { team, channel } of due) {
        for (const lead of await deps.roles.leadsOf(team, channel)) {
          const key = `${team}/${lead}`;
          const entry = byLead.get(key) ?? { team, lead, channels: [] };
          entry.channels.push(channel);
          byLead.set(key, entry);
        }
      }
      let sent = 0;
      let failed = 0;
      for (const { team, lead, channels } of byLead.values()) {
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
      log.info({ slot, channels: due.length, sent, failed }, 'weekly digest');
      return { ran: true, sent, failed };
    },
  };
}
