// Folding a line onto rows (the logs pane's wrap mode): widths hold, nothing is lost or reordered,
// and a wide character or a combining sequence is never cut in two.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphemes, textWidth } from '../../src/ui/format.js';
import { lineWidth, s, type Line } from '../../src/ui/line.js';
import type { Role } from '../../src/ui/theme.js';
import { wrapIndented, wrapLine } from '../../src/ui/wrap-line.js';

const texts = (rows: Line[]) => rows.map((row) => row.map((seg) => seg.text).join(''));
/** Each UTF-16 unit with the role it is drawn in. */
const styled = (line: Line) => line.flatMap((seg) => [...seg.text].map((ch) => `${seg.role ?? ''}:${ch}`));

const text = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom('a', ' ', '日', '本', 'e\u0301', '👍🏽', '👩‍👩‍👧', '\u200d', 'ﬀ', '…'), maxLength: 80 }),
);
const role = fc.constantFrom<Role | undefined>(undefined, 'dim', 'error', 'match');
const line = fc.array(fc.record({ text, role }).map(({ text: t, role: r }) => s(t, r)), { maxLength: 5 });

describe('wrapLine', () => {
  it('folds plain text at the width, the last row holding the rest', () => {
    expect(texts(wrapLine([s('abcdefghij')], 4))).toEqual(['abcd', 'efgh', 'ij']);
    expect(texts(wrapLine([s('abcd')], 4))).toEqual(['abcd']);
    expect(texts(wrapLine([], 4))).toEqual(['']);
  });

  it('moves a wide character that would straddle the edge to the next row', () => {
    expect(texts(wrapLine([s('ab日本語')], 5))).toEqual(['ab日', '本語']);
    expect(texts(wrapLine([s('e\u0301e\u0301e\u0301')], 2))).toEqual(['e\u0301e\u0301', 'e\u0301']);
  });

  it('keeps each piece in the role of the segment it came from, across rows', () => {
    expect(wrapLine([s('12:00 ', 'dim'), s('ERROR x', 'error')], 4)).toEqual([
      [s('12:0', 'dim')], [s('0 ', 'dim'), s('ER', 'error')], [s('ROR ', 'error')], [s('x', 'error')],
    ]);
  });

  it('no row is wider than the width; the rows joined give back the line, roles and all', () => {
    expect(texts(wrapLine([s('a𝅘𝅥𝅮b')], 2))).toEqual(['a', '𝅘𝅥𝅮', 'b']);
    fc.assert(fc.property(line, fc.integer({ min: 2, max: 90 }), (l, width) => {
      const rows = wrapLine(l, width);
      expect(rows.length).toBeGreaterThan(0);
      // Wider only when it is one grapheme that is wider than the width on its own (string-width counts 𝅘𝅥𝅮 as 3).
      for (const row of rows) if (lineWidth(row) > width) expect([...graphemes(row.map((seg) => seg.text).join(''))]).toHaveLength(1);
      expect(rows.flatMap(styled)).toEqual(styled(l));
      // Only the last row may be short for a reason other than the next character not fitting.
      rows.slice(0, -1).forEach((row, i) => {
        const next = rows[i + 1]!.map((seg) => seg.text).join('');
        if (next !== '') expect(lineWidth(row) + Math.max(1, textWidth([...graphemes(next)][0]!))).toBeGreaterThan(width);
      });
    }), { numRuns: 1000 });
  });
});

describe('wrapLine by words', () => {
  /** Words of a text: its runs of anything but spaces. */
  const wordsOf = (t: string) => t.split(' ').filter((w) => w !== '');
  const words = fc.array(fc.oneof(
    fc.constantFrom('back-off', '20s', 'restarting', 'failed', 'container', '日本語', 'e\u0301e\u0301', 'x'.repeat(45), ''),
    fc.string({ unit: fc.constantFrom('a', 'b', '日', 'é'), maxLength: 30 }),
  ), { maxLength: 20 }).map((ws) => ws.join(' '));

  it('breaks at the last space that fits, and cuts only a word longer than a row', () => {
    expect(texts(wrapLine([s('(back-off 20s restarting failed container)')], 16, { words: true }))).toEqual(['(back-off 20s', 'restarting', 'failed', 'container)']);
    expect(texts(wrapLine([s('ab abcdefghij')], 4, { words: true }))).toEqual(['ab', 'abcd', 'efgh', 'ij']);
    expect(texts(wrapLine([s('ab  cd')], 3, { words: true }))).toEqual(['ab', 'cd']);
  });

  it('no row is wider than the width; a word no wider than a row is never split; no word is lost', () => {
    fc.assert(fc.property(words, fc.integer({ min: 1, max: 40 }), (t, width) => {
      const rows = texts(wrapLine([s(t)], width, { words: true }));
      for (const row of rows) if (textWidth(row) > width) expect([...graphemes(row)]).toHaveLength(1);
      const shown = rows.flatMap(wordsOf);
      for (const w of wordsOf(t)) if (textWidth(w) <= width) expect(shown).toContain(w);
      expect(rows.join('').replaceAll(' ', '')).toBe(t.replaceAll(' ', ''));
    }), { numRuns: 1000 });
  });

  it('set in: the rows after the first start with the marker and keep within the width', () => {
    const marker = [s('↪ ', 'dim')];
    expect(texts(wrapIndented([s('alpha beta gamma')], 8, marker))).toEqual(['alpha', '↪ beta', '↪ gamma']);
    fc.assert(fc.property(words, fc.integer({ min: 4, max: 40 }), (t, width) => {
      const rows = wrapIndented([s(t)], width, marker);
      rows.slice(1).forEach((row) => expect(row[0]).toEqual(s('↪ ', 'dim')));
      for (const row of rows) if (lineWidth(row) > width) expect(lineWidth(row.slice(1))).toBeGreaterThan(width - 2);
    }), { numRuns: 300 });
  });
});

describe('the word wrap the logs pane, the help and the panels share', () => {
  /** Words made of whole graphemes: wide, combining, emoji sequences, flags, ligatures, conjuncts. */
  const grapheme = fc.constantFrom('a', 'b', '日', 'e\u0301', '👍🏽', '👩‍👩‍👧', '🇯🇵', 'ﬀ', '…', '\u0915\u094d\u0937');
  const word = fc.array(grapheme, { minLength: 1, maxLength: 25 }).map((gs) => gs.join(''));
  const text = fc.array(word, { maxLength: 12 }).chain((ws) => fc.array(fc.constantFrom(' ', '  '), { minLength: ws.length, maxLength: ws.length }).map((gaps) => ws.map((w, i) => `${gaps[i]}${w}`).join('').trimStart()));
  const gs = (t: string) => [...graphemes(t)];

  it('every row fits, no grapheme is split, and the pieces put together give back the words', () => {
    fc.assert(fc.property(text, fc.integer({ min: 1, max: 30 }), (t, width) => {
      const rows = texts(wrapLine([s(t)], width, { words: true }));
      for (const row of rows) if (textWidth(row) > width) expect(gs(row)).toHaveLength(1);
      expect(rows.flatMap(gs).filter((g) => g !== ' ')).toEqual(gs(t).filter((g) => g !== ' '));
      // Word by word: whole, or (wider than a row) cut into pieces each filling its row.
      const pieces = rows.flatMap((row) => row.split(' ').filter((p) => p !== ''));
      for (const w of t.split(' ').filter((p) => p !== '')) {
        let joined = pieces.shift()!;
        let last = joined;
        while (joined !== w) {
          expect(textWidth(w)).toBeGreaterThan(width);
          const next = pieces.shift()!;
          expect(textWidth(last) + textWidth(gs(next)[0]!)).toBeGreaterThan(width);
          joined += next;
          last = next;
        }
      }
      expect(pieces).toEqual([]);
    }), { numRuns: 400 });
  });
});
