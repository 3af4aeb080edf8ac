// The ingest scenario's event stream: a real team's reactions to prompts, not a synthetic worst case.
//
// - PEOPLE people answer each prompt, each once, in an order of its own per prompt.
// - Scores 1–5 with about 5 % ones (the ones that may bring their person a support DM, at most one a
//   day each), then 2–5 in a spread a care team reports on an ordinary week.
// - After a prompt's first answers, a few people (CHANGED of them) change theirs: a new reaction
//   with another score, which replaces the earlier answer.
// - Prompt after prompt, so the stream can run as long as the measurement needs; `prompts` are the
//   posted prompt messages the events react to (the bench records them in Redis first).
// The stream is a pure function of the event number: every target of a run is sent the same kind of
// stream, and a run can be repeated exactly.
import { DEFAULT_EMOJI_MAP } from '../src/domain/emoji.js';
import type { Score } from '../src/domain/types.js';

export const PEOPLE = 500;
/** Changed answers per prompt: 2 % of its people. */
export const CHANGED = 10;
export const EVENTS_PER_PROMPT = PEOPLE + CHANGED;

/** Cumulative weights of scores 1–5 (per thousand): 5 % ones. */
const SCORE_WEIGHTS: readonly [Score, number][] = [
  [1, 50],
  [2, 150],
  [3, 450],
  [4, 800],
  [5, 1000],
];

/** One emoji per score: the first the default map lists for it. */
const EMOJI_OF = Object.fromEntries(
  ([1, 2, 3, 4, 5] as const).map((s) => [
    s,
    Object.keys(DEFAULT_EMOJI_MAP).find((e) => DEFAULT_EMOJI_MAP[e] === s),
  ]),
) as Record<Score, string>;

export interface StreamEvent {
  /** Index of the prompt answered (0, 1, …). */
  prompt: number;
  /** Index of the person (0 … PEOPLE − 1). */
  person: number;
  score: Score;
  emoji: string;
  /** A changed answer (the person already answered this prompt). */
  change: boolean;
}

/** A well-mixed 32-bit hash (of a few small integers): the stream's only source of "randomness". */
function hash(...xs: number[]): number {
  let h = 0x9e3779b9;
  for (const x of xs) {
    h = Math.imul(h ^ x, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

function scoreFor(prompt: number, person: number, salt: number): Score {
  const r = hash(prompt, person, salt) % 1000;
  return (SCORE_WEIGHTS.find(([, upTo]) => r < upTo) ?? [5])[0];
}

/**
 * Event `n` of the stream. Within a prompt, people answer in the order of a permutation of their own
 * (an affine one, i ↦ (a·i + b) mod PEOPLE with a coprime to PEOPLE), so each answers exactly once.
 */
export function streamEvent(n: number): StreamEvent {
  const prompt = Math.floor(n / EVENTS_PER_PROMPT);
  const i = n % EVENTS_PER_PROMPT;
  const a = [3, 7, 11, 13, 17, 19, 23][prompt % 7] as number;
  const order = (k: number) => (a * k + prompt * 37) % PEOPLE;
  if (i < PEOPLE) {
    const person = order(i);
    const score = scoreFor(prompt, person, 0);
    return { prompt, person, score, emoji: EMOJI_OF[score], change: false };
  }
  // A changed answer: one of the people who answered, to a different score (1–4 steps round from theirs).
  const person = order((i - PEOPLE) * 7);
  const first = scoreFor(prompt, person, 0);
  const score = (((first - 1 + 1 + (hash(prompt, person, 1) % 4)) % 5) + 1) as Score;
  return { prompt, person, score, emoji: EMOJI_OF[score], change: true };
}

/** The same stream with every 1 answered as 2 instead: what the support DMs cost shows by difference. */
export function withoutOnes(e: StreamEvent): StreamEvent {
  return e.score === 1 ? { ...e, score: 2, emoji: EMOJI_OF[2] } : e;
}
