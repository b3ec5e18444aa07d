import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textWidth } from '../../src/ui/format.js';
import { sparkline } from '../../src/ui/sparkline.js';

describe('sparkline', () => {
  it('draws each value at its height between the bounds, newest on the right', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([0, 7], 8, { min: 0, max: 14 })).toBe('▁▅');
  });

  it('keeps only the newest values that fit the width', () => {
    expect(sparkline([7, 7, 7, 0, 7], 2)).toBe('▁█');
  });

  it('spells the levels in ASCII for the ascii theme', () => {
    expect(sparkline([0, 1, 2, 3, 4], 5, { ascii: true })).toBe('_.-=#');
  });

  it('is empty for no values or no width', () => {
    expect(sparkline([], 10)).toBe('');
    expect(sparkline([1, 2], 0)).toBe('');
    expect(sparkline([1, 2], -4)).toBe('');
    expect(sparkline([1, 2], Number.NaN)).toBe('');
  });

  it('leaves a blank cell for a missing (NaN or infinite) value, never a low bar', () => {
    expect(sparkline([0, Number.NaN, 4, Number.POSITIVE_INFINITY], 4)).toBe('▁ █ ');
    expect(sparkline([Number.NaN, Number.NaN], 4)).toBe('  ');
  });

  it('draws a flat series on one level, and negatives from their own floor', () => {
    expect(sparkline([0, 0, 0], 3)).toBe('▁▁▁');
    expect(sparkline([-5, -5], 2)).toBe('▁▁');
    expect(sparkline([-4, 0, 4], 3)).toBe('▁▅█');
  });

  it('clamps values beyond the bounds it is given', () => {
    expect(sparkline([-10, 100], 2, { min: 0, max: 10 })).toBe('▁█');
  });

  it('never draws wider than asked, one cell per value at most, whatever the numbers', () => {
    const values = fc.array(fc.oneof(fc.double(), fc.integer(), fc.constant(Number.NaN)), { maxLength: 300 });
    fc.assert(fc.property(values, fc.integer({ min: -5, max: 250 }), fc.boolean(), (xs, width, ascii) => {
      const line = sparkline(xs, width, { ascii });
      expect(textWidth(line)).toBeLessThanOrEqual(Math.max(0, width));
      expect(line.length).toBeLessThanOrEqual(xs.length);
      expect(line).toMatch(ascii ? /^[_.\-=# ]*$/ : /^[▁▂▃▄▅▆▇█ ]*$/);
    }));
  });
});
