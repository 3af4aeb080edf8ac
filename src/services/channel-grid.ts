// A channel's time zone, pooling and reactions: set by its leads and bot admins (reactions: admins), or in
// the configuration file. Zone and pooling change how check-ins are cut into cells, so they take effect at
// the end of the cell in progress (services/cells.ts); the zone also becomes the channel's default for new
// schedules and its digest week at once.
import type { Pooling } from '../domain/cells.js';
import type { ChannelStore } from '../store/channels.js';
import type { CellService } from './cells.js';

export interface ChannelGridDeps {
  channels: Pick<ChannelStore, 'setReactions' | 'setTimeZone' | 'promptChannel'>;
  cells: Pick<CellService, 'change' | 'grid'>;
  /** Told when a channel's options changed, so caches on this replica are dropped. */
  changed?: (team: string, channel: string) => void;
  defaultTz: string;
  clock: () => number;
}

export interface ChannelSettings {
  tz: string;
  pooling: Pooling;
  reactions: boolean;
  /** A change waiting for the end of the cell in progress. */
  pending?: { from: number; tz: string; pooling: Pooling };
}

export type ChannelGrid = ReturnType<typeof createChannelGrid>;

export function createChannelGrid(deps: ChannelGridDeps) {
  return {
    async settings(team: string, channel: string): Promise<ChannelSettings> {
      const [where, grid] = await Promise.all([
        deps.channels.promptChannel(team, channel),
        deps.cells.grid(team, channel, deps.clock()),
      ]);
      return {
        tz: where.tz ?? grid.current.tz ?? deps.defaultTz,
        pooling: grid.current.pooling,
        reactions: !where.reactionsOff,
        ...(grid.pending
          ? { pending: { from: grid.pending.from, tz: grid.pending.tz, pooling: grid.pending.pooling } }
          : {}),
      };
    },
    /** Returns when the new pooling takes effect. */
    async setPooling(team: string, channel: string, pooling: Pooling): Promise<number> {
      const from = await deps.cells.change(team, channel, { pooling }, deps.clock());
      deps.changed?.(team, channel);
      return from;
    },
    /** Returns when the new zone takes effect for the channel's days. */
    async setTimeZone(team: string, channel: string, tz: string): Promise<number> {
      const from = await deps.cells.change(team, channel, { tz }, deps.clock());
      await deps.channels.setTimeZone(team, channel, tz);
      deps.changed?.(team, channel);
      return from;
    },
    async setReactions(team: string, channel: string, on: boolean): Promise<void> {
      await deps.channels.setReactions(team, channel, on);
      deps.changed?.(team, channel);
    },
  };
}
