// The built CLI in a real pty against `depwatch sim`: queue metrics are asked for a queue-autoscaled
// deployment only, and shown under the gauge.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PtyRun, quitsCleanly, startSim, type SimProcess } from '../helpers/pty.js';

let sim: SimProcess;
const runs: PtyRun[] = [];

beforeAll(async () => {
  sim = await startSim(['--scenario', 'steady', 'scale', '--speed', '4']);
});
afterAll(async () => {
  await sim.stop();
});
afterEach(async () => {
  await sim.fault({ mode: 'none' });
  for (const run of runs.splice(0)) run.kill('SIGKILL');
});

function watch(name: string): PtyRun {
  const run = new PtyRun(['watch', name, '--base-url', sim.url, '--interval', '300ms'], { cols: 100, rows: 30 });
  runs.push(run);
  return run;
}

async function stats(): Promise<{ requests: number; queueRequests: number }> {
  return (await (await fetch(sim.url.replace(/\/v1$/, '/_sim/stats'))).json()) as { requests: number; queueRequests: number };
}

/** Resolves once the simulator has answered `n` more requests than `from`. */
async function requestsReach(from: number, n: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await stats()).requests < from + n) {
    if (Date.now() > deadline) throw new Error(`fewer than ${n} requests`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('queue metrics in the watch', () => {
  it('watching a deployment that does not scale on a queue asks for no queue metrics', async () => {
    const before = await stats();
    const run = watch('steady');
    await run.waitForText(/^ready \d+\/\d+/m);
    await requestsReach(before.requests, 10);
    expect((await stats()).queueRequests).toBe(before.queueRequests);
    expect(run.text()).not.toMatch(/^queue /m);
    await quitsCleanly(run);
  });

  it('watching the queue-autoscaled scale deployment polls its queue and shows it under the gauge', async () => {
    const before = await stats();
    const run = watch('scale');
    await run.waitFor((t) => /^queue \d+ waiting · \d+ running · [\d.]+\/replica \(target 1\.01\)/m.test(t), 'the queue line');
    const lines = run.screen();
    const gauge = lines.findIndex((l) => l.startsWith('ready '));
    expect(lines[gauge + 1]).toMatch(/^queue /);
    const after = await stats();
    const queue = after.queueRequests - before.queueRequests;
    // One queue request beside each deployment poll (the two loops run at the same interval).
    expect(queue).toBeGreaterThan(0);
    expect(queue).toBeLessThanOrEqual(after.requests - before.requests - queue + 1);
    await quitsCleanly(run);
  });

  it('impossible queue counts are marked, a failed queue poll keeps the last numbers with a quiet mark, and both clear', async () => {
    const run = watch('scale');
    await run.waitForText(/^queue \d+ waiting/m);
    await sim.fault({ mode: 'drift' });
    // Drift reshapes deployments too, but every answer stays a deployment: no banner, no crash.
    await run.waitForText(/^queue .*\?[-\d]/m);
    await sim.fault({ mode: 'none' });
    await run.waitFor((t) => /^queue \d+ waiting · \d+ running/m.test(t), 'plausible numbers again');
    await sim.fault({ mode: 'error500' });
    // Every request fails here (the deployment's too, under its banner); the queue line keeps its numbers.
    await run.waitForText(/^queue \d+ waiting · \d+ running .*▲ stale/m);
    await sim.fault({ mode: 'none' });
    await run.waitFor((t) => /^queue \d+ waiting/m.test(t) && !/stale/.test(t), 'the mark to go');
    await quitsCleanly(run);
  });
});
