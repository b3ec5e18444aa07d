// `depwatch rollout` (the built CLI, no terminal) against the simulator, in-process and fast.
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/server.js';
import { CLI, baseEnv } from '../helpers/pty.js';

const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

/**
 * A wall clock for the simulator that stands still until the first API request: the scenario
 * starts when the command first asks (`headStartMs` into it), however long the command took to start.
 */
function clockFromFirstRequest(headStartMs = 0): () => number {
  let startedAt: number | undefined;
  let shift: number | undefined;
  return () => {
    if (startedAt === undefined) return (startedAt = Date.now() - headStartMs);
    shift ??= Date.now() - (startedAt + headStartMs);
    return Date.now() - shift;
  };
}

/** A simulator `speed` times faster than life, its scenario starting with the first request. */
async function sim(scenario: string, speed: number, opts: SimulatorOptions = {}): Promise<Simulator> {
  const s = await startSimulator({ scenarios: [scenario], speed, now: clockFromFirstRequest(), ...opts });
  sims.push(s);
  return s;
}

interface Run {
  lines: string[];
  stderr: string;
  code: number | null;
  ms: number;
}

/**
 * Runs `depwatch rollout …` to its end; the simulator lives in this process, so the child is
 * spawned asynchronously. `onLine` sees each stdout line as it comes (and may signal the child).
 */
function rollout(s: Pick<Simulator, 'url'>, args: string[], onLine?: (line: string, kill: (signal: NodeJS.Signals) => void) => void): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, 'rollout', ...args, '--base-url', s.url], { env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    onLine?.(line, (signal) => child.kill(signal));
  });
  return new Promise((resolve) => {
    child.on('close', (code) => resolve({ lines, stderr, code, ms: Date.now() - started }));
  });
}

/** A loopback port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The texts of the event lines (the timestamp and severity cut off). */
const texts = (run: Run) => run.lines.slice(0, -1).map((l) => l.replace(/^\S+Z \S+ +/, ''));

describe('depwatch rollout', () => {
  it('follows a rollout to the end: the events in order, a summary, exit 0', async () => {
    const s = await sim('rollout', 30);
    const run = await rollout(s, ['rollout', '--interval', '100ms']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const line of run.lines.slice(0, -1)) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (failure|warning|progress|info) +\S/);
    const order = [
      /^watching rollout: Updating/,
      /^revision \w+ rolling in/,
      /^rollout-\w+-\w+: created \(\w+\)$/,
      /^1\/3 ready · \d+s · ~\d+s left$/,
      /^2\/3 ready/,
      /^3\/3 ready/,
      /^status Updating → Ready$/,
    ];
    let from = 0;
    for (const pattern of order) {
      const at = texts(run).findIndex((t, i) => i >= from && pattern.test(t));
      expect(at, `${pattern} after line ${from} in\n${run.lines.join('\n')}`).toBeGreaterThanOrEqual(from);
      from = at + 1;
    }
    expect(run.lines.at(-1)).toMatch(/^rollout of \w+ complete in \d+s: 3\/3 ready$/);
    // Said once, as the summary: not also as the last event.
    expect(run.lines.filter((l) => /rollout of \w+ complete in/.test(l))).toHaveLength(1);
  });

  it('exits 1 when the new revision crash-loops, naming the replica and why', async () => {
    const s = await sim('crashloop', 10);
    const run = await rollout(s, ['crashloop', '--interval', '100ms']);
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toMatch(/^rollout of \w+ failed after \d+s: crashloop-\w+-\w+ (Error: CUDA out of memory|CrashLoopBackOff)/);
    expect(run.lines.join('\n')).toMatch(/failure +crashloop-\w+-\w+: Error: CUDA out of memory/);
    expect(run.lines.filter((l) => /rollout of \w+ failed after/.test(l))).toHaveLength(1);
  });

  it('started in the middle of a crash loop, reads the crash line of the logs to say why', async () => {
    const s = await sim('crashloop', 1, { now: clockFromFirstRequest(200_000) });
    const run = await rollout(s, ['crashloop', '--interval', '100ms']);
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toMatch(/^rollout of \w+ failed after \d+m\d\ds: crashloop-\w+-\w+ CrashLoopBackOff: log: torch\.OutOfMemoryError: CUDA out of memory/);
  });

  it('exits 1 when nothing progresses for --progress-deadline', async () => {
    const s = await sim('stall', 20);
    const run = await rollout(s, ['stall', '--interval', '100ms', '--progress-deadline', '3s']);
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toMatch(/^rollout of \w+ stalled: no progress for 3s, 0\/3 ready$/);
    expect(run.lines.filter((l) => /stalled: no progress/.test(l))).toHaveLength(1);
  });

  it('exits 3 at --timeout, saying where the rollout stands', async () => {
    const s = await sim('stall', 20);
    const run = await rollout(s, ['stall', '--interval', '100ms', '--timeout', '2s']);
    expect(run.code).toBe(3);
    expect(run.lines.at(-1)).toMatch(/^timed out after 2s: rollout of \w+ in progress: 0\/3 ready/);
  });

  it('--json: every line is a JSON object, events then one summary', async () => {
    const s = await sim('rollout', 30);
    const run = await rollout(s, ['rollout', '--interval', '100ms', '--json']);
    expect(run.code).toBe(0);
    const objects = run.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects.slice(0, -1).every((o) => o.type === 'event' && typeof o.text === 'string' && !Number.isNaN(Date.parse(o.at as string)))).toBe(true);
    expect(new Set(objects.map((o) => o.kind))).toEqual(new Set(['timeline', 'phase', 'progress', undefined]));
    // For machines the phase change is an event like any other, and the summary an object of its own.
    expect(objects.filter((o) => o.kind === 'phase' && /complete in/.test(o.text as string))).toHaveLength(1);
    expect(objects.at(-1)).toMatchObject({ type: 'summary', result: 'complete', exit_code: 0, deployment: 'rollout', depwatch: { phase: 'complete', target_ready_replicas: 3 } });
  });

  it('exits 0 at once when no rollout is going on and the deployment is Ready', async () => {
    const s = await sim('steady', 1);
    const run = await rollout(s, ['steady']);
    expect(run.code).toBe(0);
    expect(run.lines.at(-1)).toMatch(/^no rollout in progress: steady is Ready on \w+, 3\/3 ready$/);
    expect(run.lines.filter((l) => /steady on/.test(l))).toEqual([]);
    expect(run.ms).toBeLessThan(2_000);
  });

  it('rides out failing polls with warnings, then goes on', async () => {
    const s = await sim('steady', 1, { fault: { mode: 'error500', count: 2 } });
    const run = await rollout(s, ['steady', '--interval', '50ms']);
    expect(run.code).toBe(0);
    expect(texts(run)[0]).toMatch(/^server error \(500\).*; retrying$/);
    expect(run.lines.filter((l) => / warning /.test(l))).toHaveLength(1);
    expect(texts(run)).toContain('connection restored after 2 failed polls');
  });

  it('keeps going through failures after the API has answered: a run of resets mid-rollout, then done', async () => {
    const s = await sim('rollout', 30);
    let faulted = false;
    // More failures in a row than a base URL where nothing answers is given (3), once the first answer is in.
    const run = await rollout(s, ['rollout', '--interval', '50ms'], (line) => {
      if (faulted || !/watching rollout/.test(line)) return;
      faulted = true;
      s.setFault({ mode: 'reset', count: 6 });
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(texts(run)).toContain('connection restored after 6 failed polls');
    expect(run.lines.at(-1)).toMatch(/^rollout of \w+ complete in \d+s: 3\/3 ready$/);
  });

  it('gives up within seconds, exit 4, when nothing answers at the base URL at all', async () => {
    const closed = await closedPort();
    // The default --timeout (15m); at this interval the backoff spreads the three attempts over ~1.5-3 s
    // (at the default 2s, ~6-12 s).
    const run = await rollout({ url: `http://127.0.0.1:${closed}/v1` }, ['rollout', '--interval', '500ms']);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(new RegExp(`^depwatch: could not reach the API at http://127\\.0\\.0\\.1:${closed}/v1: connection refused \\(3 attempts in \\d+s\\); check --base-url \\(or TOGETHER_BASE_URL\\) and the network\n$`));
    expect(run.ms).toBeLessThan(8_000);
    // While it tried: the one warning a failing poll gets, and no summary (there is nothing to sum up).
    expect(run.lines.map((l) => l.replace(/^\S+Z \S+ +/, ''))).toEqual(['connection refused; retrying']);
  });

  it('an unknown deployment and a refused key are one line and exit 2', async () => {
    const s = await sim('steady', 1);
    const unknown = await rollout(s, ['nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('depwatch: deployment "nope" not found\n');
    s.setFault({ mode: 'unauthorized' });
    const refused = await rollout(s, ['steady']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^depwatch: authentication failed \(401\).*TOGETHER_API_KEY.*\n$/);
    const usage = await rollout(s, ['steady', '--timeout', 'soon']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--timeout: expected a duration/);
  });

  it.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('on %s prints the summary so far and exits %d', async (signal, code) => {
    const s = await sim('stall', 20);
    let sent = false;
    const run = await rollout(s, ['stall', '--interval', '100ms'], (line, kill) => {
      if (!sent && / rolling in| in progress: /.test(line)) {
        sent = true;
        kill(signal);
      }
    });
    expect(run.code).toBe(code);
    expect(run.lines.at(-1)).toMatch(/^interrupted after \d+s: rollout of (a new revision|\w+) in progress: 0\/3 ready/);
  });
});
