// A line folded onto rows of a width, for the logs pane's wrap mode: cut only between graphemes,
// so a wide character or a combining sequence never straddles two rows, and each piece keeps the
// role of the segment it came from.
import { graphemes } from './format.js';
import type { Line } from './line.js';
import stringWidth from './text-width.js';

/** Printable ASCII: one cell a character, cut anywhere (no grapheme work). */
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/**
 * The rows `line` takes at `width` cells, at least one. None is wider than `width` unless a single
 * grapheme is (a wide character at width 1: it gets a row of its own). Their texts, joined, are the
 * line's.
 */
export function wrapLine(line: Line, width: number): Line[] {
  const w = Math.max(1, Math.floor(width) || 1);
  const rows: Line[] = [];
  let row: Line = [];
  let used = 0;
  const newRow = () => {
    rows.push(row);
    row = [];
    used = 0;
  };
  for (const seg of line) {
    if (seg.text === '') continue;
    if (PLAIN_ASCII.test(seg.text)) {
      for (let at = 0; at < seg.text.length;) {
        if (used >= w) newRow();
        const take = seg.text.slice(at, at + (w - used));
        row.push({ ...seg, text: take });
        used += take.length;
        at += take.length;
      }
      continue;
    }
    let piece = '';
    for (const g of graphemes(seg.text)) {
      const gw = stringWidth(g);
      if ((used + gw > w || used >= w) && used > 0) {
        if (piece !== '') row.push({ ...seg, text: piece });
        piece = '';
        newRow();
      }
      piece += g;
      used += gw;
    }
    if (piece !== '') row.push({ ...seg, text: piece });
  }
  rows.push(row);
  return rows;
}
