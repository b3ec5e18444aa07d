// Terminal cells a string takes: string-width's answer, reached faster. The bundle routes every
// `string-width` import (Ink's, its helpers', ours) here, so each frame's many width questions
// (one per line, per cell, per segment) skip grapheme segmentation whenever the text is made of
// characters known to be one cell wide, and repeat questions hit a small cache.
import exactWidth from 'string-width';

export interface WidthOptions {
  ambiguousIsNarrow?: boolean;
  countAnsiEscapeCodes?: boolean;
}

/**
 * Printable ASCII and the glyphs this UI draws (theme glyphs, the ASCII_FOR keys in format.ts):
 * each is one UTF-16 unit, one cell wide (East Asian Width neutral, or ambiguous and narrow, which
 * is string-width's default), not an emoji on its own and never part of a larger grapheme with its
 * neighbours here. A string of only these is exactly as wide as it is long. test/unit/text-width
 * checks every one of them against string-width.
 */
export const NARROW_CHARS = '·×–—‘’“”•…←↑→↓─█░▲○●✔✖›▁▂▃▄▅▆▇⏎±µ❚';
const NARROW = new RegExp(`^[\\x20-\\x7e${NARROW_CHARS}]*$`);
/** Colours and styles (SGR), the only escape sequences a frame carries; they take no cells. */
// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[[0-9;]*m/g;

const cache = new Map<string, number>();
/** Distinct strings remembered (a 40-line frame asks about a few hundred); cleared when full. */
const CACHE_MAX = 4096;
/** Longer strings are measured every time rather than kept alive by the cache. */
const KEY_MAX = 1024;

export default function stringWidth(text: string, options?: WidthOptions): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  if (options !== undefined) {
    const fast = options.ambiguousIsNarrow === false || options.countAnsiEscapeCodes === true ? undefined : quickWidth(text);
    return fast ?? exactWidth(text, options);
  }
  const fast = quickWidth(text);
  if (fast !== undefined) return fast;
  const known = cache.get(text);
  if (known !== undefined) return known;
  const width = exactWidth(text);
  if (text.length <= KEY_MAX) {
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(text, width);
  }
  return width;
}

/** The width when the text (colours aside) is all one-cell characters; undefined when it needs the full rules. */
function quickWidth(text: string): number | undefined {
  if (NARROW.test(text)) return text.length;
  if (text.includes('\x1b')) {
    const plain = text.replace(SGR, '');
    if (NARROW.test(plain)) return plain.length;
  }
  return undefined;
}
