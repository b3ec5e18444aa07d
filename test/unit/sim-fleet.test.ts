// The generated project of `depwatch sim --deployments N --replicas M`: real-looking, parseable,
// N and M honoured, every name unique, every kind present, and looping; a 1,000-replica
// deployment parses and plans at 80x24 (correctness only: timings live in `npm run bench`).
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDeployment, parseDeploymentList } from '../../src/api/schema.js';
import { fleet, fleetDeployment, fleetKind, fleetName } from '../../src/sim/fleet.js';
import { deploymentId } from '../../src/sim/deployment.js';
import { distinctName } from '../../src/sim/ids.js';
import { DEFAULT_STARTED_AT, LOOP_PAUSE_MS, scenarioLogs, scenarioState } from '../../src/sim/scenarios.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { planScreen } from '../../src/ui/screen-plan.js';
import textWidth from '../../src/ui/text-width.js';
import { initialState, reduce } from '../../src/watch/state.js';
import { PLAIN_THEME, planText } from '../helpers/plan.js';

const LOOP = { loop: true };
const opened: Simulator[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

describe('the generated project', () => {
  const project = fleet(40, 9);
  const times = [0, 3_000, 20_000, 45_000, 70_000, 100_000, 200_000];

  it('has N deployments, each parsing with the client schema at every moment, none wanting more than M replicas', () => {
    for (const t of times) {
      const list = parseDeploymentList(JSON.parse(JSON.stringify({ object: 'list', data: project.map((d) => scenarioState(d, t, LOOP)) })));
      expect(list.data).toHaveLength(40);
      for (const d of list.data) {
        expect(d.desired_replicas).toBeGreaterThanOrEqual(1);
        expect(d.desired_replicas).toBeLessThanOrEqual(9);
        expect(d.max_replicas).toBeGreaterThanOrEqual(d.desired_replicas!);
      }
    }
  });

  it('gives the first deployment of each kind all M replicas, and has every status of a busy project over a loop', () => {
    const first = ['rolling', 'steady', 'failing', 'scaling'].map((kind) => project.findIndex((_, i) => fleetKind(i) === kind));
    expect(first).toEqual([0, 1, 2, 3]);
    const everyFiveSeconds = Array.from({ length: 40 }, (_, k) => k * 5_000);
    // The scaling one wants all M only at its peak.
    for (const i of first) expect(Math.max(...everyFiveSeconds.map((t) => scenarioState(project[i]!, t, LOOP).desired_replicas))).toBe(9);
    const statuses = new Set(everyFiveSeconds.flatMap((t) => project.map((d) => scenarioState(d, t, LOOP).status)));
    expect([...statuses].sort()).toEqual(['Failed', 'Ready', 'Scaling', 'Updating']);
  });

  it('names and ids every deployment uniquely, even 5,000 of them', () => {
    const names = Array.from({ length: 5_000 }, (_, i) => fleetName(i));
    expect(new Set(names).size).toBe(5_000);
    expect(new Set(names.map(deploymentId)).size).toBe(5_000);
    for (const name of names) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
  });

  it('keeps every one of 1,000 replicas under its own pod name (five random characters would collide)', () => {
    const steady = scenarioState(fleetDeployment(1, 1_000), 0, LOOP);
    expect(Object.keys(steady.replica_events)).toHaveLength(1_000);
    for (const name of Object.keys(steady.replica_events)) expect(name).toMatch(/^llama-8b-chat-[a-z0-9]{9}-[a-z0-9]{5}$/);
  });

  it('spells distinct numbers as distinct name fragments', () => {
    fc.assert(fc.property(fc.string(), fc.nat(27 ** 5 - 1), fc.nat(27 ** 5 - 1), (seed, a, b) => {
      fc.pre(a !== b);
      expect(distinctName(seed, a, 5)).not.toBe(distinctName(seed, b, 5));
    }));
  });

  it('loops: the rolling deployment rolls out a new revision every period, so a watch keeps changing', () => {
    const rolling = fleetDeployment(0, 6);
    const period = rolling.durationMs + LOOP_PAUSE_MS;
    const revisions = [0, 1, 2].map((k) => {
      const d = scenarioState(rolling, k * period + 5_000, LOOP);
      expect(d.status).toBe('Updating');
      return d.image;
    });
    expect(new Set(revisions).size).toBe(3);
    expect(scenarioState(rolling, period - 1_000, LOOP).status).toBe('Ready');
  });

  it('serves logs for a generated replica', () => {
    const failing = fleetDeployment(2, 4);
    const end = failing.durationMs + 1_000;
    const d = scenarioState(failing, end, LOOP);
    expect(d.status).toBe('Failed');
    const crashing = Object.entries(d.replica_events).find(([, e]) => e.replica_status_reason === 'CrashLoopBackOff');
    expect(crashing).toBeDefined();
    const { lines } = scenarioLogs(failing, end, { ...LOOP, replicaId: crashing![0] });
    expect(lines.some((l) => l.includes('Traceback'))).toBe(true);
  });
});

describe('a 1,000-replica deployment', () => {
  it('parses, and plans at 80x24 within the screen, while it rolls', () => {
    const big = fleetDeployment(0, 1_000);
    let state = initialState();
    for (const t of [0, 20_000, 40_000]) {
      const at = DEFAULT_STARTED_AT + t;
      const data = parseDeployment(JSON.parse(JSON.stringify(scenarioState(big, t, LOOP))));
      expect(Object.keys(data.replica_events ?? {}).length).toBeGreaterThanOrEqual(1_000);
      state = reduce(state, { ok: true, data, at, latencyMs: 5 });
      const plan = planScreen({ state, ui: { scroll: 500, help: false }, now: at, size: { columns: 80, rows: 24 }, theme: PLAIN_THEME, intervalMs: 2_000, paused: false, target: big.spec.name });
      expect(plan.lines).toHaveLength(24);
      const text = planText(plan.lines);
      for (const line of text.split('\n')) expect(textWidth(line)).toBeLessThanOrEqual(80);
      expect(text).toContain('llama-70b-chat');
      expect(text).toMatch(/replicas 1\d{3}/);
    }
  });
});

describe('the simulator hosting a generated project', () => {
  it('lists the scenarios asked for, then the generated deployments, and finds each by name and by id', async () => {
    const sim = await startSimulator({ scenarios: ['steady'], fleet: { deployments: 5, replicas: 3 } });
    opened.push(sim);
    const headers = { Authorization: 'Bearer k' };
    const list = (await (await fetch(`${sim.url}/deployments`, { headers })).json()) as { data: { id: string; name: string }[] };
    expect(list.data.map((d) => d.name)).toEqual(['steady', ...Array.from({ length: 5 }, (_, i) => fleetName(i))]);
    for (const d of list.data.slice(1)) {
      expect((await fetch(`${sim.url}/deployments/${d.name}`, { headers })).status).toBe(200);
      expect(((await (await fetch(`${sim.url}/deployments/${d.id}`, { headers })).json()) as { name: string }).name).toBe(d.name);
    }
  });
});
