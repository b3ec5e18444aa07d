// A replica's health with memory. The API gives no restart count: between two crashes a
// crash-looping replica reads `Running` (not ready), and judged one snapshot at a time it
// flips failing → starting → failing with every back-off. A replica that crashed stays failing
// (with the crashes seen, the last cause and when) until it has been ready for a settle time.
import type { ReplicaEvent } from '../api/schema.js';
import { withReason } from './failures.js';
import { replicaHealth } from './replica.js';
import type { ReplicaHealth } from './types.js';

/** What the tracker remembers of one replica. */
export interface ReplicaTrack {
  revision: string | undefined;
  /** When this tracker first saw it. */
  firstSeen: number;
  /** When it was created: its volume preload's start (the API has no creation time), else first sight. */
  createdAt: number;
  /** Health from this snapshot alone (replica.ts: unknown states that read as failures count as failing). */
  health: ReplicaHealth;
  /** `Waiting/CrashLoopBackOff`, as the API says it now. */
  state: string;
  /** Crashes seen: each time it went from not failing (or unseen) to failing. */
  crashes: number;
  /** The last message that said why it failed (a back-off message does not say why), or its logs' crash line. */
  cause?: string;
  lastCrashAt?: number;
  /** Start of the current ready streak (undefined while not ready). */
  readyFrom?: number;
  /** When it first became ready: with `createdAt`, the pace of a rollout. */
  readyAt?: number;
}

/** Reasons whose message says the container waits to restart, not why it failed. */
const WAITING_REASONS = new Set(['CrashLoopBackOff', 'ImagePullBackOff']);

function stateOf(ev: ReplicaEvent): string {
  const status = ev.replica_status ?? '?';
  return ev.replica_status_reason ? `${status}/${ev.replica_status_reason}` : status;
}

function parseTime(iso: string | undefined, notAfter: number): number | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  // A server clock ahead of ours must not put an event in the future.
  return Number.isNaN(t) ? undefined : Math.min(t, notAfter);
}

/** The cause this event states; a back-off message ("back-off 40s restarting…") states none. */
function causeOf(ev: ReplicaEvent): string | undefined {
  const message = ev.replica_status_message?.trim();
  return message && !WAITING_REASONS.has(ev.replica_status_reason ?? '') ? withReason(ev.replica_status_reason, message) : undefined;
}

/**
 * The replica after this snapshot. `settleMs`: a ready streak at least this long, ended now,
 * forgets the last crash (the replica recovered; a later not-ready spell is not a failure).
 */
export function trackReplica(prev: ReplicaTrack | undefined, ev: ReplicaEvent, at: number, settleMs: number): ReplicaTrack {
  // The same event again (state.ts keeps an unchanged replica's object) leaves its track as it was, whenever it comes.
  if (prev !== undefined && SOURCES.get(prev) === ev) return prev;
  const track = nextTrack(prev, ev, at, settleMs);
  SOURCES.set(track, ev);
  return track;
}

/** The event each track was last worked out from. */
const SOURCES = new WeakMap<ReplicaTrack, ReplicaEvent>();

function nextTrack(prev: ReplicaTrack | undefined, ev: ReplicaEvent, at: number, settleMs: number): ReplicaTrack {
  const health = replicaHealth(ev);
  const firstSeen = prev?.firstSeen ?? at;
  const created = parseTime(ev.volume_preload_started_at, at);
  const next: ReplicaTrack = {
    revision: ev.revision_id,
    firstSeen,
    createdAt: prev?.createdAt ?? created ?? at,
    health,
    state: stateOf(ev),
    crashes: prev?.crashes ?? 0,
    ...(prev?.cause === undefined ? {} : { cause: prev.cause }),
    ...(prev?.lastCrashAt === undefined ? {} : { lastCrashAt: prev.lastCrashAt }),
    ...(prev?.readyAt === undefined ? {} : { readyAt: prev.readyAt }),
  };
  if (health === 'failing') {
    if (prev?.health !== 'failing') {
      next.crashes++;
      next.lastCrashAt = at;
    }
    // A new spell of failing (the last one settled) does not inherit the old spell's cause.
    const carried = prev !== undefined && isFailing(prev, at, settleMs) ? prev.cause : undefined;
    const cause = causeOf(ev) ?? carried;
    if (cause !== undefined) next.cause = cause;
    else delete next.cause;
  } else if (health === 'ok') {
    const since = parseTime(ev.replica_ready_since, at);
    // A ready time from before the last crash we saw is stale: the streak starts now.
    const fresh = since !== undefined && (next.lastCrashAt === undefined || since >= next.lastCrashAt) ? since : at;
    next.readyFrom = prev?.readyFrom ?? fresh;
    next.readyAt ??= next.readyFrom;
  } else if (prev?.readyFrom !== undefined && at - prev.readyFrom >= settleMs) {
    delete next.lastCrashAt;
  }
  // An unchanged replica keeps its track object: what is worked out per track (progress.ts) is kept with it.
  return prev !== undefined && sameTrack(prev, next) ? prev : next;
}

const TRACK_FIELDS = ['revision', 'firstSeen', 'createdAt', 'health', 'state', 'crashes', 'cause', 'lastCrashAt', 'readyFrom', 'readyAt'] as const satisfies readonly (keyof ReplicaTrack)[];

// Every field compared: a field added to ReplicaTrack and not to TRACK_FIELDS fails to compile here.
const _everyField: Exclude<keyof ReplicaTrack, (typeof TRACK_FIELDS)[number]> extends never ? true : never = true;

function sameTrack(a: ReplicaTrack, b: ReplicaTrack): boolean {
  return TRACK_FIELDS.every((k) => a[k] === b[k]);
}

/** Failing now, or crashed and not yet ready for `settleMs` since. */
export function isFailing(t: ReplicaTrack, now: number, settleMs: number): boolean {
  if (t.health === 'failing') return true;
  if (t.lastCrashAt === undefined) return false;
  return !(t.readyFrom !== undefined && t.readyFrom >= t.lastCrashAt && now - t.readyFrom >= settleMs);
}
