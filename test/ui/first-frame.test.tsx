// The frame painted before React and Ink load must be the very screen Ink draws for the same input,
// in the bytes a terminal needs; and Ink's first frame over it must leave nothing of it behind.
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { framed, watchFrame, type FrameInput } from '../../src/ui/first-frame.js';
import { overPainted } from '../../src/ui/terminal.js';
import type { Theme } from '../../src/ui/theme.js';
import type { WatchState } from '../../src/watch/types.js';
import { failedDeployment, rollingDeployment, T0 } from '../helpers/fixtures.js';
import { COLOR, linesOf, PLAIN, renderScreen, watchState } from './helpers.js';

afterEach(() => cleanup());

const ENTER = '\x1b[?1049h\x1b[?25l\x1b[H';
// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[[\d;]*m/g;

/** What a watch paints before Ink is up, for this input and size. */
const firstFrame = (input: FrameInput, size: { columns: number; rows: number }) => framed(watchFrame(input)(size), input.theme);

function input(state: WatchState, theme: Theme): FrameInput {
  return { state, theme, now: T0, intervalMs: 2_000, paused: false, target: 'llama-chat' };
}

/** The painted rows, as text. */
function rows(frame: string): string[] {
  expect(frame.startsWith(ENTER)).toBe(true);
  expect(frame.endsWith('\x1b[H')).toBe(true);
  const rows_ = frame.slice(ENTER.length, -3).split('\r\n');
  // Each row is cleared before it is drawn, so a frame can be painted over another.
  expect(rows_.every((row) => row.startsWith('\x1b[K'))).toBe(true);
  return rows_.map((row) => row.slice(3));
}

describe('firstFrame', () => {
  test.each([
    ['a rollout at 100x30', watchState(rollingDeployment()), 100, 30],
    ['a failed deployment at 80x24', watchState(failedDeployment()), 80, 24],
    ['no data yet at 60x20', watchState(undefined), 60, 20],
  ])('%s: the same screen Ink draws', (_name, state, columns, rows_) => {
    const painted = rows(firstFrame(input(state, PLAIN), { columns, rows: rows_ }));
    const drawn = linesOf(renderScreen(state, { columns, rows: rows_, theme: PLAIN }).lastFrame());
    expect(painted).toHaveLength(rows_);
    expect(painted.map((l) => l.trimEnd())).toEqual(drawn.map((l) => l.trimEnd()));
  });

  test('enters the alternate screen, hides the cursor, starts at home and returns there', () => {
    const frame = firstFrame(input(watchState(rollingDeployment()), PLAIN), { columns: 80, rows: 24 });
    expect(frame.startsWith(ENTER)).toBe(true);
    expect(frame.endsWith('\x1b[H')).toBe(true);
  });

  test('colours only with a colour theme', () => {
    const state = watchState(failedDeployment());
    expect(firstFrame(input(state, PLAIN), { columns: 80, rows: 24 })).not.toMatch(SGR);
    const coloured = firstFrame(input(state, COLOR), { columns: 80, rows: 24 });
    expect(coloured).toMatch(SGR);
    expect(rows(coloured.replace(SGR, ''))).toEqual(rows(firstFrame(input(state, PLAIN), { columns: 80, rows: 24 })));
  });
});

describe('overPainted', () => {
  test('clears every row before Ink draws it', () => {
    expect(overPainted('a\nbb\nccc', false)).toBe('\x1b[Ka\n\x1b[Kbb\n\x1b[Kccc');
  });

  test('clears the whole screen first after a resize', () => {
    expect(overPainted('a\nbb', true)).toBe('\x1b[2Ja\nbb');
  });
});
