// The fewest bytes that turn the frame on screen into the next one, cell by cell: every byte of a
// watch crosses the SSH link, and a poll that changes nothing but the clock should cost a cursor
// move and a few digits, as it does for ncurses. Ink's own incremental renderer repaints each
// changed line from its first changed cell after walking down every unchanged line (see
// scripts/ink-patches.mjs, which hands Ink's frames to this module).
//
// The screen model is Ink's: the frame's lines from the cursor's row upwards, the cursor on the
// frame's last line (Ink's next write relies on that row; it never relies on the column), a line's
// cells followed by erased cells, and colours off between writes.
import { PLAIN, toCells, transition, type Cells, type Style } from './sgr-style.js';

export interface FrameUpdateOptions {
  columns: number;
  /** The terminal's rows: when the frame has exactly that many lines it fills the screen, and absolute moves are possible. */
  rows?: number;
  /** The cursor's column on the last line, when known (undefined: anywhere on it). */
  column?: number;
}

/**
 * The cells of the rows an update wrote, by row: the next update's old text of a changed row is
 * usually one of them, and is not read again. One line per row is held (a slice of the frame
 * string it came in: at most a row's count of frames, a few hundred KB).
 */
export type KnownCells = Map<number, { line: string; cells: Cells | undefined }>;

export interface FrameUpdate {
  bytes: string;
  /** Where the cursor is left on the last line; undefined when not known for sure. */
  column: number | undefined;
}

const CSI = '\x1b[';
const csi = (n: number, final: string) => `${CSI}${n === 1 ? '' : n}${final}`;
/** Gaps in a row at most this wide are candidates for rewriting instead of jumping (a jump costs 3-6 bytes). */
const FILL_MAX = 6;

/**
 * The bytes from `previous` (on screen) to `next`, or undefined when this model does not cover
 * them (line count or width changed, a line with more than text and colours): Ink then writes.
 */
export function frameUpdate(previous: readonly string[], next: readonly string[], { columns, rows, column }: FrameUpdateOptions, known?: KnownCells): FrameUpdate | undefined {
  if (previous.length !== next.length || next.length === 0 || !(columns >= 1)) return undefined;
  const last = next.length - 1;
  const w = new Writer(last, column, rows === next.length);
  for (let row = 0; row < next.length; row++) {
    if (previous[row] === next[row]) continue;
    const seen = known?.get(row);
    const before = seen !== undefined && seen.line === previous[row] ? seen.cells : toCells(previous[row]!);
    const after = toCells(next[row]!);
    known?.set(row, { line: next[row]!, cells: after });
    if (before === undefined || after === undefined || before.chars.length > columns || after.chars.length > columns) return undefined;
    for (const [start, end] of changedRuns(before, after)) w.run(row, after, start, end, columns);
  }
  return w.finish();
}

/** Whether column x looks the same in both (past a line's end, a cell is erased). */
function sameCell(a: Cells, b: Cells, x: number): boolean {
  const inA = x < a.chars.length;
  const inB = x < b.chars.length;
  if (!inA || !inB) return inA === inB;
  return a.chars[x] === b.chars[x] && a.styles[x]!.key === b.styles[x]!.key;
}

const isRightHalf = (c: Cells, x: number) => x < c.chars.length && c.chars[x] === '';

/**
 * The column ranges [start, end) that differ. None starts or ends inside a wide character of
 * either line: a wide character's right half can only differ where its left half does.
 */
function changedRuns(before: Cells, after: Cells): [number, number][] {
  const width = Math.max(before.chars.length, after.chars.length);
  const runs: [number, number][] = [];
  for (let x = 0; x < width; x++) {
    if (sameCell(before, after, x)) continue;
    const start = x;
    while (x < width && !sameCell(before, after, x)) x++;
    runs.push([start, x]);
  }
  return runs;
}

/** Writes the changed runs in order, tracking the cursor and the colours in force. */
class Writer {
  bytes = '';
  row: number;
  col: number | undefined;
  style: Style = PLAIN;

  constructor(
    private readonly last: number,
    column: number | undefined,
    /** Frame line i is on screen row i + 1. */
    private readonly absolute: boolean,
  ) {
    this.row = last;
    this.col = column;
  }

  /** Writes columns [start, end) of `line`; past its end the row is erased. */
  run(row: number, line: Cells, start: number, end: number, columns: number): void {
    const len = line.chars.length;
    const firstStyle = start < len ? line.styles[start]! : PLAIN;
    const fill = this.fillTo(row, line, start, firstStyle);
    const move = this.moveTo(row, start);
    if (fill !== undefined && fill.length < move.length + transition(this.style, firstStyle).length) {
      this.bytes += fill;
      this.style = firstStyle;
    } else {
      this.bytes += move;
    }
    this.row = row;
    this.col = start;
    this.write(line, start, Math.min(end, len), columns);
    if (end > len) {
      // Erasing fills with the background in force: colours off first.
      this.bytes += `${transition(this.style, PLAIN)}${CSI}K`;
      this.style = PLAIN;
    }
  }

  /** The row's cells from the cursor up to `start` rewritten as they are, when the cursor is on that row before it. */
  private fillTo(row: number, line: Cells, start: number, target: Style): string | undefined {
    const from = this.col;
    if (row !== this.row || from === undefined || from > start || start - from > FILL_MAX || start > line.chars.length || isRightHalf(line, from)) return undefined;
    let bytes = '';
    let style = this.style;
    for (let x = from; x < start; x++) {
      const ch = line.chars[x]!;
      if (ch === '') continue;
      bytes += transition(style, line.styles[x]!) + ch;
      style = line.styles[x]!;
    }
    return bytes + transition(style, target);
  }

  private write(line: Cells, start: number, end: number, columns: number): void {
    for (let x = start; x < end; x++) {
      const ch = line.chars[x]!;
      if (ch === '') continue;
      this.bytes += transition(this.style, line.styles[x]!) + ch;
      this.style = line.styles[x]!;
    }
    // A wide or composed character may be drawn at another width than ours; the last column leaves a pending wrap.
    this.col = !line.simple || end >= columns ? undefined : end;
  }

  /** The shortest cursor move from where it is to (row, col). */
  private moveTo(row: number, col: number): string {
    const up = this.row - row;
    const vertical = up > 0 ? csi(up, 'A') : up < 0 ? csi(-up, 'B') : '';
    const options = [vertical + this.horizontal(this.col, col)];
    // Next/previous line: to column 0 of a row.
    if (up !== 0) options.push((up > 0 ? csi(up, 'F') : csi(-up, 'E')) + this.horizontal(0, col));
    if (this.absolute) options.push(`${CSI}${row + 1}${col === 0 ? '' : `;${col + 1}`}H`);
    return options.reduce((a, b) => (b.length < a.length ? b : a));
  }

  private horizontal(from: number | undefined, to: number): string {
    if (from === to) return '';
    const options = [to === 0 ? '\r' : `${CSI}${to + 1}G`];
    if (from !== undefined) {
      if (to > from) options.push(csi(to - from, 'C'));
      else options.push(from - to <= 3 ? '\b'.repeat(from - to) : csi(from - to, 'D'));
    }
    return options.reduce((a, b) => (b.length < a.length ? b : a));
  }

  /** Colours off, and the cursor back on the last line (in its column) where Ink expects it. */
  finish(): FrameUpdate {
    this.bytes += transition(this.style, PLAIN);
    if (this.row !== this.last) this.bytes += csi(this.last - this.row, 'B');
    return { bytes: this.bytes, column: this.col };
  }
}

/**
 * A frame writer for one terminal: remembers where it left the cursor, which holds as long as the
 * next update starts from the very lines it wrote (anything else in between - Ink's own writes,
 * a resize - and the column is taken as unknown).
 */
export function createFrameWriter(): (previous: readonly string[], next: readonly string[], columns: number, rows: number | undefined) => string | undefined {
  let left: { lines: readonly string[]; columns: number; rows: number | undefined; column: number | undefined } | undefined;
  const known: KnownCells = new Map();
  return (previous, next, columns, rows) => {
    const column = left !== undefined && left.lines === previous && left.columns === columns && left.rows === rows ? left.column : undefined;
    const update = frameUpdate(previous, next, { columns, ...(rows === undefined ? {} : { rows }), ...(column === undefined ? {} : { column }) }, known);
    // Rows past the frame's end are not on screen any more.
    for (const row of known.keys()) if (row >= next.length) known.delete(row);
    left = update && { lines: next, columns, rows, column: update.column };
    return update?.bytes;
  };
}
