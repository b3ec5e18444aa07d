// Requests counted at the simulator (in process, over loopback HTTP) while four deployments are
// watched at once: one list request per tick, whatever the number of panels.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/api/client.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { FleetSession } from '../../src/watch/fleet-session.js';

let sim: Simulator;
beforeEach(async () => {
  sim = await startSimulator({ scenarios: ['steady', 'rollout', 'crashloop', 'scale', 'stall'], speed: 20 });
});
afterEach(async () => {
  await sim.close();
});

const requests = async () => ((await (await fetch(sim.url.replace(/\/v1$/, '/_sim/stats'))).json()) as { requests: number }).requests;

/** A fleet session against the simulator, and a promise of its `n`th finished poll. */
function watchFour(targets = ['steady', 'rollout', 'crashloop', 'scale']) {
  const client = createClient({ baseUrl: sim.url, apiKey: 'tk-test', timeoutMs: 5_000, retries: 0 });
  let polls = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const fleet = new FleetSession({
    targets,
    fetch: async (signal) => {
      const list = (await client.list({ signal })).data;
      polls++;
      for (const w of waiters.filter((x) => x.n <= polls)) w.resolve();
      return list;
    },
    logs: async (deployment, replica, signal) => (await client.logs(deployment, replica, { signal })).lines,
    intervalMs: 20,
  });
  const polled = (n: number) => new Promise<void>((resolve) => waiters.push({ n, resolve }));
  return { fleet, polled, polls: () => polls };
}

describe('four deployments watched at once', () => {
  it('cost one request per tick: the list, nothing per deployment', async () => {
    const { fleet, polled, polls } = watchFour();
    const before = await requests();
    fleet.list.start();
    await polled(20);
    fleet.stop();
    expect(fleet.getState().panels.map((p) => [p.target, p.missing, p.watch.deployment?.name])).toEqual([
      ['steady', false, 'steady'], ['rollout', false, 'rollout'], ['crashloop', false, 'crashloop'], ['scale', false, 'scale'],
    ]);
    expect((await requests()) - before).toBe(polls());
  });

  it('paused (one of them open full-screen, polling itself), the panels ask nothing', async () => {
    const { fleet, polled } = watchFour();
    fleet.list.start();
    await polled(2);
    fleet.setPaused(true);
    const paused = await requests();
    await new Promise((resolve) => setTimeout(resolve, 200)); // ten intervals that must stay silent
    expect(await requests()).toBe(paused);
    fleet.stop();
  });

  it('with the crash-looping one focused, its logs are read now and then for a cause, never each tick', async () => {
    const { fleet, polled, polls } = watchFour(['steady', 'crashloop']);
    const before = await requests();
    fleet.focus('dep-steady');
    fleet.list.start();
    await polled(10);
    fleet.focus(fleet.getState().panels[1]!.key);
    await polled(60);
    fleet.stop();
    const logReads = (await requests()) - before - polls();
    // One read per crash spell of a replica nobody explained; never one per tick.
    expect(logReads).toBeLessThan(polls() / 4);
  });
});
