// `/wellbeing summary … by-shift`: the same figures per shift (day, night, …), as a use case — no Slack,
// no Block Kit.
//
// Each shift's figures are sums of its shift parts released to the person looking, over the settled
// cells whose per-shift figures they may see (domain/by-shift.ts): a cell's shifts are shown only when
// what is held back of it could not give anyone's answer away by subtracting the shown shifts from the
// cell's total. Like every summary it is logged (who, which channel, which period — never a number).
import type { ByShiftView } from '../domain/by-shift.js';
import type { ShiftPattern } from '../domain/shifts.js';
import { sparkline } from '../domain/sparkline.js';
import { effectiveK, type PeriodDays } from '../domain/summary.js';
import { dayKey } from '../domain/timezone.js';
import type { Logger } from '../logger.js';
import type { ChannelStore } from '../store/channels.js';
import type { RoleStore } from '../store/roles.js';
import type { CellService } from './cells.js';
import { type ChannelProblem, channelProblem, type SummarySlackPort } from './summaries.js';

export interface ByShiftDeps {
  cells: Pick<CellService, 'byShift'>;
  roles: Pick<RoleStore, 'isLead'>;
  admins: readonly string[];
  channels: Pick<ChannelStore, 'promptChannel'>;
  /** The channel's shift pattern now, if it has one. */
  shiftsOf: (team: string, channel: string) => Promise<ShiftPattern | undefined>;
  slack: Pick<SummarySlackPort, 'channelStatus'>;
  clock: () => number;
  /** The anonymity threshold (WELLBEING_MIN_GROUP). */
  k: number;
  defaultTz: string;
  log: Logger;
}

/** One shift's figures, over the cells it is shown in. */
export interface ShiftSummary {
  name: string;
  /** Lower median of the people in each shown shift part. */
  respondents: number;
  checkins: number;
  /** One decimal. */
  average: number;
  distribution: [number, number, number, number, number];
  lowSharePct: number;
  /** Average minus the previous period's, one decimal; null when either shows nothing of this shift. */
  change: number | null;
  sparkline: string;
  /** How many cells (days, or weeks for a pooled channel) it is shown in. */
  cells: number;
}

export interface ChannelByShift {
  channel: string;
  periodDays: PeriodDays;
  firstDay: string;
  lastDay: string;
  k: number;
  /** Shifts with figures, in rota order (shifts of an earlier rota after them). */
  shifts: ShiftSummary[];
  /** Cells shown in the total with no shift shown (held back, split, or from before the shifts). */
  heldBack: number;
  /** Cells left out of the total as well (the plain summary says why). */
  leftOut: number;
}

export type ByShiftOutcome =
  | { kind: 'by-shift'; value: ChannelByShift }
  | { kind: 'no-shifts'; channel: string }
  | ChannelProblem;

export type ByShiftService = ReturnType<typeof createByShiftService>;

function inRotaOrder(view: ByShiftView, pattern: ShiftPattern | undefined): ShiftSummary[] {
  const order = new Map((pattern?.shifts ?? []).map((s, i) => [s.name, i]));
  const rank = (name: string) => order.get(name) ?? order.size;
  const out: ShiftSummary[] = [];
  for (const s of view.shifts) {
    const f = s.figures;
    if (!f) continue;
    out.push({
      name: s.name,
      respondents: f.respondents,
      checkins: f.checkins,
      average: f.average,
      distribution: [...f.dist],
      lowSharePct: f.lowSharePct,
      change: s.change,
      sparkline: sparkline(s.trend),
      cells: s.cells,
    });
  }
  // A stable sort: shifts of an earlier rota keep the order they first appeared in.
  return out.sort((a, b) => rank(a.name) - rank(b.name));
}

export function createByShiftService(deps: ByShiftDeps) {
  const log = deps.log.child({ module: 'by-shift' });

  /** A channel's by-shift summary as `viewer` may see it; no access check (callers decide who may ask). */
  async function byShift(
    team: string,
    channel: string,
    n: PeriodDays,
    viewer: string,
    now: number = deps.clock(),
  ): Promise<ByShiftOutcome> {
    const [where, isLead, pattern] = await Promise.all([
      deps.channels.promptChannel(team, channel),
      deps.roles.isLead(team, channel, viewer),
      deps.shiftsOf(team, channel),
    ]);
    const tz = where.tz ?? deps.defaultTz;
    const roles = { isLead, isAdmin: deps.admins.includes(viewer) };
    const { total, byShift: view } = await deps.cells.byShift(team, channel, viewer, n, roles, now);
    const shifts = inRotaOrder(view, pattern);
    // A channel that has never had shifts has nothing to show by shift; one whose shifts were cleared
    // still shows what was counted by shift before.
    if (!pattern && shifts.length === 0) return { kind: 'no-shifts', channel };
    return {
      kind: 'by-shift',
      value: {
        channel,
        periodDays: n,
        firstDay: dayKey(now - (n - 1) * 86_400_000, tz),
        lastDay: dayKey(now, tz),
        k: effectiveK(deps.k),
        shifts,
        heldBack: view.heldBack,
        leftOut: total.withheld.total,
      },
    };
  }

  return {
    byShift,

    /** `/wellbeing summary … by-shift`: the caller has been found allowed; checks the channel first. */
    async forCommand(r: {
      team: string;
      viewer: string;
      channel: string;
      periodDays: PeriodDays;
    }): Promise<ByShiftOutcome> {
      const problem = await channelProblem(deps.slack, r.team, r.channel);
      if (problem) return problem;
      const outcome = await byShift(r.team, r.channel, r.periodDays, r.viewer);
      // An audit line, so a workspace can see who looked at which team when. Never a number.
      log.info(
        {
          team: r.team,
          channel: r.channel,
          viewer: r.viewer,
          periodDays: r.periodDays,
          shown: outcome.kind === 'by-shift' && outcome.value.shifts.length > 0,
        },
        'summary by shift viewed',
      );
      return outcome;
    },
  };
}
