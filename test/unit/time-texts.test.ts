import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { nextTextChange } from '../../src/ui/time-texts.js';
import { formatDuration } from '../../src/watch/duration.js';

const NOW = 1_000_000_000;

describe('nextTextChange', () => {
  test('nothing time-like on screen means the clock never needs to tick', () => {
    expect(nextTextChange([], NOW)).toBeUndefined();
  });

  test('an age changes when its coarse text would', () => {
    expect(nextTextChange([{ kind: 'age', from: NOW - 12_500 }], NOW)).toBe(NOW + 500);
    expect(nextTextChange([{ kind: 'age', from: NOW - 5 * 60_000 - 10_000 }], NOW)).toBe(NOW + 50_000);
  });

  test('a countdown changes when its rounded-up seconds would', () => {
    expect(nextTextChange([{ kind: 'countdown', to: NOW + 12_400 }], NOW)).toBe(NOW + 400);
    expect(nextTextChange([{ kind: 'countdown', to: NOW - 1 }], NOW)).toBeUndefined();
  });

  test('an elapsed time changes every second under an hour, every minute after', () => {
    expect(nextTextChange([{ kind: 'elapsed', from: NOW - 252_300 }], NOW)).toBe(NOW + 700);
    expect(nextTextChange([{ kind: 'elapsed', from: NOW - 3_600_000 - 61_000 }], NOW)).toBe(NOW + 59_000);
  });

  test('a time left counting down changes just past each whole second (minute past an hour), and not once it reads 0s', () => {
    expect(nextTextChange([{ kind: 'left', to: NOW + 19_400 }], NOW)).toBe(NOW + 401);
    expect(nextTextChange([{ kind: 'left', to: NOW + 3_600_000 + 61_000 }], NOW)).toBe(NOW + 1_001);
    expect(nextTextChange([{ kind: 'left', to: NOW + 999 }], NOW)).toBeUndefined();
    expect(nextTextChange([{ kind: 'left', to: NOW - 5_000 }], NOW)).toBeUndefined();
  });

  test('property: a time left ticks exactly when its text changes, never before', () => {
    fc.assert(fc.property(fc.integer({ min: -10_000, max: 3 * 3_600_000 }), (left) => {
      const text = (now: number) => formatDuration(NOW + left - now);
      const next = nextTextChange([{ kind: 'left', to: NOW + left }], NOW);
      if (next === undefined) {
        expect(text(NOW + 10 * 3_600_000)).toBe(text(NOW));
      } else {
        expect(text(next)).not.toBe(text(NOW));
        expect(text(next - 1)).toBe(text(NOW));
      }
    }));
  });

  test('a deadline counts only while it is ahead', () => {
    expect(nextTextChange([{ kind: 'deadline', at: NOW + 9_000 }], NOW)).toBe(NOW + 9_000);
    expect(nextTextChange([{ kind: 'deadline', at: NOW }], NOW)).toBeUndefined();
  });

  test('the earliest change wins', () => {
    const texts = [
      { kind: 'age', from: NOW - 3_600_000 } as const,
      { kind: 'deadline', at: NOW + 9_000 } as const,
      { kind: 'countdown', to: NOW + 30_250 } as const,
    ];
    expect(nextTextChange(texts, NOW)).toBe(NOW + 250);
  });
});
