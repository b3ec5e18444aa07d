// Runs the built CLI in a real pseudo-terminal and keeps a headless xterm as its screen, so
// terminal tests read what a person would see (and count the bytes a person's SSH would carry).
import { spawn as spawnPty, type IPty } from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const CLI = fileURLToPath(new URL('../../dist/depwatch.mjs', import.meta.url));

export interface RunOptions {
  cols?: number;
  rows?: number;
  /** `{ TERM: undefined }` runs the program with no TERM at all; any other undefined leaves the variable out. */
  env?: Record<string, string | undefined>;
  /**
   * The emulator's size, when it should be larger than the pty: anything the program writes past
   * the pty's last column or row then shows up there (see `outsideText`) instead of wrapping.
   */
  screen?: { cols: number; rows: number };
  /** Send the program's stderr to this file instead of the terminal (`2>file`). */
  stderrFile?: string;
  /** The program's working directory (default: this one). */
  cwd?: string;
}

/**
 * An environment with no inherited colour/locale surprises. CI is inherited as it is (CI itself
 * runs with CI=true): a watch on a terminal must be live whatever CI says; `{ CI: undefined }` unsets it.
 */
export function baseEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TERM: 'xterm-256color',
    LANG: 'en_US.UTF-8',
    CI: process.env.CI,
    TOGETHER_API_KEY: 'tk-test-key-0123456789',
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

export class PtyRun {
  readonly term: xterm.Terminal;
  readonly pty: IPty;
  /** The pty's size (the emulator may be larger, see RunOptions.screen). */
  size: { cols: number; rows: number };
  /** Every byte the program wrote, in order. */
  raw = '';
  exitCode: number | undefined;
  signal: number | undefined;
  readonly exited: Promise<number>;
  private pending = Promise.resolve();

  constructor(args: string[], { cols = 120, rows = 40, env = {}, screen = { cols, rows }, stderrFile, cwd }: RunOptions = {}) {
    this.term = new xterm.Terminal({ cols: screen.cols, rows: screen.rows, allowProposedApi: true, scrollback: 1000 });
    this.size = { cols, rows };
    const environment = baseEnv(env);
    // node-pty always sets TERM (from `name`); `env -u` is the one way to run with none.
    const noTerm = 'TERM' in env && env.TERM === undefined;
    const [file, argv] = noTerm ? ['/usr/bin/env', ['-u', 'TERM', process.execPath, CLI, ...args]]
      : stderrFile !== undefined ? ['/bin/sh', ['-c', 'f=$1; shift; exec "$@" 2>"$f"', 'sh', stderrFile, process.execPath, CLI, ...args]]
        : [process.execPath, [CLI, ...args]];
    this.pty = spawnPty(file, argv, { name: environment.TERM ?? 'xterm-256color', cols, rows, env: environment, ...(cwd === undefined ? {} : { cwd }) });
    this.pty.onData((data) => {
      this.raw += data;
      this.pending = this.pending.then(() => new Promise<void>((resolve) => this.term.write(data, resolve)));
    });
    this.exited = new Promise((resolve) => {
      this.pty.onExit(({ exitCode, signal }) => {
        this.exitCode = exitCode;
        this.signal = signal;
        void this.pending.then(() => resolve(exitCode));
      });
    });
  }

  /** The visible screen (the pty's part of the emulator) as lines, trailing spaces trimmed. */
  screen(): string[] {
    const buf = this.term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < this.size.rows; y++) lines.push(buf.getLine(buf.viewportY + y)?.translateToString(true, 0, this.size.cols) ?? '');
    return lines;
  }

  text(): string {
    return this.screen().join('\n');
  }

  /** What the emulator shows beyond the pty's size (its right-hand columns, then its lower rows): empty unless the program wrote past its edges. */
  outsideText(): string {
    const buf = this.term.buffer.active;
    const cells: string[] = [];
    for (let y = 0; y < this.term.rows; y++) {
      cells.push(buf.getLine(buf.viewportY + y)?.translateToString(true, y < this.size.rows ? this.size.cols : 0) ?? '');
    }
    return cells.join('').trim();
  }

  get inAltScreen(): boolean {
    return this.term.buffer.active.type === 'alternate';
  }

  /** Whether the cursor is shown, judged by the last DECTCEM sequence written. */
  get cursorVisible(): boolean {
    return this.raw.lastIndexOf('\x1b[?25l') <= this.raw.lastIndexOf('\x1b[?25h');
  }

  /** Waits until the screen satisfies `predicate` (all written bytes parsed first). */
  async waitFor(predicate: (text: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.pending;
      const text = this.text();
      if (predicate(text)) return text;
      if (this.exitCode !== undefined) throw new Error(`program exited (${this.exitCode}) before: ${what}\n${text}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}\n--- screen ---\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  waitForText(needle: string | RegExp, timeoutMs?: number): Promise<string> {
    return this.waitFor((t) => (typeof needle === 'string' ? t.includes(needle) : needle.test(t)), String(needle), timeoutMs);
  }

  async waitForExit(timeoutMs = 10_000): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms\n${this.text()}`)), timeoutMs); });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  write(keys: string): void {
    this.pty.write(keys);
  }

  resize(cols: number, rows: number): void {
    this.size = { cols, rows };
    this.term.resize(cols, rows);
    this.pty.resize(cols, rows);
  }

  /** Resizes the pty only: the emulator keeps its size, so anything written past the new edges shows in `outsideText`. */
  resizePty(cols: number, rows: number): void {
    this.size = { cols, rows };
    this.pty.resize(cols, rows);
  }

  kill(signal = 'SIGTERM'): void {
    if (this.exitCode === undefined) this.pty.kill(signal);
  }
}

/**
 * Presses q and expects exit 0 with the terminal as it was: the alternate screen left (the last
 * switch written, and the emulator back on its normal buffer), the cursor shown, no error printed.
 */
export async function quitsCleanly(run: PtyRun): Promise<void> {
  run.write('q');
  expect(await run.waitForExit()).toBe(0);
  expect(run.raw.lastIndexOf('\x1b[?1049l')).toBeGreaterThan(run.raw.lastIndexOf('\x1b[?1049h'));
  expect(run.term.buffer.active.type).toBe('normal');
  expect(run.raw.lastIndexOf('\x1b[?25h')).toBeGreaterThan(run.raw.lastIndexOf('\x1b[?25l'));
  // Nothing was thrown on the way: no error report left on the normal screen.
  expect(run.text()).not.toMatch(/Error|^\s+at /m);
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI with pipes for stdout and stderr (not on a terminal), run to its end. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface SimProcess {
  url: string;
  child: ChildProcess;
  /** Sets a fault through the simulator's control endpoint. */
  fault(body: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `depwatch sim` as its own process on a free port and reads the URL it prints first. */
export async function startSim(args: string[] = []): Promise<SimProcess> {
  const child = spawn(process.execPath, [CLI, 'sim', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', (line) => {
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+\/v1)$/.exec(line);
      if (m) resolve(m[1]!);
      else reject(new Error(`unexpected first line from sim: ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`sim exited early (${code})`)));
  });
  return {
    url,
    child,
    async fault(body) {
      const res = await fetch(url.replace(/\/v1$/, '/_sim/faults'), { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      if (!res.ok) throw new Error(`fault control answered ${res.status}`);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await gone;
    },
  };
}
