// The cell-diff writer against a real terminal emulator: whatever the frames, the bytes it emits
// turn a terminal showing one frame into exactly the terminal showing the next (every cell's
// character, width and colours, erased cells included), with the cursor on the last line where
// Ink expects it.
import xterm from '@xterm/headless';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactOutput } from '../../src/ui/compact-output.js';
import { createFrameWriter, frameUpdate } from '../../src/ui/frame-update.js';
import { toCells, transition } from '../../src/ui/sgr-style.js';

type Terminal = xterm.Terminal;

// Some scrollback: with none, xterm's reflow on resize can throw inside a later write.
function terminal(cols: number, rows: number): Terminal {
  return new xterm.Terminal({ cols, rows, allowProposedApi: true, scrollback: 50 });
}
const write = (term: Terminal, data: string) => new Promise<void>((resolve) => term.write(data, resolve));

/** A frame as Ink draws it from scratch: from the top, the lines one under the other, the cursor left after the last. */
const drawn = (lines: readonly string[]) => `\x1b[H\x1b[J${lines.join('\r\n')}`;

/** Everything a person could see in each cell (and the difference between a written space and an erased cell). */
function cells(term: Terminal): string[] {
  const buf = term.buffer.active;
  const out: string[] = [];
  const cell = buf.getNullCell();
  for (let y = 0; y < term.rows; y++) {
    const line = buf.getLine(buf.viewportY + y)!;
    for (let x = 0; x < term.cols; x++) {
      line.getCell(x, cell);
      const look = [
        cell.getChars(), cell.getWidth(), cell.getFgColorMode(), cell.getFgColor(), cell.getBgColorMode(), cell.getBgColor(),
        cell.isBold(), cell.isDim(), cell.isItalic(), cell.isUnderline(), cell.isBlink(), cell.isInverse(), cell.isInvisible(),
        cell.isStrikethrough(), cell.isOverline(),
      ];
      out.push(`${y},${x}: ${JSON.stringify(look)}`);
    }
  }
  return out;
}

/** The cells that differ between two screens (empty when they look the same). */
function differences(actual: string[], expected: string[]): string[] {
  return actual.flatMap((cell, i) => (cell === expected[i] ? [] : [`${cell}  expected  ${expected[i]}`]));
}

async function screenOf(lines: readonly string[], cols: number, rows: number): Promise<string[]> {
  const term = terminal(cols, rows);
  await write(term, drawn(lines));
  return cells(term);
}

// ---- frames: lines of coloured segments, narrow and wide characters, cut to the width --------

const CHARS = ['a', 'b', 'Z', '0', '9', ' ', ' ', ':', '·', '●', '─', '…', '中', '日', '語', 'é', 'ｗ'];
const FG = [undefined, '31', '32', '33', '36', '37', '90', '91', '38;5;208', '38;2;10;20;30'];
const BG = [undefined, undefined, undefined, '41', '44', '100', '48;5;17'];
const FLAGS = ['1', '2', '3', '4', '5', '7', '8', '9', '53'];

const segment = fc.record({
  text: fc.array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: 12 }).map((cs) => cs.join('')),
  fg: fc.constantFrom(...FG),
  bg: fc.constantFrom(...BG),
  flags: fc.subarray(FLAGS, { maxLength: 3 }),
  // How the colours are closed: Ink's way (each attribute off) or a full reset.
  close: fc.constantFrom('each', 'reset'),
});
type Segment = typeof segment extends fc.Arbitrary<infer T> ? T : never;
const OFF: Record<string, string> = { 1: '22', 2: '22', 3: '23', 4: '24', 5: '25', 7: '27', 8: '28', 9: '29', 53: '55' };

const cellWidth = (ch: string) => (/[中日語ｗ]/.test(ch) ? 2 : 1);

/** The segments as one line at most `cols` cells wide, coloured with SGR codes and ending with all of them off (as Ink's lines do). */
function lineOf(segments: readonly Segment[], cols: number): string {
  let out = '';
  let used = 0;
  for (const seg of segments) {
    let text = '';
    for (const ch of seg.text) {
      if (used + cellWidth(ch) > cols) break;
      text += ch;
      used += cellWidth(ch);
    }
    if (text === '') break;
    const on = [...seg.flags, ...(seg.fg ? [seg.fg] : []), ...(seg.bg ? [seg.bg] : [])];
    if (on.length === 0) out += text;
    else if (seg.close === 'reset') out += `\x1b[${on.join(';')}m${text}\x1b[0m`;
    else out += on.map((p) => `\x1b[${p}m`).join('') + text + [...new Set([...seg.flags.map((f) => OFF[f]), ...(seg.fg ? ['39'] : []), ...(seg.bg ? ['49'] : [])])].map((p) => `\x1b[${p}m`).join('');
  }
  // Ink trims each row's end (the colour codes after the last character stay).
  return out.trimEnd();
}

const lineSegments = fc.array(segment, { maxLength: 6 });

/** A frame and a next one: most lines kept, some replaced, some with one segment edited (a clock ticking). */
const framePair = (lines: number) =>
  fc
    .tuple(
      fc.array(lineSegments, { minLength: lines, maxLength: lines }),
      fc.array(fc.oneof({ weight: 5, arbitrary: fc.constant({ kind: 'keep' as const }) }, { weight: 2, arbitrary: fc.record({ kind: fc.constant('edit' as const), at: fc.nat(), seg: segment }) }, { weight: 1, arbitrary: fc.record({ kind: fc.constant('new' as const), segs: lineSegments }) }), { minLength: lines, maxLength: lines }),
    )
    .map(([before, edits]) => {
      const after = before.map((segs, i) => {
        const edit = edits[i]!;
        if (edit.kind === 'keep') return segs;
        if (edit.kind === 'new') return edit.segs;
        const copy = [...segs];
        copy[segs.length === 0 ? 0 : edit.at % segs.length] = edit.seg;
        return copy;
      });
      return { before, after };
    });

const size = fc.record({ cols: fc.integer({ min: 1, max: 30 }), rows: fc.integer({ min: 1, max: 8 }) });

describe('frameUpdate', () => {
  it('turns the screen of one frame into exactly the screen of the next, the cursor on the last line', async () => {
    await fc.assert(
      fc.asyncProperty(
        size.chain(({ cols, rows }) => fc.record({ cols: fc.constant(cols), rows: fc.constant(rows), lines: fc.integer({ min: 1, max: rows }), column: fc.option(fc.nat({ max: cols - 1 }), { nil: undefined }) })).chain((s) => fc.record({ s: fc.constant(s), frames: framePair(s.lines) })),
        async ({ s: { cols, rows, lines, column }, frames }) => {
          const before = frames.before.map((segs) => lineOf(segs, cols));
          const after = frames.after.map((segs) => lineOf(segs, cols));
          const term = terminal(cols, rows);
          // The cursor on the last line, in a known column or (column undefined) anywhere on it.
          await write(term, `${drawn(before)}\x1b[${(column ?? cols - 1) + 1}G`);
          const update = frameUpdate(before, after, { columns: cols, rows, ...(column === undefined ? {} : { column }) });
          expect(update).toBeDefined();
          // As it goes out: through the compactor every write passes.
          await write(term, compactOutput(update!.bytes));
          expect(differences(cells(term), await screenOf(after, cols, rows))).toEqual([]);
          expect(term.buffer.active.cursorY).toBe(lines - 1);
          if (update!.column !== undefined) expect(term.buffer.active.cursorX).toBe(update!.column);
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);

  it('keeps the screen right over a run of frames, Ink drawing some in full and the terminal resized in between', async () => {
    const step = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant('update' as const), seed: fc.array(fc.tuple(fc.nat(), segment, lineSegments), { maxLength: 3 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('ink' as const) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('resize' as const), size }) },
    );
    await fc.assert(
      fc.asyncProperty(size, fc.array(lineSegments, { minLength: 8, maxLength: 8 }), fc.array(step, { minLength: 1, maxLength: 12 }), async (start, initial, steps) => {
        let { cols, rows } = start;
        let segs = initial.slice(0, rows);
        const term = terminal(cols, rows);
        let lines = segs.map((l) => lineOf(l, cols));
        await write(term, drawn(lines));
        const writeFrame = createFrameWriter();
        for (const st of steps) {
          if (st.kind === 'resize') {
            // Ink redraws the whole frame at the new size: its incremental writer is not involved.
            ({ cols, rows } = st.size);
            term.resize(cols, rows);
            segs = [...segs, ...initial].slice(0, rows);
            lines = segs.map((l) => lineOf(l, cols));
            await write(term, drawn(lines));
            continue;
          }
          if (st.kind === 'ink') {
            lines = [...lines];
            await write(term, drawn(lines));
            continue;
          }
          segs = segs.map((l) => [...l]);
          for (const [at, seg, fresh] of st.seed) {
            const row = at % segs.length;
            if (at % 3 === 0) segs[row] = fresh;
            else segs[row]![at % Math.max(1, segs[row]!.length)] = seg;
          }
          const next = segs.map((l) => lineOf(l, cols));
          const bytes = writeFrame(lines, next, cols, rows);
          expect(bytes).toBeDefined();
          await write(term, compactOutput(bytes!));
          lines = next;
          expect(differences(cells(term), await screenOf(lines, cols, rows))).toEqual([]);
          expect(term.buffer.active.cursorY).toBe(lines.length - 1);
        }
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('writes a clock tick as one jump and the changed digits', () => {
    const footer = (time: string, ms: string) => `\x1b[90mlast poll \x1b[39m12:03:${time}\x1b[90m · \x1b[39m${ms}ms`;
    const frame = (time: string, ms: string) => ['\x1b[1msteady\x1b[22m', '', footer(time, ms)];
    // Column unknown (Ink wrote last): one absolute column move.
    expect(frameUpdate(frame('04', '3'), frame('05', '3'), { columns: 120 })).toEqual({ bytes: '\x1b[18G5', column: 18 });
    // Column known: a relative move, and a short gap rewritten rather than jumped over.
    expect(frameUpdate(frame('05', '3'), frame('06', '4'), { columns: 120, column: 18 })).toEqual({ bytes: '\b6\x1b[3C4', column: 22 });
    // Elsewhere than the last line: there and back, colours as they must be.
    expect(frameUpdate(['a\x1b[31mb\x1b[39m', 'z'], ['a\x1b[31mc\x1b[39m', 'z'], { columns: 10, rows: 2, column: 1 })).toEqual({ bytes: '\x1b[A\x1b[31mc\x1b[m\x1b[B', column: 2 });
  });

  it('leaves to Ink what it does not model', () => {
    expect(frameUpdate(['a', 'b'], ['a'], { columns: 10 })).toBeUndefined(); // the line count changed
    expect(frameUpdate(['a'], ['\x1b]8;;https://x\x07a\x1b]8;;\x07'], { columns: 10 })).toBeUndefined(); // not only colours
    expect(frameUpdate(['a'], ['a\tb'], { columns: 10 })).toBeUndefined(); // a control character
    expect(frameUpdate(['a'], ['abc'], { columns: 2 })).toBeUndefined(); // wider than the terminal
    expect(frameUpdate(['a'], ['\x1b[31ma'], { columns: 10 })).toBeUndefined(); // colours left on at the end
  });

  it('remembers the column only while the frame on screen is the one it wrote', () => {
    const writeFrame = createFrameWriter();
    const a = ['x', 'clock 1'];
    const b = ['x', 'clock 2'];
    expect(writeFrame(a, b, 20, 2)).toBe('\x1b[7G2');
    const c = ['x', 'clock 3'];
    expect(writeFrame(b, c, 20, 2)).toBe('\b3');
    // Ink wrote the frame itself since (another array): the column is unknown again.
    expect(writeFrame([...c], ['x', 'clock 4'], 20, 2)).toBe('\x1b[7G4');
  });
});

describe('cells and colours', () => {
  it('reads wide characters as two cells and colours per cell', () => {
    const cells = toCells('a\x1b[31m中\x1b[39mb')!;
    expect(cells.chars).toEqual(['a', '中', '', 'b']);
    expect(cells.styles.map((s) => s.key)).toEqual(['', '31', '31', '']);
  });

  it('changes colours by the shorter of the differences and a reset', () => {
    const style = (sgr: string) => toCells(`${sgr}x\x1b[0m`)!.styles[0]!;
    expect(transition(style(''), style('\x1b[90m'))).toBe('\x1b[90m');
    expect(transition(style('\x1b[1;31m'), style('\x1b[2;31m'))).toBe('\x1b[22;2m');
    expect(transition(style('\x1b[1;4;7;31;44m'), style('\x1b[32m'))).toBe('\x1b[0;32m');
    expect(transition(style('\x1b[31m'), style(''))).toBe('\x1b[m');
  });
});
