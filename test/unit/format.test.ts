import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  formatAge, formatClock, formatCountdown, formatGiB, formatInterval, formatLatency, formatNumber,
  msUntilAgeChanges, msUntilCountdownChanges, padEnd, shortImage, textWidth, truncate, truncateMiddle,
  countText, formatAgo, formatMeasure, formatPort, repeatText, widthUpTo,
} from '../../src/ui/format.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('formatAge', () => {
  test('shows one coarse unit', () => {
    expect(formatAge(0)).toBe('now');
    expect(formatAge(999)).toBe('now');
    expect(formatAge(12 * S + 900)).toBe('12s');
    expect(formatAge(59 * S + 999)).toBe('59s');
    expect(formatAge(60 * S)).toBe('1m');
    expect(formatAge(5 * M + 59 * S)).toBe('5m');
    expect(formatAge(3 * H + 59 * M)).toBe('3h');
    expect(formatAge(4 * D + 23 * H)).toBe('4d');
  });

  test('a timestamp from the future (clock skew) reads now', () => {
    expect(formatAge(-5 * S)).toBe('now');
    expect(formatAge(Number.NaN)).toBe('now');
  });
});

describe('msUntilAgeChanges', () => {
  const samples = [-5_000, 0, 1, 999, 1_000, 1_500, 12_345, 59_999, 60_000, 61_000, 3_599_999, 3_600_000, 5 * H + 17, D - 1, D, 4 * D + 12_345];

  test.each(samples)('the text is unchanged until the returned delay, and different at it (age %i)', (ms) => {
    const d = msUntilAgeChanges(ms);
    expect(d).toBeGreaterThan(0);
    expect(formatAge(ms + d - 1)).toBe(formatAge(ms));
    expect(formatAge(ms + d)).not.toBe(formatAge(ms));
  });

  test('is coarse: minutes-old text changes once a minute, hours-old once an hour', () => {
    expect(msUntilAgeChanges(5 * M + 10 * S)).toBe(50 * S);
    expect(msUntilAgeChanges(3 * H + 10 * M)).toBe(50 * M);
  });
});

describe('formatCountdown', () => {
  test('rounds up so it never says 0s while time is left', () => {
    expect(formatCountdown(12_000)).toBe('12s');
    expect(formatCountdown(11_001)).toBe('12s');
    expect(formatCountdown(1)).toBe('1s');
    expect(formatCountdown(0)).toBe('now');
    expect(formatCountdown(-3)).toBe('now');
    expect(formatCountdown(90 * S)).toBe('2m');
    expect(formatCountdown(2 * H)).toBe('2h');
  });

  test.each([1, 999, 1_000, 11_001, 12_000, 59_999, 60_000, 60_001, 119_000, 3_600_000, 3_600_001, 7_300_000])(
    'the text is unchanged until the returned delay, and different at it (%i ms left)',
    (ms) => {
      const d = msUntilCountdownChanges(ms);
      expect(d).toBeGreaterThan(0);
      expect(formatCountdown(ms - d + 1)).toBe(formatCountdown(ms));
      expect(formatCountdown(ms - d)).not.toBe(formatCountdown(ms));
    },
  );

  test('never changes again once it says now', () => {
    expect(msUntilCountdownChanges(0)).toBe(Infinity);
  });
});

describe('formatClock', () => {
  test('is local wall-clock time with seconds', () => {
    expect(formatClock(new Date(2026, 10, 27, 12, 3, 4).getTime())).toBe('12:03:04');
    expect(formatClock(new Date(2026, 10, 27, 0, 0, 9).getTime())).toBe('00:00:09');
  });
});

describe('shortImage', () => {
  test('keeps the repository and the first 12 hex of a digest, without the registry host', () => {
    expect(shortImage('registry.together.ai/acme/llm@sha256:9f3c1a2b0d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8')).toBe('acme/llm@9f3c1a2b0d4e');
  });

  test('keeps a tag', () => {
    expect(shortImage('registry.together.ai/acme/llm:v2.1')).toBe('acme/llm:v2.1');
    expect(shortImage('localhost:5000/llm:dev')).toBe('llm:dev');
    expect(shortImage('nginx')).toBe('nginx');
  });

  test('prefers the digest when an image has both', () => {
    expect(shortImage('ghcr.io/acme/llm:v2@sha256:aaaaaaaaaaaabbbbbbbb')).toBe('acme/llm@aaaaaaaaaaaa');
  });
});

describe('units and latency', () => {
  test('numbers, GiB, latency and intervals', () => {
    expect(formatNumber(8)).toBe('8');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(1.256)).toBe('1.26');
    expect(formatGiB(32)).toBe('32 GiB');
    expect(formatLatency(12.4)).toBe('12ms');
    expect(formatLatency(1_234)).toBe('1.2s');
    expect(formatLatency(14_600)).toBe('15s');
  });

  test('latency keeps two significant digits and at most 5 cells, so an unchanged poll rewrites little', () => {
    expect([0, 7.4, 99.4, 99.6, 134, 137, 995, 999.9, 1_049, 9_949, 9_951, 61_000].map(formatLatency))
      .toEqual(['0ms', '7ms', '99ms', '100ms', '130ms', '140ms', '1.0s', '1.0s', '1.0s', '9.9s', '10s', '61s']);
    for (let ms = 0; ms < 100_000; ms += 7.3) expect(formatLatency(ms).length).toBeLessThanOrEqual(5);
    expect(formatInterval(2_000)).toBe('2s');
    expect(formatInterval(1_500)).toBe('1.5s');
    expect(formatInterval(300_000)).toBe('5m');
  });

  test('reads a sub-second interval in milliseconds, not as 0s', () => {
    expect(formatInterval(1)).toBe('1ms');
    expect(formatInterval(250)).toBe('250ms');
    expect(formatInterval(999)).toBe('999ms');
  });
});

describe('printable ASCII (measured without grapheme work)', () => {
  test('is one cell a character, cut exactly, whatever its length', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...' az~{'.split('')), maxLength: 3000 }), fc.integer({ min: 1, max: 300 }), (text, width) => {
      expect(widthUpTo(text, width)).toBe(Math.min(width, text.length));
      expect(truncate(text, width)).toBe(text.length <= width ? text : `${text.slice(0, width - 1)}…`);
    }));
  });
});

describe('truncate', () => {
  test('leaves text that fits alone', () => {
    expect(truncate('hello', 5)).toBe('hello');
  });

  test('cuts to the width, ellipsis included', () => {
    expect(truncate('hello world', 7)).toBe('hello …');
    expect(textWidth(truncate('hello world', 7))).toBe(7);
    expect(truncate('hello world', 7, '...')).toBe('hell...');
    expect(truncate('hello', 0)).toBe('');
    expect(truncate('hello', 2, '...')).toBe('..');
  });

  test('counts wide characters as two cells', () => {
    const cut = truncate('日本語のテキスト', 7);
    expect(textWidth(cut)).toBeLessThanOrEqual(7);
    expect(cut.endsWith('…')).toBe(true);
  });

  test('middle truncation keeps the end that tells replicas apart', () => {
    const cut = truncateMiddle('llama-chat-rev-2-abcdef', 15);
    expect(textWidth(cut)).toBe(15);
    expect(cut).toBe('llama-c…-abcdef');
  });

  test('middle truncation, any name and width: within the width, a prefix of the name, the ellipsis, a suffix of it', () => {
    // ASCII, wide characters, an emoji and the ellipsis itself (which a name may carry too).
    const name = fc.string({ unit: fc.constantFrom('a', 'b', '-', '7', '日', '本', '🚀', '…'), maxLength: 60 });
    fc.assert(fc.property(name, fc.integer({ min: 1, max: 70 }), fc.constantFrom('…', '...'), (text, width, ellipsis) => {
      const cut = truncateMiddle(text, width, ellipsis);
      expect(textWidth(cut)).toBeLessThanOrEqual(width);
      if (textWidth(text) <= width) return void expect(cut).toBe(text);
      // Narrower than the ellipsis, only as much of it as fits.
      if (width < ellipsis.length) return void expect(ellipsis.startsWith(cut)).toBe(true);
      const at = [...Array(cut.length).keys()].filter((i) => cut.startsWith(ellipsis, i));
      expect(at.some((i) => text.startsWith(cut.slice(0, i)) && text.endsWith(cut.slice(i + ellipsis.length)))).toBe(true);
    }));
  });

  test('padEnd pads or cuts to exactly the width', () => {
    expect(padEnd('ab', 4)).toBe('ab  ');
    expect(padEnd('abcdef', 4)).toBe('abc…');
  });

  test('a 10 MB string is cut in about the time a short one is, and never splits an emoji', () => {
    const huge = '🚀'.repeat(5 * 1024 * 1024);
    // As JSON.parse makes it: one flat string (repeat builds a rope that the first read flattens).
    huge.charCodeAt(huge.length - 1);
    truncate('warm up the segmenter', 5);
    const start = performance.now();
    const cut = truncate(huge, 9);
    const middle = truncateMiddle(huge, 9);
    expect(performance.now() - start).toBeLessThan(50);
    expect(cut).toBe('🚀🚀🚀🚀…');
    expect(middle).toBe('🚀🚀…🚀🚀');
  });

  test('widthUpTo measures only as far as the cap', () => {
    expect(widthUpTo('日本語', 10)).toBe(6);
    expect(widthUpTo('日本語'.repeat(1_000_000), 10)).toBe(10);
  });
});

describe('numbers that cannot be true', () => {
  test('counts and measures are marked with ?, short', () => {
    expect([countText(3), countText(undefined), countText(-168), countText(2.5), countText(1e15), countText(2 ** 53 + 2)]).toEqual(['3', '?', '?-168', '?2.5', '?1e15', '?9e15']);
    expect(formatGiB(1e300)).toBe('?1e300 GiB');
    expect(formatGiB(-1)).toBe('?-1 GiB');
    expect(formatGiB(0.5)).toBe('0.5 GiB');
    expect(formatPort(8000)).toBe('8000');
    expect(formatPort(0)).toBe('?0');
    expect(formatMeasure(1.5, 'gpus', true)).toBe('?1.5');
  });

  test('repeatText never throws, whatever the count', () => {
    expect([repeatText('x', -3), repeatText('x', NaN), repeatText('x', 2.7), repeatText('x', Infinity, 4)]).toEqual(['', '', 'xx', 'xxxx']);
  });

  test('a fresh time reads just now', () => {
    expect([formatAgo(0), formatAgo(-5_000), formatAgo(12_000)]).toEqual(['just now', 'just now', '12s ago']);
  });
});
