// Replica health from what Kubernetes-style status, reason and preload state say.
import { replicaEntriesOf, type Deployment, type ReplicaEvent } from '../api/schema.js';
import type { ReplicaHealth } from './types.js';
import { byCodeUnit } from './compare.js';

const FAILING_REASONS = new Set([
  'CrashLoopBackOff', 'Error', 'OOMKilled', 'ImagePullBackOff', 'ErrImagePull', 'InvalidImageName',
  'CreateContainerError', 'CreateContainerConfigError', 'RunContainerError', 'ContainerCannotRun',
  'DeadlineExceeded', 'Evicted', 'Failed', 'Unschedulable',
]);

/** States that are part of a normal life even though they are not `ok`: never read as failures. */
const NORMAL = new Set(['', 'Running', 'Waiting', 'Pending', 'ContainerCreating', 'PodInitializing', 'Terminated', 'Completed', 'Succeeded', 'Ready', 'Starting', 'Creating']);
/** Words in a status or reason the API may add that mean trouble (`ContainerStatusUnknown` is not one; `Zooming` is no OOM). */
const FAILURE_WORDS = /error|fail|crash|backoff|kill|explod|panic|abort|invalid|denied|refused|evict|unschedulable|^err/i;
const OOM = /OOM/;

/** An unknown status or reason that reads as a failure (`Exploding`, `NodeOOM`, `ErrImageNeverPull`). */
export function readsAsFailure(word: string): boolean {
  return !NORMAL.has(word) && (FAILURE_WORDS.test(word) || OOM.test(word));
}

/** Health from one snapshot: the known failure reasons, and any status or reason the API adds that reads as one. */
export function replicaHealth(ev: ReplicaEvent): ReplicaHealth {
  const status = ev.replica_status ?? '';
  const reason = ev.replica_status_reason ?? '';
  if (FAILING_REASONS.has(reason) || status === 'Failed' || ev.volume_preload_status === 'Failed') return 'failing';
  if (readsAsFailure(status) || readsAsFailure(reason)) return 'failing';
  if (status === 'Terminated' || status === 'Succeeded') return 'terminated';
  if (status === 'Running' && ev.replica_ready_since) return 'ok';
  return 'progressing';
}

const ORDER: Record<ReplicaHealth, number> = { failing: 0, progressing: 1, ok: 2, terminated: 3 };

/**
 * The deployment's replicas as [name, event] pairs: own keys only, so a replica named
 * `constructor` or `__proto__` is read like any other and no lookup reaches Object.prototype.
 */
export function replicaEntries(d: Deployment | undefined): readonly (readonly [string, ReplicaEvent])[] {
  const events = d?.replica_events;
  return events === undefined ? NO_ENTRIES : replicaEntriesOf(events);
}

const NO_ENTRIES: readonly (readonly [string, ReplicaEvent])[] = [];

/** The replica event named `name` in `events`: own keys only (a replica may be named `constructor`). */
export function eventNamed(events: Record<string, ReplicaEvent> | undefined, name: string): ReplicaEvent | undefined {
  return events !== undefined && Object.hasOwn(events, name) ? events[name] : undefined;
}

/** What one poll changed among the replicas, by object identity. */
export interface ReplicaChanges {
  /** Replicas of `next` whose event is not `prev`'s object: new ones, and changed ones (or equal ones parsed again), in `next`'s order. */
  changed: readonly string[];
  /** Replicas of `prev` that `next` does not have. */
  gone: readonly string[];
}

/**
 * The replicas whose event is not the same object as last poll's. An unchanged replica's event is
 * last poll's object (the client's parser and state.ts see to it), so at 1,000 replicas a rolling
 * poll's few changes are found with one lookup each, and each reader (the reducer's sharing, the
 * diff) asks once: the answer is kept for the pair.
 */
export function replicaChanges(prev: Deployment | undefined, next: Deployment): ReplicaChanges {
  const before = prev?.replica_events;
  const after = next.replica_events;
  if (after === undefined) return { changed: [], gone: replicaEntries(prev).map(([name]) => name) };
  const known = CHANGES.get(after);
  if (known !== undefined && known.before?.deref() === before) return known.changes;
  const changed: string[] = [];
  for (const [name, ev] of replicaEntries(next)) if (eventNamed(before, name) !== ev) changed.push(name);
  const gone: string[] = [];
  // Every name of `prev` is in `next` when there are as many and none is new.
  if (before !== undefined && !(changed.every((name) => Object.hasOwn(before, name)) && replicaEntries(prev).length === replicaEntries(next).length)) {
    for (const [name] of replicaEntries(prev)) if (!Object.hasOwn(after, name)) gone.push(name);
  }
  const changes = { changed, gone };
  CHANGES.set(after, { before: before === undefined ? undefined : new WeakRef(before), changes });
  return changes;
}

/**
 * The changes found for each events object, against which last one. Weakly: each poll's events
 * object holding the last one's would keep every poll's alive, back to the first.
 */
const CHANGES = new WeakMap<Record<string, ReplicaEvent>, { before: WeakRef<Record<string, ReplicaEvent>> | undefined; changes: ReplicaChanges }>();

/** Replica names sorted for the table: failing first, then progressing, ready, terminated; by name within. */
export function sortReplicas(events: Record<string, ReplicaEvent> | undefined): string[] {
  const health = new Map(Object.entries(events ?? {}).map(([name, ev]) => [name, ORDER[replicaHealth(ev)]]));
  return [...health.keys()].sort((a, b) => {
    const d = health.get(a)! - health.get(b)!;
    return d !== 0 ? d : byCodeUnit(a, b);
  });
}
