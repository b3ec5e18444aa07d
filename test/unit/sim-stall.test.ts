// The `stall` scenario: a rollout whose new replica never leaves ContainerCreating.
import { describe, expect, it } from 'vitest';
import { DEFAULT_STARTED_AT, scenarioState } from '../../src/sim/scenarios.js';

const HOUR_MS = 3_600_000;

describe('stall scenario', () => {
  it('keeps the new revision ContainerCreating, preloading, and the deployment Updating, for hours', () => {
    for (const t of [5_000, 10 * 60_000, 5 * HOUR_MS]) {
      for (const loop of [false, true]) {
        const d = scenarioState('stall', t, { loop });
        expect(d).toMatchObject({ status: 'Updating', ready_replicas: 3, desired_replicas: 3 });
        const fresh = Object.entries(d.replica_events).filter(([, e]) => e.image === d.image);
        expect(fresh).toHaveLength(1);
        const [name, ev] = fresh[0]!;
        expect(name).toMatch(/^stall-[a-z0-9]{9}-[a-z0-9]{5}$/);
        expect(ev).toMatchObject({ replica_status: 'Waiting', replica_status_reason: 'ContainerCreating', volume_preload_status: 'InProgress' });
        expect(ev.replica_ready_since).toBeUndefined();
        // Created a moment after the update, and it says so whatever the time now.
        expect(Date.parse(ev.volume_preload_started_at!)).toBe(DEFAULT_STARTED_AT + 1_000);
        const old = Object.values(d.replica_events).filter((e) => e.image !== d.image);
        expect(old).toHaveLength(3);
        expect(old.every((e) => e.replica_status === 'Running' && e.replica_ready_since !== undefined && e.revision_id !== ev.revision_id)).toBe(true);
      }
    }
  });

  it('is Updating with only the old revision before the new replica is scheduled', () => {
    const d = scenarioState('stall', 0);
    expect(d.status).toBe('Updating');
    expect(Object.values(d.replica_events).every((e) => e.image !== d.image)).toBe(true);
  });
});
