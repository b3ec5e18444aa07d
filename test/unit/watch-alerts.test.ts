// The alert policy of --bell/--notify over states made by the real reducer: what rings, once.
import { describe, expect, it } from 'vitest';
import { parseDeployment, type Deployment, type ReplicaEvent } from '../../src/api/schema.js';
import { AlertPolicy, appended, type Alert } from '../../src/watch/alerts.js';
import { addToTimeline, TIMELINE_CAP } from '../../src/watch/history.js';
import type { ProgressEvent, ProgressPhase } from '../../src/watch/progress.js';
import { initialState, reduce } from '../../src/watch/state.js';
import type { WatchState } from '../../src/watch/types.js';
import { deployment, replica, T0 } from '../helpers/fixtures.js';

const running: Partial<ReplicaEvent> = { replica_status: 'Running', replica_ready_since: undefined, revision_id: 'rev-2' };
const ready: Partial<ReplicaEvent> = { replica_status: 'Running', replica_ready_since: new Date(T0).toISOString(), revision_id: 'rev-2' };
const crashed: Partial<ReplicaEvent> = { replica_status: 'Terminated', replica_status_reason: 'Error', replica_status_message: 'CUDA out of memory', replica_ready_since: undefined, revision_id: 'rev-2' };
const backoff: Partial<ReplicaEvent> = { replica_status: 'Waiting', replica_status_reason: 'CrashLoopBackOff', replica_status_message: 'back-off 10s restarting failed container', replica_ready_since: undefined, revision_id: 'rev-2' };

/** A deployment whose replicas are in the given states (plus one steady old one). */
function withReplicas(states: Record<string, Partial<ReplicaEvent>>, overrides: Partial<Deployment> = {}): Deployment {
  const events: Record<string, ReplicaEvent> = { old: replica() };
  for (const [name, ev] of Object.entries(states)) events[name] = replica(ev);
  return deployment({ status: 'Updating', replica_events: events, ...overrides });
}

/** A watch fed snapshots through the reducer, each poll's state handed to one policy. */
class Watch {
  state: WatchState = initialState();
  readonly rings: Alert[] = [];
  constructor(readonly policy = new AlertPolicy()) {}

  poll(data: Deployment, at: number): Alert | undefined {
    return this.next(reduce(this.state, { ok: true, data, at, latencyMs: 5 }), at);
  }

  /** What progress.ts adds to the same timeline when a rollout's phase changes. */
  phase(phase: ProgressPhase, at: number): Alert | undefined {
    const event: ProgressEvent = { at, kind: 'phase', phase, severity: 'info', text: `rollout of rev-2 ${phase}` };
    return this.next({ ...this.state, timeline: [...this.state.timeline, event] }, at);
  }

  next(state: WatchState, at: number): Alert | undefined {
    const alert = this.policy.observe(this.state, state, at);
    this.state = state;
    if (alert) this.rings.push(alert);
    return alert;
  }
}

describe('AlertPolicy', () => {
  it('never rings for what the first snapshot shows: already Failed, replicas already failing', () => {
    const w = new Watch();
    expect(w.poll(withReplicas({ a: backoff }, { status: 'Failed' }), T0)).toBeUndefined();
    // The replica already failing cycles on: still the same failure.
    expect(w.poll(withReplicas({ a: crashed }, { status: 'Failed' }), T0 + 10_000)).toBeUndefined();
  });

  it('rings once when a replica starts failing, naming it and the cause', () => {
    const w = new Watch();
    w.poll(withReplicas({ a: running }), T0);
    expect(w.poll(withReplicas({ a: crashed }), T0 + 10_000)).toEqual({ at: T0 + 10_000, reasons: ['a: Error: CUDA out of memory'] });
  });

  it('rings once for a crash-looping replica, not on each back-off cycle', () => {
    const w = new Watch();
    w.poll(withReplicas({ a: running }), T0);
    const cycle = [crashed, backoff, running];
    for (let i = 0; i < 12; i++) w.poll(withReplicas({ a: cycle[i % 3]! }), T0 + (i + 1) * 10_000);
    expect(w.rings.map((a) => a.reasons)).toEqual([['a: Error: CUDA out of memory']]);
  });

  it('rings again for a replica that failed, recovered and stayed ready for the settle time, then failed again', () => {
    const w = new Watch();
    w.poll(withReplicas({ a: running }), T0);
    w.poll(withReplicas({ a: crashed }), T0 + 10_000);
    w.poll(withReplicas({ a: ready }), T0 + 20_000);
    // Ready for 10 s only: the same spell of failing.
    expect(w.poll(withReplicas({ a: crashed }), T0 + 30_000)).toBeUndefined();
    w.poll(withReplicas({ a: ready }), T0 + 40_000);
    w.poll(withReplicas({ a: ready, b: running }), T0 + 60_000);
    // Ready for 40 s: a new failure.
    expect(w.poll(withReplicas({ a: crashed, b: running }), T0 + 80_000)?.reasons).toEqual(['a: Error: CUDA out of memory']);
  });

  it('forgets a replica that has gone: one of the same name failing later rings', () => {
    const w = new Watch();
    w.poll(withReplicas({ a: running }), T0);
    w.poll(withReplicas({ a: crashed }), T0 + 10_000);
    w.poll(withReplicas({}), T0 + 20_000);
    expect(w.poll(withReplicas({ a: crashed }), T0 + 30_000)?.reasons).toEqual(['a: Error: CUDA out of memory']);
  });

  it('rings once when the deployment turns Failed, not while it stays Failed', () => {
    const w = new Watch();
    w.poll(withReplicas({}), T0);
    expect(w.poll(withReplicas({}, { status: 'Failed' }), T0 + 10_000)?.reasons).toEqual(['deployment Failed']);
    expect(w.poll(withReplicas({}, { status: 'Failed', ready_replicas: 2 }), T0 + 20_000)).toBeUndefined();
  });

  it.each(['complete', 'stalled', 'failed'] as const)('rings when the rollout becomes %s', (phase) => {
    const w = new Watch();
    w.poll(withReplicas({}), T0);
    expect(w.phase(phase, T0 + 10_000)?.reasons).toEqual([`rollout of rev-2 ${phase}`]);
  });

  it.each(['progressing', 'scaling', 'steady'] as const)('stays quiet when the rollout becomes %s', (phase) => {
    const w = new Watch();
    w.poll(withReplicas({}), T0);
    expect(w.phase(phase, T0 + 10_000)).toBeUndefined();
  });

  it('says nothing for ordinary changes: scaling, readiness, a replica created or gone', () => {
    const w = new Watch();
    w.poll(withReplicas({ a: running }), T0);
    w.poll(withReplicas({ a: ready, b: running }, { desired_replicas: 4 }), T0 + 10_000);
    w.poll(withReplicas({ b: ready }, { status: 'Ready' }), T0 + 20_000);
    expect(w.rings).toEqual([]);
  });

  it('coalesces what one poll brings into one alert', () => {
    const w = new Watch();
    w.poll(withReplicas({ a: running, b: running }), T0);
    const alert = w.poll(withReplicas({ a: crashed, b: backoff }, { status: 'Failed' }), T0 + 10_000);
    expect(alert?.reasons).toEqual(['deployment Failed', 'a: Error: CUDA out of memory', 'b: CrashLoopBackOff: back-off 10s restarting failed container']);
    expect(w.rings).toHaveLength(1);
  });

  it('rings at most once per 5 s; what it holds back goes out together when the gap has passed', () => {
    const w = new Watch();
    w.poll(withReplicas({ a: running, b: running, c: running }), T0);
    expect(w.poll(withReplicas({ a: crashed, b: running, c: running }), T0 + 1_000)).toBeDefined();
    expect(w.poll(withReplicas({ a: crashed, b: crashed, c: running }), T0 + 2_000)).toBeUndefined();
    expect(w.poll(withReplicas({ a: crashed, b: crashed, c: crashed }), T0 + 3_000)).toBeUndefined();
    expect(w.policy.dueAt()).toBe(T0 + 6_000);
    expect(w.policy.flush(T0 + 5_999)).toBeUndefined();
    expect(w.policy.flush(T0 + 6_000)?.reasons).toEqual(['b: Error: CUDA out of memory', 'c: Error: CUDA out of memory']);
    expect(w.policy.dueAt()).toBeUndefined();
    expect(w.policy.flush(T0 + 20_000)).toBeUndefined();
  });

  it('never storms: forty replicas failing one per 500 ms poll ring five times, each failure said once', () => {
    const w = new Watch();
    const names = Array.from({ length: 40 }, (_, i) => `r${String(i).padStart(2, '0')}`);
    const at = (i: number) => T0 + i * 500;
    w.poll(withReplicas(Object.fromEntries(names.map((n) => [n, running]))), at(0));
    for (let i = 1; i <= names.length; i++) {
      w.poll(withReplicas(Object.fromEntries(names.map((n, j) => [n, j < i ? crashed : running]))), at(i));
    }
    const last = w.policy.flush(w.policy.dueAt()!);
    const rings = [...w.rings, ...(last ? [last] : [])];
    expect(rings.length).toBe(5);
    for (let k = 1; k < rings.length; k++) expect(rings[k]!.at - rings[k - 1]!.at).toBeGreaterThanOrEqual(5_000);
    expect(rings.flatMap((a) => a.reasons)).toEqual(names.map((n) => `${n}: Error: CUDA out of memory`));
  });

  it('keys replicas by name safely: names like Object.prototype members ring like any other', () => {
    const names = ['__proto__', 'constructor', 'hasOwnProperty'];
    const body = (ev: object) =>
      parseDeployment(JSON.parse(`{"id":"d","name":"web","status":"Updating","replica_events":{${names.map((n) => `${JSON.stringify(n)}:${JSON.stringify(ev)}`).join(',')}}}`));
    const w = new Watch();
    w.poll(body({ replica_status: 'Running', revision_id: 'rev-2' }), T0);
    const alert = w.poll(body({ replica_status: 'Terminated', replica_status_reason: 'Error', revision_id: 'rev-2' }), T0 + 10_000);
    expect(alert?.reasons.sort()).toEqual(names.map((n) => `${n}: Error`).sort());
    w.poll(body({ replica_status: 'Waiting', replica_status_reason: 'CrashLoopBackOff', revision_id: 'rev-2' }), T0 + 20_000);
    expect(w.rings).toHaveLength(1);
  });

  it('keeps each reason short', () => {
    const w = new Watch();
    w.poll(withReplicas({ a: running }), T0);
    const alert = w.poll(withReplicas({ a: { ...crashed, replica_status_message: 'x'.repeat(500) } }), T0 + 10_000);
    expect(alert!.reasons[0]!.length).toBeLessThanOrEqual(120);
    expect(alert!.reasons[0]).toMatch(/^a: Error: x+…$/);
  });
});

describe('appended', () => {
  const ev = (text: string, at = T0) => ({ at, text, severity: 'info' as const });
  it('finds the events added since, also when the cap dropped old ones', () => {
    const [a, b, c, d] = [ev('a'), ev('b'), ev('c'), ev('d')];
    expect(appended({ timeline: [a, b] }, { timeline: [a, b, c] })).toEqual([c]);
    expect(appended({ timeline: [a, b] }, { timeline: [b, c, d], timelineDropped: 1 })).toEqual([c, d]);
    expect(appended({ timeline: [] }, { timeline: [a] })).toEqual([a]);
    const same = { timeline: [a] };
    expect(appended(same, same)).toEqual([]);
  });

  it('takes exactly the new ones when the last event seen is gone, never the old ones again', () => {
    const [a, b, c, d] = [ev('a', T0), ev('b', T0 + 1), ev('c', T0 + 2), ev('d', T0 + 2)];
    // More than the cap appended at once (x, c, d with room for two): the old last one is gone.
    expect(appended({ timeline: [a, b] }, { timeline: [c, d], timelineDropped: 3 })).toEqual([c, d]);
    // The same events as copies (a list rebuilt elsewhere): only the new poll's.
    expect(appended({ timeline: [a, b] }, { timeline: [{ ...a }, { ...b }, c, d] })).toEqual([c, d]);
  });

  it('counts, so events stamped no later than the last one seen (a clock set back) are still new', () => {
    const [a, b, c, d] = [ev('a', T0), ev('b', T0), ev('c', T0 - 5_000), ev('d', T0 - 5_000)];
    expect(appended({ timeline: [a, b] }, { timeline: [c, d], timelineDropped: 3 })).toEqual([c, d]);
    expect(appended({ timeline: [a, b], timelineDropped: 7 }, { timeline: [a, b, c], timelineDropped: 7 })).toEqual([c]);
  });

  it('sees through the real timeline cap: a poll adding more than it keeps yields all it kept', () => {
    const before = addToTimeline({ timeline: [] }, [ev('old 1'), ev('old 2')]);
    const burst = Array.from({ length: TIMELINE_CAP + 5 }, (_, i) => ev(`new ${i}`));
    const after = addToTimeline(before, burst);
    expect(appended(before, after)).toEqual(burst.slice(5));
    const more = addToTimeline(after, [ev('newest')]);
    expect(appended(after, more)).toEqual([ev('newest')]);
  });
});
