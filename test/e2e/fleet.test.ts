// `depwatch watch a b c`, the built CLI in a real pty against `depwatch sim`: the panels fit at
// 40x12, 80x24 and 250x80 (nothing past the last column or row, the essentials visible), Enter
// opens one full-screen and Esc comes back, and four deployments cost one request per tick.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PtyRun, quitsCleanly, startSim, type SimProcess } from '../helpers/pty.js';

let sim: SimProcess;
const runs: PtyRun[] = [];

beforeAll(async () => {
  sim = await startSim(['--scenario', 'steady', 'rollout', 'crashloop', 'scale', '--speed', '4', '--loop']);
});
afterAll(async () => {
  await sim.stop();
});
afterEach(() => {
  for (const run of runs.splice(0)) run.kill('SIGKILL');
});

const INTERVAL_MS = 300;
const FOUR = ['steady', 'rollout', 'crashloop', 'scale'];
/** The emulator is larger than the pty: a byte written past the pty's edges would show there. */
const EMULATOR = { cols: 260, rows: 90 };

function watch(names: string[], cols: number, rows: number, env: Record<string, string> = {}): PtyRun {
  const run = new PtyRun(['watch', ...names, '--base-url', sim.url, '--interval', `${INTERVAL_MS}ms`], { cols, rows, screen: EMULATOR, env });
  runs.push(run);
  return run;
}

const requests = async () => ((await (await fetch(sim.url.replace(/\/v1$/, '/_sim/stats'))).json()) as { requests: number }).requests;

/** Requests the simulator answers over `ms`, and the polling ticks that fit in that time. */
async function requestsOver(ms: number): Promise<{ requests: number; ticks: number }> {
  const before = await requests();
  await new Promise((resolve) => setTimeout(resolve, ms)); // a window of wall time is what is measured
  return { requests: (await requests()) - before, ticks: ms / INTERVAL_MS };
}

describe('several deployments at once', () => {
  it.each([
    [80, 24],
    [250, 80],
  ])('%ix%i: every panel with its status word and ready/desired, within the screen', async (cols, rows) => {
    const run = watch(FOUR, cols, rows);
    const screen = await run.waitFor((t) => /^watching 4/.test(t) && FOUR.every((name) => t.includes(` ${name} `)) && (t.match(/^ready \d+\/\d+| {2}ready \d+\/\d+/gm) ?? []).length >= 2 && /q quit/.test(run.screen().at(-1) ?? ''), 'four panels and the footer');
    for (const [i, name] of FOUR.entries()) expect(screen).toMatch(new RegExp(`${i + 1} ${name} [─ ]+[●✖] (Ready|Updating|Scaling|Failed)`));
    expect(run.screen().at(-1)).toMatch(/^tab focus .* q quit +every 300ms/);
    expect(run.outsideText()).toBe('');
    await quitsCleanly(run);
  });

  it('40x12: the focused panel\'s essentials, the others counted, nothing past the edges', async () => {
    const run = watch(FOUR, 40, 12);
    await run.waitFor((t) => /^›1 steady ─+ ● Ready/m.test(t) && /^watching 4/.test(t), 'the first panel');
    run.write('3');
    const screen = await run.waitFor((t) => /^›3 crashloop/m.test(t), 'crashloop focused');
    expect(screen).toMatch(/›3 crashloop .*[●✖] (Updating|Failed)/);
    expect(run.screen().every((line) => line.length <= 40)).toBe(true);
    expect(run.outsideText()).toBe('');
    await quitsCleanly(run);
  });

  it('resizing 80x24 → 40x12 → 250x80 → 20x5 → 19x4 re-lays out each time, nothing left behind', async () => {
    const run = watch(FOUR, 80, 24);
    await run.waitForText(/^watching 4/);
    for (const [cols, rows] of [[40, 12], [250, 80], [20, 5], [19, 4]] as const) {
      run.resizePty(cols, rows);
      const small = cols < 20 || rows < 5;
      await run.waitFor((t) => (small ? t.startsWith('terminal too small') : /^(\+\d+ more {2})?watching 4/.test(t)) && run.outsideText() === '', `a ${cols}x${rows} frame`);
    }
    await quitsCleanly(run);
  });

  it('four deployments cost one request per tick; Enter opens one full-screen (still one per tick), Esc comes back', async () => {
    const run = watch(FOUR, 80, 24);
    await run.waitForText(/^watching 4/);
    const panels = await requestsOver(3_000);
    // One list request per tick (a tick is the interval plus the request's own time, so fewer).
    expect(panels.requests).toBeLessThanOrEqual(panels.ticks + 1);
    expect(panels.requests).toBeGreaterThanOrEqual(2);
    run.write('\t\t');
    await run.waitForText(/^›3 crashloop/m);
    run.write('\r');
    await run.waitFor((t) => /^crashloop +dep-/m.test(t) && t.includes('REPLICA'), 'the full-screen watch of crashloop');
    const open = await requestsOver(3_000);
    // The watch's own poll each tick, plus (rarely) a log read for the cause of a new crash.
    expect(open.requests).toBeLessThanOrEqual(open.ticks + 3);
    run.write('\x1b');
    await run.waitFor((t) => /^watching 4/.test(t) && /^ *›3 crashloop|›3 crashloop/m.test(t), 'back to the panels, crashloop still focused');
    await quitsCleanly(run);
  });

  it('the panels are painted before Ink has loaded, then Ink draws the same frame', async () => {
    // The hook holds the painted frame before Ink loads, so this runs in that window.
    const run = watch(FOUR, 80, 24, { DEPWATCH_TEST_HOLD_FIRST_FRAME_MS: '1500' });
    await run.waitFor((t) => /^watching 4/.test(t) && FOUR.every((name) => t.includes(` ${name} `)) && /q quit/.test(run.screen().at(-1) ?? ''), 'the painted panels');
    expect(run.raw).not.toContain('\x1b[?2026h'); // Ink has not drawn yet
    expect(run.inAltScreen).toBe(true);
    expect(run.cursorVisible).toBe(false);
    expect(run.outsideText()).toBe('');
    for (const [i, name] of FOUR.entries()) expect(run.text()).toMatch(new RegExp(`${i + 1} ${name} [─ ]+[●✖] (Ready|Updating|Scaling|Failed)`));
    // Ink's first frame lays the panels out where the painted one had them (the same plan).
    const panelRows = (screen: string[]) => FOUR.map((name) => screen.findIndex((l) => l.includes(` ${name} `)));
    const painted = panelRows(run.screen());
    await run.waitFor(() => run.raw.includes('\x1b[?2026h'), 'Ink to draw its first frame');
    expect(panelRows(run.screen())).toEqual(painted);
    expect(run.screen().at(-1)).toMatch(/q quit/);
    await quitsCleanly(run);
  });

  it('a bad --progress-deadline is one line and exit 2 (it judges the full-screen watch Enter opens)', async () => {
    const run = watch(['steady', 'rollout', '--progress-deadline', 'soon'], 80, 24);
    expect(await run.waitForExit()).toBe(2);
    expect(run.text()).toMatch(/^depwatch: --progress-deadline: expected a duration/m);
  });

  it('a name the list does not hold gets a panel saying so; none listed at all exits 2', async () => {
    const run = watch(['steady', 'nosuch'], 60, 24);
    await run.waitFor((t) => t.includes('2 nosuch') && t.includes('not in the list: deleted, or a wrong name?'), 'the missing panel');
    await quitsCleanly(run);
    const none = watch(['nosuch', 'lsit'], 80, 24);
    expect(await none.waitForExit()).toBe(2);
    expect(none.raw).toContain('depwatch: deployment "nosuch" not found; deployment "lsit" not found; did you mean depwatch list?');
  });

  it('each name is checked before any request: a bad one is one line and exit 2', async () => {
    const run = watch(['steady', 'bad name'], 80, 24);
    expect(await run.waitForExit()).toBe(2);
    expect(run.text()).toMatch(/^depwatch: .*bad name/m);
  });
});
