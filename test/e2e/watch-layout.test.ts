// The watch in a real terminal: Ctrl-Z hands the terminal back and SIGCONT (what `fg` sends) takes
// it again with a full redraw; resizes between 40x12, 80x24 and 250x80 leave nothing behind.
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

describe('Ctrl-Z and fg', () => {
  it('Ctrl-Z leaves the alternate screen with the cursor shown; SIGCONT redraws the whole watch', async () => {
    const run = start(80, 24);
    await run.waitForText('REPLICA');
    run.write('\x1a');
    // (A pty child is in an orphaned process group: the kernel drops its SIGTSTP, so it keeps running
    // here, suspended in all but name; a shell's `fg` would send SIGCONT, as the test does.)
    await run.waitFor(() => !run.inAltScreen && run.cursorVisible, 'the normal screen, the cursor shown');
    const before = run.raw.length;
    process.kill(run.pty.pid, 'SIGCONT');
    await run.waitFor(() => run.inAltScreen && run.text().includes('REPLICA') && /q quit/.test(run.screen().at(-1) ?? ''), 'the whole watch again');
    // Every row written again, not only what changed since.
    const redrawn = run.raw.slice(before);
    for (const unchanged of ['REPLICA', 'recent changes', 'crashloop']) expect(redrawn).toContain(unchanged);
    expect(run.screen()[0]).toMatch(/^crashloop /);
    await quitsCleanly(run);
  });
});

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
