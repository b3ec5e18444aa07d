// The environments users really have: a CI variable on a real terminal (CI runners, tmux started
// from a CI shell, `CI=` left exported), odd locales and TERMs. Whatever they say, a watch on a
// terminal is live, answers keys, and leaves the terminal as it found it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PtyRun, quitsCleanly, startSim, type RunOptions, type SimProcess } from '../helpers/pty.js';

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

function start(args: string[], opts: RunOptions = {}): PtyRun {
  const run = new PtyRun(args, opts);
  runs.push(run);
  return run;
}

/** The time in the footer's "fetched HH:MM:SS". */
const fetched = (run: PtyRun) => /fetched (\d\d:\d\d:\d\d)/.exec(run.screen().at(-1) ?? '')?.[1];

describe('a CI variable on a real terminal', () => {
  it.each([['1'], ['true'], ['']])('CI=%j: the watch keeps updating, ? shows help, q restores the terminal', async (ci) => {
    const run = start(['watch', 'steady', '--base-url', sim.url, '--interval', '300ms'], { env: { CI: ci } });
    await run.waitForText('3/3');
    await run.waitFor(() => fetched(run) !== undefined, 'a fetched time in the footer');
    // Each poll rewrites the footer's fetched time and latency; a frozen screen never does.
    const footer = run.screen().at(-1);
    await run.waitFor(() => run.screen().at(-1) !== footer, 'the footer to change with the next polls');
    run.write('?');
    await run.waitForText('move the cursor');
    await quitsCleanly(run);
  });

  it('CI=1: the list answers keys (Enter watches the selected deployment) and q restores the terminal', async () => {
    const run = start(['--base-url', sim.url], { env: { CI: '1' } });
    await run.waitForText(/› +rollout/);
    run.write('\r');
    await run.waitFor((t) => /^rollout +dep-/m.test(t), 'the watch of rollout');
    await quitsCleanly(run);
  });

  it('CI=1: the demo plays its scenario and q restores the terminal', async () => {
    const run = start(['demo', '--scenario', 'rollout', '--speed', '20', '--interval', '300ms'], { env: { CI: '1' } });
    await run.waitForText(/^rollout +dep-/m);
    const body = (text: string) => text.split('\n').slice(0, -1).join('\n');
    const first = body(run.text());
    await run.waitFor((t) => body(t) !== first, 'the screen above the footer to change');
    await quitsCleanly(run);
  });
});

/** Bytes above 0x7F: glyphs a terminal in a non-UTF-8 locale would show as garbage. */
const nonAscii = (run: PtyRun) => [...run.raw].some((c) => c.charCodeAt(0) > 0x7f);
// eslint-disable-next-line no-control-regex
const coloured = (run: PtyRun) => /\x1b\[[\d;]*(3\d|9\d)m/.test(run.raw);

describe('locales and terminal types users have', () => {
  it.each([
    ['LC_ALL=POSIX', { LC_ALL: 'POSIX' }, (run: PtyRun) => expect(nonAscii(run)).toBe(false)],
    ['no LANG at all', { LANG: undefined }, (run: PtyRun) => expect(nonAscii(run)).toBe(false)],
    // Turkish casing (dotless i) is where locale-sensitive code breaks; UTF-8, so glyphs stay.
    ['LC_ALL=tr_TR.UTF-8', { LC_ALL: 'tr_TR.UTF-8' }, (run: PtyRun) => expect(nonAscii(run)).toBe(true)],
    ['TERM=dumb', { TERM: 'dumb' }, (run: PtyRun) => expect(coloured(run)).toBe(false)],
    ['no TERM at all', { TERM: undefined }, (run: PtyRun) => expect(coloured(run)).toBe(true)],
  ])('%s: the watch draws, ? shows help, q restores the terminal', async (_name, env, check) => {
    const run = start(['watch', 'steady', '--base-url', sim.url, '--interval', '300ms'], { env });
    await run.waitForText('3/3');
    await run.waitFor(() => fetched(run) !== undefined, 'a fetched time in the footer');
    run.write('?');
    await run.waitForText(/PgUp PgDn/);
    check(run);
    await quitsCleanly(run);
  });
});
