// The built CLI as a new user meets it: help, mistyped commands, bad input, shell completion.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { CLI, PtyRun, baseEnv, startSim, type SimProcess } from '../helpers/pty.js';

let sim: SimProcess;

beforeAll(async () => {
  sim = await startSim(['--scenario', 'steady', 'rollout']);
});
afterAll(async () => {
  await sim.stop();
});

const node = (args: string[], env: Record<string, string | undefined> = {}) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: baseEnv(env), timeout: 15_000 });

/** The flags a help text lists (each on a line that starts with it). */
const listedFlags = (help: string) => [...help.matchAll(/^ +(?:-\w, )?--([\w-]+)/gm)].map((m) => m[1]);

describe('--help', () => {
  const CONNECTION = ['base-url', 'api-key-file', 'request-timeout'];
  const SCREEN = ['interval', 'color', 'ascii', 'alt-screen'];
  test.each([
    [['--help'], [...CONNECTION, ...SCREEN], ['json', 'port']],
    [['watch', '--help'], [...CONNECTION, ...SCREEN], ['json', 'scenario']],
    [['status', '--help'], [...CONNECTION, 'json'], SCREEN],
    [['list', '--help'], [...CONNECTION, 'json'], SCREEN],
    [['logs', '--help'], [...CONNECTION, 'replica', 'follow', 'since', 'interval'], ['json', 'color', 'alt-screen']],
    [['demo', '--help'], [...SCREEN, 'scenario', 'speed'], [...CONNECTION, 'json']],
    [['sim', '--help'], ['port', 'scenario', 'deployments', 'replicas', 'speed', 'loop', 'fail-rate'], [...CONNECTION, ...SCREEN]],
    [['completion', '--help'], [], [...CONNECTION, ...SCREEN]],
  ])('%j lists its own flags (%j) and not the others (%j)', (argv, listed, absent) => {
    const r = node(argv);
    expect(r.status).toBe(0);
    const flags = listedFlags(r.stdout);
    expect(flags).toEqual(expect.arrayContaining([...listed, 'help', 'version']));
    for (const flag of absent) expect(flags).not.toContain(flag);
  });

  test.each([['--help'], ['watch', '--help'], ['status', '--help'], ['list', '--help'], ['logs', '--help'], ['demo', '--help'], ['sim', '--help'], ['completion', '--help']])(
    '%j describes every flag and positional, and glues no [hint] to a word at any width',
    async (...argv) => {
      for (const cols of [60, 80, 100]) {
        const run = new PtyRun(argv, { cols, rows: 60 });
        expect(await run.waitForExit()).toBe(0);
        const lines = run.raw.replace(/\r/g, '').split('\n');
        for (const line of lines) {
          expect(line, `${cols} columns`).not.toMatch(/\S\[(boolean|string|number|array|required|default|choices)/);
          expect(line.length, line).toBeLessThanOrEqual(cols);
          // A flag or positional alone on its line has no description.
          expect(line).not.toMatch(/^ +(?:-\w, )?--[\w-]+ *$/);
          expect(line).not.toMatch(/^ +deployment *(\[.*)?$/);
        }
      }
    },
  );

  it('completion --help is help, not the script', () => {
    const r = node(['completion', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^depwatch completion\n/);
    expect(r.stdout).toMatch(/~\/\.bashrc/);
    expect(r.stdout).not.toMatch(/begin-depwatch-completions|complete -o/);
  });
});

describe('a mistyped command', () => {
  it('followed by more words is named, with the command meant: exit 2, one line', () => {
    const r = node(['stauts', 'rollout', '--base-url', sim.url]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('depwatch: unknown command "stauts"; did you mean status?\n');
    expect(node(['lsit', '--json']).stderr).toBe('depwatch: unknown command "lsit"; did you mean list?\n');
  });

  it('taken as a deployment that is not there, says which command was meant (status)', () => {
    const r = node(['status', 'lsit', '--base-url', sim.url]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('depwatch: deployment "lsit" not found; did you mean depwatch list?\n');
  });

  it('taken as a deployment that is not there, says which command was meant (watch, on a terminal)', async () => {
    const run = new PtyRun(['lsit', '--base-url', sim.url]);
    expect(await run.waitForExit()).toBe(2);
    expect(run.text()).toContain('depwatch: deployment "lsit" not found; did you mean depwatch list?');
    expect(run.inAltScreen).toBe(false);
  });

  it('a deployment not found that looks like no command gets no suggestion', () => {
    const r = node(['status', 'no-such-deployment', '--base-url', sim.url]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('depwatch: deployment "no-such-deployment" not found\n');
  });
});

describe('a deployment that does not exist', () => {
  // One rule for every command: a name the API does not know is a usage error (exit 2), like an
  // unknown flag - never 1, which means a failed rollout (rollout) or a failed request (status).
  test.each([
    [['status', 'nosuch']],
    [['status', 'nosuch', '--json']],
    [['rollout', 'nosuch']],
    [['logs', 'nosuch']],
    [['logs', 'nosuch', '--follow']],
  ])('%j is one line and exit 2', (args) => {
    const r = node([...args, '--base-url', sim.url]);
    expect(r.stderr).toBe('depwatch: deployment "nosuch" not found\n');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
  });

  test.each([
    [['nosuch']],
    [['watch', 'nosuch']],
    [['watch', 'nosuch', 'gone']],
  ])('%j on a terminal is one line and exit 2, the terminal restored', async (args) => {
    const run = new PtyRun([...args, '--base-url', sim.url]);
    expect(await run.waitForExit()).toBe(2);
    expect(run.text().trim()).toBe(args.includes('gone') ? 'depwatch: deployment "nosuch" not found; deployment "gone" not found' : 'depwatch: deployment "nosuch" not found');
    expect(run.inAltScreen).toBe(false);
  });
});

describe('bad input', () => {
  test.each([
    [['status']],
    [['steady', 'extra']],
    [['status', 'steady', '--interval', '5s']],
    [['list', '--alt-screen']],
    [['demo', '--base-url', 'http://127.0.0.1:1/v1']],
    [['sim', '--scenario', 'nope']],
    [['--bogus']],
    [['completion', 'extra']],
  ])('%j: exit 2, one line saying so, no stack', (argv: string[]) => {
    const r = node(argv);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^depwatch: [^\n]+\n$/);
    expect(r.stderr).not.toMatch(/\bat \S+:\d+/);
  });

  test.each([
    [['rollout', 'steady', '--interval', '597h'], '--interval: expected a duration from 1ms to 1h, got "597h"'],
    [['status', 'steady', '--request-timeout', '99999h'], '--request-timeout: expected a duration from 1ms to 10m, got "99999h"'],
    [['rollout', 'steady', '--timeout', '99999h'], '--timeout: expected a duration from 1ms to 7d, got "99999h"'],
    [['rollout', 'steady', '--progress-deadline', '8000h'], '--progress-deadline: expected a duration from 1ms to 7d, got "8000h"'],
    [['watch', 'steady', '--interval', '-1s'], '--interval: must be more than zero, got "-1s"'],
    [['rollout', 'steady', '--interval', '-1s'], '--interval: must be more than zero, got "-1s"'],
    [['sim', '--port', '--speed', '2'], '--port: expected a whole number from 0 to 65535 (0 picks a free port), got ""'],
    [['sim', '--speed', 'Infinity'], '--speed: expected a number greater than 0 (1 is real time, 10 ten times faster), got Infinity'],
    [['sim', '--port'], '--port: expected a whole number from 0 to 65535 (0 picks a free port), got ""'],
  ])('%j: exit 2 and the one line %j', (argv: string[], line: string) => {
    const r = node([...argv, ...(argv[0] === 'sim' ? [] : ['--base-url', sim.url])]);
    expect(r.stderr).toBe(`depwatch: ${line}\n`);
    expect(r.status).toBe(2);
  });

  const UNCARRIABLE = 'depwatch: the API key contains characters an HTTP header cannot carry (control characters or non-ASCII); check TOGETHER_API_KEY or the key file\n';

  test.each([['status', 'steady'], ['list']])('a key a header cannot carry: %j exits 2 with one line quoting none of it', (...argv: string[]) => {
    for (const key of ['sk-\x1bx', 'sk-abcdefg世界']) {
      const r = node([...argv, '--base-url', sim.url], { TOGETHER_API_KEY: key });
      expect(r.stderr).toBe(UNCARRIABLE);
      expect(r.status).toBe(2);
    }
  });

  it('a key file a header cannot carry is refused the same way', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'depwatch-')), 'key');
    writeFileSync(file, 'sk-\u00e9t\u00e9\n', { mode: 0o600 });
    const r = node(['status', 'steady', '--base-url', sim.url, '--api-key-file', file]);
    expect(r.stderr).toBe(UNCARRIABLE);
    expect(r.status).toBe(2);
  });

  it('a mistyped command without a terminal says which command was meant', () => {
    const r = node(['lsit', '--base-url', sim.url]);
    expect(r.stderr).toBe('depwatch: watch needs a terminal; did you mean depwatch list?\n');
    expect(r.status).toBe(2);
  });

  it('demo without a terminal says how to run the simulator and ask it', () => {
    const r = node(['demo']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^depwatch: the demo needs a terminal; .*depwatch sim --port 8080.*depwatch status rollout --base-url http:\/\/127\.0\.0\.1:8080\/v1\n$/);
  });
});

describe('shell completion', () => {
  it('prints a bash script and a zsh script that name depwatch', () => {
    const bash = node(['completion'], { SHELL: '/bin/bash' });
    expect(bash.status).toBe(0);
    expect(bash.stdout).toMatch(/^complete .* depwatch$/m);
    expect(bash.stdout).toMatch(/\bdepwatch --get-yargs-completions\b/);
    const zsh = node(['completion'], { SHELL: '/bin/zsh' });
    expect(zsh.stdout).toMatch(/^#compdef depwatch$/m);
    expect(zsh.stdout).toMatch(/compdef _depwatch_yargs_completions depwatch/);
  });

  /** What bash offers after `line` (the last word being completed), with the script loaded and depwatch on the PATH. */
  function bashOffers(words: string[], env: Record<string, string | undefined>) {
    const bin = mkdtempSync(join(tmpdir(), 'depwatch-bin-'));
    writeFileSync(join(bin, 'depwatch'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(bin, 'depwatch'), 0o755);
    const script = node(['completion'], { SHELL: '/bin/bash' }).stdout;
    const quoted = words.map((w) => `'${w}'`).join(' ');
    const body = `${script}\nCOMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _depwatch_yargs_completions; printf '%s\\n' "\${COMPREPLY[@]}"`;
    return spawnSync('bash', ['-c', body], { encoding: 'utf8', env: baseEnv({ PATH: `${bin}:${process.env.PATH}`, SHELL: '/bin/bash', ...env }), timeout: 15_000 });
  }

  it('in bash, status <TAB> offers the deployments, and depwatch <TAB> the commands too (no $0)', () => {
    const env = { TOGETHER_BASE_URL: sim.url };
    const names = bashOffers(['depwatch', 'status', ''], env);
    expect(names.stderr).toBe('');
    expect(names.stdout.split('\n').filter(Boolean).sort()).toEqual(['rollout', 'steady']);
    const bare = bashOffers(['depwatch', ''], env).stdout.split('\n').filter(Boolean);
    expect(bare).toEqual(expect.arrayContaining(['watch', 'status', 'list', 'sim', 'demo', 'completion', 'steady', 'rollout']));
    expect(bare).not.toContain('$0');
    expect(bashOffers(['depwatch', 'sta'], env).stdout).toBe('status\n');
  });

  it('with no key, or a server that fails, offers no names and prints nothing else', async () => {
    const noKey = bashOffers(['depwatch', 'status', ''], { TOGETHER_BASE_URL: sim.url, TOGETHER_API_KEY: undefined });
    expect(noKey.status).toBe(0);
    expect(noKey.stdout.trim()).toBe('');
    expect(noKey.stderr).toBe('');
    await sim.fault({ mode: 'error500', count: 5 });
    const failing = node(['--get-yargs-completions', 'depwatch', 'status', ''], { TOGETHER_BASE_URL: sim.url });
    await sim.fault({ mode: 'none' });
    expect(failing.status).toBe(0);
    expect(failing.stdout).toBe('');
    expect(failing.stderr).toBe('');
  });
});
