// Text typed into a filter or a search (list, timeline, logs): printable input appended clean,
// Backspace takes back one whole grapheme, and the cap holds whatever is pasted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphemes } from '../../src/ui/format.js';
import { MAX_TYPED, typingEdit, type TypingKey } from '../../src/ui/typed-text.js';

const KEY: TypingKey = { backspace: false, delete: false, ctrl: false };
const BACKSPACE: TypingKey = { ...KEY, backspace: true };
/** `text` after typing `input` (or undefined when the key is not for the text). */
const type = (text: string, input: string, k: TypingKey = KEY) => typingEdit(input, k)?.(text);
const back = (text: string) => type(text, '', BACKSPACE)!;
const count = (text: string) => [...graphemes(text)].length;
const wellFormed = (text: string) => !/\p{Cs}/u.test(text);

describe('typed text', () => {
  it('appends printable input, a paste whole', () => {
    expect(type('ab', 'c')).toBe('abc');
    expect(type('', 'oom killed')).toBe('oom killed');
    expect(type('x', '日本👍🏽')).toBe('x日本👍🏽');
  });

  it('takes back one whole grapheme: an emoji, a flag, a family, an accented letter', () => {
    expect(back('abc')).toBe('ab');
    expect(back('a👍🏽')).toBe('a');
    expect(back('a🇯🇵')).toBe('a');
    expect(back('a👩‍👩‍👧')).toBe('a');
    expect(back('ae\u0301')).toBe('a');
    expect(back('')).toBe('');
    expect(type('a😀', '', { ...KEY, delete: true })).toBe('a');
  });

  it('keeps control characters and escape sequences of a paste out', () => {
    expect(type('', 'red\x1b[31m alert\x07\r')).toBe('red alert');
    expect(type('', 'a\x1b]0;title\x07b')).toBe('ab');
    expect(type('', 'two\nlines')).toBe('two lines');
    expect(type('', '\u202eevil')).toBe('evil');
  });

  it('is not for arrows, Ctrl keys or a lone control; Alt with a key does nothing while typing', () => {
    expect(typingEdit('', KEY)).toBeUndefined();
    expect(typingEdit('q', { ...KEY, ctrl: true })).toBeUndefined();
    expect(typingEdit('\x1b[', KEY)).toBeUndefined();
    // Ctrl-J (or a Shift-Enter sending a line feed) and a tab are keys, not a space typed.
    expect(typingEdit('\n', KEY)).toBeUndefined();
    expect(typingEdit('\t', KEY)).toBeUndefined();
    expect(type('ab', 'q', { ...KEY, meta: true })).toBe('ab');
  });

  it(`holds at most ${MAX_TYPED} graphemes, cut between graphemes`, () => {
    expect(type('', 'x'.repeat(500))).toBe('x'.repeat(MAX_TYPED));
    expect(type('x'.repeat(MAX_TYPED), 'y')).toBe('x'.repeat(MAX_TYPED));
    expect(type('x'.repeat(MAX_TYPED - 1), '👩‍👩‍👧👩‍👩‍👧')).toBe(`${'x'.repeat(MAX_TYPED - 1)}👩‍👩‍👧`);
    // A paste far past the cap is looked at only so far, and no half grapheme is kept.
    const huge = type('', '👍🏽'.repeat(100_000))!;
    expect(count(huge)).toBe(MAX_TYPED);
    expect(wellFormed(huge)).toBe(true);
    // Typing after a grapheme that fills the room loses nothing held.
    const full = `a${'\u0301'.repeat(7_000)}`;
    expect(type(full, 'b')).toBe(full);
    const nearly = `a${'\u0301'.repeat(6_390)}`;
    expect(type(nearly, 'b')).toBe(`${nearly}b`);
  });

  it('any keys: never a lone surrogate or half a grapheme, Backspace removes exactly the last grapheme, the cap holds', () => {
    const unit = fc.constantFrom('a', ' ', '日', 'e', '\u0301', '👍', '🏽', '\u200d', '👩', '🇯', '🇵', '\ud83d', '\x1b', '\x7f', '\n');
    const input = fc.oneof(
      fc.string({ unit, maxLength: 12 }),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.string({ unit, minLength: 150, maxLength: 400 }),
    );
    const key = fc.oneof(fc.constant<['back']>(['back']), input.map((t) => ['type', t] as const));
    fc.assert(fc.property(fc.array(key, { maxLength: 40 }), (keys) => {
      let text = '';
      for (const k of keys) {
        if (k[0] === 'back') {
          const before = [...graphemes(text)];
          text = back(text);
          expect([...graphemes(text)]).toEqual(before.slice(0, -1));
        } else text = type(text, k[1]) ?? text;
        expect(wellFormed(text)).toBe(true);
        expect(count(text)).toBeLessThanOrEqual(MAX_TYPED);
      }
    }), { numRuns: 500 });
  });
});
