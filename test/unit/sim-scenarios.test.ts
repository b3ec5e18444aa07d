import { describe, expect, it } from 'vitest';
import { parseDeployment, parseDeploymentList, parseDeploymentLogs } from '../../src/api/schema.js';
import { rollout as rolloutOf } from '../../src/watch/rollout.js';
import {
  DEFAULT_STARTED_AT, LOOP_PAUSE_MS, SCENARIOS, scenarioDurationMs, scenarioLogs, scenarioPeriodMs, scenarioState, type ScenarioName,
} from '../../src/sim/scenarios.js';
import { isoSeconds } from '../../src/sim/timebase.js';
import type { DeploymentWire, ReplicaEventWire } from '../../src/sim/wire.js';

const events = (d: DeploymentWire): [string, ReplicaEventWire][] => Object.entries(d.replica_events);
const isReady = (e: ReplicaEventWire) => e.replica_status === 'Running' && e.replica_ready_since !== undefined;
const byRevision = (d: DeploymentWire, rev: string) => events(d).filter(([, e]) => e.revision_id === rev);
const names: ScenarioName[] = SCENARIOS.map((s) => s.name);

/** Every `step` ms from 0 to the end of the first loop (and a little into the next). */
function times(name: ScenarioName, step = 1_000): number[] {
  const out: number[] = [];
  for (let t = 0; t <= scenarioPeriodMs(name) + 20_000; t += step) out.push(t);
  return out;
}

describe('scenario catalogue', () => {
  it('lists the scenarios with one-line descriptions', () => {
    expect(names).toEqual(['steady', 'rollout', 'crashloop', 'scale', 'stall']);
    for (const s of SCENARIOS) expect(s.description).toMatch(/^[^\n]{10,100}$/);
  });

  it('names each deployment after its scenario, with realistic fields', () => {
    for (const name of names) {
      const d = scenarioState(name, 0);
      expect(d).toMatchObject({ object: 'deployment', name, gpu_type: 'h100-80gb', port: 8000, health_check_path: '/health' });
      expect(d.id).toMatch(/^dep-[0-9a-f]{16}$/);
      expect(d.image).toMatch(/^registry\.together\.ai\/proj_[0-9a-f]+\/[a-z0-9-]+@sha256:[0-9a-f]{64}$/);
      expect(d.environment_variables.some((v) => v.value_from_secret !== undefined)).toBe(true);
      expect(d.volumes[0]).toMatchObject({ mount_path: '/models' });
      expect(d.command.length).toBeGreaterThan(0);
      expect(d.args.length).toBeGreaterThan(0);
      expect(Date.parse(d.created_at)).toBeLessThan(DEFAULT_STARTED_AT - 86_400_000);
    }
  });
});

describe('every scenario, all the way through', () => {
  it.each(names)('%s: parses, and counts and status agree with the replicas', (name) => {
    for (const loop of [false, true]) {
      for (const t of times(name)) {
        const d = scenarioState(name, t, { loop });
        const parsed = parseDeployment(JSON.parse(JSON.stringify(d)));
        expect(Object.keys(parsed.replica_events ?? {})).toEqual(Object.keys(d.replica_events));
        expect(d.ready_replicas).toBe(events(d).filter(([, e]) => isReady(e)).length);
        expect(['Updating', 'Scaling', 'Ready', 'Failed']).toContain(d.status);
        if (d.status === 'Ready') {
          expect(d.ready_replicas).toBe(d.desired_replicas);
          expect(events(d).every(([, e]) => isReady(e) && e.image === d.image)).toBe(true);
        }
        expect(d.desired_replicas).toBeGreaterThanOrEqual(d.min_replicas);
        expect(d.desired_replicas).toBeLessThanOrEqual(d.max_replicas);
        parseDeploymentLogs(JSON.parse(JSON.stringify(scenarioLogs(name, t, { loop }))));
      }
    }
  });

  it('the list body parses too', () => {
    const list = { object: 'list', data: names.map((n) => scenarioState(n, 30_000)) };
    expect(parseDeploymentList(JSON.parse(JSON.stringify(list))).data.map((d) => d.name)).toEqual(names);
  });

  it('is a pure function of time', () => {
    expect(scenarioState('rollout', 12_345)).toEqual(scenarioState('rollout', 12_345));
    expect(scenarioLogs('crashloop', 50_000)).toEqual(scenarioLogs('crashloop', 50_000));
  });
});

describe('steady', () => {
  it('is Ready with 3/3 on one revision, all Running and ready', () => {
    for (const t of [0, 60_000, 3_600_000]) {
      const d = scenarioState('steady', t);
      expect(d).toMatchObject({ status: 'Ready', ready_replicas: 3, desired_replicas: 3 });
      expect(new Set(events(d).map(([, e]) => e.revision_id)).size).toBe(1);
      expect(events(d).every(([, e]) => isReady(e))).toBe(true);
    }
  });
});

describe('rollout', () => {
  const start = scenarioState('rollout', 0);
  const oldRev = events(start)[0]![1].revision_id!;
  const end = scenarioState('rollout', scenarioDurationMs('rollout'));
  const newRev = events(end)[0]![1].revision_id!;

  it('takes about 60–90 s at speed 1', () => {
    expect(scenarioDurationMs('rollout')).toBeGreaterThanOrEqual(60_000);
    expect(scenarioDurationMs('rollout')).toBeLessThanOrEqual(90_000);
  });

  it('starts just updated: 3 old replicas ready, status Updating, new image', () => {
    expect(start.status).toBe('Updating');
    expect(start.updated_at).toBe(isoSeconds(DEFAULT_STARTED_AT));
    expect(byRevision(start, oldRev)).toHaveLength(3);
    expect(byRevision(start, oldRev).every(([, e]) => isReady(e))).toBe(true);
    expect(start.ready_replicas).toBe(3);
    expect(events(start).every(([, e]) => e.image !== start.image)).toBe(true);
  });

  it('in the middle, a new replica is being created with its volume preloading', () => {
    const d = scenarioState('rollout', 5_000);
    const fresh = byRevision(d, newRev);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]![1]).toMatchObject({ replica_status: 'Waiting', replica_status_reason: 'ContainerCreating', volume_preload_status: 'InProgress', image: d.image });
    expect(fresh[0]![1].volume_preload_started_at).toBeDefined();
    expect(d.status).toBe('Updating');
  });

  it('each new replica passes through every stage, and an old one stops as it becomes ready', () => {
    const seen = new Map<string, string[]>();
    let everyField = new Set<string>();
    for (const t of times('rollout', 250)) {
      if (t > scenarioDurationMs('rollout')) break;
      const d = scenarioState('rollout', t);
      for (const [name, e] of byRevision(d, newRev)) {
        const stage = `${e.replica_status}/${e.replica_status_reason ?? ''}/${e.volume_preload_status}/${e.replica_ready_since ? 'ready' : ''}`;
        const stages = seen.get(name) ?? [];
        if (stages.at(-1) !== stage) stages.push(stage);
        seen.set(name, stages);
        everyField = new Set([...everyField, ...Object.keys(e)]);
      }
      expect(byRevision(d, oldRev).filter(([, e]) => isReady(e)).length + byRevision(d, newRev).filter(([, e]) => isReady(e)).length).toBe(3);
    }
    expect([...seen.values()]).toEqual(Array(3).fill([
      'Waiting/ContainerCreating/InProgress/', 'Waiting/ContainerCreating/Completed/', 'Running//Completed/', 'Running//Completed/ready',
    ]));
    const old = (t: number) => byRevision(scenarioState('rollout', t), oldRev).map(([, e]) => e.replica_status);
    expect(old(21_000)).toEqual(['Terminated', 'Running', 'Running']);
    expect(old(30_000)).toEqual(['Running', 'Running']);
    expect(everyField).toEqual(new Set(['image', 'revision_id', 'replica_status', 'replica_status_reason', 'replica_ready_since', 'volume_preload_status', 'volume_preload_started_at', 'volume_preload_completed_at']));
  });

  it('ends Ready with 3 new replicas and no old ones', () => {
    expect(end.status).toBe('Ready');
    expect(byRevision(end, newRev)).toHaveLength(3);
    expect(byRevision(end, oldRev)).toHaveLength(0);
    expect(end).toMatchObject({ ready_replicas: 3, desired_replicas: 3 });
    expect(scenarioState('rollout', scenarioDurationMs('rollout') - 1_000).status).toBe('Updating');
    expect(scenarioState('rollout', 3_600_000)).toEqual(scenarioState('rollout', scenarioDurationMs('rollout') + 1));
  });

  it('with loop, starts over after a pause with the next revision, continuing from the last one', () => {
    const period = scenarioPeriodMs('rollout');
    expect(LOOP_PAUSE_MS).toBeGreaterThanOrEqual(10_000);
    expect(scenarioState('rollout', period - 1, { loop: true })).toEqual(scenarioState('rollout', period - 1));
    const again = scenarioState('rollout', period, { loop: true });
    expect(again.status).toBe('Updating');
    expect(again.image).not.toBe(end.image);
    expect(again.updated_at).toBe(isoSeconds(DEFAULT_STARTED_AT + period));
    // The previous rollout's replicas are now the old ones, unchanged.
    expect(Object.keys(again.replica_events)).toEqual(Object.keys(end.replica_events));
    expect(events(again).every(([, e]) => e.revision_id === newRev && isReady(e))).toBe(true);
    const done = scenarioState('rollout', period + scenarioDurationMs('rollout'), { loop: true });
    expect(done.status).toBe('Ready');
    expect(events(done).every(([, e]) => e.image === again.image)).toBe(true);
    expect(new Set([...Object.keys(done.replica_events), ...Object.keys(end.replica_events)]).size).toBe(6);
  });

  it('stamps times in wall-clock terms at higher speeds', () => {
    const d = scenarioState('rollout', scenarioDurationMs('rollout'), { speed: 10, startedAt: DEFAULT_STARTED_AT });
    const readySince = events(d).map(([, e]) => Date.parse(e.replica_ready_since!));
    expect(Math.max(...readySince)).toBeLessThanOrEqual(DEFAULT_STARTED_AT + scenarioDurationMs('rollout') / 10);
  });
});

describe('crashloop', () => {
  const end = scenarioState('crashloop', scenarioDurationMs('crashloop'));

  it('ends Failed, the new revision in CrashLoopBackOff, the old one still serving', () => {
    expect(end.status).toBe('Failed');
    const [serving, crashing] = [events(end).filter(([, e]) => isReady(e)), events(end).filter(([, e]) => e.image === end.image)];
    expect(serving).toHaveLength(3);
    expect(serving.every(([, e]) => e.image !== end.image)).toBe(true);
    expect(crashing.length).toBeGreaterThan(0);
    for (const [name, e] of crashing) {
      expect(e).toMatchObject({ replica_status: 'Waiting', replica_status_reason: 'CrashLoopBackOff' });
      expect(e.replica_status_message).toBe(`back-off 40s restarting failed container=model pod=${name}`);
    }
    expect(scenarioState('crashloop', 3_600_000)).toEqual(end);
    const stalled = rolloutOf(parseDeployment(end));
    expect(stalled.phase).toBe('failing');
  });

  it('is Updating before it fails, with Terminated/Error between restarts', () => {
    const statuses = new Set<string>();
    for (const t of times('crashloop')) {
      if (t >= scenarioDurationMs('crashloop')) break;
      const d = scenarioState('crashloop', t);
      expect(d.status).toBe('Updating');
      for (const [, e] of events(d)) if (e.replica_status_reason === 'Error') statuses.add(e.replica_status_message ?? '');
    }
    expect([...statuses]).toEqual([expect.stringMatching(/^Error: CUDA out of memory/)]);
  });

  it('logs a traceback for each crash', () => {
    const crashing = events(end).find(([, e]) => e.replica_status_reason === 'CrashLoopBackOff')![0];
    const lines = scenarioLogs('crashloop', scenarioDurationMs('crashloop'), { replicaId: crashing }).lines;
    expect(lines.filter((l) => l.includes('Traceback (most recent call last):'))).toHaveLength(3);
    expect(lines.filter((l) => l.includes('torch.OutOfMemoryError: CUDA out of memory'))).toHaveLength(3);
    expect(lines.some((l) => l.includes('Application startup complete'))).toBe(false);
  });
});

describe('scale', () => {
  const at = (t: number, loop = false) => scenarioState('scale', t, { loop });

  it('uses queue-backlog autoscaling between 1 and 5', () => {
    expect(at(0)).toMatchObject({ autoscaling: { metric: 'QueueBacklogPerWorker', target: 1.01 }, min_replicas: 1, max_replicas: 5 });
  });

  it('scales 1 → 5 → 2, Scaling while on its way', () => {
    expect(at(0)).toMatchObject({ status: 'Ready', desired_replicas: 1, ready_replicas: 1 });
    const up = at(10_000);
    expect(up).toMatchObject({ status: 'Scaling', desired_replicas: 5, ready_replicas: 1 });
    expect(events(up).filter(([, e]) => e.replica_status_reason === 'ContainerCreating')).toHaveLength(4);
    const peak = at(40_000);
    expect(peak).toMatchObject({ status: 'Ready', desired_replicas: 5, ready_replicas: 5 });
    const down = at(51_500);
    expect(down).toMatchObject({ status: 'Scaling', desired_replicas: 2, ready_replicas: 2 });
    expect(events(down).filter(([, e]) => e.replica_status === 'Terminated' && e.replica_status_reason === 'Completed')).toHaveLength(3);
    const end = at(scenarioDurationMs('scale'));
    expect(end).toMatchObject({ status: 'Ready', desired_replicas: 2, ready_replicas: 2 });
    expect(events(end)).toHaveLength(2);
    expect(Date.parse(end.updated_at)).toBeGreaterThan(DEFAULT_STARTED_AT);
  });

  it('with loop, scales back to 1 and bursts again', () => {
    const period = scenarioPeriodMs('scale');
    const restart = at(period + 1_000, true);
    expect(restart).toMatchObject({ status: 'Scaling', desired_replicas: 1, ready_replicas: 1 });
    expect(events(restart).filter(([, e]) => e.replica_status === 'Terminated')).toHaveLength(1);
    expect(at(period + 40_000, true)).toMatchObject({ status: 'Ready', desired_replicas: 5, ready_replicas: 5 });
    expect(at(2 * period + scenarioDurationMs('scale'), true)).toMatchObject({ status: 'Ready', desired_replicas: 2, ready_replicas: 2 });
  });
});

describe('logs', () => {
  it('prefixes every replica’s lines with its name when not filtered, newest last, capped', () => {
    const lines = scenarioLogs('steady', 3_600_000).lines;
    expect(lines).toHaveLength(200);
    const d = scenarioState('steady', 3_600_000);
    for (const line of lines) expect(Object.keys(d.replica_events)).toContain(/^\[([^\]]+)\] /.exec(line)?.[1]);
    const stamps = lines.map((l) => Date.parse(l.split(' ')[1]!));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(stamps.at(-1)).toBeLessThanOrEqual(DEFAULT_STARTED_AT + 3_600_000);
  });

  it('filters to one replica with ISO-stamped lines, and shows a starting replica loading its model', () => {
    const d = scenarioState('rollout', 15_000);
    const [fresh] = events(d).find(([, e]) => e.replica_status === 'Running' && !e.replica_ready_since)!;
    const lines = scenarioLogs('rollout', 15_000, { replicaId: fresh }).lines;
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \S/);
    expect(lines.some((l) => l.includes('Starting to load model'))).toBe(true);
    expect(scenarioLogs('rollout', 15_000, { replicaId: 'no-such-replica' }).lines).toEqual([]);
  });

  it('a replica still being created has no container logs yet', () => {
    const d = scenarioState('rollout', 5_000);
    const [creating] = events(d).find(([, e]) => e.replica_status_reason === 'ContainerCreating')!;
    expect(scenarioLogs('rollout', 5_000, { replicaId: creating }).lines).toEqual([]);
  });

  it('a stopped replica logs its shutdown', () => {
    const d = scenarioState('rollout', 21_000);
    const [stopped] = events(d).find(([, e]) => e.replica_status === 'Terminated')!;
    expect(scenarioLogs('rollout', 21_000, { replicaId: stopped }).lines.at(-1)).toMatch(/Finished server process/);
  });
});
