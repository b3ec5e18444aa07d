// A line folded onto rows of a width (the logs pane's wrap mode, the describe view's message, the
// help's descriptions, a panel's cause): cut only between graphemes, so a wide character or a
// combining sequence never straddles two rows, each piece keeping the role of the segment it came
// from; by words, where a space allows it.
import { graphemes } from './format.js';
import { lineWidth, type Line } from './line.js';
import stringWidth from './text-width.js';

/** Printable ASCII: one cell a character (no grapheme work). */
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

export interface WrapOptions {
  /** Cells of every row after the first (default: the width): room for an indent. */
  rest?: number;
  /**
   * Break at a space where the row has one, dropping the spaces at the break, so a word no wider
   * than a row is never cut; a longer word is still cut where the row ends.
   */
  words?: boolean;
}

interface Unit {
  text: string;
  width: number;
  seg: number;
}

function unitsOf(line: Line): Unit[] {
  const units: Unit[] = [];
  line.forEach((seg, i) => {
    if (PLAIN_ASCII.test(seg.text)) for (const ch of seg.text) units.push({ text: ch, width: 1, seg: i });
    else for (const g of graphemes(seg.text)) units.push({ text: g, width: stringWidth(g), seg: i });
  });
  return units;
}

const isSpace = (u: Unit | undefined) => u?.text === ' ';

/** Where the row from `start` ends (exclusive), and where the next row starts, within `limit` cells. */
function rowEnd(units: Unit[], start: number, limit: number, words: boolean): [number, number] {
  let end = start;
  // At least one grapheme a row, even one wider than the row.
  for (let used = 0; end < units.length && (used + units[end]!.width <= limit || end === start); end++) used += units[end]!.width;
  if (!words || end >= units.length) return [end, end];
  let next = end;
  let cut = end;
  if (isSpace(units[end])) {
    while (isSpace(units[next])) next++;
  } else {
    // Back to the last space in the row; none (one long word): cut where the row ends.
    let k = end;
    while (k > start && !isSpace(units[k - 1])) k--;
    if (k === start) return [end, end];
    cut = k;
    next = k;
  }
  const spaces = cut;
  while (cut > start && isSpace(units[cut - 1])) cut--;
  // A row of nothing but spaces keeps them (the line's leading spaces), so the word after them is whole.
  return [cut > start ? cut : spaces, next];
}

/**
 * The rows `line` takes at `width` cells (`rest` after the first), at least one. None is wider
 * than its cells unless a single grapheme is (a wide character at width 1: it gets a row of its
 * own). Their texts, joined, are the line's (without the spaces at the breaks, by words).
 */
export function wrapLine(line: Line, width: number, opts: WrapOptions = {}): Line[] {
  const w = Math.max(1, Math.floor(width) || 1);
  const rest = Math.max(1, Math.floor(opts.rest ?? w) || 1);
  const units = unitsOf(line);
  const rows: Line[] = [];
  for (let start = 0; start < units.length || rows.length === 0;) {
    const [end, next] = rowEnd(units, start, rows.length === 0 ? w : rest, opts.words === true);
    const row: Line = [];
    for (let i = start; i < end;) {
      const seg = units[i]!.seg;
      let text = '';
      for (; i < end && units[i]!.seg === seg; i++) text += units[i]!.text;
      row.push({ ...line[seg]!, text });
    }
    rows.push(row);
    start = next;
  }
  return rows;
}

/** Folded by words, the rows after the first set in behind `marker` (dim `↪ `), so they do not read as lines of their own. */
export function wrapIndented(line: Line, width: number, marker: Line): Line[] {
  const indent = lineWidth(marker);
  // Too narrow to spare the cells: folded flush.
  if (width - indent < 2) return wrapLine(line, width, { words: true });
  return wrapLine(line, width, { rest: width - indent, words: true }).map((row, i) => (i === 0 ? row : [...marker, ...row]));
}
