// Rollout progress, with the meanings Kubernetes gives them: progressing, complete, failed,
// stalled (no progress for the progress deadline), besides steady and scaling. A pure reducer fed
// every snapshot, and a view of its state at any moment (stalls and settling happen between polls).
import { displayName, type Deployment, type ReplicaEvent } from '../api/schema.js';
import { byCodeUnit } from './compare.js';
import { configChanges } from './config-changes.js';
import { formatDuration } from './duration.js';
import { appendCapped, REVISION_ORDER_CAP } from './history.js';
import { shortImage } from './image.js';
import { isFailing, trackReplica, type ReplicaTrack } from './replica-memory.js';
import { eventNamed, replicaChanges, replicaEntries } from './replica.js';
import { rollout } from './rollout.js';
import type { ReplicaHealth, Severity, Snapshot, TimelineEvent } from './types.js';

export type ProgressPhase = 'steady' | 'scaling' | 'progressing' | 'complete' | 'failed' | 'stalled';

export interface ProgressOptions {
  /** No target replica appeared or became ready and no old one went away for this long: stalled. */
  progressDeadlineMs: number;
  /** A replica that crashed counts as failing until it has been ready this long. */
  settleMs: number;
}

export const DEFAULT_PROGRESS_OPTIONS: Readonly<ProgressOptions> = { progressDeadlineMs: 10 * 60_000, settleMs: 30_000 };

/** A rollout the tracker has seen begin (or joined in the middle). */
export interface RolloutTrack {
  /** The revision serving before it began, when known. */
  from?: string;
  fromImage?: string;
  /** First sight of the new revision; joined midway, the oldest creation among its replicas. */
  startedAt: number;
  /** Began before the tracker's first snapshot. */
  joinedMidway: boolean;
  /** The last time a target replica appeared or became ready, or an old one went away. */
  lastProgressAt: number;
  completedAt?: number;
  /** Configuration changes seen since it began, oldest first (capped). */
  changes: string[];
}

export interface ProgressState {
  deployment?: Deployment;
  /** When `deployment` was fetched. */
  at?: number;
  /** Revision ids in first-seen order (the newest last). */
  revisionOrder: readonly string[];
  /** Keyed by replica name (server-chosen, so a Map: `__proto__` is a valid name). */
  replicas: ReadonlyMap<string, ReplicaTrack>;
  rollout?: RolloutTrack;
  /** The phase last reported, to tell when it changes. */
  phase?: ProgressPhase;
  /** Ready replicas of the target revision last reported. */
  targetReady?: number;
}

export interface ReplicaProgress {
  name: string;
  revision: string | undefined;
  /** With memory: a replica that crashed stays `failing` until it has settled. */
  health: ReplicaHealth;
  state: string;
  crashes: number;
  cause?: string;
  lastCrashAt?: number;
}

export interface ProgressView {
  phase: ProgressPhase;
  deployment: string;
  status?: string;
  target?: string;
  /** Old revisions that still have live replicas. */
  previous: { revision: string; live: number }[];
  ready: number;
  desired: number;
  /** Ready replicas of the target revision. */
  targetReady: number;
  /** The rollout, when one began or is going on (also after it completed). */
  rollout?: {
    from?: string;
    /** Shortened images: what it replaces and what it rolls in. */
    fromImage?: string;
    toImage?: string;
    startedAt: number;
    /** Began before the first snapshot: `startedAt` is the oldest creation among its replicas. */
    joinedMidway: boolean;
    elapsedMs: number;
    /**
     * Time left from the pace so far, counting down: the estimate made when a target replica last
     * became ready (median pace × replicas to come) less the time since, never below 0. Undefined
     * until a target replica has become ready.
     */
    estimateMs?: number;
    /** When that estimate runs out (`estimateMs` is what is left of it at the view's `now`). */
    estimateEndsAt?: number;
    lastProgressAt: number;
    changes: string[];
  };
  replicas: ReplicaProgress[];
  /** Failing replicas (with memory), the target revision's first. */
  failing: ReplicaProgress[];
  /** One line: why it failed or stalled. */
  reason?: string;
}

/** A timeline event of the tracker's own: phase changes, progress counts, configuration changes. */
export interface ProgressEvent extends TimelineEvent {
  kind: 'phase' | 'progress' | 'change';
  phase?: ProgressPhase;
}

const CHANGES_CAP = 50;

export function initialProgress(): ProgressState {
  return { revisionOrder: [], replicas: new Map() };
}

function withOptions(options: Partial<ProgressOptions> | undefined): ProgressOptions {
  return { ...DEFAULT_PROGRESS_OPTIONS, ...options };
}

/** Revision ids in `d` not yet in `order`; those running the deployment's image go last (newest). */
function newRevisions(d: Deployment, order: readonly string[]): string[] {
  const ids = new Set<string>();
  const current = new Set<string>();
  // One pass, each revision looked up in `order` once: a poll reads a thousand replicas of a few revisions.
  const seen = new Set<string | undefined>([undefined]);
  for (const [, ev] of replicaEntries(d)) {
    const id = ev.revision_id;
    if (!seen.has(id)) {
      seen.add(id);
      if (!order.includes(id!)) ids.add(id!);
    }
    if (d.image !== undefined && ev.image === d.image && id !== undefined) current.add(id);
  }
  return [...[...ids].filter((id) => !current.has(id)), ...[...ids].filter((id) => current.has(id))];
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function isRolling(d: Deployment, previousLive: number): boolean {
  return d.status === 'Updating' || previousLive > 0;
}

/**
 * trackProgress for a watch that polls: a snapshot whose data is the same as the last one
 * (`unchanged`, the caller's deep comparison) keeps the state object, unless a change by time
 * alone (a stall, a settle) came due since; an idle poll then costs nothing downstream.
 */
export function advanceProgress(state: ProgressState, snap: Snapshot<Deployment>, unchanged: boolean, options?: Partial<ProgressOptions>): { state: ProgressState; events: ProgressEvent[] } {
  if (unchanged && state.at !== undefined) {
    const due = nextProgressChangeAt(state, state.at, options);
    if (due === undefined || due > snap.at) return { state, events: [] };
  }
  return trackProgress(state, snap, options);
}

/** The state after one snapshot, and the events it brought (phase, progress, configuration). */
export function trackProgress(state: ProgressState, snap: Snapshot<Deployment>, options?: Partial<ProgressOptions>): { state: ProgressState; events: ProgressEvent[] } {
  const opts = withOptions(options);
  const absorbed = snap.ok ? absorb(state, snap.data, snap.at, opts) : { state, events: [] };
  // Not through progressView's cache: `absorbed.state` is dropped below, the view cached under `next`.
  const view = viewAt(absorbed.state, snap.at, opts);
  if (view === undefined) return absorbed;
  const events = [...absorbed.events];
  const began = events.some((e) => e.kind === 'phase');
  if (view.phase !== state.phase) {
    // A rollout that just began was announced by its "began" event; one replacing a known revision
    // whose new one has no replica yet is announced when it gets one, by name (diff.ts: "revision X rolling in").
    const namedLater = view.target === undefined && view.rollout?.from !== undefined;
    if (!(view.phase === 'progressing' && (began || namedLater))) events.push({ at: snap.at, kind: 'phase', phase: view.phase, severity: phaseSeverity(view.phase), text: phaseText(view) });
  } else if (view.phase === 'progressing' && view.targetReady !== state.targetReady) {
    events.push({ at: snap.at, kind: 'progress', phase: view.phase, severity: 'info', text: progressText(view) });
  }
  const next = { ...absorbed.state, phase: view.phase, targetReady: view.targetReady };
  // The view reads neither field just set: the screen drawing this poll asks for it again.
  VIEWS.set(next, { now: snap.at, options, view });
  return { state: next, events };
}

function absorb(state: ProgressState, d: Deployment, at: number, opts: ProgressOptions): { state: ProgressState; events: ProgressEvent[] } {
  const events: ProgressEvent[] = [];
  const prev = state.deployment;
  const added = newRevisions(d, state.revisionOrder);
  // The same array while no revision is new: what is read by revision order stays cached (rollout.ts).
  const order = added.length === 0 ? state.revisionOrder : appendCapped(state.revisionOrder, added, REVISION_ORDER_CAP);
  const r = rollout(d, order);
  const before = prev === undefined ? undefined : rollout(prev, state.revisionOrder);

  // Only the replicas whose event is a new object can have moved: the rest keep their tracks (a
  // track is worked out from its event alone), and a poll of a thousand replicas that changed a few
  // copies the map and tracks those few. (The map's order is not the deployment's: readers sort.)
  const { changed, gone } = replicaChanges(prev, d);
  const incremental = prev !== undefined && state.replicas.size === replicaEntries(prev).length;
  const replicas = incremental ? new Map(state.replicas) : new Map<string, ReplicaTrack>();
  for (const name of gone) replicas.delete(name);
  let progressed = false;
  const track1 = (name: string, ev: ReplicaEvent) => {
    const old = state.replicas.get(name);
    const t = trackReplica(old, ev, at, opts.settleMs);
    replicas.set(name, t);
    if (t.revision === r.target && prev !== undefined && (old === undefined || (t.health === 'ok' && old.health !== 'ok'))) progressed = true;
    if (t.revision !== r.target && old !== undefined && old.health !== 'terminated' && t.health === 'terminated') progressed = true;
  };
  if (incremental) for (const name of changed) track1(name, eventNamed(d.replica_events, name)!);
  else for (const [name, ev] of replicaEntries(d)) track1(name, ev);
  for (const name of gone) {
    const old = state.replicas.get(name);
    if (old !== undefined && old.revision !== r.target && old.health !== 'terminated') progressed = true;
  }

  let track = state.rollout;
  const previousLive = r.previous.reduce((n, g) => n + g.live, 0);
  const inProgress = track !== undefined && track.completedAt === undefined;
  // A newer revision replacing the one this rollout was rolling in: a new rollout.
  const superseded = inProgress && before?.target !== undefined && before.target !== track!.from && r.target !== before.target && r.target !== track!.from && order.indexOf(r.target!) > order.indexOf(before.target);
  if (prev === undefined) {
    // Updating with one revision live: the new one has no replicas yet, the live one is the old.
    if (isRolling(d, previousLive)) track = previousLive > 0 ? joined(d, replicas, r.target, r.previous[0]?.revision, at) : fresh(r.target, d, at);
  } else if ((!inProgress && (isRolling(d, previousLive) || (r.target !== before?.target && !state.revisionOrder.includes(r.target ?? '')))) || superseded) {
    track = fresh(before?.target, prev, at);
    events.push({ at, kind: 'phase', phase: 'progressing', severity: 'info', text: beganText(track, d, r.target) });
  } else if (track && inProgress && progressed) {
    track = { ...track, lastProgressAt: at };
  }

  if (prev !== undefined) {
    const changes = configChanges(prev, d);
    for (const text of changes) events.push({ at, kind: 'change', severity: 'info', text: `changed: ${text}` });
    if (track && track.completedAt === undefined && changes.length > 0) track = { ...track, changes: [...track.changes, ...changes].slice(-CHANGES_CAP) };
  }
  if (track && track.completedAt === undefined && isComplete(d, r.target, previousLive)) track = { ...track, completedAt: at };

  const nextState: ProgressState = { ...state, deployment: d, at, revisionOrder: order, replicas, ...(track === undefined ? {} : { rollout: track }) };
  return { state: nextState, events };
}

/** Joined in the middle: it began at the oldest creation among the target's replicas (none yet: now). */
function joined(d: Deployment, replicas: ReadonlyMap<string, ReplicaTrack>, target: string | undefined, from: string | undefined, at: number): RolloutTrack {
  const mine = [...replicas.values()].filter((t) => t.revision === target);
  const startedAt = Math.min(at, ...mine.map((t) => t.createdAt));
  const lastProgressAt = Math.max(startedAt, ...mine.map((t) => Math.max(t.createdAt, t.readyAt ?? -Infinity)));
  const fromImage = imageOf(d, from);
  return {
    ...(from === undefined ? {} : { from }),
    ...(fromImage === undefined ? {} : { fromImage }),
    startedAt, joinedMidway: true, lastProgressAt, changes: [],
  };
}

/** A rollout seen from its first sight; `from` serves before it, `before` is the deployment then. */
function fresh(from: string | undefined, before: Deployment, at: number): RolloutTrack {
  const fromImage = imageOf(before, from) ?? before.image;
  return { ...(from === undefined ? {} : { from }), ...(fromImage === undefined ? {} : { fromImage }), startedAt: at, joinedMidway: false, lastProgressAt: at, changes: [] };
}

/** The image a revision's replicas run (the deployment's own image may already be the new one). */
function imageOf(d: Deployment, revision: string | undefined): string | undefined {
  if (revision === undefined) return undefined;
  for (const [, ev] of replicaEntries(d)) if (ev.revision_id === revision && ev.image !== undefined) return ev.image;
  return undefined;
}

function isComplete(d: Deployment, target: string | undefined, previousLive: number): boolean {
  return d.status === 'Ready' && target !== undefined && previousLive === 0 && d.ready_replicas !== undefined && d.ready_replicas === d.desired_replicas;
}

function beganText(track: RolloutTrack, d: Deployment, target: string | undefined): string {
  const to = target === track.from ? d.image : imageOf(d, target) ?? d.image;
  const images = track.fromImage !== undefined && to !== undefined && track.fromImage !== to ? `: ${shortImage(track.fromImage)} → ${shortImage(to)}` : '';
  const revisions = target !== undefined && target !== track.from ? `${target}${track.from === undefined ? '' : ` replacing ${track.from}`}` : `a new revision${track.from === undefined ? '' : ` replacing ${track.from}`}`;
  return `rollout of ${revisions} began${images}`;
}

export function phaseSeverity(phase: ProgressPhase): Severity {
  return phase === 'failed' || phase === 'stalled' ? 'error' : phase === 'complete' || phase === 'steady' ? 'ok' : 'info';
}

/** `2/3 ready · 4m12s · ~1m40s left` (the estimate marked as one). */
export function progressText(view: ProgressView): string {
  const parts = [`${view.targetReady}/${view.desired} ready`];
  if (view.rollout) parts.push(formatDuration(view.rollout.elapsedMs));
  if (view.rollout?.estimateMs !== undefined) parts.push(`~${formatDuration(view.rollout.estimateMs)} left`);
  return parts.join(' · ');
}

/** One line for where the deployment stands: `rollout of rev-2 complete in 4m12s: 3/3 ready`. */
export function phaseText(view: ProgressView): string {
  const of = `rollout of ${view.target ?? 'a new revision'}`;
  const elapsed = view.rollout ? formatDuration(view.rollout.elapsedMs) : undefined;
  switch (view.phase) {
    case 'complete':
      return `${of} complete${elapsed ? ` in ${elapsed}` : ''}: ${view.ready}/${view.desired} ready`;
    case 'failed':
      return `${view.rollout ? of : view.deployment} failed${elapsed ? ` after ${elapsed}` : ''}: ${view.reason ?? 'failed'}`;
    case 'stalled':
      return `${of} stalled: ${view.reason ?? 'no progress'}`;
    case 'progressing': {
      const from = view.previous.map((g) => `${g.revision} (${g.live} live)`).join(', ');
      return `${of} in progress: ${progressText(view)}${from ? ` ← ${from}` : ''}`;
    }
    case 'scaling':
      return `scaling: ${view.ready}/${view.desired} ready`;
    case 'steady':
      return `steady on ${view.target ?? 'an unknown revision'}: ${view.status ?? 'status unknown'}, ${view.ready}/${view.desired} ready`;
  }
}

/** `name CrashLoopBackOff (3 crashes seen): Error: CUDA out of memory…`; between crashes `restarting`. */
export function failureText(f: ReplicaProgress, raw: ReplicaHealth | undefined = 'failing'): string {
  const reason = raw === 'failing' ? f.state.split('/').at(-1)! : 'restarting';
  const crashes = f.crashes > 1 ? ` (${f.crashes} crashes seen)` : '';
  if (f.cause === undefined || f.cause === reason) return `${f.name} ${reason}${crashes}`;
  return f.cause.startsWith(reason) ? `${f.name} ${f.cause}${crashes}` : `${f.name} ${reason}${crashes}: ${f.cause}`;
}

/** A replica's progress per track (trackReplica keeps an unchanged replica's track): the same object while it reads the same. */
const REPLICA_VIEWS = new WeakMap<ReplicaTrack, ReplicaProgress>();

function replicaProgress(name: string, t: ReplicaTrack, health: ReplicaHealth): ReplicaProgress {
  const cached = REPLICA_VIEWS.get(t);
  if (cached?.name === name && cached.health === health) return cached;
  const p: ReplicaProgress = {
    name, revision: t.revision, health, state: t.state, crashes: t.crashes,
    ...(t.cause === undefined ? {} : { cause: t.cause }),
    ...(t.lastCrashAt === undefined ? {} : { lastCrashAt: t.lastCrashAt }),
  };
  REPLICA_VIEWS.set(t, p);
  return p;
}

/** The last view of each state, by the instant and options it was asked for: a poll's tracker and its frame ask for the same. */
const VIEWS = new WeakMap<ProgressState, { now: number; options: Partial<ProgressOptions> | undefined; view: ProgressView | undefined }>();

/** What the state says at `now`: phase, progress, elapsed, estimate, failing replicas. */
export function progressView(state: ProgressState, now: number, options?: Partial<ProgressOptions>): ProgressView | undefined {
  const cached = VIEWS.get(state);
  if (cached?.now === now && cached.options === options) return cached.view;
  const view = viewAt(state, now, options);
  VIEWS.set(state, { now, options, view });
  return view;
}

function viewAt(state: ProgressState, now: number, options?: Partial<ProgressOptions>): ProgressView | undefined {
  const d = state.deployment;
  if (d === undefined) return undefined;
  const opts = withOptions(options);
  const r = rollout(d, state.revisionOrder);
  const track = state.rollout;
  const inProgress = track !== undefined && track.completedAt === undefined;
  // Updating, and the new revision has no replica yet: the live one is what it replaces.
  const target = inProgress && r.target === track.from ? undefined : r.target;
  const onTarget = (p: { revision: string | undefined }) => p.revision !== undefined && p.revision === target;
  // One pass over what may be a thousand replicas, run at every poll and every tick of the clock.
  const replicas: ReplicaProgress[] = [];
  const targets: ReplicaTrack[] = [];
  state.replicas.forEach((t, name) => {
    replicas.push(replicaProgress(name, t, isFailing(t, now, opts.settleMs) ? 'failing' : t.health));
    if (onTarget(t)) targets.push(t);
  });
  // The target's first, each by name as the replica table lists them.
  const failing = replicas.filter((p) => p.health === 'failing').sort((a, b) => Number(onTarget(b)) - Number(onTarget(a)) || byCodeUnit(a.name, b.name));
  const targetFailing = failing.filter(onTarget);
  const targetReady = targets.filter((t) => t.health === 'ok').length;

  let rolloutPart: ProgressView['rollout'];
  if (track) {
    const end = track.completedAt ?? now;
    const readied = targets.filter((t) => t.readyAt !== undefined && t.readyAt >= t.createdAt);
    const pace = median(readied.map((t) => t.readyAt! - t.createdAt));
    const toCome = Math.max(0, r.desired - targetReady);
    // Made at the last readiness (the pace changes only then) and counted down from it.
    const endsAt = pace === undefined || toCome === 0 || track.completedAt !== undefined ? undefined : Math.max(...readied.map((t) => t.readyAt!)) + pace * toCome;
    const toImage = imageOf(d, target) ?? d.image;
    rolloutPart = {
      ...(track.from === undefined ? {} : { from: track.from }),
      ...(track.fromImage === undefined ? {} : { fromImage: shortImage(track.fromImage) }),
      ...(toImage === undefined ? {} : { toImage: shortImage(toImage) }),
      startedAt: track.startedAt,
      joinedMidway: track.joinedMidway,
      elapsedMs: Math.max(0, end - track.startedAt),
      ...(endsAt === undefined ? {} : { estimateMs: Math.max(0, endsAt - now), estimateEndsAt: endsAt }),
      lastProgressAt: track.lastProgressAt,
      changes: track.changes,
    };
  }

  let phase: ProgressPhase;
  let reason: string | undefined;
  if (d.status === 'Failed' || targetFailing.length > 0) {
    phase = 'failed';
    const first = targetFailing[0];
    const more = targetFailing.length > 1 ? ` (and ${targetFailing.length - 1} more)` : '';
    reason = first ? `${failureText(first, state.replicas.get(first.name)?.health)}${more}` : `status Failed, ${r.ready}/${r.desired} ready`;
  } else if (inProgress && now - track.lastProgressAt >= opts.progressDeadlineMs) {
    phase = 'stalled';
    reason = `no progress for ${formatDuration(now - track.lastProgressAt)}, ${targetReady}/${r.desired} ready`;
  } else if (inProgress || isRolling(d, r.previous.reduce((n, g) => n + g.live, 0))) {
    phase = 'progressing';
  } else if (track?.completedAt !== undefined && isComplete(d, r.target, 0)) {
    phase = 'complete';
  } else if (d.status === 'Scaling' || r.ready !== r.desired) {
    phase = 'scaling';
  } else {
    phase = 'steady';
  }

  return {
    phase,
    deployment: displayName(d),
    ...(d.status === undefined ? {} : { status: d.status }),
    ...(target === undefined ? {} : { target }),
    previous: r.previous.map((g) => ({ revision: g.revision, live: g.live })),
    ready: r.ready,
    desired: r.desired,
    targetReady,
    ...(rolloutPart === undefined ? {} : { rollout: rolloutPart }),
    replicas,
    failing,
    ...(reason === undefined ? {} : { reason }),
  };
}

/**
 * The next moment the view can change with no new snapshot (the progress deadline passing, a
 * recovered replica settling), for a screen's clock or an alert; undefined when none is due.
 */
export function nextProgressChangeAt(state: ProgressState, now: number, options?: Partial<ProgressOptions>): number | undefined {
  const opts = withOptions(options);
  const track = state.rollout;
  const times = track !== undefined && track.completedAt === undefined ? [track.lastProgressAt + opts.progressDeadlineMs] : [];
  for (const t of state.replicas.values()) {
    if (t.lastCrashAt !== undefined && t.readyFrom !== undefined && t.readyFrom >= t.lastCrashAt) times.push(t.readyFrom + opts.settleMs);
  }
  const due = times.filter((t) => t > now);
  return due.length > 0 ? Math.min(...due) : undefined;
}

/** The state with a replica's cause learned elsewhere (its logs' crash line), unless it has one. */
export function explainReplica(state: ProgressState, name: string, cause: string): ProgressState {
  const t = state.replicas.get(name);
  if (t === undefined || t.cause !== undefined) return state;
  return { ...state, replicas: new Map(state.replicas).set(name, { ...t, cause }) };
}

/** Failing replicas of the target revision whose cause is not known: their logs may say. */
export function unexplained(view: ProgressView): string[] {
  return view.failing.filter((f) => f.revision !== undefined && f.revision === view.target && f.cause === undefined).map((f) => f.name);
}

/** The view of one deployment seen once (status, the list): no memory, no rollout start seen. */
export function progressOnce(d: Deployment, at: number, options?: Partial<ProgressOptions>): ProgressView {
  const { state } = trackProgress(initialProgress(), { ok: true, data: d, at, latencyMs: 0 }, options);
  return progressView(state, at, options)!;
}
