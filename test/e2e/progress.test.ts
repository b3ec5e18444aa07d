// The rollout line and the replica table in a real terminal, against the demo's own simulator:
// a crash loop reads failed with its cause, through its back-offs; a stuck rollout reads stalled.
import { afterEach, describe, expect, it } from 'vitest';
import { PtyRun, quitsCleanly } from '../helpers/pty.js';

const runs: PtyRun[] = [];
afterEach(() => {
  for (const run of runs.splice(0)) run.kill('SIGKILL');
});

function demo(args: string[]): PtyRun {
  const run = new PtyRun(['demo', ...args, '--interval', '300ms'], { cols: 80, rows: 24 });
  runs.push(run);
  return run;
}

const rolloutLine = (run: PtyRun) => run.screen()[1] ?? '';

describe('rollout progress on the watch screen', () => {
  it('a crash loop: failed, the replica and its cause; between crashes still ✖ failing with the count, never ○ Running', async () => {
    const run = demo(['--scenario', 'crashloop', '--speed', '4']);
    await run.waitFor(() => /^failed: crashloop-\S+ .*(CUDA|OutOfMemory)/.test(rolloutLine(run)), 'failed with the cause on the rollout line', 30_000);
    // The API says Running (not ready) between two crashes: the table remembers the crashes.
    const row = await run.waitFor((t) => /^[ ›] crashloop-\S+ +✖ failing ×\d/m.test(t), 'a crash-looping replica between crashes', 40_000);
    expect(row).not.toMatch(/^[ ›] crashloop-\S+ +○ Running/m);
    expect(rolloutLine(run)).toMatch(/^failed: /);
    await quitsCleanly(run);
  });

  it('a rollout that makes no progress for --progress-deadline reads stalled', async () => {
    const run = demo(['--scenario', 'stall', '--speed', '4', '--progress-deadline', '3s']);
    await run.waitFor(() => rolloutLine(run).startsWith('progressing '), 'the rollout to begin', 20_000);
    await run.waitFor(() => /^stalled: no progress for \ds \(\S+ 0\/\d ready\)/.test(rolloutLine(run)), 'stalled on the rollout line', 20_000);
    await quitsCleanly(run);
  });

  it('the estimate counts down on a paused screen, with no poll to redraw it', async () => {
    const run = demo(['--scenario', 'rollout', '--speed', '2']);
    const progressing = () => run.screen().find((l) => l.startsWith('progressing ')) ?? '';
    const left = () => Number(/~(\d+)s left/.exec(progressing())?.[1] ?? NaN);
    await run.waitFor(() => left() >= 5, 'an estimate of 5s or more', 40_000);
    run.write('p');
    await run.waitFor((t) => /paused/.test(t), 'paused', 5_000);
    const from = left();
    await run.waitFor(() => left() <= from - 2, `the estimate under ${from - 1}s while paused`, 5_000);
    await quitsCleanly(run);
  }, 60_000);

  it('a --progress-deadline that is not a duration is one line and exit 2', async () => {
    const run = demo(['--scenario', 'stall', '--progress-deadline', 'soon']);
    expect(await run.waitForExit()).toBe(2);
    expect(run.text()).toMatch(/^depwatch: --progress-deadline: expected a duration like 500ms/m);
  });
});
