// Renders Slack text and Block Kit as plain terminal text for the demo transcript.
import { describeChart, isChartBlock } from '../src/slack/blocks/chart.js';

interface Block {
  type?: string;
  text?: { text?: string } | string;
  fields?: { text?: string }[];
  elements?: { type?: string; text?: { text?: string } | string }[];
}

/** Slack's entities and escapes, as a reader would see them in the client. */
function unslack(s: string): string {
  return s
    .replace(/<@(\w+)(?:\|([^>]+))?>/g, (_m, id: string, name?: string) => `@${name ?? id}`)
    .replace(/<#(\w+)(?:\|([^>]*))?>/g, (_m, id: string, name?: string) => `#${name || id}`)
    .replace(/<!(\w+)>/g, '@$1')
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const textOf = (t: { text?: string } | string | undefined) => (typeof t === 'string' ? t : (t?.text ?? ''));

export function plain(text: string | undefined, blocks?: unknown[]): string {
  if (!blocks || blocks.length === 0) return unslack(text ?? '');
  const lines: string[] = [];
  for (const b of blocks as Block[]) {
    if (b.type === 'section' || b.type === 'header') {
      if (b.text) lines.push(textOf(b.text));
      for (const f of b.fields ?? []) lines.push(textOf(f));
    } else if (b.type === 'context') {
      lines.push((b.elements ?? []).map((e) => textOf(e.text ?? (e as { text?: string }).text)).join(' '));
    } else if (b.type === 'actions') {
      lines.push((b.elements ?? []).map((e) => `[${textOf(e.text)}]`).join(' '));
    } else if (b.type === 'divider') {
      lines.push('───');
    } else if (isChartBlock(b)) {
      // A native chart, drawn as one line: its title, span, a sparkline or bars, and its figures.
      lines.push(`📊 ${describeChart(b)}`);
    }
  }
  return unslack(lines.filter(Boolean).join('\n'));
}
