// Which reactions count as which score.

import { fail, isScore, ok, type Result, type Score } from './types.js';

export const DEFAULT_EMOJI_MAP: Readonly<Record<string, Score>> = Object.freeze({
  one: 1,
  disappointed: 1,
  two: 2,
  slightly_frowning_face: 2,
  three: 3,
  neutral_face: 3,
  four: 4,
  slightly_smiling_face: 4,
  five: 5,
  grinning: 5,
});

/** The reactions the bot adds to its own prompt messages, for scores 1 to 5. */
export const NUMBER_REACTIONS = ['one', 'two', 'three', 'four', 'five'] as const;

/** `:thumbsup::skin-tone-2:` → `thumbsup`; names are compared in lower case. */
export function normalizeEmojiName(name: string): string {
  let n = name.trim().toLowerCase();
  n = n.replace(/^:+/, '').replace(/:+$/, '');
  n = n.replace(/::skin-tone-\d+$/, '');
  return n;
}

/** The score a reaction stands for, or undefined when it is not a check-in emoji. */
export function scoreForReaction(
  map: Readonly<Record<string, Score>>,
  reactionName: string,
): Score | undefined {
  const name = normalizeEmojiName(reactionName);
  if (!Object.hasOwn(map, name)) return undefined;
  const score = map[name];
  return score !== undefined && isScore(score) ? score : undefined;
}

export type EmojiMapInput = Partial<Record<'1' | '2' | '3' | '4' | '5', string[]>>;

const SCORE_KEYS = ['1', '2', '3', '4', '5'] as const;

/**
 * Builds the emoji map from configuration. Each score given replaces the default emoji of that
 * score; scores not given keep their defaults. Refuses empty lists, names with spaces or colons,
 * and an emoji given for two scores (including a default of a score that was not overridden).
 */
export function buildEmojiMap(input: EmojiMapInput): Result<Record<string, Score>> {
  for (const key of Object.keys(input)) {
    if (!(SCORE_KEYS as readonly string[]).includes(key)) {
      return fail(`Emoji can be given for scores 1 to 5, not "${key}" — e.g. 3: [three, neutral_face]`);
    }
  }
  const lists = new Map<Score, readonly string[]>();
  for (const key of SCORE_KEYS) {
    const score = Number(key) as Score;
    const given = input[key];
    if (given === undefined) {
      lists.set(
        score,
        Object.keys(DEFAULT_EMOJI_MAP).filter((name) => DEFAULT_EMOJI_MAP[name] === score),
      );
      continue;
    }
    if (!Array.isArray(given) || given.length === 0) {
      return fail(`Score ${key} needs at least one emoji, e.g. ${key}: [${NUMBER_REACTIONS[score - 1]}]`);
    }
    for (const name of given) {
      if (typeof name !== 'string' || name === '' || /[\s:]/.test(name)) {
        return fail(
          `Emoji "${String(name)}" for score ${key} must be a name without spaces or colons, e.g. ${NUMBER_REACTIONS[score - 1]}`,
        );
      }
    }
    lists.set(
      score,
      given.map((n) => n.toLowerCase()),
    );
  }
  const map: Record<string, Score> = {};
  for (const [score, names] of lists) {
    for (const name of names) {
      const already = Object.hasOwn(map, name) ? map[name] : undefined;
      if (already !== undefined && already !== score) {
        return fail(
          `Emoji "${name}" is given for both score ${already} and score ${score}; each emoji can mean one score.`,
        );
      }
      map[name] = score;
    }
  }
  return ok(map);
}
