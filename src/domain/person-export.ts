// What a person (or an operator answering their access request) gets when they ask for their data:
// every stored answer and note of theirs, in a plain JSON document. Pure: the caller passes the time.
import { SCORE_LABELS, type Score } from './types.js';

export interface ExportedAnswer {
  channel: string;
  promptTs?: string;
  score: Score;
  atMs: number;
  day: string;
  source: 'reaction' | 'button' | 'command';
  note?: string;
}

export interface PersonExport {
  about: string;
  workspace: string;
  person: string;
  exportedAt: string;
  keptForDays: number;
  checkins: Array<{
    channel: string;
    day: string;
    at: string;
    score: Score;
    meaning: string;
    how: 'reaction' | 'button' | 'command';
    prompt?: string;
    note?: string;
  }>;
}

export function personExport(
  o: { team: string; user: string; retentionDays: number; nowMs: number },
  answers: readonly ExportedAnswer[],
): PersonExport {
  return {
    about:
      'Everything wellbeing-nudges stores about you in this workspace: each check-in with its channel, ' +
      'day, score and note. Leads never see these; they see only anonymous team totals.',
    workspace: o.team,
    person: o.user,
    exportedAt: new Date(o.nowMs).toISOString(),
    keptForDays: o.retentionDays,
    checkins: [...answers]
      .sort((a, b) => a.atMs - b.atMs)
      .map((a) => ({
        channel: a.channel,
        day: a.day,
        at: new Date(a.atMs).toISOString(),
        score: a.score,
        meaning: SCORE_LABELS[a.score],
        how: a.source,
        ...(a.promptTs ? { prompt: a.promptTs } : {}),
        ...(a.note !== undefined ? { note: a.note } : {}),
      })),
  };
}
