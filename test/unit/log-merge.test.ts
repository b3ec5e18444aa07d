import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeWindow } from '../../src/watch/log-merge.js';

const split = (s: string) => (s === '' ? [] : s.split(' '));

/** Merges each window into what is held, the way a follower does; counts the gaps met. */
function mergeAll(windows: readonly (readonly string[])[]): { held: string[]; gaps: number } {
  const held: string[] = [];
  let gaps = 0;
  for (const w of windows) {
    const { added, gap } = mergeWindow(held, w);
    if (gap) gaps++;
    held.push(...added);
  }
  return { held, gaps };
}

describe('mergeWindow', () => {
  it.each([
    ['', 'A B', 'A B', false], // the first answer: all new
    ['A B C', 'B C D E', 'D E', false], // appends after the overlap
    ['A B C', 'A B C', '', false], // the same answer twice: nothing new
    ['A B C', 'C D', 'D', false], // the window starts at the last line held
    ['A B C', '', '', false], // an empty answer adds nothing and is no gap
    ['A B C', 'B C C D', 'C D', false], // a repeated line is a new line, not a copy
    ['x ok ok', 'x ok ok ok y', 'ok y', false], // identical lines: as many as the window has past the overlap
    ['A B C', 'C x C y', 'x C y', false], // a line matching later in the window is not the overlap
    ['A B C', 'D E', 'D E', true], // the window moved past everything held: a gap
    ['A B C D', 'B C', '', false], // an older window (a lagging server): nothing new, no gap
  ])('%j then %j adds %j (gap %s)', (held, window, added, gap) => {
    expect(mergeWindow(split(held), split(window))).toEqual({ added: split(added), gap });
  });

  it('rolls a window over many times: every line once, in order', () => {
    const stream = Array.from({ length: 50 }, (_, i) => `line ${i % 7}`); // repeats every 7 lines
    const windows = [];
    for (let end = 10; end <= 49; end += 3) windows.push(stream.slice(end - 10, end));
    // Overlaps of seven lines or more hold each repeated text once: unambiguous.
    expect(mergeAll(windows)).toEqual({ held: stream.slice(0, 49), gaps: 0 });
  });

  it('reads an overlap of nothing but identical lines as the longest (the window moved least)', () => {
    expect(mergeWindow(split('a X X X'), split('X X X X b'))).toEqual({ added: split('X b'), gap: false });
  });
});

/**
 * A log stream with runs of identical lines, each run after a line that occurs once (as a
 * timestamped line does), and windows cut from it at random advancing offsets, each overlapping
 * the one before by at least one such line.
 */
const streamAndWindows = fc
  .record({
    runs: fc.array(fc.array(fc.constantFrom('X', 'Y', 'INFO ok'), { maxLength: 5 }), { minLength: 1, maxLength: 30 }),
    steps: fc.array(fc.record({ advance: fc.nat(12), back: fc.nat(), start: fc.nat() }), { maxLength: 25 }),
    firstEnd: fc.nat(),
  })
  .map(({ runs, steps, firstEnd }) => {
    const stream: string[] = [];
    const unique: number[] = [];
    runs.forEach((run, i) => {
      unique.push(stream.length);
      stream.push(`unique ${i}`, ...run);
    });
    let s = 0;
    let t = 1 + (firstEnd % stream.length);
    const windows = [stream.slice(s, t)];
    for (const { advance, back, start } of steps) {
      const inWindow = unique.filter((u) => u >= s && u < t);
      const keep = inWindow[back % inWindow.length]!; // a line that occurs once, kept in the overlap
      s += start % (keep - s + 1);
      t = Math.min(stream.length, t + advance);
      windows.push(stream.slice(s, t));
    }
    return { expected: stream.slice(0, t), windows };
  });

describe('mergeWindow (property)', () => {
  it('merging overlapping windows gives back the stream exactly, with no gap', () => {
    fc.assert(fc.property(streamAndWindows, ({ expected, windows }) => {
      expect(mergeAll(windows)).toEqual({ held: expected, gaps: 0 });
    }), { numRuns: 500 });
  });

  it('whatever the lines, an overlapping window is never a gap and what is held ends with it', () => {
    const lines = fc.array(fc.constantFrom('A', 'B'), { minLength: 1, maxLength: 12 });
    fc.assert(fc.property(lines, lines, fc.nat(), (held, more, cut) => {
      // The new window starts inside what is held and goes on past it.
      const window = [...held.slice(cut % held.length), ...more];
      const { added, gap } = mergeWindow(held, window);
      expect(gap).toBe(false);
      expect([...held, ...added].slice(-window.length)).toEqual(window);
    }), { numRuns: 500 });
  });
});
