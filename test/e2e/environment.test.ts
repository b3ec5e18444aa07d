// The environments users really have: a CI variable on a real terminal (CI runners, tmux started
// from a CI shell, `CI=` left exported), odd locales and TERMs. Whatever they say, a watch on a
// terminal is live, answers keys, and leaves the terminal as it found it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PtyRun, startSim, type RunOptions, type SimProcess } from '../helpers/pty.js';

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

/** q quits with 0, and the terminal is back: the alternate screen left (its last switch), the cursor shown. */
async function quitsCleanly(run: PtyRun): Promise<void> {
  run.write('q');
  expect(await run.waitForExit()).toBe(0);
  expect(run.raw.lastIndexOf('\x1b[?1049l')).toBeGreaterThan(run.raw.lastIndexOf('\x1b[?1049h'));
  expect(run.term.buffer.active.type).toBe('normal');
  expect(run.raw.lastIndexOf('\x1b[?25h')).toBeGreaterThan(run.raw.lastIndexOf('\x1b[?25l'));
}

describe('a CI variable on a real terminal', () => {
  it.each([['1'], ['true'], ['']])('CI=%j: the watch keeps updating, ? shows help, q restores the terminal', async (ci) => {
    const run = start(['watch', 'steady', '--base-url', sim.url, '--interval', '300ms'], { env: { CI: ci } });
    await run.waitForText('3/3');
    await run.waitFor(() => fetched(run) !== undefined, 'a fetched time in the footer');
    const first = fetched(run);
    await run.waitFor(() => fetched(run) !== first, 'the fetched time to move on');
    run.write('?');
    await run.waitForText('scroll replicas');
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
    const first = run.text();
    await run.waitFor((t) => t.split('\n').slice(0, -1).join('\n') !== first.split('\n').slice(0, -1).join('\n'), 'the rollout to progress on screen');
    await quitsCleanly(run);
  });
});
