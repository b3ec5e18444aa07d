import { describe, expect, it } from 'vitest';
import { lineTime, since } from '../../src/plain/log-since.js';

const AT = Date.parse('2026-11-29T07:00:00.000Z');

describe('depwatch logs --since', () => {
  it.each([
    ['2026-11-29T07:00:00.000Z INFO ready', AT],
    ['[steady-a-b] 2026-11-29T07:00:00Z INFO ready', AT], // every replica's lines carry a tag first
    ['2026-11-29T09:00:00+02:00 INFO ready', AT],
    ['INFO no stamp', undefined],
    ['[steady-a-b] INFO no stamp', undefined],
    ['2026-13-45T07:00:00Z not a real date', undefined],
  ])('%j was written at %s', (line, at) => {
    expect(lineTime(line)).toBe(at);
  });

  it('keeps lines at or after the cutoff and lines with no stamp, drops older ones', () => {
    const recent = since(AT);
    const lines = ['2026-11-29T06:59:59.999Z old', '2026-11-29T07:00:00.000Z at the cutoff', 'Traceback (no stamp)', '[r] 2026-11-29T07:00:01Z newer', '[r] 2026-11-29T06:00:00Z older'];
    expect(lines.filter(recent)).toEqual(['2026-11-29T07:00:00.000Z at the cutoff', 'Traceback (no stamp)', '[r] 2026-11-29T07:00:01Z newer']);
  });
});
