import { describe, expect, it } from 'vitest';
import { sanitize, sanitizeKeepLines } from '../../src/sanitize.js';

describe('sanitize', () => {
  it('removes colour and cursor-movement sequences', () => {
    expect(sanitize('\x1b[31mred\x1b[0m \x1b[2J\x1b[10;10Hmoved')).toBe('red moved');
  });

  it('removes OSC sequences such as window-title and hyperlink changes', () => {
    expect(sanitize('a\x1b]0;pwned\x07b\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\c')).toBe('ablinkc');
  });

  it('removes 8-bit C1 CSI and DCS sequences', () => {
    expect(sanitize('x\x9b31my\x90qpayload\x9cz')).toBe('xyz');
  });

  it('drops bell, backspace, carriage return and DEL, and turns tabs and newlines into spaces', () => {
    expect(sanitize('a\x07b\x08c\rd\x7fe\tf\ng')).toBe('abcde f g');
  });

  it('drops bidi overrides that could reorder a line', () => {
    expect(sanitize('safe\u202Eevil')).toBe('safeevil');
  });

  it('turns Unicode line and paragraph separators into spaces', () => {
    expect(sanitize('one\u2028two\u2029three')).toBe('one two three');
  });

  it('keeps ordinary unicode text', () => {
    expect(sanitize('Llama 3 — 8B ✓ 日本')).toBe('Llama 3 — 8B ✓ 日本');
  });

  it('keeps line structure when asked to', () => {
    expect(sanitizeKeepLines('one\x1b[1m\r\ntwo\nthree')).toBe('one\ntwo\nthree');
  });
});
