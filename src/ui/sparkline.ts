// A series of numbers as a one-line bar chart, one cell per value (the newest on the right): the
// last `width` values, scaled between the series' (or the caller's) bounds. Gaps (NaN, ±Infinity)
// are blank cells, so a missing sample is never drawn as a low one.
const BLOCKS = '▁▂▃▄▅▆▇█';
const ASCII_LEVELS = '_.-=#';

export interface SparklineOptions {
  /** 7-bit ASCII levels (`_.-=#`) instead of the block elements. */
  ascii?: boolean;
  /** The value drawn as the lowest level; default the smaller of 0 and the series' least. */
  min?: number;
  /** The value drawn as the highest level; default the series' greatest. */
  max?: number;
}

/** At most `width` cells (one per value); '' for no width or no values. */
export function sparkline(values: readonly number[], width: number, opts: SparklineOptions = {}): string {
  const cells = Number.isFinite(width) ? Math.max(0, Math.floor(width)) : 0;
  if (cells === 0) return '';
  const shown = values.slice(-cells);
  const finite = shown.filter((v) => Number.isFinite(v));
  const lo = Number.isFinite(opts.min) ? opts.min! : Math.min(0, ...finite);
  const hi = Number.isFinite(opts.max) ? opts.max! : Math.max(lo, ...finite);
  const levels = opts.ascii ? ASCII_LEVELS : BLOCKS;
  const top = levels.length - 1;
  let out = '';
  for (const v of shown) {
    if (!Number.isFinite(v)) {
      out += ' ';
      continue;
    }
    // A flat series (hi = lo) sits on the lowest level; values beyond the bounds are clamped.
    const ratio = hi > lo ? (Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo) : 0;
    // A span too wide for doubles (1e308 - -1e308) gives NaN: lowest level rather than no cell.
    out += levels[Number.isFinite(ratio) ? Math.round(ratio * top) : 0];
  }
  return out;
}
