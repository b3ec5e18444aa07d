import { describe, expect, it } from 'vitest';
import { compactOutput, compactSgr } from '../../src/ui/compact-output.js';

describe('compactOutput', () => {
  it('turns a run of next-line moves into one counted move', () => {
    expect(compactOutput('\x1b[39A' + '\x1b[E'.repeat(39) + 'x')).toBe('\x1b[39A\x1b[39Ex');
  });

  it('leaves single moves, other sequences and text alone', () => {
    expect(compactOutput('a\x1b[Eb\x1b[2Ec\x1b[K')).toBe('a\x1b[Eb\x1b[2Ec\x1b[K');
  });

  it('collapses every run separately', () => {
    expect(compactOutput('\x1b[E\x1b[Ea\x1b[E\x1b[E\x1b[E')).toBe('\x1b[2Ea\x1b[3E');
  });
});

describe('colour runs', () => {
  it('replaces codes that cancel out with their net effect', () => {
    const replay = '\x1b[36m\x1b[90m\x1b[39m'.repeat(4) + '\x1b[90m\x1b[39m';
    expect(compactOutput(`\x1b[113G\x1b[K${replay}3\x1b[90m · \x1b[39m 4ms`)).toBe('\x1b[113G\x1b[K\x1b[39m3\x1b[90m · \x1b[39m 4ms');
  });

  it('keeps one code per attribute, the last, and a full reset when there was one', () => {
    expect(compactSgr('\x1b[1m\x1b[32m\x1b[22m\x1b[90m')).toBe('\x1b[22;90m');
    expect(compactSgr('\x1b[31m\x1b[0m\x1b[1m')).toBe('\x1b[0;1m');
    expect(compactSgr('\x1b[m\x1b[2m\x1b[1m\x1b[4m')).toBe('\x1b[0;2;1;4m');
  });

  it('leaves a run it does not fully understand as it was', () => {
    const run = '\x1b[38;5;208m\x1b[39m';
    expect(compactSgr(run)).toBe(run);
  });

  it('leaves single codes and codes separated by text alone', () => {
    expect(compactOutput('\x1b[90ma\x1b[39mb\x1b[1mc')).toBe('\x1b[90ma\x1b[39mb\x1b[1mc');
  });
});
