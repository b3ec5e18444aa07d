// `node bench/startup.mjs [N]`: how long depwatch takes to show its first frame with data, and how
// much of the bundle V8 compiles at start-up (the eager part: the file minus the lazy parts it
// carries as text). Launched N times (default 9) in a 120×40 pty against the simulator's steady
// scenario, each case timed from spawn until the deployment's name is on the screen:
//   watch   `depwatch steady`        the full-screen watch of one deployment (the quick path)
//   list    `depwatch`               the deployments list
//   status  `depwatch status steady` a plain one-shot command, for what loading yargs and a lazy command costs
// With `perf` installed, also the CPU time (task-clock, which load elsewhere hardly moves, unlike the
// times above) of `depwatch steady` with no terminal: the eager part compiled and evaluated, the
// watch refused at once - the start-up cost that the size of the eager part decides.
// BENCH_CASES=watch,list picks cases. BENCH_CLI=a.mjs,b.mjs times other builds (an older commit's,
// built with OUTFILE=...), launches interleaved so that load elsewhere on the machine falls on
// each alike: compare builds in one run, not figures from different runs. Run after `npm run build`.
import pty from '@lydell/node-pty';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLIS = (process.env.BENCH_CLI ?? `${root}dist/depwatch.mjs`).split(',');
const RUNS = Number(process.argv[2]) || 9;
const env = {
  PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm-256color', LANG: 'en_US.UTF-8',
  CI: 'false', TOGETHER_API_KEY: 'bench-key', NODE_ENV: 'production',
};
const CASES = {
  watch: ['steady'],
  list: [],
  status: ['status', 'steady'],
};
const chosen = (process.env.BENCH_CASES ?? Object.keys(CASES).join(',')).split(',');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];

/**
 * The lazy parts are carried as text (scripts/build.mjs): base64 on comment lines at the end of the
 * bundle, or (builds before 2026-11-29) string literals from their banner to their sourceURL line.
 * What is left without them is what V8 compiles at start-up.
 */
function eagerBytes(cli) {
  const text = readFileSync(cli, 'latin1');
  const footer = text.search(/\n\/\/depwatch-part [\w./-]+@/);
  if (footer >= 0) return { total: text.length, eager: footer };
  let embedded = 0;
  for (const m of text.matchAll(/import \{ createRequire as __cr \} from \\?'node:module\\?'; const __depwatchUrl.*?\/\/# sourceURL=depwatch-[\w-]+\.mjs/gs)) embedded += m[0].length;
  return { total: text.length, eager: text.length - embedded };
}

async function startSim() {
  const child = spawn(process.execPath, [CLIS[0], 'sim', '--port', '0', '--scenario', 'steady'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  return { url: line.replace(/^listening on /, ''), stop: () => child.kill('SIGTERM') };
}

/** Milliseconds from spawn until the output holds `text`. */
async function timeUntil(cli, args, text) {
  const started = performance.now();
  const term = pty.spawn(process.execPath, [cli, ...args], { name: 'xterm-256color', cols: 120, rows: 40, env, cwd: root });
  let output = '';
  let exited = false;
  let seen;
  term.onData((d) => {
    output += d;
    if (seen === undefined && output.includes(text)) seen = performance.now() - started;
  });
  term.onExit(() => { exited = true; });
  const deadline = started + 15_000;
  while (seen === undefined) {
    if ((exited && !output.includes(text)) || performance.now() > deadline) throw new Error(`never saw ${text}: ${output.slice(-300)}`);
    await sleep(1);
  }
  if (!exited) term.kill('SIGTERM');
  for (let i = 0; i < 200 && !exited; i++) await sleep(5);
  return seen;
}

/** CPU ms of one `depwatch steady` off a terminal, by perf; undefined without perf. */
function eagerCpu(cli, url) {
  const r = spawnSync('perf', ['stat', '-x,', '-e', 'task-clock', process.execPath, cli, 'steady', '--base-url', url], { env, encoding: 'utf8' });
  const line = r.error ? undefined : r.stderr.split('\n').find((l) => l.includes('task-clock'));
  return line === undefined ? undefined : Number(line.split(',')[0]);
}

const sim = await startSim();
try {
  const times = CLIS.map(() => Object.fromEntries(chosen.map((name) => [name, []])));
  const cpu = CLIS.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const name of chosen) {
      for (const [c, cli] of CLIS.entries()) times[c][name].push(await timeUntil(cli, [...CASES[name], '--base-url', sim.url], 'steady'));
    }
    for (const [c, cli] of CLIS.entries()) cpu[c].push(eagerCpu(cli, sim.url));
  }
  console.log(`node ${process.version}, ${RUNS} runs of each`);
  for (const [c, cli] of CLIS.entries()) {
    const { total, eager } = eagerBytes(cli);
    console.log(`${cli}: bundle ${(total / 1024).toFixed(0)} KB, eager part ${(eager / 1024).toFixed(0)} KB`);
    for (const name of chosen) {
      const xs = times[c][name];
      console.log(`  ${name.padEnd(7)} median ${quantile(xs, 0.5).toFixed(0)} ms  p90 ${quantile(xs, 0.9).toFixed(0)} ms  (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`);
    }
    const ms = cpu[c].filter((x) => x !== undefined);
    if (ms.length > 0) console.log(`  eager CPU, off a terminal: median ${quantile(ms, 0.5).toFixed(1)} ms  (min ${Math.min(...ms).toFixed(1)})`);
  }
} finally {
  sim.stop();
}
process.exit(0);
