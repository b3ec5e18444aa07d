// Tiny panes (a tmux split, a phone's SSH client) and resizes down to them: the screens cut to
// fit, nothing is written past the last column or row, keys still work and q still quits.
// The emulator is larger than the pty, so a byte written past the pty's edges would show there.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PtyRun, quitsCleanly, startSim, type SimProcess } from '../helpers/pty.js';

let sim: SimProcess;
const runs: PtyRun[] = [];

beforeAll(async () => {
  sim = await startSim(['--scenario', 'steady', 'crashloop', '--speed', '4']);
});
afterAll(async () => {
  await sim.stop();
});
afterEach(() => {
  for (const run of runs.splice(0)) run.kill('SIGKILL');
});

const EMULATOR = { cols: 130, rows: 45 };

function start(args: string[], cols: number, rows: number, env: Record<string, string> = {}): PtyRun {
  const run = new PtyRun([...args, '--base-url', sim.url, '--interval', '300ms'], { cols, rows, screen: EMULATOR, env });
  runs.push(run);
  return run;
}

/** Ink has drawn since `from` (a frame ends with the end of a synchronized update). */
const drawnSince = (run: PtyRun, from: number) => run.raw.indexOf('\x1b[?2026l', from) >= 0;

/** The screen is `name` cut to the width (or only its ellipsis), and nothing lies past the pty's edges. Below 20x5 the watch says only that the terminal is too small. */
async function fits(run: PtyRun, name: string, what: string): Promise<void> {
  const { cols, rows } = run.size;
  const shown = name === 'crashloop' && (cols < 20 || rows < 5) ? 'terminal too small' : name;
  // (The name gives way to the status word: its first letters, at least.)
  const top = cols > 1 ? `${shown.slice(0, Math.min(cols - 1, 6))}` : '…';
  await run.waitFor(() => run.screen()[0]!.startsWith(top) && run.outsideText() === '', `${what}: a ${cols}x${run.size.rows} frame`);
}

describe('starting in a tiny pane', () => {
  it.each([
    [20, 5, true],
    [12, 4, false],
    [1, 1, false],
  ])('%ix%i: the watch fits, keys act within the pane, q restores the terminal', async (cols, rows, helpShows) => {
    const run = start(['watch', 'crashloop'], cols, rows);
    await run.waitFor(() => drawnSince(run, 0), 'Ink to draw');
    await fits(run, 'crashloop', 'the watch');
    run.write('?');
    if (helpShows) await run.waitForText('── keys');
    await fits(run, 'crashloop', 'with help open');
    // The logs pane, and then its next replica, in whatever rows are left.
    run.write('?');
    run.write('l');
    run.write('\x1b[C');
    if (helpShows) await run.waitFor((t) => !t.includes('── keys'), 'help to close');
    await fits(run, 'crashloop', 'with the logs pane open');
    await quitsCleanly(run);
  });

  it.each([
    [12, 4],
    [1, 1],
  ])('%ix%i: the frame painted before Ink has loaded fits too', async (cols, rows) => {
    const run = start(['watch', 'crashloop'], cols, rows, { DEPWATCH_TEST_HOLD_FIRST_FRAME_MS: '400' });
    await run.waitFor(() => run.raw.includes('\x1b[?1049h'), 'the painted frame');
    await fits(run, 'crashloop', 'the painted frame');
    expect(drawnSince(run, 0)).toBe(false);
    await quitsCleanly(run);
  });

  it('12x4: the list fits, Enter watches the selected deployment in the same pane', async () => {
    const run = start([], 12, 4);
    // The summary line, shortened (`2 · 1 faili…`), and a name not cut to nothing (cut in the middle: `cra…loop`).
    await run.waitFor(() => /^\d+ · /.test(run.screen()[0]!) && /^› {2}(\w{4}|\w{3}…\w)/.test(run.screen()[2]!) && run.outsideText() === '', 'the list: a 12x4 frame');
    run.write('\r');
    await fits(run, 'crashloop', 'the watch from the list');
    await quitsCleanly(run);
  });
});

describe('resizing down to a tiny pane and back', () => {
  it('100x30 → 20x5 → 12x4 → 1x1 → 80x24: each frame fits, and the full screen comes back', async () => {
    const run = start(['watch', 'crashloop'], 100, 30);
    await run.waitForText('3/3');
    run.write('l');
    await run.waitForText(/── logs crashloop-/);
    for (const [cols, rows] of [[20, 5], [12, 4], [1, 1], [80, 24]] as const) {
      run.resizePty(cols, rows);
      await fits(run, 'crashloop', `after the resize to ${cols}x${rows}`);
    }
    await run.waitFor((t) => /── logs crashloop-/.test(t) && /Esc back/.test(run.screen().at(-1) ?? ''), 'the logs pane and the footer back at 80x24');
    expect(run.screen().filter((l) => l.startsWith('crashloop '))).toHaveLength(1);
    await quitsCleanly(run);
  });

  // A frame that filled the old width, redrawn once more at the narrower one before the screen
  // has re-planned, used to wrap on the last row and scroll the screen up a row under Ink's diff.
  it.each([
    ['the watch', ['watch', 'crashloop']],
    ['the panels', ['watch', 'steady', 'crashloop']],
  ])('80x24 → 20x5 → 19x5, %s: only `terminal too small` is left on screen', async (_, args) => {
    const run = start(args, 80, 24);
    await run.waitForText('crashloop');
    run.resize(20, 5);
    await run.waitFor(() => run.screen()[4]!.startsWith('every '), 'the 20x5 frame');
    run.resize(19, 5);
    // (xterm.js keeps a row's cells past a narrowed width, so an erased row reads as spaces up to it.)
    await run.waitFor(() => run.screen()[0]!.startsWith('terminal too small') && run.screen().slice(1).every((row) => row.trim() === ''), 'the message alone');
    await quitsCleanly(run);
  });

  it('80x24 → 20x5 → 19x5, the list: each row of the 19x5 frame in its place', async () => {
    const run = start([], 80, 24);
    await run.waitForText('crashloop');
    run.resize(20, 5);
    await run.waitFor((t) => t.endsWith('q quit'), 'the 20x5 frame');
    run.resize(19, 5);
    await run.waitFor(() => {
      const rows = run.screen();
      return /^\d+ · /.test(rows[0]!) && rows[1]!.trimStart().startsWith('NAME') && rows.slice(2, 4).every((row) => /^. {2}\w/.test(row)) && rows[4] === '? help  q quit';
    }, 'the summary, the header, two rows and the footer');
    await quitsCleanly(run);
  });
});
