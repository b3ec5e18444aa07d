// Log lines from the built CLI against `depwatch sim`, whose containers write colours, a very
// long line and hostile sequences: `depwatch logs` for pipes, and the logs pane in a real pty.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI, PtyRun, baseEnv, quitsCleanly, startSim, type SimProcess } from '../helpers/pty.js';

let sim: SimProcess;
const runs: PtyRun[] = [];

beforeAll(async () => {
  sim = await startSim(['--scenario', 'steady', 'crashloop', '--speed', '20']);
});
afterAll(async () => {
  await sim.stop();
});
afterEach(() => {
  for (const run of runs.splice(0)) run.kill('SIGKILL');
});

const logs = (args: string[]) => spawnSync(process.execPath, [CLI, 'logs', ...args, '--base-url', sim.url], { encoding: 'utf8', env: baseEnv(), timeout: 15_000 });

/** `depwatch logs` again until its output has `needle` (a replica reaches that line of its start-up). */
async function logsUntil(args: string[], needles: string | string[], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  const wanted = typeof needles === 'string' ? [needles] : needles;
  for (;;) {
    const r = logs(args);
    if (wanted.every((needle) => r.stdout.includes(needle)) || Date.now() > deadline) return r;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** ESC, C1 controls, bidi overrides and isolates: none may reach a terminal from a log line. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\x1b\x07\x80-\x9f\u202a-\u202e\u2066-\u2069]/;

/** `depwatch logs --follow` with its stdout a pipe, read line by line. */
function follow(args: string[]) {
  const child = spawn(process.execPath, [CLI, 'logs', ...args, '--follow', '--interval', '200ms', '--base-url', sim.url], { env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const reader = createInterface({ input: child.stdout });
  reader.on('line', (line) => lines.push(line));
  /** Resolves once `n` lines have come. */
  const until = (n: number) => new Promise<void>((resolve) => {
    const check = () => { if (lines.length >= n) { reader.off('line', check); resolve(); } };
    reader.on('line', check);
    check();
  });
  return { child, lines, until, exited, stderr: () => stderr };
}

describe('depwatch logs', () => {
  it('prints every replica\'s lines, plain, with nothing a terminal would act on', async () => {
    // The simulator's hostile lines take turns: wait for a window that holds the ones looked at.
    const r = await logsUntil(['crashloop'], ['the container tried to write the clipboard', 'the container tried to set the window title', 'INFO coloured output']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^\[crashloop-\S+\] \d{4}-\d\d-\d\dT/m);
    // The hostile lines arrive, said in plain words, with their sequences gone.
    expect(r.stdout).toContain('WARN the container tried to write the clipboard');
    expect(r.stdout).toContain('WARN the container tried to set the window title');
    expect(r.stdout).toContain('INFO coloured output');
    expect(r.stdout).not.toMatch(UNSAFE);
    expect(r.stdout).not.toContain('pwned');
  });

  it('--replica prints that replica\'s lines only', () => {
    const all = logs(['steady']).stdout;
    const name = /^\[(steady-[^\]]+)\]/m.exec(all)![1]!;
    const r = logs(['steady', '--replica', name]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\S+ /);
  });

  it('--since keeps the lines stamped within that long', () => {
    const stampOf = (line: string) => Date.parse(/^\[[^\]]+\] (\S+) /.exec(line)![1]!);
    const all = logs(['steady']).stdout.trimEnd().split('\n');
    const now = Date.now();
    // A stretch that reaches back to the middle of what the endpoint returns.
    const seconds = Math.ceil((now - stampOf(all[Math.floor(all.length / 2)]!)) / 1000);
    const recent = logs(['steady', '--since', `${seconds}s`]).stdout.trimEnd().split('\n');
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.length).toBeLessThan(all.length);
    for (const line of recent) expect(stampOf(line)).toBeGreaterThanOrEqual(now - seconds * 1000);
  });

  it.each([
    [['..'], 2, /deployment "\.\." cannot be only dots/],
    [['nosuch'], 2, /deployment "nosuch" not found/],
    [['crashloop', '--replica', 'nosuch'], 2, /^depwatch: deployment crashloop has no replica "nosuch" \(replicas: crashloop-\S+, /],
    [['steady', '--since', 'abc'], 2, /--since: expected a duration like 500ms, 2s or 1m, got "abc"/],
    [['steady', '--replica', ''], 2, /--replica: expected a replica id/],
  ])('%j: one line, exit %i', (args, code, message) => {
    const r = logs(args);
    expect(r.status).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('--follow prints new lines once each, and Ctrl-C ends it with 130', async () => {
    const run = follow(['steady']);
    await run.until(1);
    const first = run.lines.length;
    await run.until(first + 3); // the simulator at speed 20 writes several lines a second
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(new Set(run.lines).size).toBe(run.lines.length);
    expect(run.lines.join('\n')).not.toMatch(UNSAFE);
    expect(run.stderr()).toBe('');
  });

  it('--follow into a pipe that closes (`| head -3`) ends quietly with 0', async () => {
    const run = follow(['steady']);
    await run.until(3);
    run.child.stdout.destroy();
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toBe('');
  });
});

describe('the logs pane on hostile lines', () => {
  it('leaves the title, the clipboard, the screen and the cursor alone', async () => {
    const run = new PtyRun(['watch', 'crashloop', '--base-url', sim.url, '--interval', '300ms']);
    runs.push(run);
    const osc: string[] = [];
    for (const code of [0, 1, 2, 52]) run.term.parser.registerOscHandler(code, (data) => { osc.push(`${code};${data}`); return false; });
    const titles: string[] = [];
    run.term.onTitleChange((title) => titles.push(title));
    await run.waitForText('CrashLoopBackOff', 30_000);
    run.write('l');
    await run.waitForText('the container tried to write the clipboard', 20_000);
    await run.waitForText('the container tried to clear the screen');
    const text = run.text();
    expect(osc).toEqual([]);
    expect(titles).toEqual([]);
    expect(run.raw).not.toContain('pwned');
    expect(run.raw).not.toMatch(/[\x80-\x9f\u202a-\u202e\u2066-\u2069]/);
    // The screen was not cleared under the pane: the header and the pane's rule are still there.
    expect(text).toMatch(/crashloop/);
    expect(text).toMatch(/── logs crashloop-/);
    expect(run.inAltScreen).toBe(true);
    expect(run.cursorVisible).toBe(false);
    await quitsCleanly(run);
  });
});
