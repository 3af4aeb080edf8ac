// Escaping of text that came from a person (notes, custom prompts) before the bot echoes it.
//
// Slack treats `<…>` as control sequences (`<!channel>`, `<@U123>`, `<http://x|label>`) and `&` as the
// start of an entity. Replacing exactly these three characters, `&` first, makes any text inert:
// nobody can make the bot ping @channel/@here/a user or post a disguised link.

/**
 * The one escaping function every renderer uses for people's text. `&` is replaced first, so an
 * `&amp;` a person typed becomes `&amp;amp;` and is shown to readers exactly as they typed it.
 */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The inverse of {@link escapeText}. Slack delivers slash-command text with `&`, `<` and `>` already
 * escaped; unescaping it once on the way in lets the store keep what the person actually typed, so
 * that escaping on the way out does not show `&amp;lt;`. `&amp;` is replaced last so `&amp;lt;`
 * becomes `&lt;`, not `<`.
 */
export function unescapeText(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Longest piece of a person's typed command that a reply quotes back (code points). */
const ECHO_MAX = 40;

/**
 * A word a person typed (as Slack delivered it, `&lt;` and all), ready to be quoted back in a reply:
 * shown exactly as typed, inert (no pings, no links), and cut to a few dozen characters with `…` so a
 * 10 kB command does not come back whole.
 */
export function echoTyped(raw: string, max = ECHO_MAX): string {
  const typed = [...unescapeText(raw)];
  const shown = typed.length > max ? `${typed.slice(0, max).join('')}…` : typed.join('');
  return escapeText(shown);
}

/**
 * True when `s` holds a raw `<` or `>`, or an `&` that does not start `&amp;`, `&lt;` or `&gt;`.
 * Used by the security tests to scan outbound text built from people's input.
 */
export function containsUnescapedSlackMarkup(s: string): boolean {
  return /[<>]|&(?!amp;|lt;|gt;)/.test(s);
}
