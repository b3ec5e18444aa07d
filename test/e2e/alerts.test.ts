// --bell and --notify in a real terminal: the built CLI watching the simulator's crash loop, its
// scenario time set by the test, and every byte it writes counted.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, STATS_PATH, type Simulator } from '../../src/sim/server.js';
import { PtyRun, quitsCleanly } from '../helpers/pty.js';

const BEL = '\x07';
const ESC = '\x1b';

const runs: PtyRun[] = [];
const sims: Simulator[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) run.kill();
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

/** The crashloop scenario (and any others) at whatever scenario time (ms) the test sets. */
async function crashloopAt(t: number, others: string[] = []) {
  // Scenario time 0 is `t` ago, so the times it stamps read as they would live.
  const base = Date.now() - t;
  const clock = { t: 0 };
  const sim = await startSimulator({ scenarios: ['crashloop', ...others], now: () => base + clock.t });
  sims.push(sim);
  clock.t = t;
  const requests = async () => ((await (await fetch(sim.url.replace(/\/v1$/, STATS_PATH))).json()) as { requests: number }).requests;
  return {
    sim,
    /** Moves scenario time to `to` and waits until the watch has fetched the deployment as it is then. */
    async at(to: number) {
      clock.t = to;
      const after = (await requests()) + 2;
      while ((await requests()) < after) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}

function watch(sim: Simulator, ...flags: string[]): PtyRun {
  return started(['crashloop', '--interval', '100ms', '--base-url', sim.url, ...flags]);
}

function started(args: string[]): PtyRun {
  const run = new PtyRun(args, { cols: 160, rows: 48 });
  runs.push(run);
  return run;
}

const bells = (run: PtyRun) => run.raw.split(BEL).length - 1;

/** Waits until the program has written `n` bells; the moment it saw the last. */
async function bellsReach(run: PtyRun, n: number): Promise<number> {
  await run.waitFor(() => bells(run) >= n, `${n} bells (have ${bells(run)})`);
  return Date.now();
}

// Replica A crashes at 19.5 s scenario time, B at 22 s; each then cycles Error → CrashLoopBackOff →
// Running three times, and both hold in back-off from 71 s; the deployment turns Failed at 74 s.
const A = 'crashloop-ngb8ffshq-cp7d7';
const CYCLES = [23_000, 26_000, 33_000, 36_000, 38_000, 41_000, 44_000, 62_000, 66_000, 69_000, 72_000];
const bothHeld = (text: string) => (text.match(/back-off 40s/g) ?? []).length >= 2;
/** A bell held back by the rate limit goes out this long after the last one (5 s), with room for the pty. */
const HELD_MS = 5_500;

describe('--bell', () => {
  it('writes one BEL per replica that starts failing, none per back-off cycle, and one when the deployment turns Failed', async () => {
    const scenario = await crashloopAt(15_000);
    const run = watch(scenario.sim, '--bell');
    await run.waitForText('watching crashloop');
    expect(bells(run)).toBe(0);

    await scenario.at(20_000);
    await bellsReach(run, 1);
    await run.waitForText(`${A} Error: CUDA out of memory`);
    // B starts failing within 5 s of A: its bell is held back, then rings on its own.
    await scenario.at(22_100);
    const second = await bellsReach(run, 2);

    for (const t of CYCLES) await scenario.at(t);
    await run.waitFor(bothHeld, 'both replicas in their last back-off');
    // An alert held back by the rate limit would have gone out by now: the cycles rang nothing.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, second + HELD_MS - Date.now())));
    expect(bells(run)).toBe(2);

    await scenario.at(75_000);
    await bellsReach(run, 3);
    await run.waitForText('status Updating → Failed');
    expect(bells(run)).toBe(3);
    await quitsCleanly(run);
  }, 40_000);

  it('without --bell writes no BEL at all', async () => {
    const scenario = await crashloopAt(15_000);
    const run = watch(scenario.sim);
    await run.waitForText('watching crashloop');
    await scenario.at(20_000);
    // A bell goes out before the frame that shows its event.
    await run.waitForText(`${A} Error: CUDA out of memory`);
    for (const t of [22_100, ...CYCLES, 75_000]) await scenario.at(t);
    await run.waitForText('status Updating → Failed');
    expect(bells(run)).toBe(0);
    await quitsCleanly(run);
  }, 30_000);
});

describe('--bell from the panels', () => {
  it('the panels ring nothing; the deployment Enter opens full-screen rings as a watch does', async () => {
    const scenario = await crashloopAt(15_000, ['steady']);
    const run = started(['watch', 'crashloop', 'steady', '--interval', '100ms', '--base-url', scenario.sim.url, '--bell']);
    await run.waitForText('steady');
    // Replica A crashes at 19.5 s: the panels show it, and say nothing to the bell.
    await scenario.at(20_000);
    await run.waitForText(A.slice(0, 20));
    await scenario.at(22_100);
    expect(bells(run)).toBe(0);
    // Enter opens the focused (first) panel's deployment full-screen, with --bell: its turning Failed rings.
    run.write('\r');
    await run.waitForText('REPLICA');
    for (const t of [...CYCLES, 75_000]) await scenario.at(t);
    await run.waitForText('status Updating → Failed');
    await bellsReach(run, 1);
    await quitsCleanly(run);
  }, 40_000);
});

describe('--notify', () => {
  const failed = `${BEL}${ESC}]777;notify;depwatch crashloop;deployment Failed${BEL}${ESC}]9;depwatch crashloop: deployment Failed${BEL}`;

  it('writes the bell and an OSC 777 and OSC 9 notification saying what happened', async () => {
    const scenario = await crashloopAt(72_000);
    const run = watch(scenario.sim, '--notify');
    await run.waitForText('watching crashloop');
    await scenario.at(75_000);
    await run.waitFor(() => run.raw.includes(failed), 'the notification');
    await run.waitForText('status Updating → Failed');
    expect(run.raw.split(failed)).toHaveLength(2);
    expect(bells(run)).toBe(3);
    await quitsCleanly(run);
  }, 30_000);

  it('passes the notification through tmux when $TMUX is set', async () => {
    const scenario = await crashloopAt(72_000);
    const run = new PtyRun(['crashloop', '--notify', '--interval', '100ms', '--base-url', scenario.sim.url], { cols: 160, rows: 48, env: { TMUX: '/tmp/tmux-1000/default,4242,0' } });
    runs.push(run);
    await run.waitForText('watching crashloop');
    await scenario.at(75_000);
    const wrapped = `${ESC}Ptmux;${ESC}${ESC}]9;depwatch crashloop: deployment Failed${BEL}${ESC}\\`;
    await run.waitFor(() => run.raw.includes(wrapped), 'the wrapped notification');
    await quitsCleanly(run);
  }, 30_000);
});
