import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { COMMAND_NAMES } from '../../src/cli-options.js';
import { closestCommand, deploymentNotFound, editDistance, usageError } from '../../src/suggest.js';

describe('editDistance', () => {
  test.each([
    ['', '', 0],
    ['list', '', 4],
    ['', 'sim', 3],
    ['list', 'list', 0],
    ['lsit', 'list', 1], // two neighbours swapped: one edit
    ['stauts', 'status', 1],
    ['lst', 'list', 1],
    ['lists', 'list', 1],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3], // optimal string alignment: no edit of a swapped pair
    ['steady', 'status', 4],
  ])('%j → %j is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it('is symmetric, zero only for equal strings, and at most the longer length', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
      const d = editDistance(a, b);
      expect(editDistance(b, a)).toBe(d);
      expect(d === 0).toBe(a === b);
      expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
      expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
    }));
  });
});

describe('closestCommand', () => {
  test.each([
    ['lsit', 'list'], ['stauts', 'status'], ['statsu', 'status'], ['wacth', 'watch'], ['dmeo', 'demo'],
    ['sm', 'sim'], ['LIST', 'list'], ['complteion', 'completion'], ['list', 'list'],
  ])('%j → %j', (typed, command) => {
    expect(closestCommand(typed)).toBe(command);
  });

  test.each([['steady'], ['crashloop'], ['s'], ['de'], ['my-deployment'], ['statuses-of-all'], ['']])('%j is nobody\'s typo', (typed) => {
    expect(closestCommand(typed)).toBeUndefined();
  });

  it('answers only commands, within two edits', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12 }), (typed) => {
      const command = closestCommand(typed);
      if (command === undefined) return;
      expect(COMMAND_NAMES).toContain(command);
      expect(editDistance(typed.toLowerCase(), command)).toBeLessThanOrEqual(2);
    }));
  });
});

describe('the lines', () => {
  it('a deployment not found says which command was likely meant, and only then', () => {
    expect(deploymentNotFound('lsit')).toBe('deployment "lsit" not found; did you mean depwatch list?');
    expect(deploymentNotFound('my-llama')).toBe('deployment "my-llama" not found');
  });

  it('a yargs refusal blames a mistyped first word, else says yargs\' complaint on one line', () => {
    const typo = usageError('Unknown argument: rollout', ['stauts', 'rollout']);
    expect(typo.message).toBe('unknown command "stauts"; did you mean status?');
    expect(typo.exitCode).toBe(2);
    const other = usageError('Invalid values:\n  Argument: scenario, Given: "x"', ['sim', '--scenario', 'x']);
    expect(other.message).toBe('Invalid values: Argument: scenario, Given: "x"; see depwatch sim --help');
    expect(usageError('Unknown argument: extra', ['steady', 'extra']).message).toBe('Unknown argument: extra; see depwatch --help');
    // yargs reads `-1s` as the flags -1 and -s.
    expect(usageError('Unknown arguments: 1, s', ['crashloop', '--interval', '-1s']).message).toBe('--interval: must be more than zero, got "-1s"');
    expect(usageError('Unknown argument: interval', ['status', 'x', '--interval', '1s']).message).toBe('Unknown argument: interval; see depwatch status --help');
    expect(usageError('Not enough non-option arguments: got 0, need at least 1', ['status']).message).toBe('depwatch status needs a deployment: its id or its name');
  });
});
