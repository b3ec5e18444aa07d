// Ctrl-Z on every screen (the watch, the list, the panels, a replay): the terminal is handed back
// (normal screen, cursor shown) and SIGCONT (what a shell's `fg` sends) takes it again with a full
// redraw. (A pty child is in an orphaned process group: the kernel drops its SIGTSTP, so it keeps
// running here, suspended in all but name; the test sends the SIGCONT a shell's `fg` would.)
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PtyRun, quitsCleanly, startSim, type SimProcess } from '../helpers/pty.js';
import { rolloutRecordingLines } from '../helpers/recordings.js';

let sim: SimProcess;
const runs: PtyRun[] = [];

beforeAll(async () => {
  sim = await startSim(['--scenario', 'crashloop', 'steady', '--speed', '4']);
});
afterAll(async () => {
  await sim.stop();
});
afterEach(() => {
  for (const run of runs.splice(0)) run.kill('SIGKILL');
});

function start(args: string[]): PtyRun {
  const run = new PtyRun(args, { cols: 80, rows: 24 });
  runs.push(run);
  return run;
}

/** Ctrl-Z, then SIGCONT: the screen showing `shown` comes back whole, every one of them written again. */
async function suspendsAndComesBack(run: PtyRun, shown: string[]): Promise<void> {
  await run.waitFor((text) => shown.every((s) => text.includes(s)), `the screen (${shown.join(', ')})`);
  run.write('\x1a');
  await run.waitFor(() => !run.inAltScreen && run.cursorVisible, 'the normal screen, the cursor shown');
  const before = run.raw.length;
  process.kill(run.pty.pid, 'SIGCONT');
  await run.waitFor((text) => run.inAltScreen && shown.every((s) => text.includes(s)), 'the whole screen again');
  // Every row written again, not only what changed since.
  const redrawn = run.raw.slice(before);
  for (const unchanged of shown) expect(redrawn).toContain(unchanged);
  await quitsCleanly(run);
}

describe('Ctrl-Z and fg', () => {
  it('the watch', async () => {
    await suspendsAndComesBack(start(['watch', 'crashloop', '--base-url', sim.url, '--interval', '300ms']), ['REPLICA', 'recent changes', 'crashloop']);
  });

  it('the deployments list', async () => {
    await suspendsAndComesBack(start(['--base-url', sim.url, '--interval', '300ms']), ['deployments', 'NAME', 'steady', 'crashloop']);
  });

  it('the list\'s help', async () => {
    const run = start(['--base-url', sim.url, '--interval', '300ms']);
    await run.waitForText('NAME');
    run.write('?');
    await suspendsAndComesBack(run, ['keys', 'list', 'Ctrl-Z', 'suspend']);
  });

  it('several at once', async () => {
    await suspendsAndComesBack(start(['watch', 'crashloop', 'steady', '--base-url', sim.url, '--interval', '300ms']), ['watching', 'crashloop', 'steady', 'focus']);
  });

  it('a replay', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'depwatch-suspend-')), 'rollout.jsonl');
    writeFileSync(file, `${rolloutRecordingLines(Date.parse('2026-11-29T03:12:00Z')).join('\n')}\n`);
    // Slow enough that nothing moves on its own during the test.
    await suspendsAndComesBack(start(['replay', file, '--speed', '0.0625']), ['REPLICA', 'rollout', 'replay']);
  });
});
