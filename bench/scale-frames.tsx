// In-process scale benchmarks, bundled by bench/run.mjs with esbuild (the CLI's Ink patches and
// text-width wrapper included) and run as `node <bundle> frame|list|parse FRAMES`; prints one JSON line.
//   frame  the watch of a rolling 1,000-replica deployment: reduce (the state diff) + App render
//          (planScreen, Ink layout, incremental output through compactOutput), per poll, 120x40; each
//          body parsed by the client's deployment parser, its time reported beside the frame's
//   list   the deployments list of 500 as the project changes (planList + Ink, per poll, 120x40), each
//          poll's body parsed by the client's list parser and its state from the list's own reducer
//          (their times reported beside the frame's)
//   parse  parseDeployment of a 1,000-replica document (JSON.parse alongside, as a reference)
// The bodies of frame and list are made beforehand by a worker thread (serverBodies): building them
// is the server's work, and its garbage would be collected in the timed frames of this heap.
// A frame's time runs from the new data to the bytes reaching the (fake) terminal. gcShareOfSlowest
// is the part of the slowest 2% of frames spent collecting garbage; BENCH_SLOWEST=1 prints those
// frames' [ms, gc ms, index, bytes] on stderr (a slow frame without collection was preempted or did real
// work), BENCH_TIMES=1 every frame's time; BENCH_CPU=1 times frames in user CPU time, not wall time.
import { EventEmitter } from 'node:events';
import { PerformanceObserver } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { render } from 'ink';
import { listParser } from '../src/api/list-parser.js';
import { deploymentParser } from '../src/api/replica-items.js';
import { parseDeployment, type Deployment } from '../src/api/schema.js';
import { fleet } from '../src/sim/fleet.js';
import { DEFAULT_STARTED_AT, scenarioState } from '../src/sim/scenarios.js';
import type { Scenario } from '../src/sim/deployment.js';
import { App } from '../src/ui/app.js';
import { Browser } from '../src/ui/browser.js';
import { compactOutput } from '../src/ui/compact-output.js';
import { defaultTheme } from '../src/ui/theme.js';
import { reduceList, type ListState } from '../src/watch/list-session.js';
import { initialState, reduce } from '../src/watch/state.js';
import { StateStore } from '../src/watch/store.js';
import type { WatchState } from '../src/watch/types.js';

const [mode = 'frame', framesArg = '200'] = process.argv.slice(2);
const FRAMES = Number(framesArg);
const WARM_UP = 20;
const COLUMNS = 120;
const ROWS = 40;
const TIME = { startedAt: DEFAULT_STARTED_AT, speed: 1, loop: true };

/** A terminal that counts what it is sent and says when a frame arrived. */
class FakeTerminal extends EventEmitter {
  columns = COLUMNS;
  rows = ROWS;
  isTTY = true;
  bytes = 0;
  private waiting: (() => void) | undefined;
  arrived = false;
  write(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
    const text = typeof chunk === 'string' ? compactOutput(chunk) : chunk;
    this.bytes += Buffer.byteLength(text);
    this.arrived = true;
    this.waiting?.();
    this.waiting = undefined;
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  }
  /** Resolves when something was written since `arrived` was last cleared, or once React is done without a write (nothing changed on screen). */
  frame(): Promise<void> {
    if (this.arrived) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting = resolve;
      // React flushes its updates in microtasks: by the next macrotask, a frame that was coming has come.
      setImmediate(resolve);
    });
  }
}

class FakeKeyboard extends EventEmitter {
  isTTY = true;
  setRawMode() { return this; }
  setEncoding() { return this; }
  ref() { return this; }
  unref() { return this; }
  resume() { return this; }
  pause() { return this; }
  read() { return null; }
}

class Store<S> extends StateStore<S> {
  put(next: S) { this.set(next); }
}

// Every garbage collection's span, to say how much of the slowest frames was the collector's.
const gcs: { start: number; end: number }[] = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration }); }).observe({ entryTypes: ['gc'] });
/** Milliseconds of garbage collection inside [from, to]. */
const gcWithin = (from: number, to: number) => gcs.reduce((ms, g) => ms + Math.max(0, Math.min(to, g.end) - Math.max(from, g.start)), 0);

/** BENCH_CPU=1: a frame's time is the process's user CPU time, not the wall clock's (to compare two builds on a busy machine). */
const CPU_TIME = process.env.BENCH_CPU === '1';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

function mount(tree: React.ReactElement) {
  const stdout = new FakeTerminal();
  // The CLI's options, but a 1 ms throttle instead of 100 ms: every poll here is a throttle's leading edge, as a 2 s poll is.
  const ink = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream, stdin: new FakeKeyboard() as unknown as NodeJS.ReadStream, stderr: stdout as unknown as NodeJS.WriteStream,
    interactive: true, incrementalRendering: true, maxFps: 1000, patchConsole: false, exitOnCtrlC: false,
  });
  return { stdout, ink };
}

/** Times `frames` updates: each from `update()` to its frame written; returns ms per frame (after a warm-up). */
async function timeFrames(stdout: FakeTerminal, frames: number, prepare: (i: number) => unknown, update: (prepared: unknown, i: number) => void) {
  const times: number[] = [];
  const spans: [number, number][] = [];
  const written: number[] = [];
  let silent = 0;
  for (let i = 0; i < frames + WARM_UP; i++) {
    const prepared = prepare(i);
    await sleep(3); // past the 1 ms throttle, and the timers of the last frame run
    stdout.arrived = false;
    const bytes0 = stdout.bytes;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    update(prepared, i);
    await stdout.frame();
    if (i < WARM_UP) continue;
    times.push(CPU_TIME ? process.cpuUsage(cpu0).user / 1000 : performance.now() - t0);
    spans.push([t0, performance.now()]);
    written.push(stdout.bytes - bytes0);
    if (!stdout.arrived) silent++;
  }
  await sleep(10); // the last frames' collections reach the observer
  return { times, silent, written, gcMs: spans.map(([from, to]) => gcWithin(from, to)) };
}

function summary({ times, silent, gcMs, written }: { times: number[]; silent: number; gcMs: number[]; written: number[] }, extra: Record<string, unknown> = {}) {
  // The slowest 2% of frames: how much of them was garbage collection (the p99 is one of them).
  const slow = times.map((t, i) => [t, gcMs[i]!, i, written[i]!] as const).sort((a, b) => b[0] - a[0]).slice(0, Math.max(1, Math.ceil(times.length / 50)));
  const slowGc = slow.reduce((a, [, g]) => a + g, 0) / slow.reduce((a, [t]) => a + t, 0);
  if (process.env.BENCH_TIMES) process.stderr.write(`${JSON.stringify(times.map((t) => Number(t.toFixed(1))))}\n`);
  // [ms, gc ms, frame index, bytes written]
  if (process.env.BENCH_SLOWEST) process.stderr.write(`${JSON.stringify(slow.map(([t, g, i, b]) => [Number(t.toFixed(1)), Number(g.toFixed(1)), i, b]))}\n`);
  return { frames: times.length, silent, median: quantile(times, 0.5), p99: quantile(times, 0.99), max: Math.max(...times), gcs: gcs.length, gcShareOfSlowest: Number(slowGc.toFixed(2)), times: times.map((t) => Number(t.toFixed(2))), ...extra };
}

/** The rolling 1,000-replica deployment, and the project of 500 the list shows (the same in either thread). */
let big: Scenario | undefined;
const BIG = () => (big ??= fleet(1, 1_000)[0] as Scenario);
let project: Scenario[] | undefined;

type BodyKind = 'deployment' | 'list';
/** A poll's body at scenario time t: the deployment, or the list. */
function body(kind: BodyKind, t: number): string {
  if (kind === 'deployment') return JSON.stringify(scenarioState(BIG(), t, TIME));
  project ??= fleet(500, 20);
  return JSON.stringify({ object: 'list', data: project.map((d) => scenarioState(d, t, TIME)) });
}

/**
 * Every poll's body, made before any frame is timed by a worker thread that is then gone: the
 * server's side (the simulator makes them in another process), so the garbage of building 10,000
 * replica events a poll is not collected in the heap whose frames are timed. Each arrives here as a
 * string, as an answer from the network does.
 */
async function serverBodies(kind: BodyKind, times: number[]): Promise<string[]> {
  const worker = new Worker(new URL(import.meta.url));
  const bodies = await new Promise<string[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.postMessage({ kind, times });
  });
  await worker.terminate();
  return bodies;
}

/** Scenario time of frame i of n, spread over `span` ms from `from`. */
const at = (i: number, n: number, from: number, span: number) => from + (span * i) / n;

async function frames(n: number) {
  const big = BIG();
  const store = new Store<WatchState>(initialState());
  let now = DEFAULT_STARTED_AT;
  const controller = Object.assign(store, { pollNow() {}, togglePause() {}, isPaused: () => false, intervalMs: 2_000 });
  const { stdout, ink } = mount(<App controller={controller} target={big.spec.name} theme={defaultTheme} now={() => now} />);
  await stdout.frame();
  // The whole rollout, warm-up included, from the first new replica to the last old one gone.
  const total = n + WARM_UP;
  const bodies = await serverBodies('deployment', Array.from({ length: total }, (_, i) => at(i, total, 0, big.durationMs)));
  // Each poll's body parsed as the client parses it (outside the frame, timed beside it): its unchanged replica events are last poll's objects.
  const parse = deploymentParser();
  const parseMs: number[] = [];
  const timed = await timeFrames(stdout, n, (i) => {
    const t = at(i, total, 0, big.durationMs);
    const text = bodies[i]!;
    const t0 = performance.now();
    const data = parse(text);
    if (i >= WARM_UP) parseMs.push(performance.now() - t0);
    return { t, data };
  }, (p) => {
    const { t, data } = p as { t: number; data: Deployment };
    now = DEFAULT_STARTED_AT + t;
    store.put(reduce(store.getState(), { ok: true, data, at: now, latencyMs: 5 }));
  });
  ink.unmount();
  return summary(timed, { replicas: Object.keys(store.getState().deployment?.replica_events ?? {}).length, parseMedian: quantile(parseMs, 0.5) });
}

async function list(n: number) {
  const store = new Store<ListState>({});
  let now = DEFAULT_STARTED_AT;
  const controller = Object.assign(store, { pollNow() {}, setPaused() {}, intervalMs: 2_000 });
  const open = () => { throw new Error('the benchmark opens nothing'); };
  const { stdout, ink } = mount(<Browser list={controller} open={open} theme={defaultTheme} now={() => now} />);
  await stdout.frame();
  const total = n + WARM_UP;
  const bodies = await serverBodies('list', Array.from({ length: total }, (_, i) => at(i, total, 0, 120_000)));
  // The list's reducer (sharing unchanged deployments, tracking each one's progress) runs as a poll
  // arrives, not in the frame: timed on its own, beside it.
  const reduceMs: number[] = [];
  // The body parsed as the client parses it: its unchanged deployments are last poll's objects.
  const parseList = listParser();
  const parseMs: number[] = [];
  const timed = await timeFrames(stdout, n, (i) => {
    const t = at(i, total, 0, 120_000);
    const text = bodies[i]!;
    const t0 = performance.now();
    const { data } = parseList(text);
    const t1 = performance.now();
    const next = reduceList(store.getState(), { ok: true, data, at: DEFAULT_STARTED_AT + t, latencyMs: 5 });
    if (i >= WARM_UP) { parseMs.push(t1 - t0); reduceMs.push(performance.now() - t1); }
    return { t, next };
  }, (p) => {
    const { t, next } = p as { t: number; next: ListState };
    now = DEFAULT_STARTED_AT + t;
    store.put(next);
  });
  ink.unmount();
  return summary(timed, { deployments: store.getState().deployments?.length, parseMedian: quantile(parseMs, 0.5), parseP99: quantile(parseMs, 0.99), reduceMedian: quantile(reduceMs, 0.5), reduceP99: quantile(reduceMs, 0.99) });
}

function parse(n: number) {
  const [big] = fleet(1, 1_000) as [Scenario];
  const texts = Array.from({ length: 20 }, (_, i) => JSON.stringify(scenarioState(big, at(i, 20, 0, big.durationMs), TIME)));
  const parseMs: number[] = [];
  const jsonMs: number[] = [];
  for (let i = 0; i < n + WARM_UP; i++) {
    const text = texts[i % texts.length]!;
    const t0 = performance.now();
    const body: unknown = JSON.parse(text);
    const t1 = performance.now();
    parseDeployment(body);
    const t2 = performance.now();
    if (i >= WARM_UP) { jsonMs.push(t1 - t0); parseMs.push(t2 - t1); }
  }
  return { runs: parseMs.length, median: quantile(parseMs, 0.5), p99: quantile(parseMs, 0.99), jsonMedian: quantile(jsonMs, 0.5), bytes: Math.round(texts.reduce((a, t) => a + t.length, 0) / texts.length) };
}

if (isMainThread) {
  const result = mode === 'frame' ? await frames(FRAMES) : mode === 'list' ? await list(FRAMES) : parse(FRAMES);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
} else {
  parentPort!.once('message', ({ kind, times }: { kind: BodyKind; times: number[] }) => parentPort!.postMessage(times.map((t) => body(kind, t))));
}
