// Terminal hygiene over SSH and in tmux: every way out restores the terminal, a vanished
// terminal ends the process, resizes re-lay out cleanly, colour and glyph settings hold, and an
// unchanged poll costs almost no bytes.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PtyRun, quitsCleanly, startSim, type SimProcess } from '../helpers/pty.js';

let sim: SimProcess;
const runs: PtyRun[] = [];

beforeAll(async () => {
  sim = await startSim(['--scenario', 'steady', 'rollout', '--speed', '4']);
});
afterAll(async () => {
  await sim.stop();
});
afterEach(() => {
  for (const run of runs.splice(0)) run.kill('SIGKILL');
});

function watch(args: string[], opts: ConstructorParameters<typeof PtyRun>[1] = {}): PtyRun {
  const run = new PtyRun(['watch', ...args, '--base-url', sim.url], opts);
  runs.push(run);
  return run;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(condition: () => boolean, what: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}

describe('every way out restores the terminal', () => {
  it.each([
    ['q', (run: PtyRun) => run.write('q'), 0],
    ['Ctrl-C', (run: PtyRun) => run.write('\x03'), 0],
    ['SIGTERM', (run: PtyRun) => run.kill('SIGTERM'), 143],
    ['SIGHUP', (run: PtyRun) => run.kill('SIGHUP'), 129],
  ])('%s leaves the alternate screen with the cursor visible', async (_name, leave, code) => {
    const run = watch(['steady']);
    await run.waitForText('3/3');
    expect(run.inAltScreen).toBe(true);
    expect(run.cursorVisible).toBe(false);
    leave(run);
    expect(await run.waitForExit()).toBe(code);
    expect(run.inAltScreen).toBe(false);
    expect(run.cursorVisible).toBe(true);
  });

  it('a crash restores the terminal first, then prints the error and exits non-zero', async () => {
    const run = watch(['steady'], { env: { DEPWATCH_TEST_CRASH_MS: '1500' } });
    await run.waitForText('3/3');
    expect(await run.waitForExit()).toBe(1);
    expect(run.inAltScreen).toBe(false);
    expect(run.cursorVisible).toBe(true);
    // Printed on the normal screen, after the alternate screen was left.
    expect(run.text()).toContain('injected crash');
    expect(run.raw.lastIndexOf('injected crash')).toBeGreaterThan(run.raw.lastIndexOf('\x1b[?1049l'));
  });

  it('--no-alt-screen leaves the last frame in the scrollback', async () => {
    const run = watch(['steady', '--no-alt-screen']);
    await run.waitForText('3/3');
    expect(run.inAltScreen).toBe(false);
    run.write('q');
    expect(await run.waitForExit()).toBe(0);
    expect(run.text()).toContain('3/3');
    expect(run.cursorVisible).toBe(true);
  });
});

describe('the first frame, painted before Ink has loaded', () => {
  // The hook holds the painted frame for a while before Ink loads, so these run in that window.
  const HOLD = { DEPWATCH_TEST_HOLD_FIRST_FRAME_MS: '1500' };

  it('shows the deployment in the alternate screen, cursor hidden, and Ink then takes over', async () => {
    const run = watch(['steady'], { env: HOLD });
    // The whole painted frame (it may arrive in more than one chunk), down to its footer.
    await run.waitFor((t) => t.includes('3/3') && /q quit/.test(run.screen().at(-1) ?? ''), 'the painted frame');
    expect(run.inAltScreen).toBe(true);
    expect(run.cursorVisible).toBe(false);
    const painted = run.screen();
    expect(painted.at(-1)).toMatch(/q quit/);
    expect(painted.filter((l) => /^steady +dep-/.test(l))).toHaveLength(1);
    // Ink's first frame (the same plan, later) replaces it: the clock is the only thing that may differ.
    await run.waitFor(() => run.raw.includes('\x1b[?2026h'), 'Ink to draw its first frame');
    const clockless = (screen: string[]) => screen.map((l) => l.replace(/\d\d:\d\d:\d\d|\d+ ?ms|\d+s ago/g, '#'));
    expect(clockless(run.screen())).toEqual(clockless(painted));
  });

  it('the list too: painted before Ink loads, then Ink draws the same frame', async () => {
    const run = new PtyRun(['--base-url', sim.url], { env: HOLD });
    runs.push(run);
    await run.waitFor(() => /^2 deployments/.test(run.screen()[0] ?? '') && /q quit/.test(run.screen().at(-1) ?? ''), 'the painted list');
    expect(run.raw).not.toContain('\x1b[?2026h'); // Ink has not drawn yet
    expect(run.inAltScreen).toBe(true);
    expect(run.cursorVisible).toBe(false);
    const painted = run.screen();
    expect(painted.filter((l) => /^ {3}(steady|rollout) +● /.test(l) || /^› {2}(steady|rollout) +● /.test(l))).toHaveLength(2);
    await run.waitFor(() => run.raw.includes('\x1b[?2026h'), 'Ink to draw its first frame');
    const clockless = (screen: string[]) => screen.map((l) => l.replace(/\d\d:\d\d:\d\d|\d+[smhd] ago|progressing \d\/\d|\d\/\d/g, '#'));
    expect(clockless(run.screen())).toEqual(clockless(painted));
    run.write('q');
    expect(await run.waitForExit()).toBe(0);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s before Ink has loaded still leaves the alternate screen with the cursor visible', async (signal, code) => {
    const run = watch(['steady'], { env: HOLD });
    await run.waitForText('3/3');
    run.kill(signal);
    expect(await run.waitForExit()).toBe(code);
    expect(run.inAltScreen).toBe(false);
    expect(run.cursorVisible).toBe(true);
  });

  it('q before Ink has loaded quits at once and restores the terminal', async () => {
    const run = watch(['steady'], { env: HOLD });
    await run.waitForText('3/3');
    run.write('q');
    expect(await run.waitForExit()).toBe(0);
    expect(run.raw).not.toContain('\x1b[?2026h'); // Ink never drew
    expect(run.inAltScreen).toBe(false);
    expect(run.cursorVisible).toBe(true);
  });

  it('several keys pressed before Ink has loaded all reach it, one by one', async () => {
    const run = watch(['steady'], { env: HOLD });
    await run.waitForText('3/3');
    run.write('p');
    run.write('l');
    await run.waitForText(/paused/i);
    await run.waitForText(/── logs steady-/);
  });

  it('other keys pressed before Ink has loaded are not echoed and reach Ink', async () => {
    const run = watch(['steady'], { env: HOLD });
    await run.waitForText('3/3');
    run.write('p');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(run.screen()[0]).toMatch(/^steady +dep-/);
    await run.waitForText(/paused/i);
  });

  it('a resize before Ink has loaded leaves nothing of the painted frame behind', async () => {
    const run = watch(['steady'], { env: HOLD, cols: 120, rows: 40 });
    await run.waitForText('3/3');
    run.resize(60, 20);
    await run.waitFor(() => run.raw.includes('\x1b[?2026h'), 'Ink to draw its first frame');
    await run.waitFor(() => /q quit/.test(run.screen().at(-1) ?? ''), 'the footer on the last row');
    const screen = run.screen();
    expect(screen).toHaveLength(20);
    expect(screen.every((l) => l.length <= 60), screen.join('\n')).toBe(true);
    expect(screen.filter((l) => /^steady +dep-/.test(l))).toHaveLength(1);
  });
});

describe('when the terminal goes away', () => {
  it('closing the pty ends the process within 2 seconds', async () => {
    const run = watch(['steady']);
    await run.waitForText('3/3');
    const pid = run.pty.pid;
    (run.pty as unknown as { destroy(): void }).destroy();
    const took = await until(() => !isAlive(pid), 'the process to end', 5_000);
    expect(took).toBeLessThan(2_000);
  });
});

describe('resizing', () => {
  it('re-lays out from 120x40 to 60x20 and back without leftovers', async () => {
    const run = watch(['steady'], { cols: 120, rows: 40 });
    await run.waitForText('3/3');
    const title = (screen: string[]) => screen.filter((l) => /^steady +dep-/.test(l)).length;
    const footerLast = (screen: string[]) => /q quit|fetched|quit/.test(screen.at(-1) ?? '');

    run.resize(60, 20);
    await run.waitFor(() => footerLast(run.screen()) && title(run.screen()) === 1, 'a clean 60x20 frame');
    const small = run.screen();
    expect(small).toHaveLength(20);
    expect(small.every((l) => l.length <= 60), small.join("\n")).toBe(true);

    run.resize(120, 40);
    await run.waitFor(() => footerLast(run.screen()) && title(run.screen()) === 1 && run.screen().some((l) => l.length > 60), 'a clean 120x40 frame');
    const big = run.screen();
    // No line of the small frame survives where the big frame has something else.
    expect(big.filter((l) => /^steady +dep-/.test(l))).toHaveLength(1);
    expect(big.filter((l) => /quit/.test(l))).toHaveLength(1);
  });
});

describe('colour and glyphs', () => {
  it('NO_COLOR=1 writes no colour codes', async () => {
    const run = watch(['rollout'], { env: { NO_COLOR: '1' } });
    await run.waitForText('rollout');
    await run.waitForText(/Running/);
    // eslint-disable-next-line no-control-regex
    expect(run.raw).not.toMatch(/\x1b\[[\d;]*(3\d|4\d|9\d|10\d)(;[\d;]*)?m/);
  });

  it('colour is on by default, so the check above can fail', async () => {
    const run = watch(['rollout']);
    await run.waitForText(/Running/);
    // eslint-disable-next-line no-control-regex
    expect(run.raw).toMatch(/\x1b\[[\d;]*(3\d|9\d)m/);
  });

  const nonAscii = (run: PtyRun) => [...run.raw].filter((c) => c.charCodeAt(0) > 0x7f).join('');

  it('--ascii writes no byte above 0x7F', async () => {
    const run = watch(['steady', '--ascii']);
    await run.waitForText('3/3');
    expect(nonAscii(run)).toBe('');
  });

  it('without --ascii the same screen does use Unicode glyphs, so the check above can fail', async () => {
    const run = watch(['steady']);
    await run.waitForText('3/3');
    expect(nonAscii(run)).not.toBe('');
  });

  it('a non-UTF-8 locale falls back to ASCII by itself', async () => {
    const run = watch(['steady'], { env: { LANG: 'C', LC_ALL: undefined } });
    await run.waitForText('3/3');
    expect([...run.raw].some((c) => c.charCodeAt(0) > 0x7f)).toBe(false);
  });
});

describe('cost while nothing changes', () => {
  /**
   * The bytes of the first of five polls that changed the clock alone (ages elsewhere on the
   * screen tick now and then, and such polls are passed over), with the footer before and after.
   */
  async function clockOnlyPoll(run: PtyRun): Promise<{ written: string; before: string; after: string }> {
    const footer = () => run.screen().at(-1) ?? '';
    let last = footer();
    // Let the start-up settle, then measure the bytes between two consecutive polls.
    await run.waitFor(() => footer() !== last, 'a poll');
    for (let poll = 0; poll < 5; poll++) {
      last = footer();
      const from = run.raw.length;
      const screenBefore = run.screen();
      await run.waitFor(() => footer() !== last, 'the next poll');
      // Everything but the footer is as it was (or an age ticked: try the next poll).
      if (run.screen().slice(0, -1).join('\n') !== screenBefore.slice(0, -1).join('\n')) continue;
      return { written: run.raw.slice(from), before: last, after: footer() };
    }
    throw new Error('no poll in five changed the clock alone');
  }

  it('an unchanged poll rewrites no more than the clock text', async () => {
    const run = watch(['steady', '--interval', '1s']);
    await run.waitForText('3/3');
    const { written } = await clockOnlyPoll(run);
    // eslint-disable-next-line no-control-regex
    const printable = written.replace(/\x1b\[[\d;?]*[A-Za-z]/g, '').replace(/[\r\n]/g, '');
    expect(Buffer.byteLength(written)).toBeLessThanOrEqual(120);
    expect(printable.length).toBeLessThanOrEqual(16);
  });

  it('a poll that changes only the clock writes one cursor move and the changed characters', async () => {
    const run = watch(['steady', '--interval', '1s']);
    await run.waitForText('3/3');
    const { written, before, after } = await clockOnlyPoll(run);
    const { cells, groups } = changedCells(before, after, run.size.cols);
    // The longest cursor move at 120x40 (ESC[40;120H), then a short jump (ESC[nnC) to each further group.
    const most = '\x1b[40;120H'.length + cells + 5 * (groups - 1);
    expect(Buffer.byteLength(written)).toBeLessThanOrEqual(most);
  });
});

/** How many cells differ between two screen lines, and in how many separate groups. */
function changedCells(before: string, after: string, cols: number): { cells: number; groups: number } {
  const [a, b] = [[...before.padEnd(cols)], [...after.padEnd(cols)]];
  let cells = 0;
  let groups = 0;
  a.forEach((ch, x) => {
    if (ch === b[x]) return;
    cells++;
    if (x === 0 || a[x - 1] === b[x - 1]) groups++;
  });
  return { cells, groups };
}

describe('stderr sent to a file', () => {
  it('gets no terminal bytes from a watch that quits (Ink\'s cursor helper writes a cursor-show there)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'stderr-')), 'err');
    const run = watch(['steady'], { stderrFile: file });
    await run.waitForText('steady');
    run.write('?'); // answered by Ink: its cursor helper is loaded
    await run.waitForText('── keys');
    run.write('\x1b');
    await run.waitFor((t) => !t.includes('── keys'), 'help closed');
    await quitsCleanly(run);
    expect(readFileSync(file, 'utf8')).toBe('');
  });
});
