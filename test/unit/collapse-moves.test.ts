import { describe, expect, it } from 'vitest';
import { collapseLineMoves } from '../../src/ui/collapse-moves.js';

describe('collapseLineMoves', () => {
  it('turns a run of next-line moves into one counted move', () => {
    expect(collapseLineMoves('\x1b[39A' + '\x1b[E'.repeat(39) + 'x')).toBe('\x1b[39A\x1b[39Ex');
  });

  it('leaves single moves, other sequences and text alone', () => {
    expect(collapseLineMoves('a\x1b[Eb\x1b[2Ec\x1b[K')).toBe('a\x1b[Eb\x1b[2Ec\x1b[K');
  });

  it('collapses every run separately', () => {
    expect(collapseLineMoves('\x1b[E\x1b[Ea\x1b[E\x1b[E\x1b[E')).toBe('\x1b[2Ea\x1b[3E');
  });
});
