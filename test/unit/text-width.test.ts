import exactWidth from 'string-width';
import { describe, expect, test } from 'vitest';
import stringWidth, { NARROW_CHARS } from '../../src/ui/text-width.js';

const samples = [
  '', 'plain ascii', '● Running', '── replicas 3 · 3 ready ──', 'ready 3/3 ████░░░░  min 3–max 6',
  '\x1b[90mfetched \x1b[39m12:03:04\x1b[90m · \x1b[39m5ms', '\x1b[1msteady\x1b[22m  \x1b[32m● Ready\x1b[39m',
  '日本語のテキスト', 'emoji 🚀 rocket', '✔\uFE0F qualified', 'e\u0301 combining', 'tab\there', 'ｶﾞ halfwidth',
  '\x1b]8;;https://example.com\x07link\x1b]8;;\x07', 'ZWJ 👩‍💻', '\u200b zero width', '한국어',
];

describe('text width', () => {
  test('every fast-path glyph is one cell to string-width, alone and between ASCII', () => {
    for (const c of NARROW_CHARS) {
      expect(exactWidth(c), c).toBe(1);
      expect(exactWidth(`a${c}b${c}${c}`), c).toBe(5);
    }
    for (let code = 0x20; code < 0x7f; code++) expect(exactWidth(String.fromCharCode(code))).toBe(1);
  });

  test('agrees with string-width, with and without colours, asked once and again', () => {
    for (const s of samples) {
      for (const text of [s, `\x1b[33m${s}\x1b[39m`, `${s} ${NARROW_CHARS}`]) {
        expect(stringWidth(text), JSON.stringify(text)).toBe(exactWidth(text));
        expect(stringWidth(text), JSON.stringify(text)).toBe(exactWidth(text));
        expect(stringWidth(text, { ambiguousIsNarrow: false }), JSON.stringify(text)).toBe(exactWidth(text, { ambiguousIsNarrow: false }));
        expect(stringWidth(text, { countAnsiEscapeCodes: true }), JSON.stringify(text)).toBe(exactWidth(text, { countAnsiEscapeCodes: true }));
      }
    }
  });

  test('a fast-path glyph followed by a variation selector or a combining mark takes the full rules', () => {
    expect(stringWidth('✔\uFE0F')).toBe(exactWidth('✔\uFE0F'));
    expect(stringWidth('●\u20DD')).toBe(exactWidth('●\u20DD'));
  });
});
