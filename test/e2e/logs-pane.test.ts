// The logs pane in the built CLI, in a real pty: open a replica's logs in the demo, search them,
// save them, and find the file in the directory the watch was started from.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PtyRun, quitsCleanly } from '../helpers/pty.js';

const runs: PtyRun[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const run of runs.splice(0)) run.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the logs pane', () => {
  it('searches as you type, then saves the lines held to a new file in the current directory', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'depwatch-logs-pane-'));
    dirs.push(cwd);
    const run = new PtyRun(['demo', '--speed', '10'], { cols: 160, rows: 40, cwd });
    runs.push(run);
    await run.waitForText('REPLICA', 20_000);
    run.write('l');
    await run.waitForText(/── logs \S+ \(\d+\/\d+\) ─+ following/);
    await run.waitForText(/^\d\d:\d\d:\d\d INFO/m);
    run.write('/info');
    await run.waitForText(/^\/info_ {2}\d+\/\d+ matches$/m);
    run.write('\r');
    await run.waitForText(/^\/info {2}\d+\/\d+ matches$/m);
    run.write('s');
    const screen = await run.waitForText(/saved [\d,]+ lines? → \.\/depwatch-\S+\.log$/m);
    const [, count, name] = /saved ([\d,]+) lines? → \.\/(depwatch-\S+\.log)$/m.exec(screen)!;
    // The replica's name starts with the deployment's: said once.
    expect(name).toMatch(/^depwatch-rollout-(?!rollout-)[\w-]+-\d{8}T\d{6}Z\.log$/);
    expect(readdirSync(cwd)).toEqual([name]);
    expect(statSync(join(cwd, name!)).mode & 0o777).toBe(0o600);
    const text = readFileSync(join(cwd, name!), 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^# depwatch logs: deployment rollout, replica rollout-\S+, saved \d{4}-\d\d-\d\dT/);
    expect(lines.filter((l) => !l.startsWith('#'))).toHaveLength(Number(count!.replace(/,/g, '')));
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z INFO/m);
    // eslint-disable-next-line no-control-regex -- no byte a terminal would act on reaches the file
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    await quitsCleanly(run);
  });
});
