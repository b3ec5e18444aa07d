// Snapshots in, WatchState out: a pure reducer and a few selectors. Unchanged data keeps its
// object reference, so memoised components skip work and an idle poll redraws only the clock.
import { causeText } from '../api/error-causes.js';
import type { ApiErrorKind } from '../api/errors.js';
import { knownEntries, type Deployment, type ReplicaEvent } from '../api/schema.js';
import { diffDeployments } from './diff.js';
import { rememberCauses } from './failures.js';
import { addToTimeline, pushCapped, READY_SERIES_CAP } from './history.js';
import { countOrUndefined } from './plausible.js';
import { advanceProgress, DEFAULT_PROGRESS_OPTIONS, explainReplica, initialProgress, type ProgressEvent, type ProgressOptions } from './progress.js';
import { isFailing } from './replica-memory.js';
import { eventNamed, replicaChanges, replicaEntries, replicaHealth } from './replica.js';
import type { Severity, Snapshot, SnapshotError, TimelineEvent, WatchState } from './types.js';

/**
 * Deep equality for parsed JSON (plain objects, arrays, primitives), with node:util's
 * isDeepStrictEqual's answer for such data (own keys must match, an `undefined` value included)
 * but without its allocations: it runs on every poll, hundreds of times a second at a 1 ms interval.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  // Object.keys, not for-in: own keys only either way, and a third faster on a list of 500.
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const key of keys) if (!Object.hasOwn(y, key) || !sameData(x[key], y[key])) return false;
  return true;
}

/**
 * sameData for two deployments, where only the replica events that are not last poll's objects
 * (replicaChanges) are compared: a thousand unchanged replicas are not walked again.
 */
function sameDeployment(prev: Deployment, next: Deployment): boolean {
  const [a, b] = [prev.replica_events, next.replica_events];
  if (a === undefined || b === undefined || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return sameData(prev, next);
  const { changed, gone } = replicaChanges(prev, next);
  if (gone.length > 0 || !changed.every((name) => sameEvent(a, name, eventNamed(b, name)!))) return false;
  const keys = Object.keys(prev);
  if (Object.getPrototypeOf(prev) !== Object.getPrototypeOf(next) || keys.length !== Object.keys(next).length) return false;
  const x = prev as unknown as Record<string, unknown>;
  const y = next as unknown as Record<string, unknown>;
  return keys.every((key) => Object.hasOwn(y, key) && (key === 'replica_events' || sameData(x[key], y[key])));
}

/** Slack on top of two intervals before data counts as stale: a slow poll is not an outage. */
export const STALE_SLACK_MS = 1_000;

export function initialState(progressOptions: Partial<ProgressOptions> = {}): WatchState {
  return {
    consecutiveFailures: 0, timeline: [], readySeries: [], desiredSeries: [], revisionOrder: [], causes: new Map(), polls: 0, paused: false,
    progress: initialProgress(), progressOptions: { ...DEFAULT_PROGRESS_OPTIONS, ...progressOptions },
  };
}

export function reduce(state: WatchState, snap: Snapshot<Deployment>): WatchState {
  return snap.ok ? succeed(state, snap, snap.data) : fail(state, snap.error, snap.at);
}

/**
 * The new data with each replica event that did not change replaced by the last poll's object, so
 * what is worked out per replica event (the diff, the tracker, the table) is skipped or kept for it.
 */
export function shareReplicas(prev: Deployment | undefined, next: Deployment): Deployment {
  const before = prev?.replica_events;
  const after = next.replica_events;
  if (before === undefined || after === undefined) return next;
  // The client's parser already hands back an unchanged event as last poll's object: only an event
  // that is not, yet equal to last poll's (a body parsed whole), makes a new object worth building.
  const { changed } = replicaChanges(prev, next);
  if (!changed.some((name) => sameEvent(before, name, eventNamed(after, name)!))) return next;
  const proto = Object.getPrototypeOf(after) as object | null;
  const events = Object.create(proto) as Record<string, ReplicaEvent>;
  const entries: (readonly [string, ReplicaEvent])[] = [];
  for (const [name, ev] of replicaEntries(next)) {
    const value = sameEvent(before, name, ev) ? eventNamed(before, name)! : ev;
    entries.push([name, value]);
    // Parsed data has no prototype (api/schema.ts); otherwise defined, so that a replica named `__proto__` is a name like any other.
    if (proto === null) events[name] = value;
    else Object.defineProperty(events, name, { value, enumerable: true, writable: true, configurable: true });
  }
  knownEntries(events, entries);
  return { ...next, replica_events: events };
}

/** Is `ev` equal to the event of the same name in `before` (the same object or not)? */
function sameEvent(before: Record<string, ReplicaEvent>, name: string, ev: ReplicaEvent): boolean {
  const old = eventNamed(before, name);
  return old !== undefined && sameData(old, ev);
}

/** The same state when nothing changes, so subscribers are not woken for nothing. */
export function setPaused(state: WatchState, paused: boolean): WatchState {
  return state.paused === paused ? state : { ...state, paused };
}

function succeed(state: WatchState, snap: Snapshot<Deployment> & { ok: true }, data: Deployment): WatchState {
  const { at, latencyMs } = snap;
  // A resumed watch's first poll is news against what the last watch saw, not a second first look.
  const prev = state.deployment ?? state.resumedFrom;
  const unchanged = prev !== undefined && sameDeployment(prev, data);
  const deployment = unchanged ? prev : shareReplicas(prev, data);
  const events: TimelineEvent[] = [];
  if (state.error) {
    const n = state.consecutiveFailures;
    events.push({ at, severity: 'ok', text: `connection restored after ${n} failed poll${n === 1 ? '' : 's'}` });
  }
  const progress = advanceProgress(state.progress, { ...snap, data: deployment }, unchanged, state.progressOptions);
  if (!unchanged) events.push(...withoutRepeats(diffDeployments(prev, deployment, at), prev === undefined, progress.events));
  else events.push(...progress.events.map(plainEvent));

  const { error: _cleared, resumedFrom: _diffed, ...rest } = state;
  return {
    ...rest,
    deployment,
    lastSuccessAt: at,
    lastAttemptAt: at,
    latencyMs,
    consecutiveFailures: 0,
    ...addToTimeline(state, events),
    readySeries: pushCapped(state.readySeries, readyCount(data), READY_SERIES_CAP),
    desiredSeries: pushCapped(state.desiredSeries ?? [], countOrUndefined(data.desired_replicas) ?? Number.NaN, READY_SERIES_CAP),
    // The tracker's order, the same array: it has just taken in this snapshot's new revisions.
    revisionOrder: progress.state.revisionOrder,
    causes: unchanged ? state.causes : rememberCauses(state.causes, data),
    polls: state.polls + 1,
    progress: progress.state,
  };
}

/**
 * The differences and the tracker's events of one snapshot, each said once: a rollout that began
 * is the tracker's line (it names what it replaces and the images), not also the diff's "revision
 * X rolling in"; and the first snapshot's phase is said only when it is news (not steady, not scaling).
 */
function withoutRepeats(diff: TimelineEvent[], first: boolean, progress: readonly ProgressEvent[]): TimelineEvent[] {
  const began = progress.some((e) => e.kind === 'phase' && e.phase === 'progressing' && /^rollout of .* began/.test(e.text));
  const counted = progress.some((e) => e.kind === 'progress');
  const kept = diff.filter((e) => !(began && /^revision \S+ rolling in/.test(e.text)) && !(counted && e.replica === undefined && e.text.startsWith('ready ')));
  // Configuration changes are diff.ts's to say (the tracker keeps them for `depwatch rollout`'s summary).
  const news = progress.filter((e) => e.kind !== 'change');
  const told = first ? news.filter((e) => e.kind !== 'phase' || (e.phase !== 'steady' && e.phase !== 'scaling')) : news;
  return [...kept, ...told.map(plainEvent)];
}

/** A tracker event as a timeline line; a bare count says whose. A phase keeps its kind and phase: alerts ring on them. */
function plainEvent({ at, severity, text, kind, phase }: ProgressEvent): TimelineEvent {
  const line = { at, severity, text: kind === 'progress' ? `rollout ${text}` : text };
  return kind === 'phase' && phase !== undefined ? { ...line, kind, phase } : line;
}

function fail(state: WatchState, error: SnapshotError, at: number): WatchState {
  const previous = state.error;
  const since = previous?.since ?? at;
  // One line when an outage starts, and one when its nature changes; silence in between.
  const event: TimelineEvent | undefined =
    previous === undefined || previous.kind !== error.kind ? { at, severity: errorSeverity(error.kind), text: causeText(error.kind, error.status, error.message) } : undefined;
  return {
    ...state,
    error: { ...error, since },
    consecutiveFailures: state.consecutiveFailures + 1,
    lastAttemptAt: at,
    ...addToTimeline(state, event ? [event] : []),
    polls: state.polls + 1,
  };
}

/**
 * Failing replicas of the current deployment, with memory: a crash-looping replica between two
 * crashes (Running, not ready) still counts, so its crash loop is one spell of failing, not one per back-off.
 */
export function failingReplicas(state: WatchState, now = state.lastSuccessAt ?? 0): string[] {
  const settle = state.progressOptions.settleMs;
  return replicaEntries(state.deployment).filter(([name, ev]) => {
    const t = state.progress.replicas.get(name);
    return t === undefined ? replicaHealth(ev) === 'failing' : isFailing(t, now, settle);
  }).map(([name]) => name);
}

/** Failing replicas of the current deployment whose cause is not known (not said by the API now, nor remembered). */
export function unexplained(state: WatchState): string[] {
  return failingReplicas(state).filter((name) => !state.causes.has(name) && state.progress.replicas.get(name)?.cause === undefined);
}

/** The state with a cause learned elsewhere (the replica's logs); kept like any remembered cause, and by the tracker between crashes. */
export function learnCause(state: WatchState, replica: string, cause: string): WatchState {
  return { ...state, causes: new Map(state.causes).set(replica, cause), progress: explainReplica(state.progress, replica, cause) };
}

/** Is what the screen shows possibly out of date: the last poll failed, or no poll succeeded lately. */
export function isStale(state: WatchState, now: number, intervalMs: number): boolean {
  if (state.error) return true;
  if (state.lastSuccessAt === undefined) return false;
  return now - state.lastSuccessAt > 2 * intervalMs + STALE_SLACK_MS;
}

/** Age of the data on screen (ms since the last successful poll); undefined before the first. */
export function staleForMs(state: WatchState, now: number): number | undefined {
  return state.lastSuccessAt === undefined ? undefined : Math.max(0, now - state.lastSuccessAt);
}

function errorSeverity(kind: ApiErrorKind): Severity {
  // Transient trouble the poller rides out is a warning; the rest needs a person.
  return kind === 'rate-limited' || kind === 'network' || kind === 'timeout' || kind === 'server' ? 'warn' : 'error';
}

function readyCount(d: Deployment): number {
  return countOrUndefined(d.ready_replicas) ?? replicaEntries(d).filter(([, ev]) => replicaHealth(ev) === 'ok').length;
}
