import { describe, expect, test } from 'vitest';
import { crashLine, splitStamp } from '../../src/watch/log-lines.js';

describe('splitStamp', () => {
  test('takes a leading RFC 3339 timestamp off, and only that', () => {
    expect(splitStamp('2026-11-27T12:00:00.250Z INFO up')).toEqual({ at: Date.parse('2026-11-27T12:00:00.250Z'), text: 'INFO up' });
    expect(splitStamp('2026-11-27T12:00:00+01:00   indented')).toEqual({ at: Date.parse('2026-11-27T12:00:00+01:00'), text: '  indented' });
    expect(splitStamp('INFO at 2026-11-27T12:00:00Z')).toEqual({ text: 'INFO at 2026-11-27T12:00:00Z' });
    expect(splitStamp('2026-13-45T99:00:00Z bogus')).toEqual({ text: '2026-13-45T99:00:00Z bogus' });
  });
});

describe('crashLine', () => {
  test.each([
    ['a Python traceback: its exception line', ['Traceback (most recent call last):', '  File "x.py", line 1', 'torch.OutOfMemoryError: CUDA out of memory', 'ERROR [x.py:1] worker exited with code 1'], 'torch.OutOfMemoryError: CUDA out of memory'],
    ['a Go panic', ['starting', 'panic: runtime error: index out of range', 'goroutine 1 [running]:'], 'panic: runtime error: index out of range'],
    ['only error lines: the last', ['ERROR first', 'INFO fine', 'FATAL config missing'], 'FATAL config missing'],
    ['timestamps taken off', ['2026-11-27T12:00:00Z RuntimeError: boom'], 'RuntimeError: boom'],
    ['nothing that says why', ['INFO started', 'INFO serving'], undefined],
    ['an error word inside a sentence is not a crash line', ['INFO retrying after Error: timeout (attempt 2)'], undefined],
  ])('%s', (_name, lines, expected) => {
    expect(crashLine(lines)).toBe(expected);
  });
});
