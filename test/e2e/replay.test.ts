// `depwatch replay FILE` (the built CLI) in a real pty: the recorded screen with the replay bar,
// stepped with →; bad input as one line, exit 2; and --record on the command line, the list with a
// deployment opened from it included.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sim/server.js';
import { CLI, PtyRun, baseEnv } from '../helpers/pty.js';
import { rolloutRecordingLines } from '../helpers/recordings.js';

const runs: PtyRun[] = [];
afterEach(() => {
  for (const run of runs.splice(0)) run.kill('SIGKILL');
});

const STARTED = Date.parse('2026-11-29T03:12:00Z');

/** A watch of the rollout scenario as --record writes it: a header, then a poll every 2 s of its first minute. */
function recording(): string {
  const dir = mkdtempSync(join(tmpdir(), 'depwatch-replay-'));
  const file = join(dir, 'rollout.jsonl');
  writeFileSync(file, `${rolloutRecordingLines(STARTED).join('\n')}\n{"at":`); // a session killed mid-line
  return file;
}

describe('depwatch replay', () => {
  it('shows the recorded screen at the recorded time, and → steps one poll', async () => {
    const file = recording();
    // Slow enough that nothing moves on its own during the test.
    const run = new PtyRun(['replay', file, '--speed', '0.0625'], { cols: 110, rows: 30, env: { TZ: 'UTC' } });
    runs.push(run);
    await run.waitForText('replay 03:12:00');
    expect(run.text()).toContain('rollout');
    expect(run.text()).toContain('1/31');
    expect(run.text()).toContain('1 line skipped');
    const bar = run.screen().at(-1)!;
    expect(bar).toMatch(/^replay 03:12:00 ▶ ×1\/16 +1\/31 +space pause +, \. step +\[ \] speed +< > start\/end/);
    run.write('.');
    await run.waitForText('replay 03:12:02 ❚❚');
    expect(run.text()).toContain('2/31');
    run.write('>');
    await run.waitForText('replay 03:13:00');
    expect(run.text()).toContain('31/31');
    run.write('q');
    expect(await run.waitForExit()).toBe(0);
    expect(run.inAltScreen).toBe(false);
  });
});

describe('depwatch replay, bad input', () => {
  const replay = (...args: string[]) => spawnSync(process.execPath, [CLI, 'replay', ...args], { encoding: 'utf8', env: baseEnv(), timeout: 15_000 });

  it('a missing file: one line, exit 2', () => {
    const r = replay('/nonexistent/rec.jsonl');
    expect(r.stderr).toBe('depwatch: /nonexistent/rec.jsonl: no such file\n');
    expect(r.status).toBe(2);
  });

  it('a file that is not a recording: one line, exit 2', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'depwatch-replay-')), 'notes.txt');
    writeFileSync(file, '{"hello": "world"}\n');
    const r = replay(file);
    expect(r.stderr).toBe(`depwatch: ${file}: not a depwatch recording (make one with --record FILE)\n`);
    expect(r.status).toBe(2);
  });

  it('a speed that is not a number: one line, exit 2', () => {
    const r = replay(recording(), '--speed', 'fast');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--speed/);
    expect(r.status).toBe(2);
  });
});

describe('--record on the command line', () => {
  it('depwatch rollout --record writes a header and a line per poll, the key echoed by the server masked', async () => {
    const sim = await startSimulator({ scenarios: ['rollout'], speed: 30, fault: { mode: 'echo-key', count: 4 } });
    try {
      const file = join(mkdtempSync(join(tmpdir(), 'depwatch-record-')), 'rollout.jsonl');
      const child = spawn(process.execPath, [CLI, 'rollout', 'rollout', '--base-url', sim.url, '--interval', '100ms', '--record', file], { env: baseEnv(), stdio: 'ignore' });
      expect(await new Promise((resolve) => child.on('close', resolve))).toBe(0);
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      expect(JSON.parse(lines[0]!)).toMatchObject({ recording: 'depwatch-recording', kind: 'rollout', targets: ['rollout'], intervalMs: 100 });
      expect(lines.length).toBeGreaterThan(5);
      const text = lines.join('\n');
      expect(text).toContain('Authorization: Bearer ****');
      expect(text).not.toContain(baseEnv().TOGETHER_API_KEY);
    } finally {
      await sim.close();
    }
  });

  it('depwatch --record records the list\'s polls and those of a deployment opened from it; replay plays both', async () => {
    const sim = await startSimulator({ scenarios: ['rollout', 'steady'], speed: 4 });
    try {
      const file = join(mkdtempSync(join(tmpdir(), 'depwatch-record-')), 'list.jsonl');
      const recorded = () => readFileSync(file, 'utf8').split('\n').slice(1).filter((l) => l.endsWith('}')).map((l) => JSON.parse(l) as { deployment?: string; data?: unknown; same?: boolean; parts?: unknown });
      const kinds = () => recorded().map((l) => (l.deployment === undefined ? 'L' : 'D')).join('');
      const run = new PtyRun(['--base-url', sim.url, '--interval', '200ms', '--record', file], { cols: 100, rows: 30 });
      runs.push(run);
      await run.waitForText('NAME');
      await run.waitFor(() => /^L{2,}$/.test(kinds()), 'two list polls recorded');
      run.write('\r');
      await run.waitForText('REPLICA');
      await run.waitFor(() => /^L+D{2,}$/.test(kinds()), 'two polls of the deployment recorded');
      run.write('\x1b');
      await run.waitForText('NAME');
      await run.waitFor(() => /^L+D+L+$/.test(kinds()), 'the list polled again');
      run.write('q');
      expect(await run.waitForExit()).toBe(0);
      const lines = recorded();
      expect(JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!)).toMatchObject({ kind: 'list', targets: [] });
      const opened = new Set(lines.flatMap((l) => (l.deployment === undefined ? [] : [l.deployment])));
      expect(opened.size).toBe(1);
      const listed = (lines[0]!.data as { id: string }[]).map((d) => d.id);
      expect(listed).toContain([...opened][0]);
      // The list's answers are lists, the deployment's one deployment; either may be its stream's last answer again (same).
      const shape = (l: (typeof lines)[number]) => (l.same === true ? 'same' : Array.isArray(l.data) || Array.isArray(l.parts) ? 'list' : 'one');
      for (const l of lines) expect(shape(l)).toMatch(l.deployment === undefined ? /^(list|same)$/ : /^(one|same)$/);

      const replay = new PtyRun(['replay', file, '--speed', '0.0625'], { cols: 100, rows: 30 });
      runs.push(replay);
      await replay.waitFor((t) => t.includes('NAME') && /replay \d\d:\d\d:\d\d .* 1\/\d+/.test(t), 'the list replayed');
      replay.write('\r');
      await replay.waitForText('REPLICA');
      replay.write('>'); // the list's last poll, through the deployment's
      await replay.waitForText(new RegExp(` ${lines.length}/${lines.length} `));
      replay.write('q');
      expect(await replay.waitForExit()).toBe(0);
      expect(replay.text()).not.toMatch(/Error|^\s+at /m);
    } finally {
      await sim.close();
    }
  });
});
