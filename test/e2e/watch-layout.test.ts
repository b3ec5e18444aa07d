// The watch in a real terminal: resizes between 40x12, 80x24 and 250x80 leave nothing behind
// (Ctrl-Z and fg, on every screen: suspend.test.ts).
// The emulator is larger than the pty, so a byte written past the pty's edges would show there.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PtyRun, quitsCleanly, startSim, type SimProcess } from '../helpers/pty.js';

let sim: SimProcess;
const runs: PtyRun[] = [];

beforeAll(async () => {
  sim = await startSim(['--scenario', 'crashloop', '--speed', '4']);
});
afterAll(async () => {
  await sim.stop();
});
afterEach(() => {
  for (const run of runs.splice(0)) run.kill('SIGKILL');
});

function start(cols: number, rows: number, screen = { cols, rows }): PtyRun {
  const run = new PtyRun(['watch', 'crashloop', '--base-url', sim.url, '--interval', '300ms'], { cols, rows, screen });
  runs.push(run);
  return run;
}

describe('resizing', () => {
  it('40x12 → 80x24 → 250x80 → 40x12: each frame fits its size and nothing is left behind', async () => {
    const run = start(40, 12, { cols: 260, rows: 85 });
    for (const [cols, rows] of [[40, 12], [80, 24], [250, 80], [40, 12]] as const) {
      run.resizePty(cols, rows);
      await run.waitFor(
        () => run.screen()[0]!.startsWith('crashloop') && run.outsideText() === '' && /^(every|. |\? help)|q quit|Esc/.test(run.screen().at(-1) ?? '') && run.screen().at(-1) !== '',
        `a ${cols}x${rows} frame`,
      );
      expect(run.screen().filter((l) => l.startsWith('crashloop '))).toHaveLength(1);
      if (cols >= 160) await run.waitForText(/── details ─+ +── recent changes/);
    }
    await quitsCleanly(run);
  });
});
