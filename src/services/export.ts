// `/wellbeing export`: a CSV of a channel's released cells, for the requester's DM.
// Who may ask is decided before this runs (the same check and refusal as summaries). The cells come
// from the release model and are exactly what this viewer may see; the CSV has one row per cell,
// never one per person.
import { exportCsv } from '../domain/export.js';
import type { ShownCell } from '../domain/shown-cell.js';

export type ExportDays = 30 | 90 | 365;
export const EXPORT_DAYS: readonly ExportDays[] = [30, 90, 365];

/** The viewer's released cells of a channel that ended within the last `days` days before `now`. */
export type ReleasedCells = (
  team: string,
  channel: string,
  viewer: string,
  days: number,
  now: number,
) => Promise<ShownCell[]>;

/** A file for a person's DM (the same shape the Slack side's file sender takes). */
export interface ExportFile {
  filename: string;
  title: string;
  content: string;
  /** Posted with the file, in Slack's mrkdwn. */
  comment: string;
}

export interface ExportDeps {
  releasedCells: ReleasedCells;
  /** The channel's time zone, in which the CSV writes its periods. */
  timeZoneOf: (team: string, channel: string) => Promise<string>;
  clock: () => number;
}

export interface ExportRequest {
  team: string;
  viewer: string;
  channel: string;
  days: ExportDays;
}

export type ExportOutcome =
  | { kind: 'file'; file: ExportFile; rows: number; days: ExportDays; channel: string }
  | { kind: 'nothing'; days: ExportDays };

export interface ExportService {
  /** The CSV of the viewer's released cells, ready to send; nothing when no cell was released. */
  exportCsv(req: ExportRequest): Promise<ExportOutcome>;
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function createExportService(deps: ExportDeps): ExportService {
  return {
    async exportCsv({ team, viewer, channel, days }) {
      const now = deps.clock();
      const cells = await deps.releasedCells(team, channel, viewer, days, now);
      if (cells.length === 0) return { kind: 'nothing', days };
      const tz = await deps.timeZoneOf(team, channel);
      const periods = cells.filter((c) => c.shift === undefined).length;
      const shifts = cells.length - periods;
      const file: ExportFile = {
        filename: `wellbeing-${channel}-last-${days}-days-${isoDay(now)}.csv`,
        title: `Wellbeing check-ins, last ${days} days`,
        content: exportCsv(cells, tz),
        comment:
          `Anonymous team totals for <#${channel}>, last ${days} days: ${periods} ` +
          `${periods === 1 ? 'period' : 'periods'}, one row each${
            shifts > 0
              ? `, and ${shifts} ${shifts === 1 ? 'row' : 'rows'} by shift where shifts can be shown`
              : ''
          } (periods in ${tz}). ` +
          'Periods with too few answers to stay anonymous are left out.',
      };
      return { kind: 'file', file, rows: cells.length, days, channel };
    },
  };
}
