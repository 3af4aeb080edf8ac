// Shared vocabulary of the domain. Pure types, no I/O.

/** The everyday categories: `mixed` rotates through these. */
export const CATEGORIES = ['compassion', 'mindfulness', 'self-care', 'gratitude'] as const;
/**
 * Prompts for the hours after a hard event (grounding, cover and calm, peer support, permission to
 * step away). Never part of `mixed`: they are posted on purpose, by a lead, and as follow-ups.
 */
export const AFTER_EVENT = 'after-event';
export const PROMPT_CATEGORIES = [...CATEGORIES, AFTER_EVENT] as const;
export type Category = (typeof PROMPT_CATEGORIES)[number];
/** A schedule may rotate through every everyday category. */
export type ScheduleCategory = Category | 'mixed';

export type Score = 1 | 2 | 3 | 4 | 5;
export const SCORES: readonly Score[] = [1, 2, 3, 4, 5];

export const SCORE_LABELS: Readonly<Record<Score, string>> = {
  1: 'running on empty',
  2: 'struggling',
  3: 'okay',
  4: 'good',
  5: 'thriving',
};

export function isCategory(v: string): v is Category {
  return (PROMPT_CATEGORIES as readonly string[]).includes(v);
}

export function isScore(n: number): n is Score {
  return Number.isInteger(n) && n >= 1 && n <= 5;
}

/** Bad input is a value: a kind, specific message for the person, never an exception. */
export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(reason: string): Result<T> => ({ ok: false, reason });
