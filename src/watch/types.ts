// The shapes that flow through the React-free core: snapshots in, WatchState out.
import type { ApiErrorKind } from '../api/errors.js';
import type { Deployment } from '../api/schema.js';
import type { ProgressOptions, ProgressState } from './progress.js';

/** What one poll produced, stamped by the poller (epoch ms from the injected clock). */
export type Snapshot<T> =
  | { ok: true; data: T; at: number; latencyMs: number }
  | { ok: false; error: SnapshotError; at: number; latencyMs: number };

export interface SnapshotError {
  kind: ApiErrorKind;
  message: string;
  status?: number;
  /** The base URL is wrong (its list endpoint is not there): a start-up refusal, not a missing deployment. */
  wrongBaseUrl?: boolean;
  /** No server was reached at all (refused, no such host, no route). */
  unreached?: boolean;
  /** When the poller will try again (epoch ms), filled in by the poller. */
  nextRetryAt?: number;
}

export type Severity = 'info' | 'ok' | 'warn' | 'error';

/** One line of the "what just changed" timeline. */
export interface TimelineEvent {
  at: number;
  /** Replica name, when the event is about one replica. */
  replica?: string;
  text: string;
  severity: Severity;
  /** What the rollout tracker (progress.ts) made of it: a phase change ('phase') is what alerts ring on. */
  kind?: 'phase' | 'progress' | 'change';
  phase?: string;
}

export interface WatchState {
  /** The last deployment we parsed successfully; kept through errors. */
  deployment?: Deployment;
  /** What the last watch of this deployment saw (watch-memory.ts): the first successful poll is diffed against it, then it goes. */
  resumedFrom?: Deployment;
  /** When `deployment` was fetched (epoch ms). */
  lastSuccessAt?: number;
  /** When the last poll, good or bad, finished. */
  lastAttemptAt?: number;
  /** Round trip of the last successful poll. */
  latencyMs?: number;
  /** The current error; cleared by the next successful poll. */
  error?: SnapshotError & { since: number };
  consecutiveFailures: number;
  /** Newest last, capped. */
  timeline: TimelineEvent[];
  /** Events the cap has dropped from the timeline's old end, in all (absent: none). */
  timelineDropped?: number;
  /** ready_replicas per successful poll, newest last, capped. */
  readySeries: number[];
  /** desired_replicas per successful poll (NaN where the API gave none or an impossible one), beside readySeries. */
  desiredSeries?: number[];
  /** Revision ids in the order they were first seen; the last one is the newest. */
  revisionOrder: readonly string[];
  /** Polls finished, good or bad. */
  polls: number;
  /** Per failing replica, the last message that said why it failed (see failures.ts); keyed by server names, so a Map. */
  causes: ReadonlyMap<string, string>;
  /** Polling is paused (key `p`); the data shown stops updating. */
  paused: boolean;
  /** Rollout progress with memory (progress.ts): the same object while nothing about it changed. */
  progress: ProgressState;
  /** The progress deadline and settle time the watch judges by (flags, else 10m / 30s). */
  progressOptions: Readonly<ProgressOptions>;
}

export type ReplicaHealth = 'ok' | 'progressing' | 'failing' | 'terminated';

export interface RevisionGroup {
  revision: string;
  replicas: string[];
  ready: number;
  failing: number;
  /** Replicas that are not terminated. */
  live: number;
}

export type RolloutPhase = 'steady' | 'rolling' | 'scaling' | 'failing';

export interface Rollout {
  phase: RolloutPhase;
  /** The revision being rolled in (or the only one), when replicas say which. */
  target?: string;
  /** Old revisions that still have live replicas. */
  previous: RevisionGroup[];
  revisions: RevisionGroup[];
  /** Ready and desired replicas: the server's counts when they can be true, else counted from the replicas. */
  ready: number;
  desired: number;
  /** The server sent a ready or desired count that cannot be true (negative, fractional, absurd). */
  doubtful: boolean;
  /** `ready/desired` as shown: the server's counts, marked when they cannot be true (`?-168/3`). */
  counts: string;
}

/** What the screens need from a running watch: state to draw, and the two commands. */
export interface WatchController {
  getState(): WatchState;
  /** Called after every state change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Poll now (key `r`); a poll already in flight is not duplicated. */
  pollNow(): void;
  /** Pause or resume polling (key `p`). */
  togglePause(): void;
  isPaused(): boolean;
  readonly intervalMs: number;
}
