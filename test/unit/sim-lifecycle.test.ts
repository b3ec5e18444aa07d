import { describe, expect, it } from 'vitest';
import { phaseAt, phases, readyAt, replicaEventAt, type ReplicaPlan } from '../../src/sim/lifecycle.js';
import { isoSeconds, wallMs } from '../../src/sim/timebase.js';

const T0 = Date.parse('2026-11-27T12:00:00Z');
const tb = { startedAt: T0, speed: 1 };
const rev = { id: 'abc123xyz', image: 'registry.together.ai/proj_x/app@sha256:' + '1'.repeat(64) };
const plan: ReplicaPlan = { name: 'app-abc123xyz-kq2zx', revision: rev, createdAt: 1_000, preloadMs: 8_000, startMs: 2_000, loadMs: 6_000 };

describe('replica lifecycle', () => {
  it('goes ContainerCreating (preloading) → ContainerCreating (preloaded) → Running → ready', () => {
    expect(replicaEventAt(plan, 999, tb)).toBeUndefined();
    expect(replicaEventAt(plan, 1_000, tb)).toEqual({
      image: rev.image, revision_id: rev.id, replica_status: 'Waiting', replica_status_reason: 'ContainerCreating',
      volume_preload_status: 'InProgress', volume_preload_started_at: isoSeconds(T0 + 1_000),
    });
    expect(replicaEventAt(plan, 9_500, tb)).toMatchObject({
      replica_status: 'Waiting', replica_status_reason: 'ContainerCreating',
      volume_preload_status: 'Completed', volume_preload_completed_at: isoSeconds(T0 + 9_000),
    });
    const running = replicaEventAt(plan, 12_000, tb);
    expect(running).toMatchObject({ replica_status: 'Running' });
    expect(running?.replica_ready_since).toBeUndefined();
    expect(readyAt(plan)).toBe(17_000);
    expect(replicaEventAt(plan, 17_000, tb)).toMatchObject({ replica_status: 'Running', replica_ready_since: isoSeconds(T0 + 17_000) });
    expect(replicaEventAt(plan, 10 * 86_400_000, tb)?.replica_ready_since).toBe(isoSeconds(T0 + 17_000));
  });

  it('shows Terminated/Completed for a while after it is stopped, then is gone', () => {
    const stopped = { ...plan, terminateAt: 30_000, goneAfterMs: 4_000 };
    const event = replicaEventAt(stopped, 31_000, tb);
    expect(event).toMatchObject({ replica_status: 'Terminated', replica_status_reason: 'Completed' });
    expect(event?.replica_ready_since).toBeUndefined();
    expect(replicaEventAt(stopped, 33_999, tb)).toBeDefined();
    expect(replicaEventAt(stopped, 34_000, tb)).toBeUndefined();
  });

  it('crash-loops with a doubling back-off and holds the last one', () => {
    const crashing: ReplicaPlan = {
      ...plan,
      crash: { runMs: 3_000, errorMs: 2_000, backoffsMs: [10_000, 20_000], message: 'Error: CUDA out of memory (exit code 1)' },
    };
    expect(readyAt(crashing)).toBeUndefined();
    expect(phases(crashing).map((p) => p.kind)).toEqual(['creating', 'starting', 'loading', 'crashed', 'backoff', 'loading', 'crashed', 'backoff']);
    // First run 11–17 s, Error 17–19 s, back-off 10 s to 29 s, second run to 32 s, Error to 34 s, then held.
    expect(replicaEventAt(crashing, 18_000, tb)).toMatchObject({ replica_status: 'Terminated', replica_status_reason: 'Error', replica_status_message: 'Error: CUDA out of memory (exit code 1)' });
    expect(replicaEventAt(crashing, 20_000, tb)).toMatchObject({
      replica_status: 'Waiting', replica_status_reason: 'CrashLoopBackOff',
      replica_status_message: 'back-off 10s restarting failed container=model pod=app-abc123xyz-kq2zx',
    });
    expect(replicaEventAt(crashing, 30_000, tb)).toMatchObject({ replica_status: 'Running' });
    expect(phaseAt(crashing, 30_000)?.run).toBe(1);
    expect(replicaEventAt(crashing, 1e9, tb)?.replica_status_message).toMatch(/^back-off 20s /);
  });

  it('maps scenario time to wall time through the speed; pre-history stays plain offsets', () => {
    expect(wallMs({ startedAt: T0, speed: 10 }, 10_000)).toBe(T0 + 1_000);
    expect(wallMs({ startedAt: T0, speed: 10 }, -60_000)).toBe(T0 - 60_000);
    expect(isoSeconds(T0 + 1_999)).toBe('2026-11-27T12:00:01Z');
  });
});
