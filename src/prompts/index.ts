// Small pure helpers over the prompt library.
import type { Category } from '../domain/types.js';
import { PROMPTS, type PromptDef } from './library.js';

export { PROMPT_MAX_LENGTH } from '../domain/custom-prompt.js';
export { PROMPTS, type PromptDef } from './library.js';

const byId: ReadonlyMap<string, PromptDef> = new Map(PROMPTS.map((p) => [p.id, p]));

/** Every prompt in one category, in library order. */
export function promptsIn(category: Category): readonly PromptDef[] {
  return PROMPTS.filter((p) => p.category === category);
}

/** The prompt with this ID, or undefined if the ID is unknown (for example, a retired prompt). */
export function findPrompt(id: string): PromptDef | undefined {
  return byId.get(id);
}
