import { afterEach, describe, expect, it } from 'vitest';
import { parseQueueMetrics } from '../../src/api/queue-schema.js';
import { scenarioPeriodMs, scenarioQueue, scenarioQueueModel, scenarioState } from '../../src/sim/scenarios.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import type { QueueMetricsWire } from '../../src/sim/wire.js';

const T0 = Date.parse('2026-11-27T12:00:00Z');
const TARGET = 1.01;

/** Jobs per ready replica in the scale scenario at scenario time t. */
function backlog(t: number, loop = false): { q: QueueMetricsWire; ready: number; desired: number; perReplica: number } {
  const q = scenarioQueue('scale', t, { loop })!;
  const d = scenarioState('scale', t, { loop });
  return { q, ready: d.ready_replicas, desired: d.desired_replicas, perReplica: q.total_jobs / d.ready_replicas };
}

describe('the scale scenario\'s queue', () => {
  it('is the queue of the deployment\'s name; other scenarios have none', () => {
    expect(scenarioQueueModel('scale')).toBe('scale');
    expect(scenarioQueueModel('steady')).toBeUndefined();
    expect(scenarioQueue('steady', 1_000)).toBeUndefined();
  });

  it('is about the target per ready replica at rest, with 1 replica and with 2', () => {
    expect(backlog(500).perReplica).toBeCloseTo(1, 5);
    const rest = backlog(60_000);
    expect(rest.ready).toBe(2);
    expect(Math.abs(rest.perReplica - TARGET)).toBeLessThan(0.05);
  });

  it('fills before the scale-up to 5 and stays over the target until the new replicas are ready', () => {
    const before = backlog(5_500);
    expect(before.desired).toBe(1);
    expect(before.q.messages_waiting).toBeGreaterThan(backlog(2_500).q.messages_waiting);
    expect(before.perReplica).toBeGreaterThan(5 * TARGET);
    expect(backlog(6_500).desired).toBe(5);
    expect(backlog(20_000).perReplica).toBeGreaterThan(TARGET);
  });

  it('drains under the target before the scale-down to 2', () => {
    const drained = backlog(48_000);
    expect(drained.ready).toBe(5);
    expect(drained.q.messages_waiting).toBe(0);
    expect(drained.perReplica).toBeLessThan(TARGET);
    expect(backlog(50_500).desired).toBe(2);
  });

  it('never runs more jobs than there are ready replicas, and its counts add up, through loops', () => {
    for (let t = 0; t < 3 * scenarioPeriodMs('scale'); t += 250) {
      const { q, ready } = backlog(t, true);
      expect(q.messages_running).toBeLessThanOrEqual(ready);
      expect(q.messages_waiting).toBeGreaterThanOrEqual(0);
      expect(q.total_jobs).toBe(q.messages_waiting + q.messages_running);
      expect(Number.isInteger(q.messages_waiting) && Number.isInteger(q.messages_running)).toBe(true);
    }
  });
});

describe('GET /v1/queue/metrics on the simulator', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });
  const start = async () => {
    sim = await startSimulator({ port: 0, scenarios: ['steady', 'scale'], now: () => T0 });
    return sim;
  };
  const get = (path: string, init: RequestInit = {}) => fetch(`${sim!.url}${path}`, { headers: { Authorization: 'Bearer k' }, ...init });
  const stats = async () => (await (await fetch(sim!.url.replace(/\/v1$/, '/_sim/stats'))).json()) as { requests: number; queueRequests: number };

  it('answers the scale deployment\'s queue, and an empty queue for a model nobody sends jobs to', async () => {
    await start();
    const res = await get('/queue/metrics?model=scale');
    expect(res.status).toBe(200);
    expect(parseQueueMetrics(await res.json())).toEqual({ messages_running: 1, messages_waiting: 0, total_jobs: 1 });
    expect(await (await get('/queue/metrics?model=steady')).json()).toEqual({ messages_running: 0, messages_waiting: 0, total_jobs: 0 });
  });

  it('answers errors as a flat QueueError: no model 400, no key 401, not GET 405', async () => {
    await start();
    const noModel = await get('/queue/metrics');
    expect(noModel.status).toBe(400);
    expect(await noModel.json()).toEqual({ message: expect.stringContaining('model'), type: 'invalid_request_error', param: 'model' });
    const noKey = await fetch(`${sim!.url}/queue/metrics?model=scale`);
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toEqual({ message: expect.stringContaining('Bearer'), type: 'authentication_error' });
    const post = await get('/queue/metrics?model=scale', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  it('plays faults on it like on any request, drift with impossible counts', async () => {
    const s = await start();
    s.setFault({ mode: 'error500', count: 1 });
    expect((await get('/queue/metrics?model=scale')).status).toBe(500);
    s.setFault({ mode: 'drift', count: 1 });
    const drifted = parseQueueMetrics(await (await get('/queue/metrics?model=scale')).json());
    expect(drifted).not.toEqual({ messages_running: 1, messages_waiting: 0, total_jobs: 1 });
    for (const mode of ['huge', 'long-strings', 'echo-key', 'hostile-names'] as const) {
      s.setFault({ mode, count: 1 });
      const res = await get('/queue/metrics?model=scale');
      if (res.status === 200) expect(parseQueueMetrics(await res.json())).toEqual({ messages_running: 1, messages_waiting: 0, total_jobs: 1 });
      else expect(res.status).toBe(500); // echo-key's first answer is its 500
    }
  });

  it('counts queue requests apart in /_sim/stats', async () => {
    await start();
    await get('/deployments/scale');
    await get('/queue/metrics?model=scale');
    await get('/queue/metrics/?model=scale');
    expect(await stats()).toEqual({ requests: 3, queueRequests: 2 });
  });
});
