// Properties of the progress tracker over generated snapshot sequences: whatever the API says,
// in whatever order, the view is well-formed, and a crash is not forgotten before it has settled.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaEvent } from '../../src/api/schema.js';
import { initialProgress, progressView, trackProgress, type ProgressState } from '../../src/watch/progress.js';
import { iso, T0 } from '../helpers/fixtures.js';

const PHASES = ['steady', 'scaling', 'progressing', 'complete', 'failed', 'stalled'];
const NAMES = ['a', 'b', '__proto__', 'constructor', 'toString'];
const STATES: Array<Partial<ReplicaEvent>> = [
  { replica_status: 'Waiting', replica_status_reason: 'ContainerCreating' },
  { replica_status: 'Running' },
  { replica_status: 'Running', replica_ready_since: 'READY' },
  { replica_status: 'Terminated', replica_status_reason: 'Error', replica_status_message: 'boom' },
  { replica_status: 'Waiting', replica_status_reason: 'CrashLoopBackOff', replica_status_message: 'back-off 10s' },
  { replica_status: 'Terminated', replica_status_reason: 'Completed' },
  // A reason the API may add that reads as a failure, and one that does not.
  { replica_status: 'Waiting', replica_status_reason: 'GPUDriverCrashed' },
  { replica_status: 'Mystery', replica_status_reason: 'SomethingNew' },
  {},
];

const replicaArb = fc.record({
  state: fc.integer({ min: 0, max: STATES.length - 1 }),
  revision: fc.constantFrom('rev-1', 'rev-2', undefined),
  createdAgoMs: fc.integer({ min: -60_000, max: 3_600_000 }),
});
const stepArb = fc.record({
  dtMs: fc.integer({ min: 0, max: 120_000 }),
  status: fc.constantFrom('Ready', 'Updating', 'Scaling', 'Failed', 'Weird', undefined),
  desired: fc.option(fc.integer({ min: -2, max: 6 }), { nil: undefined }),
  ready: fc.option(fc.integer({ min: -2, max: 6 }), { nil: undefined }),
  replicas: fc.dictionary(fc.constantFrom(...NAMES), replicaArb, { maxKeys: 5 }),
  error: fc.boolean(),
});

type Step = typeof stepArb extends fc.Arbitrary<infer S> ? S : never;

function build(step: Step, at: number): Deployment {
  const events: Record<string, ReplicaEvent> = Object.create(null);
  for (const [name, r] of Object.entries(step.replicas)) {
    const { replica_ready_since: ready, ...state } = STATES[r.state]!;
    events[name] = {
      ...state,
      ...(ready ? { replica_ready_since: iso(at - 1_000) } : {}),
      ...(r.revision === undefined ? {} : { revision_id: r.revision, image: `img:${r.revision}` }),
      volume_preload_started_at: iso(at - r.createdAgoMs),
    };
  }
  return { name: 'd', image: 'img:rev-2', status: step.status, desired_replicas: step.desired, ready_replicas: step.ready, replica_events: events } as Deployment;
}

describe('progress tracker, generated sequences', () => {
  it('always gives a well-formed view, and keeps a crashed replica failing until it has been ready 30 s', () => {
    fc.assert(fc.property(fc.array(stepArb, { minLength: 1, maxLength: 25 }), (steps) => {
      let index = 0;
      let state: ProgressState = initialProgress();
      let at = T0;
      /** Per replica: crashed (seen in a failing state) and not ready for 30 s since. */
      const unsettled = new Map<string, { readyFrom?: number }>();
      for (const step of steps) {
        at += step.dtMs;
        index++;
        const snap = step.error
          ? { ok: false as const, error: { kind: 'network' as const, message: 'reset' }, at, latencyMs: 0 }
          : { ok: true as const, data: build(step, at), at, latencyMs: 0 };
        state = trackProgress(state, snap).state;
        if (!snap.ok) continue;
        for (const name of [...unsettled.keys()]) if (!Object.hasOwn(snap.data.replica_events!, name)) unsettled.delete(name); // `in` would find `constructor` on a plain object
        for (const [name, r] of Object.entries(step.replicas)) {
          const failing = r.state === 3 || r.state === 4 || r.state === 6;
          const ready = r.state === 2;
          if (failing) unsettled.set(name, {});
          else if (ready && unsettled.has(name)) unsettled.get(name)!.readyFrom ??= at - 1_000; // build() says ready since a second ago
          else if (unsettled.get(name)?.readyFrom !== undefined && at - unsettled.get(name)!.readyFrom! >= 30_000) unsettled.delete(name);
          else if (unsettled.has(name)) unsettled.set(name, {});
        }
        const view = progressView(state, at)!;
        expect(PHASES).toContain(view.phase);
        expect(JSON.stringify(view)).not.toMatch(/NaN|Infinity|undefined|null/);
        if (view.rollout) {
          expect(view.rollout.elapsedMs).toBeGreaterThanOrEqual(0);
          if (view.rollout.estimateMs !== undefined) expect(view.rollout.estimateMs).toBeGreaterThanOrEqual(0);
        }
        expect(view.replicas.map((r) => r.name).sort()).toEqual(Object.keys(step.replicas).sort());
        const failing = new Set(view.failing.map((f) => f.name));
        for (const [name, u] of unsettled) {
          if (u.readyFrom === undefined || at - u.readyFrom < 30_000) expect(failing.has(name), `${name} at step ${index}`).toBe(true);
        }
      }
    }), { numRuns: 300 });
  });
});
