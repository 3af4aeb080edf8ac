// Summaries for leads (SPEC §5) and what the App Home shows: use cases only — no Slack, no Block Kit.
//
// A summary costs the same few Redis round trips whatever the number of stored check-ins: the
// channel's zone (one HGET), the per-day aggregates of the period and the previous one (one script,
// store/checkins.ts `period`), whether the person looking answered on those days (one script), and
// the channel's human member count (one GET while cached).
//
// Privacy beyond the threshold k of the domain (see docs/LEADS.md):
// - the person looking never counts towards k: their own answers are taken out before the threshold
//   is checked — for the period, for the previous period (the change) and for each day of the trend;
// - below k nothing is said about how many answered, not even a count of respondents;
// - periods are fixed (7, 30, 90 days) and always end today, so no window can be narrowed to a shift;
// - every summary shown is logged (who, which channel, which period — never a number).
import {
  computeSummary,
  MIN_GROUP_FLOOR,
  type PeriodDays,
  type Summary,
  type SummaryInput,
} from '../domain/summary.js';
import { dayKey } from '../domain/timezone.js';
import type { Logger } from '../logger.js';
import type { ChannelStore } from '../store/channels.js';
import type { CheckinStore, StoredAnswer } from '../store/checkins.js';
import type { RoleStore } from '../store/roles.js';
import type { SummaryStore } from '../store/summaries.js';

export const HOME_DAYS = 14;
const DEFAULT_MEMBER_COUNT_BUDGET_MS = 1_500;

/** What summaries need from Slack; implemented in slack/port.ts. */
export interface SummarySlackPort {
  /** Whether the bot can see the channel and is in it (conversations.info). */
  channelStatus(team: string, channel: string): Promise<'ok' | 'not-found' | 'not-in-channel'>;
  /** Current human, active members of the channel (no bots, no deactivated accounts); cached. */
  humanMemberCount(team: string, channel: string): Promise<number>;
}

export interface SummaryDeps {
  checkins: Pick<CheckinStore, 'period'>;
  channels: Pick<ChannelStore, 'promptChannel'>;
  store: Pick<SummaryStore, 'answeredOn'>;
  slack: SummarySlackPort;
  clock: () => number;
  /** The anonymity threshold (WELLBEING_MIN_GROUP). */
  k: number;
  defaultTz: string;
  log: Logger;
  /**
   * How long a reply waits for a member count that is not cached (a large channel needs one
   * users.info per unknown member) before it is shown without participation; the count goes on in
   * the background and is cached for the next request.
   */
  memberCountBudgetMs?: number;
}

export interface ChannelSummary {
  channel: string;
  periodDays: PeriodDays;
  /** First and last day of the period (YYYY-MM-DD in the channel's zone). */
  firstDay: string;
  lastDay: string;
  /** False when the channel has no prompts (nothing can have been answered there). */
  hasPrompts: boolean;
  /** Human members; undefined while they are still being counted. */
  members: number | undefined;
  /** The anonymity threshold applied. */
  k: number;
  summary: Summary;
}

export type SummaryOutcome =
  | { kind: 'summary'; value: ChannelSummary }
  | { kind: 'channel-not-found'; channel: string }
  | { kind: 'not-in-channel'; channel: string };

/** `YYYY-MM-DD` plus `delta` calendar days. */
export function addDays(day: string, delta: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + delta);
  return d.toISOString().slice(0, 10);
}

/** The `n` days ending with `today` (oldest first) and the `n` days before them. */
export function periodDays(today: string, n: number): { days: string[]; previousDays: string[] } {
  const days = Array.from({ length: n }, (_, i) => addDays(today, i - n + 1));
  const previousDays = Array.from({ length: n }, (_, i) => addDays(today, i - 2 * n + 1));
  return { days, previousDays };
}

/**
 * The summary with the viewer's own answers kept out of the threshold: the numbers shown are the
 * team's, but they are shown only when at least k *other* people answered.
 */
export function summaryExcludingViewer(
  input: SummaryInput,
  viewerAnswered: { days: readonly boolean[]; previous: boolean },
): Summary {
  const inCurrent = viewerAnswered.days.some(Boolean) ? 1 : 0;
  const others: SummaryInput = {
    ...input,
    days: input.days.map((d, i) => ({ ...d, respondents: d.respondents - (viewerAnswered.days[i] ? 1 : 0) })),
    respondents: input.respondents - inCurrent,
    previousRespondents: input.previousRespondents - (viewerAnswered.previous ? 1 : 0),
  };
  const gate = computeSummary(others);
  if (!gate.enough) return gate;
  const shown = computeSummary(input);
  if (!shown.enough) return gate; // cannot happen: the team has at least as many as the others
  return { ...shown, change: gate.change, trend: gate.trend, sparkline: gate.sparkline };
}

export type SummaryService = ReturnType<typeof createSummaryService>;

export function createSummaryService(deps: SummaryDeps) {
  const log = deps.log.child({ module: 'summaries' });
  const budgetMs = deps.memberCountBudgetMs ?? DEFAULT_MEMBER_COUNT_BUDGET_MS;

  /** The member count, or undefined when it takes longer than the budget (it is then cached later). */
  async function membersWithin(team: string, channel: string): Promise<number | undefined> {
    const counting = deps.slack.humanMemberCount(team, channel);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), budgetMs);
    });
    try {
      return await Promise.race([counting, late]);
    } catch (err) {
      log.warn({ team, channel, err: { message: (err as Error).message } }, 'could not count members');
      return undefined;
    } finally {
      clearTimeout(timer);
      counting.catch(() => {}); // a late failure was either reported above or is retried next time
    }
  }

  /**
   * A channel's summary as `viewer` may see it, for the `n` days up to `now` (default: the clock).
   * No access check: callers decide who may ask.
   */
  async function summarize(
    team: string,
    channel: string,
    n: PeriodDays,
    viewer: string,
    now: number = deps.clock(),
  ): Promise<ChannelSummary> {
    const where = await deps.channels.promptChannel(team, channel);
    const today = dayKey(now, where.tz ?? deps.defaultTz);
    const { days, previousDays } = periodDays(today, n);
    const [data, answered, members] = await Promise.all([
      deps.checkins.period(team, channel, days, previousDays),
      deps.store.answeredOn(team, channel, viewer, [...days, ...previousDays]),
      membersWithin(team, channel),
    ]);
    const input: SummaryInput = {
      periodDays: n,
      days: data.days.map((d, i) => ({
        day: days[i] as string,
        counts: d.counts,
        respondents: d.respondents,
      })),
      respondents: data.respondents,
      previousCounts: data.previousCounts,
      previousRespondents: data.previousRespondents,
      members: members ?? 0,
      k: deps.k,
    };
    const summary = summaryExcludingViewer(input, {
      days: answered.slice(0, n),
      previous: answered.slice(n).some(Boolean),
    });
    return {
      channel,
      periodDays: n,
      firstDay: days[0] as string,
      lastDay: today,
      hasPrompts: where.hasPrompts,
      members,
      k: summary.enough ? Math.max(MIN_GROUP_FLOOR, Math.ceil(deps.k)) : summary.k,
      summary,
    };
  }

  return {
    summarize,

    /** `/wellbeing summary`: the caller has been found allowed; checks the channel, then summarises. */
    async forCommand(r: {
      team: string;
      viewer: string;
      channel: string;
      periodDays: PeriodDays;
    }): Promise<SummaryOutcome> {
      const status = await deps.slack.channelStatus(r.team, r.channel);
      if (status === 'not-found') return { kind: 'channel-not-found', channel: r.channel };
      if (status === 'not-in-channel') return { kind: 'not-in-channel', channel: r.channel };
      const value = await summarize(r.team, r.channel, r.periodDays, r.viewer);
      // An audit line, so a workspace can see who looked at which team when. Never a number.
      log.info(
        {
          team: r.team,
          channel: r.channel,
          viewer: r.viewer,
          periodDays: r.periodDays,
          shown: value.summary.enough,
        },
        'summary viewed',
      );
      return { kind: 'summary', value };
    },
  };
}

export interface HomeData {
  user: string;
  /** The person's conversation with the bot ('' when unknown); kept in the view for its buttons. */
  dmChannel: string;
  /** Their own check-ins of the last {@link HOME_DAYS} days, oldest first. */
  answers: StoredAnswer[];
  /** Days of that window (YYYY-MM-DD, default zone), oldest first, for the sparkline. */
  days: string[];
  /** 7-day summaries of the channels they lead, as they may see them. */
  led: ChannelSummary[];
  /** A one-off message on top (e.g. after a check-in button that needs a channel choice). */
  notice?: HomeNotice;
}

export type HomeNotice =
  | { kind: 'choose'; score: number; channels: string[] }
  | { kind: 'no-channel' }
  | { kind: 'failed' };

export interface HomeDeps {
  summaries: Pick<SummaryService, 'summarize'>;
  roles: Pick<RoleStore, 'channelsLedBy'>;
  store: Pick<SummaryStore, 'markHomeSeen' | 'homeSeen'>;
  /** The person's own check-ins (CheckinService.mine). */
  mine: (team: string, user: string, days: number) => Promise<StoredAnswer[]>;
  publish: (team: string, data: HomeData) => Promise<void>;
  clock: () => number;
  defaultTz: string;
  log: Logger;
}

export type HomeService = ReturnType<typeof createHomeService>;

export function createHomeService(deps: HomeDeps) {
  const log = deps.log.child({ module: 'home' });
  /** Per person in this process: a refresh running, and whether another was asked for meanwhile. */
  const inFlight = new Map<string, { again: boolean; done: Promise<void> }>();

  async function build(
    team: string,
    user: string,
    dmChannel: string,
    notice?: HomeNotice,
  ): Promise<HomeData> {
    const now = deps.clock();
    const today = dayKey(now, deps.defaultTz);
    const days = Array.from({ length: HOME_DAYS }, (_, i) => addDays(today, i - HOME_DAYS + 1));
    const [answers, ledChannels] = await Promise.all([
      deps.mine(team, user, HOME_DAYS),
      deps.roles.channelsLedBy(team, user),
    ]);
    const led = await Promise.all(ledChannels.map((ch) => deps.summaries.summarize(team, ch, 7, user)));
    return { user, dmChannel, answers, days, led, ...(notice ? { notice } : {}) };
  }

  async function publish(team: string, user: string, dmChannel: string, notice?: HomeNotice): Promise<void> {
    await deps.publish(team, await build(team, user, dmChannel, notice));
  }

  return {
    /** `app_home_opened`: remember the person, and show their tab. */
    async opened(team: string, user: string, dmChannel: string): Promise<void> {
      await deps.store.markHomeSeen(team, user, dmChannel);
      await publish(team, user, dmChannel);
    },

    /** Shows the tab with a one-off notice (nothing was stored, so no refresh follows). */
    async notify(team: string, user: string, dmChannel: string, notice: HomeNotice): Promise<void> {
      await publish(team, user, dmChannel, notice);
    },

    /**
     * After the person's check-ins changed: refreshes their tab if they opened it in the last 30
     * days (`known`: what the caller already knows of that, see CheckinDeps.onChange). Refreshes
     * of one person are serialised in this process, and run once more when asked for while one was
     * running, so the last view published shows the last change.
     */
    changed(team: string, user: string, known?: { dm?: string }): Promise<void> {
      const key = `${team}/${user}`;
      const running = inFlight.get(key);
      if (running) {
        running.again = true;
        return running.done;
      }
      // Without a tab open there is nothing to refresh: don't start (or remember) anything.
      if (known && known.dm === undefined) return Promise.resolve();
      const state = { again: false, done: Promise.resolve() };
      let hint = known;
      state.done = (async () => {
        try {
          do {
            state.again = false;
            // What the check-in's store script said first; later rounds ask again.
            const dm = hint ? hint.dm : await deps.store.homeSeen(team, user);
            hint = undefined;
            if (dm === undefined) return;
            await publish(team, user, dm);
          } while (state.again);
        } catch (err) {
          log.warn({ team, err: { message: (err as Error).message } }, 'could not refresh the App Home');
        } finally {
          inFlight.delete(key);
        }
      })();
      inFlight.set(key, state);
      return state.done;
    },
  };
}
