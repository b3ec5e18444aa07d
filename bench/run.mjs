// `npm run bench`: the figures a user of depwatch feels, each beside its target and beside a
// reference measured in the same run. Benchmarks, not tests: nothing here fails the build.
//   start-up       launch → first frame with data, vs the official SDK printing the deployment
//   bytes/poll     bytes written by a poll that changes nothing but the clock, 120×40
//   bytes/s        the same, per second, beside `watch -n2 'curl … | jq -C .'` (ncurses) in the same window
//   idle CPU       % of one core while watching a steady deployment at 2 s, over 60 s
//   memory         RSS growth over 10,000 polls at a fast interval
// Environment: BENCH_QUICK=1 shortens the CPU window and the poll count (for a quick look).
import pty from '@lydell/node-pty';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = `${root}dist/depwatch.mjs`;
const QUICK = process.env.BENCH_QUICK === '1';
const CPU_WINDOW_MS = QUICK ? 15_000 : 60_000;
const POLLS = QUICK ? 2_000 : 10_000;
const TICK_MS = 1000 / 100; // CLK_TCK on Linux

const env = {
  PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm-256color', LANG: 'en_US.UTF-8',
  CI: 'false', TOGETHER_API_KEY: 'bench-key', NODE_ENV: 'production',
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function startSim(args) {
  const child = spawn(process.execPath, [CLI, 'sim', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', (l) => resolve([l])));
  const url = line.replace(/^listening on /, '');
  const requests = async () => (await (await fetch(url.replace(/\/v1$/, '/_sim/stats'))).json()).requests;
  return { url, requests, stop: () => child.kill('SIGTERM') };
}

/** Runs a command (node by default) in a pty; `until` resolves the time until its output matches a pattern. */
function run(args, { cols = 120, rows = 40, extraEnv = {}, file = process.execPath } = {}) {
  const started = performance.now();
  const term = pty.spawn(file, args, { name: 'xterm-256color', cols, rows, env: { ...env, ...extraEnv }, cwd: root });
  const proc = { term, bytes: 0, output: '', exited: false };
  term.onData((d) => { proc.bytes += Buffer.byteLength(d); if (proc.output.length < 200_000) proc.output += d; });
  term.onExit(() => { proc.exited = true; });
  proc.until = async (pattern, timeoutMs = 15_000) => {
    const deadline = performance.now() + timeoutMs;
    while (!pattern.test(proc.output)) {
      if (proc.exited || performance.now() > deadline) throw new Error(`never saw ${pattern}: ${proc.output.slice(-300)}`);
      await sleep(2);
    }
    return performance.now() - started;
  };
  proc.stop = async () => {
    if (proc.exited) return;
    term.kill('SIGTERM');
    for (let i = 0; i < 200 && !proc.exited; i++) await sleep(10);
  };
  return proc;
}

function cpuTicks(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}
function rssKiB(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
}

const rows = [];
const report = (name, value, target, reference, ok) => rows.push({ name, value, target, reference, ok });

async function startup(sim) {
  const ours = [];
  const sdk = [];
  for (let i = 0; i < 7; i++) {
    const a = run([CLI, 'watch', 'steady', '--base-url', sim.url]);
    ours.push(await a.until(/3\/3/));
    await a.stop();
    const b = run([`${root}bench/sdk-get.mjs`, 'steady'], { extraEnv: { TOGETHER_BASE_URL: sim.url } });
    sdk.push(await b.until(/"name": "steady"/));
    await b.stop();
  }
  const [o, s] = [median(ours), median(sdk)];
  report('start-up to first frame with data', `${o.toFixed(0)} ms`, `<= 1.2x SDK (${(1.2 * s).toFixed(0)} ms)`, `SDK get+print ${s.toFixed(0)} ms (${(o / s).toFixed(2)}x)`, o <= 1.2 * s);
}

const installed = (name) => spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;

/** The floor for bytes while nothing changes: ncurses `watch` redrawing curl | jq of the same deployment every 2 s. */
function curlWatch(sim) {
  const missing = ['watch', 'curl', 'jq'].filter((name) => !installed(name));
  if (missing.length > 0) return { missing };
  const command = `curl -s -H "Authorization: Bearer x" ${sim.url}/deployments/steady | jq -C .`;
  return run(['-n2', command], { file: 'watch' });
}

async function idle(sim, floorSim) {
  const watch = run([CLI, 'watch', 'steady', '--base-url', sim.url, '--interval', '2s']);
  const ref = run([`${root}bench/ink-clock.mjs`, '1']);
  const full = run([`${root}bench/ink-clock.mjs`, '22']);
  const floor = curlWatch(floorSim); // its own simulator, so that `polls` counts ours only
  await watch.until(/3\/3/);
  await sleep(3000); // let start-up settle
  const t0 = { watch: cpuTicks(watch.term.pid), ref: cpuTicks(ref.term.pid), bytes: watch.bytes, fullBytes: full.bytes, floorBytes: floor.bytes, polls: await sim.requests() };
  await sleep(CPU_WINDOW_MS);
  const t1 = { watch: cpuTicks(watch.term.pid), ref: cpuTicks(ref.term.pid), bytes: watch.bytes, fullBytes: full.bytes, floorBytes: floor.bytes, polls: await sim.requests() };
  const pct = (ticks) => (100 * ticks * TICK_MS) / CPU_WINDOW_MS;
  const seconds = CPU_WINDOW_MS / 1000;
  const polls = t1.polls - t0.polls;
  const perPoll = (t1.bytes - t0.bytes) / Math.max(1, polls);
  const fullPerFrame = (t1.fullBytes - t0.fullBytes) / seconds;
  report('bytes per unchanged poll (120x40)', `${perPoll.toFixed(0)} B`, '<= 300 B', `Ink full redraw, 22 lines: ${fullPerFrame.toFixed(0)} B/frame`, perPoll <= 300);
  const perSecond = (t1.bytes - t0.bytes) / seconds;
  if (floor.missing) {
    report('bytes/s while nothing changes (120x40, 2 s)', `${perSecond.toFixed(1)} B/s`, '<= 1.5x watch+curl+jq', `reference unavailable (${floor.missing.join(', ')} not installed)`, undefined);
  } else {
    const floorPerSecond = (t1.floorBytes - t0.floorBytes) / seconds;
    const ratio = perSecond / floorPerSecond;
    report('bytes/s while nothing changes (120x40, 2 s)', `${perSecond.toFixed(1)} B/s`, `<= 1.5x watch+curl+jq (${(1.5 * floorPerSecond).toFixed(1)} B/s)`, `watch -n2 'curl | jq -C .': ${floorPerSecond.toFixed(1)} B/s (${ratio.toFixed(2)}x)`, ratio <= 1.5);
  }
  report(`idle CPU, steady, 2 s interval (${seconds} s)`, `${pct(t1.watch - t0.watch).toFixed(2)} %`, '<= 1 %', `bare Ink 1-line clock: ${pct(t1.ref - t0.ref).toFixed(2)} %`, pct(t1.watch - t0.watch) <= 1);
  await Promise.all([watch.stop(), ref.stop(), full.stop(), floor.stop?.()]);
}

async function memory(sim) {
  const watch = run([CLI, 'watch', 'rollout', '--base-url', sim.url, '--interval', '1ms']);
  await watch.until(/rollout/);
  const base = await sim.requests();
  const at = async (n, timeoutMs) => {
    const deadline = performance.now() + timeoutMs;
    while ((await sim.requests()) < base + n) {
      if (performance.now() > deadline) throw new Error(`only ${(await sim.requests()) - base} polls`);
      await sleep(200);
    }
    return rssKiB(watch.term.pid);
  };
  const warm = await at(500, 120_000);
  const end = await at(500 + POLLS, 600_000);
  const growthMB = (end - warm) / 1024;
  report(`memory: RSS growth over ${POLLS} polls`, `${growthMB.toFixed(1)} MB`, '<= 10 MB', `RSS after 500 polls ${(warm / 1024).toFixed(0)} MB, after ${POLLS + 500}: ${(end / 1024).toFixed(0)} MB`, growthMB <= 10);
  await watch.stop();
}

const steady = await startSim(['--scenario', 'steady']);
const steadyForCurl = await startSim(['--scenario', 'steady']);
const churn = await startSim(['--scenario', 'rollout', '--loop', '--speed', '20']);
try {
  await startup(steady);
  await idle(steady, steadyForCurl);
  await memory(churn);
} finally {
  steady.stop();
  steadyForCurl.stop();
  churn.stop();
}

const table = [['figure', 'measured', 'target', 'reference (same run)', ''], ...rows.map((r) => [r.name, r.value, r.target, r.reference, r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED'])];
const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
console.log(`node ${process.version}, ${QUICK ? 'quick' : 'full'} run\n`);
for (const r of table) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
process.exit(0);
