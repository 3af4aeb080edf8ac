// Cells as a use case: which open cell a check-in counts in, settling cells once their hour has come,
// changing a channel's grid at the end of the cell in progress, and what one viewer may see.

import { type ByShiftView, byShiftFor, type ShiftEntry, settleByShift } from '../domain/by-shift.js';
import {
  type CellBounds,
  cellAt,
  type GridConfig,
  type GridHistory,
  type GridSegment,
  gridAt,
  remainderOf,
  shiftDateOf,
  withChange,
} from '../domain/cells.js';
import { settle, type View, type Viewer, viewFor } from '../domain/release.js';
import { parseShifts, type ShiftInstance, shiftAt } from '../domain/shifts.js';
import type { Score } from '../domain/types.js';
import type { Logger } from '../logger.js';
import type { CellStore, OpenCell } from '../store/cells.js';
import type { CellSlot } from '../store/checkins.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface CellDeps {
  store: CellStore;
  /** Current leads of a channel. */
  leadsOf: (team: string, channel: string) => Promise<string[]>;
  admins: readonly string[];
  /** Human members of a channel now (0 when unknown). */
  membersOf: (team: string, channel: string) => Promise<number>;
  /** The zone a channel's first grid gets. */
  channelTz: (team: string, channel: string) => Promise<string>;
  k: number;
  retentionDays: number;
  clock: () => number;
  log: Logger;
}

const b36 = (ms: number) => Math.floor(ms / 1000).toString(36);
const ms36 = (s: string) => Number.parseInt(s, 36) * 1000;

export function cellIdOf(c: CellBounds): string {
  return `${c.kind === 'day' ? 'd' : c.kind === 'week' ? 'w' : 'm'}${b36(c.start)}.${b36(c.end)}`;
}

/**
 * A remainder is named by what feeds it and where it starts (`rd…`: days of a week, `rw…`: weeks of a
 * four-week block), not by its end: a grid change ends the remainder in progress, so its end is read
 * from the grid when it settles.
 */
const remainderIdOf = (feeding: 'day' | 'week', start: number) => `r${feeding[0]}${b36(start)}`;

function parseCellId(
  id: string,
  history: GridHistory,
): { cell: 'day' | 'week' | '4w' | 'rem'; start: number; end: number } {
  const kind = id[0];
  if (kind === 'r') {
    const feeding = id[1] === 'w' ? 'week' : 'day';
    const start = ms36(id.slice(2));
    const block = remainderOf(history, { kind: feeding, start, end: start + 1 });
    return { cell: 'rem', start, end: block?.end ?? start };
  }
  const [s, e] = id.slice(1).split('.');
  const cell = kind === 'd' ? 'day' : kind === 'w' ? 'week' : '4w';
  return { cell, start: ms36(s ?? '0'), end: ms36(e ?? '0') };
}

export type CellService = ReturnType<typeof createCellService>;

export function createCellService(deps: CellDeps) {
  const log = deps.log.child({ module: 'cells' });
  const keepMs = (deps.retentionDays + 1) * DAY_MS;
  interface Cached {
    version: string;
    history: GridSegment[];
    until: number;
    last?: CellBounds;
    /** The shift instance a check-in given in `last` was last found in. */
    lastShift?: ShiftInstance;
  }
  const cache = new Map<string, Cached>();

  async function gridOf(team: string, channel: string, fresh = false): Promise<Cached> {
    const key = `${team}/${channel}`;
    const hit = cache.get(key);
    if (!fresh && hit && hit.until > performance.now()) return hit;
    const tz = await deps.channelTz(team, channel);
    const g = await deps.store.grid(team, channel, () => ({ from: 0, tz, pooling: 'day', dayStartMin: 0 }));
    const entry: Cached = { version: g.version, history: g.history, until: performance.now() + 30_000 };
    if (cache.size > 10_000) cache.clear();
    cache.set(key, entry);
    return entry;
  }

  /** The open cell a check-in given now counts in (the store checks the grid version). */
  async function slot(team: string, channel: string, now: number, fresh = false): Promise<CellSlot> {
    const g = await gridOf(team, channel, fresh);
    let c = g.last;
    if (!c || now < c.start || now >= c.end) {
      c = cellAt(g.history, now);
      g.last = c;
    }
    const shift = shiftOf(g, now);
    return {
      gridVersion: g.version,
      cellId: cellIdOf(c),
      settleMs: c.end + HOUR_MS,
      ...(shift ? { shift } : {}),
    };
  }

  /** The shift in progress at `now` under the rota of the grid in force then (none without shifts). */
  function shiftOf(g: Cached, now: number): string | undefined {
    const s = g.lastShift;
    if (s && now >= s.start && now < s.end) return s.name;
    const seg = gridAt(g.history, now);
    const pattern = seg.shifts ? parseShifts(seg.shifts) : undefined;
    if (!pattern?.ok) return undefined;
    g.lastShift = shiftAt(now, seg.tz, pattern.value);
    return g.lastShift.name;
  }

  function labelDates(history: GridSegment[], start: number, end: number) {
    return { from: shiftDateOf(history, start), to: shiftDateOf(history, end - 1) };
  }

  /** Settles every cell of the channel whose hour has come, oldest first, remainders after their days. */
  async function settleDue(team: string, channel: string, now = deps.clock()): Promise<number> {
    let n = 0;
    // Settling a day can open a remainder that is itself already due: go round until none is.
    for (let round = 0; round < 4; round++) {
      const due = await deps.store.dueCells(team, channel, now);
      if (due.length === 0) break;
      n += await settleCells(team, channel, due, now);
    }
    if (n > 0) log.debug({ team, channel, settled: n }, 'cells settled');
    return n;
  }

  async function settleCells(team: string, channel: string, due: OpenCell[], now: number): Promise<number> {
    due.sort((a, b) => a.settleMs - b.settleMs || Number(a.id[0] === 'r') - Number(b.id[0] === 'r'));
    const [g, leads, members] = await Promise.all([
      gridOf(team, channel, true),
      deps.leadsOf(team, channel),
      deps.membersOf(team, channel).catch(() => 0),
    ]);
    const viewers = [...new Set([...leads, ...deps.admins])];
    // Leads and admins without an entry are noted as of the first due settlement, not of whenever
    // this runs, so what is decided does not depend on when someone looked.
    await deps.store.registerViewers(
      team,
      channel,
      leads,
      deps.admins,
      Math.min(...due.map((c) => c.settleMs)),
    );
    let n = 0;
    for (const c of due) {
      const raw = await deps.store.cellEntries(team, channel, c.id);
      const fields = Object.entries(raw);
      // "4p" or, with shifts, "4p|night".
      const entries = fields.map(
        ([f, v]): ShiftEntry => ({
          user: f.slice(0, f.indexOf('|')),
          score: Number(v[0]) as Score,
          priv: v[1] === 'p',
          ...(v[2] === '|' ? { shift: v.slice(3) } : {}),
        }),
      );
      const { cell, start, end } = parseCellId(c.id, g.history);
      const bounds: CellBounds = { kind: cell === 'rem' ? 'day' : cell, start, end };
      const rem = cell === 'rem' ? undefined : remainderOf(g.history, bounds);
      const out = settle({
        id: c.id,
        cell,
        start,
        end,
        at: c.settleMs,
        ...labelDates(g.history, start, end),
        members,
        k: deps.k,
        entries,
        viewers,
        hasRemainder: rem !== undefined,
      });
      // A cell also gets its per-shift figures and decisions (domain/by-shift.ts): a whole cell from all
      // its answers, a split day from its visible reactions alone, as its public part. Holding a split
      // day back by shift would tell a lead, beside the plain summary, that someone answered privately.
      const single = out.parts.length === 1 ? out.parts[0] : undefined;
      const shiftEntries = single?.part === 'public' ? entries.filter((e) => !e.priv) : entries;
      const shifted = single ? settleByShift(single, shiftEntries, deps.k, viewers) : { flips: [] };
      const parts = single && shifted.byShift ? [{ ...single, byShift: shifted.byShift }] : out.parts;
      const remId = rem ? remainderIdOf(cell === 'week' ? 'week' : 'day', rem.start) : '';
      const done = await deps.store.settle(team, {
        channel,
        cellId: c.id,
        parts,
        flips: [...out.flips, ...shifted.flips].map((f) => ({ ...f, end })),
        ...(rem && out.toRemainder.length > 0
          ? {
              remainder: {
                id: remId,
                settleMs: rem.end + HOUR_MS,
                expireAt: rem.start + deps.retentionDays * DAY_MS,
                fields: out.toRemainder.map((i) => fields[i] as [string, string]),
              },
            }
          : {}),
        keepUntil: end + keepMs,
        now,
      });
      if (done) n += 1;
    }
    return n;
  }

  async function viewerOf(
    team: string,
    channel: string,
    user: string,
    isLead: boolean,
    isAdmin: boolean,
  ): Promise<Viewer> {
    const v = await deps.store.viewer(team, channel, user);
    const sinces = [isLead ? v.leadSince : undefined, isAdmin ? v.adminSince : undefined].filter(
      (x): x is number => x !== undefined,
    );
    return { ...(sinces.length > 0 ? { since: Math.min(...sinces) } : {}), flips: v.flips };
  }

  /** What any view reads: due cells settled first, then this and the previous period's parts. */
  async function looking(
    team: string,
    channel: string,
    user: string,
    days: number,
    roles: { isLead: boolean; isAdmin: boolean },
    now: number,
  ) {
    await settleDue(team, channel, now);
    const [parts, viewer] = await Promise.all([
      deps.store.settledParts(team, channel, now - 2 * days * DAY_MS, now - keepMs),
      viewerOf(team, channel, user, roles.isLead, roles.isAdmin),
    ]);
    return { parts, viewer };
  }

  return {
    slot,
    settleDue,
    /** Everything a viewer may see of a channel over the last `days` days (and the equal period before). */
    async view(
      team: string,
      channel: string,
      user: string,
      days: number,
      roles: { isLead: boolean; isAdmin: boolean },
      now = deps.clock(),
    ): Promise<View> {
      const { parts, viewer } = await looking(team, channel, user, days, roles, now);
      return viewFor(parts, viewer, now, days);
    },
    /**
     * What a viewer may see by shift over the last `days` days: the total as `view` gives it, and per
     * shift the shift parts released to them over the cells whose per-shift figures they may see.
     */
    async byShift(
      team: string,
      channel: string,
      user: string,
      days: number,
      roles: { isLead: boolean; isAdmin: boolean },
      now = deps.clock(),
    ): Promise<{ total: View; byShift: ByShiftView }> {
      const { parts, viewer } = await looking(team, channel, user, days, roles, now);
      return { total: viewFor(parts, viewer, now, days), byShift: byShiftFor(parts, viewer, now, days) };
    },
    /**
     * Changes the channel's grid (zone, pooling, day start) from the end of the cell in progress.
     * Returns when it takes effect.
     */
    async change(
      team: string,
      channel: string,
      change: Partial<GridConfig>,
      now = deps.clock(),
    ): Promise<number> {
      for (let attempt = 0; attempt < 5; attempt++) {
        const g = await gridOf(team, channel, true);
        const last = g.history[g.history.length - 1] as GridSegment;
        // Asking again for what is already in force (or pending) changes nothing: no cell is cut short.
        if (Object.entries(change).every(([k, v]) => last[k as keyof GridConfig] === v)) return last.from;
        const next = withChange(g.history, now, change);
        if (await deps.store.setGrid(team, channel, g.version, next)) {
          cache.delete(`${team}/${channel}`);
          const from = (next[next.length - 1] as GridSegment).from;
          // The change ends the remainder in progress: it settles right after the last cell before it.
          await deps.store.settleRemaindersBy(team, channel, from + HOUR_MS);
          return from;
        }
      }
      throw new Error('the grid kept changing under us');
    },
    /** The grid in force now and the one pending, if any. */
    async grid(team: string, channel: string, now = deps.clock()) {
      const g = await gridOf(team, channel, true);
      const last = g.history[g.history.length - 1] as GridSegment;
      return { current: gridAt(g.history, now), ...(last.from > now ? { pending: last } : {}) };
    },
    forgetViewer(team: string, user: string, channels: readonly string[]) {
      return deps.store.forgetViewer(team, user, channels);
    },
    /** A slot computed again after the store said the grid changed. */
    regrid(team: string, channel: string, now: number) {
      return slot(team, channel, now, true);
    },
  };
}
