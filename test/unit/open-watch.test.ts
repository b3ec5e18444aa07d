import { describe, expect, it, vi } from 'vitest';
import type { DeploymentsClient } from '../../src/api/client.js';
import { ApiError } from '../../src/api/errors.js';
import type { Deployment } from '../../src/api/schema.js';
import { openWatch } from '../../src/commands/watch.js';
import { useFakeClock } from '../helpers/clock.js';
import { deployment } from '../helpers/fixtures.js';

useFakeClock();

/** A client serving `current()` as the deployment, counting queue requests; queue answers fail when told. */
function fakeClient(current: () => Deployment, queueFails: () => boolean) {
  const asked: string[] = [];
  const client: DeploymentsClient = {
    list: async () => ({ data: [current()] }),
    get: async () => current(),
    logs: async () => ({ lines: [] }),
    queueMetrics: async (model) => {
      asked.push(model);
      if (queueFails()) throw new ApiError('server', 'server error (500)', { status: 500 });
      return { messages_waiting: 4, messages_running: 2, total_jobs: 6 };
    },
  };
  return { client, asked };
}

describe('openWatch and the queue', () => {
  it('polls no queue for a deployment that does not scale on one', async () => {
    const { client, asked } = fakeClient(() => deployment({ autoscaling: { metric: 'HTTPTotalRequests', target: 10 } }), () => false);
    const w = openWatch(client, 'llama-chat', 2_000);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(w.controller.getState().polls).toBeGreaterThan(5);
    expect(asked).toEqual([]);
    expect(w.queue.getState()).toBeUndefined();
    w.stop();
  });

  it('polls the queue from the first snapshot that shows the metric, keeps its failures to itself, and stops with the watch', async () => {
    let fail = false;
    let d = deployment({ name: 'batch', ready_replicas: 2, autoscaling: { metric: 'QueueBacklogPerWorker', target: 1.01 } });
    const { client, asked } = fakeClient(() => d, () => fail);
    const w = openWatch(client, 'batch', 2_000);
    await vi.advanceTimersByTimeAsync(1);
    expect(asked).toEqual(['batch']);
    expect(w.queue.getState()).toMatchObject({ backlog: 3 });
    fail = true;
    await vi.advanceTimersByTimeAsync(4_000);
    expect(w.queue.getState()?.error?.kind).toBe('server');
    expect(w.controller.getState().error).toBeUndefined();
    // The metric changes away: the queue is no longer polled.
    d = { ...d, autoscaling: { metric: 'HTTPTotalRequests', target: 10 } };
    await vi.advanceTimersByTimeAsync(2_000);
    const count = asked.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(asked).toHaveLength(count);
    expect(w.queue.getState()).toBeUndefined();
    w.stop();
  });

  it('stops polling the queue when the watch stops', async () => {
    const { client, asked } = fakeClient(() => deployment({ name: 'batch', autoscaling: { metric: 'QueueBacklogPerWorker' } }), () => false);
    const w = openWatch(client, 'batch', 2_000);
    await vi.advanceTimersByTimeAsync(1);
    w.stop();
    const count = asked.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(asked).toHaveLength(count);
  });
});
