import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import type { QueueMetrics } from '../../src/api/queue-schema.js';
import type { Deployment } from '../../src/api/schema.js';
import { backlogPerReplica, QUEUE_HISTORY, queueTarget, QueueFollower } from '../../src/watch/queue.js';
import { useFakeClock } from '../helpers/clock.js';
import { deployment, T0 } from '../helpers/fixtures.js';

useFakeClock();

const INTERVAL = 2_000;
const queued = (overrides: Partial<Deployment> = {}): Deployment =>
  deployment({ name: 'batch', ready_replicas: 2, autoscaling: { metric: 'QueueBacklogPerWorker', target: 1.01 }, ...overrides });
const metrics = (waiting: number, running: number): QueueMetrics => ({ messages_waiting: waiting, messages_running: running, total_jobs: waiting + running });

/** A follower whose fetch answers from `answers` in turn (the last one again once they run out), counting calls per model. */
function follower(answers: (QueueMetrics | Error)[]) {
  const asked: string[] = [];
  let inFlight = 0;
  let most = 0;
  const f = new QueueFollower({
    intervalMs: INTERVAL,
    random: () => 0.5,
    fetch: async (model) => {
      asked.push(model);
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 100));
      inFlight--;
      const answer = answers[Math.min(asked.length - 1, answers.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  });
  return { f, asked, most: () => most };
}

describe('queueTarget', () => {
  it('is the autoscaling model, else the deployment name, for QueueBacklogPerWorker only', () => {
    expect(queueTarget(queued())).toEqual({ model: 'batch', target: 1.01 });
    expect(queueTarget(queued({ autoscaling: { metric: 'QueueBacklogPerWorker', model: 'Qwen/Qwen2.5-7B' } }))).toEqual({ model: 'Qwen/Qwen2.5-7B' });
    expect(queueTarget(queued({ autoscaling: { metric: 'HTTPTotalRequests', target: 100 } }))).toBeUndefined();
    expect(queueTarget(deployment({ autoscaling: undefined }))).toBeUndefined();
    expect(queueTarget(undefined)).toBeUndefined();
  });
});

describe('backlogPerReplica', () => {
  it('is jobs waiting and running per ready replica', () => {
    expect(backlogPerReplica(metrics(12, 3), 3)).toBe(5);
    expect(backlogPerReplica({ total_jobs: 8 }, 4)).toBe(2);
  });

  it('is undefined without a ready replica or with impossible counts', () => {
    expect(backlogPerReplica(metrics(4, 0), 0)).toBeUndefined();
    expect(backlogPerReplica(metrics(4, 0), undefined)).toBeUndefined();
    expect(backlogPerReplica({ messages_waiting: -3, messages_running: 1, total_jobs: -2 }, 2)).toBeUndefined();
    expect(backlogPerReplica({ messages_waiting: 1e15, messages_running: 1, total_jobs: 1e15 }, 2)).toBeUndefined();
    expect(backlogPerReplica({ messages_waiting: 2.5, messages_running: 1 }, 2)).toBeUndefined();
  });
});

describe('QueueFollower', () => {
  it('polls nothing until a deployment scales on a queue, and nothing for one that does not', async () => {
    const { f, asked } = follower([metrics(0, 1)]);
    f.follow(queued({ autoscaling: { metric: 'HTTPTotalRequests', target: 100 } }));
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(asked).toEqual([]);
    expect(f.getState()).toBeUndefined();
    f.stop();
  });

  it('starts with the first snapshot that shows the metric, polls every interval and records backlog per ready replica', async () => {
    const { f, asked } = follower([metrics(0, 2), metrics(4, 2), metrics(10, 2)]);
    f.follow(queued());
    expect(f.getState()).toEqual({ model: 'batch', target: 1.01, history: [] });
    await vi.advanceTimersByTimeAsync(100);
    expect(f.getState()).toMatchObject({ metrics: metrics(0, 2), backlog: 1, history: [1], lastSuccessAt: T0 + 100 });
    await vi.advanceTimersByTimeAsync(INTERVAL + 100);
    await vi.advanceTimersByTimeAsync(INTERVAL + 100);
    expect(asked).toEqual(['batch', 'batch', 'batch']);
    expect(f.getState()).toMatchObject({ backlog: 6, history: [1, 3, 6] });
    f.stop();
  });

  it('keeps one request in flight however often it is told to poll or follow', async () => {
    const { f, asked, most } = follower([metrics(1, 1)]);
    for (let i = 0; i < 5; i++) {
      f.follow(queued());
      f.pollNow();
    }
    expect(asked).toHaveLength(1);
    // Then every interval after the last answer: at 0, 2.1, 4.2, 6.3 and 8.4 s.
    await vi.advanceTimersByTimeAsync(5 * INTERVAL);
    expect(most()).toBe(1);
    expect(asked).toHaveLength(5);
    f.stop();
  });

  it('keeps the last good numbers through a failure, marks it, and clears it on the next good poll', async () => {
    const { f } = follower([metrics(2, 2), new ApiError('server', 'server error (500)', { status: 500 }), metrics(6, 2)]);
    f.follow(queued());
    await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersByTimeAsync(INTERVAL + 100);
    expect(f.getState()).toMatchObject({ metrics: metrics(2, 2), backlog: 2, error: { kind: 'server', since: T0 + INTERVAL + 200 } });
    // Backed off, and then the next poll succeeds.
    await vi.advanceTimersByTimeAsync(30_000);
    expect(f.getState()?.error).toBeUndefined();
    expect(f.getState()).toMatchObject({ metrics: metrics(6, 2), backlog: 4 });
    f.stop();
  });

  it('records no backlog (a gap in the history) while no replica is ready', async () => {
    const { f } = follower([metrics(3, 0)]);
    f.follow(queued({ ready_replicas: 0 }));
    await vi.advanceTimersByTimeAsync(100);
    expect(f.getState()?.backlog).toBeUndefined();
    expect(f.getState()?.history).toEqual([Number.NaN]);
    f.stop();
  });

  it('bounds the history to the newest samples', async () => {
    const { f } = follower([metrics(1, 1)]);
    f.follow(queued());
    await vi.advanceTimersByTimeAsync((QUEUE_HISTORY + 10) * (INTERVAL + 100));
    expect(f.getState()?.history).toHaveLength(QUEUE_HISTORY);
    f.stop();
  });

  it('stops polling when the metric changes away, and starts over for a new model', async () => {
    const { f, asked } = follower([metrics(1, 1)]);
    f.follow(queued());
    await vi.advanceTimersByTimeAsync(100);
    f.follow(queued({ autoscaling: { metric: 'HTTPTotalRequests', target: 100 } }));
    expect(f.getState()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(asked).toEqual(['batch']);
    f.follow(queued({ autoscaling: { metric: 'QueueBacklogPerWorker', model: 'other', target: 3 } }));
    await vi.advanceTimersByTimeAsync(100);
    expect(asked).toEqual(['batch', 'other']);
    expect(f.getState()).toMatchObject({ model: 'other', target: 3, history: [1] });
    f.stop();
  });

  it('follows a new target without starting over', async () => {
    const { f, asked } = follower([metrics(1, 1)]);
    f.follow(queued());
    await vi.advanceTimersByTimeAsync(100);
    f.follow(queued({ autoscaling: { metric: 'QueueBacklogPerWorker', target: 4 } }));
    expect(f.getState()).toMatchObject({ target: 4, history: [1] });
    expect(asked).toHaveLength(1);
    f.stop();
  });

  it('pauses with the watch and polls again when resumed; stop ends it for good', async () => {
    const { f, asked } = follower([metrics(1, 1)]);
    f.follow(queued());
    await vi.advanceTimersByTimeAsync(100);
    f.setPaused(true);
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(asked).toHaveLength(1);
    f.setPaused(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(asked).toHaveLength(2);
    f.stop();
    f.follow(queued({ autoscaling: { metric: 'QueueBacklogPerWorker', model: 'again' } }));
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(asked).toHaveLength(2);
  });

  it('starts paused when the watch is paused before the metric shows', async () => {
    const { f, asked } = follower([metrics(1, 1)]);
    f.setPaused(true);
    f.follow(queued());
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(asked).toEqual([]);
    f.setPaused(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(asked).toEqual(['batch']);
    f.stop();
  });
});
