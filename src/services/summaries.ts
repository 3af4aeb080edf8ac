// Summaries for leads, what the App Home shows, and the digest's figures: use cases only — no Slack,
// no Block Kit.
//
// Every figure comes from the settled parts released to the person looking (services/cells.ts and
// domain/release.ts): nothing about a day is shown before it settles, an hour after it ends, and what
// was decided then never changes. A summary costs a bounded number of Redis round trips whatever the
// number of stored check-ins: due cells are settled first (usually none), then the period's settled
// parts and the viewer's decisions are read. Every summary shown is logged (who, which channel, which
// period — never a number).
import type { Pooling } from '../domain/cells.js';
import { type ShownCell, shownCellOf } from '../domain/shown-cell.js';
import { effectiveK, type PeriodDays, type Summary, summaryFromView } from '../domain/summary.js';
import { dayKey } from '../domain/timezone.js';
import type { Logger } from '../logger.js';
import type { ChannelStore } from '../store/channels.js';
import type { StoredAnswer } from '../store/checkins.js';
import type { RoleStore } from '../store/roles.js';
import type { SummaryStore } from '../store/summaries.js';
import type { CellService } from './cells.js';

export const HOME_DAYS = 14;

/** What summaries need from Slack; implemented in slack/port.ts. */
export interface SummarySlackPort {
  /** Whether the bot can see the channel and is in it (conversations.info). */
  channelStatus(team: string, channel: string): Promise<'ok' | 'not-found' | 'not-in-channel'>;
  /** Current human, active members of the channel (no bots, no deactivated accounts); cached. */
  humanMemberCount(team: string, channel: string): Promise<number>;
}

export interface SummaryDeps {
  cells: Pick<CellService, 'view' | 'grid'>;
  roles: Pick<RoleStore, 'isLead'>;
  admins: readonly string[];
  channels: Pick<ChannelStore, 'promptChannel'>;
  slack: SummarySlackPort;
  clock: () => number;
  /** The anonymity threshold (WELLBEING_MIN_GROUP). */
  k: number;
  defaultTz: string;
  log: Logger;
}

export interface ChannelSummary {
  channel: string;
  periodDays: PeriodDays;
  /** First and last day of the period (YYYY-MM-DD in the channel's zone). */
  firstDay: string;
  lastDay: string;
  /** False when the channel has no prompts (nothing can have been answered there). */
  hasPrompts: boolean;
  /** The anonymity threshold applied. */
  k: number;
  summary: Summary;
  /** How the channel's answers are counted now. */
  pooling: Pooling;
  /** The periods shown, as charts and exports draw them (released to the viewer only). */
  cells: ShownCell[];
  suggest: Suggestion[];
}

/** Advice for a crew whose periods are often left out. */
export type Suggestion = 'pooling' | 'buttons';

/** A channel the bot cannot summarise: it cannot see it, or is not a member. */
export type ChannelProblem =
  | { kind: 'channel-not-found'; channel: string }
  | { kind: 'not-in-channel'; channel: string };

/** Whether the bot can read `channel` at all, before anything is counted for it. */
export async function channelProblem(
  slack: Pick<SummarySlackPort, 'channelStatus'>,
  team: string,
  channel: string,
): Promise<ChannelProblem | undefined> {
  const status = await slack.channelStatus(team, channel);
  if (status === 'not-found') return { kind: 'channel-not-found', channel };
  if (status === 'not-in-channel') return { kind: 'not-in-channel', channel };
  return undefined;
}

export type SummaryOutcome = { kind: 'summary'; value: ChannelSummary } | ChannelProblem;

/** `YYYY-MM-DD` plus `delta` calendar days. */
export function addDays(day: string, delta: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + delta);
  return d.toISOString().slice(0, 10);
}

export type SummaryService = ReturnType<typeof createSummaryService>;

export function createSummaryService(deps: SummaryDeps) {
  const log = deps.log.child({ module: 'summaries' });

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
    const [where, isLead] = await Promise.all([
      deps.channels.promptChannel(team, channel),
      deps.roles.isLead(team, channel, viewer),
    ]);
    const tz = where.tz ?? deps.defaultTz;
    const [view, grid] = await Promise.all([
      deps.cells.view(team, channel, viewer, n, { isLead, isAdmin: deps.admins.includes(viewer) }, now),
      deps.cells.grid(team, channel, now),
    ]);
    const summary = summaryFromView(view, n, deps.k);
    const pooling = grid.current.pooling;
    // Small crews: most recent periods left out → pool them; and where reactions count, buttons keep
    // answers private and counted. (Never from whether a day was split: that would tell a private answer.)
    const suggest: Suggestion[] = [];
    if (pooling === 'day' && view.withheld.total > view.shown.length) suggest.push('pooling');
    if (!where.reactionsOff && view.withheld.total > 0) suggest.push('buttons');
    return {
      channel,
      periodDays: n,
      firstDay: dayKey(now - (n - 1) * 86_400_000, tz),
      lastDay: dayKey(now, tz),
      hasPrompts: where.hasPrompts,
      k: effectiveK(deps.k),
      summary,
      pooling,
      suggest,
      cells: view.shown.map(shownCellOf),
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
      const problem = await channelProblem(deps.slack, r.team, r.channel);
      if (problem) return problem;
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
     * days (`known`: what the check-in script already said of that, see CheckinEffects). Refreshes
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
