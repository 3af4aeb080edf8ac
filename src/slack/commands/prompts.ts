// `/wellbeing prompt now [category]` and `/wellbeing prompts add <category> <text> | list | remove <id>`
// — for the channel's leads and admins. Custom prompt text is kept as typed and escaped
// wherever it is shown.
import { validateCustomPromptText } from '../../domain/custom-prompt.js';
import { unescapeText } from '../../domain/escape.js';
import { parsePromptCategory, parseScheduleCategory, unknownCategory } from '../../domain/schedule.js';
import { AFTER_EVENT } from '../../domain/types.js';
import { findPrompt } from '../../prompts/index.js';
import type { PromptService } from '../../services/prompts.js';
import { MAX_CUSTOM_PROMPTS_PER_CHANNEL } from '../../services/prompts.js';
import {
  afterEventReply,
  customPromptAdded,
  customPromptDuplicate,
  customPromptFull,
  customPromptList,
  customPromptRemoved,
  missingPromptId,
  PROMPT_NOW_USAGE,
  PROMPTS_USAGE,
  promptNowReply,
  unknownCustomPrompt,
} from '../blocks/schedule.js';
import { reply, type Subcommand } from './router.js';

/** A slash command must be answered within 3 s; a post held up by a 429 finishes in the background. */
const PROMPT_NOW_WAIT_MS = 2_000;

export interface PromptNowDeps {
  service: Pick<PromptService, 'postPrompt' | 'postAfterEvent'>;
  /** Where a post that finishes after the reply reports a failure. */
  onError: (err: unknown, context: Record<string, unknown>) => void;
  waitMs?: number;
}

export function promptNowSubcommand(deps: PromptNowDeps): Subcommand {
  return {
    name: 'prompt',
    access: 'lead',
    usage: 'prompt now [category]',
    description:
      'post a prompt in this channel now; after a hard event, `prompt now after-event` also adds gentle follow-ups at the next three shifts',
    async run(ctx) {
      const [now, which, ...extra] = ctx.args.map(unescapeText);
      if (now?.toLowerCase() !== 'now' || extra.length > 0) return reply(PROMPT_NOW_USAGE);
      const category = which === undefined ? 'mixed' : parseScheduleCategory(which);
      if (category === undefined) return reply(unknownCategory(which ?? ''));
      const context = { where: 'prompt now', team: ctx.team, channel: ctx.channel };
      if (category === AFTER_EVENT) {
        // The prompt, then its follow-ups; a post held up by a 429 adds them when it goes through.
        const posting = deps.service.postAfterEvent(ctx.team, ctx.channel, ctx.user);
        return afterEventReply(await within(posting, deps, context));
      }
      const posting = deps.service.postPrompt({
        team: ctx.team,
        channel: ctx.channel,
        category,
        trigger: 'on_demand',
      });
      return promptNowReply(await within(posting, deps, context));
    },
  };
}

/** The result, or 'pending' when it takes longer than a slash command may wait (it finishes later). */
async function within<T>(
  work: Promise<T>,
  deps: Pick<PromptNowDeps, 'onError' | 'waitMs'>,
  context: Record<string, unknown>,
): Promise<T | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), deps.waitMs ?? PROMPT_NOW_WAIT_MS);
  });
  try {
    const r = await Promise.race([work, waited]);
    if (r === 'pending') work.catch((err) => deps.onError(err, context));
    return r;
  } finally {
    clearTimeout(timer);
  }
}

type Custom = Pick<PromptService, 'addCustomPrompt' | 'listCustomPrompts' | 'removeCustomPrompt'>;

/** The text after the first two words (`add <category>`), verbatim. */
const afterTwoWords = (rest: string) => rest.trim().replace(/^\S+\s+\S+\s*/, '');

export function promptsSubcommand(service: Custom): Subcommand {
  return {
    name: 'prompts',
    access: 'lead',
    usage: 'prompts add &lt;category&gt; &lt;text&gt; | list | remove &lt;id&gt;',
    description: "this channel's own prompts, which join the library's rotation",
    async run(ctx) {
      const action = (ctx.args[0] ?? 'list').toLowerCase();
      const args = ctx.args.map(unescapeText);
      switch (action) {
        case 'list':
          if (args.length > 1) return reply(PROMPTS_USAGE);
          return customPromptList(await service.listCustomPrompts(ctx.team, ctx.channel));
        case 'add': {
          const word = args[1];
          if (word === undefined) return reply(PROMPTS_USAGE);
          const category = parsePromptCategory(word);
          if (category === undefined) {
            return reply(
              parseScheduleCategory(word) === 'mixed'
                ? 'A custom prompt belongs to one category: compassion, mindfulness, self-care or gratitude.'
                : unknownCategory(word, false),
            );
          }
          const text = validateCustomPromptText(unescapeText(afterTwoWords(ctx.rest)));
          if (!text.ok) return reply(text.reason);
          const res = await service.addCustomPrompt(ctx.team, ctx.channel, ctx.user, category, text.value);
          if (res.kind === 'added') return customPromptAdded(res.id, category, text.value);
          if (res.kind === 'duplicate') return customPromptDuplicate(res.id);
          return customPromptFull(MAX_CUSTOM_PROMPTS_PER_CHANNEL);
        }
        case 'remove':
        case 'delete': {
          const id = args[1]?.trim();
          if (id === undefined || id === '') return missingPromptId();
          if (args.length > 2) return reply(PROMPTS_USAGE);
          if (await service.removeCustomPrompt(ctx.team, ctx.channel, id)) return customPromptRemoved(id);
          return unknownCustomPrompt(id, findPrompt(id) !== undefined);
        }
        default:
          return reply(PROMPTS_USAGE);
      }
    },
  };
}
