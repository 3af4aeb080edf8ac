// A one-line trend made of block characters.

const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * Shown for a day that has no value to show — for a team summary, a day with too few answers to
 * keep them anonymous (or none at all).
 */
export const SPARKLINE_GAP = '·';

/**
 * One character per value, from ▁ (min) to █ (max). Values outside [min, max] are clamped;
 * `null` (and NaN) render as {@link SPARKLINE_GAP}.
 */
export function sparkline(values: readonly (number | null)[], min = 1, max = 5): string {
  const span = max - min;
  let out = '';
  for (const v of values) {
    if (v === null || Number.isNaN(v)) {
      out += SPARKLINE_GAP;
      continue;
    }
    const fraction = span > 0 ? (Math.min(Math.max(v, min), max) - min) / span : 0;
    out += BLOCKS.charAt(Math.round(fraction * (BLOCKS.length - 1)));
  }
  return out;
}
