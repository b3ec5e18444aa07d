// Colour is on in this file (chalk decides its level when imported), so the no-colour assertions
// elsewhere are checked against a renderer that really would colour.
import { afterEach, describe, expect, test, vi } from 'vitest';

vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

const { cleanup } = await import('ink-testing-library');
const { failedDeployment, rollingDeployment } = await import('../helpers/fixtures.js');
const { COLOR, PLAIN, ASCII, renderScreen, watchState } = await import('./helpers.js');

afterEach(() => cleanup());

describe('colour', () => {
  test('a colour theme does colour: the failed badge is red', () => {
    const frame = renderScreen(watchState(failedDeployment()), { columns: 100, rows: 30, theme: COLOR }).lastFrame()!;
    expect(frame).toContain('\x1b[31m✖ Failed');
  });

  test('theme.color=false writes no escape sequence at all, on the same renderer', () => {
    for (const theme of [PLAIN, ASCII]) {
      for (const d of [failedDeployment(), rollingDeployment()]) {
        const frame = renderScreen(watchState(d), { columns: 100, rows: 30, theme }).lastFrame()!;
        expect(frame).not.toContain('\x1b[');
      }
    }
  });
});
