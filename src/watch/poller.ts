// Single-flight polling loop: one request at a time, the next one `intervalMs` after the last
// finished, jittered exponential backoff on failure, Retry-After honoured, pause, abort on stop.
// It never gives up: a monitor left in a tmux pane for days must come back when the API does.
import { isApiError } from '../api/errors.js';
import type { Snapshot, SnapshotError } from './types.js';

export const DEFAULT_MAX_BACKOFF_MS = 30_000;
/** A ceiling on Retry-After, so an absurd header cannot silence the monitor for hours. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

export interface PollerOptions<T> {
  fetch: (signal: AbortSignal) => Promise<T>;
  intervalMs: number;
  /** Cap of the exponential backoff (Retry-After may ask for longer). */
  maxBackoffMs?: number | undefined;
  now?: (() => number) | undefined;
  /** Uniform in [0, 1), for the jitter. */
  random?: (() => number) | undefined;
  onSnapshot: (snapshot: Snapshot<T>) => void;
}

export interface BackoffInput {
  /** Consecutive failures, including the one that just happened (>= 1). */
  failures: number;
  intervalMs: number;
  maxBackoffMs: number;
  /** Uniform in [0, 1). */
  random: number;
  retryAfterMs?: number | undefined;
}

/**
 * Delay before the next attempt after a failure. "Equal jitter": the ceiling is
 * min(maxBackoff, interval × 2^failures) and the delay is uniform in [ceiling/2, ceiling);
 * never below the interval, and at least Retry-After (itself capped at 5 minutes).
 */
export function backoffDelay({ failures, intervalMs, maxBackoffMs, random, retryAfterMs }: BackoffInput): number {
  // 2^failures overflows to Infinity long before it matters; min() takes care of it.
  const ceiling = Math.min(maxBackoffMs, intervalMs * 2 ** Math.max(1, failures));
  const jittered = ceiling / 2 + (ceiling / 2) * random;
  const delay = Math.max(intervalMs, jittered);
  const asked = retryAfterMs === undefined || !Number.isFinite(retryAfterMs) ? 0 : Math.min(Math.max(0, retryAfterMs), MAX_RETRY_AFTER_MS);
  return Math.round(Math.max(delay, asked));
}

/** Any rejection becomes a SnapshotError; something that is not an ApiError counts as a network error. */
export function classifyError(error: unknown): SnapshotError {
  if (isApiError(error)) {
    return { kind: error.kind, message: error.message, ...(error.status === undefined ? {} : { status: error.status }), ...(error.wrongBaseUrl ? { wrongBaseUrl: true } : {}), ...(error.unreached ? { unreached: true } : {}) };
  }
  if (error instanceof Error) {
    return { kind: error.name === 'TimeoutError' ? 'timeout' : 'network', message: error.message || error.name };
  }
  return { kind: 'network', message: String(error) };
}

export class Poller<T> {
  private readonly options: PollerOptions<T>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly maxBackoffMs: number;
  private started = false;
  private stopped = false;
  private isPaused = false;
  private controller: AbortController | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the next poll is due; kept while paused so resume knows whether it is overdue. */
  private dueAt: number | undefined;
  private failures = 0;
  private settleFirst!: { resolve: (snapshot: Snapshot<T>) => void; reject: (error: Error) => void };
  /** The first snapshot, good or bad (a command decides from it whether to open its screen); rejected if stopped before one. */
  readonly first = new Promise<Snapshot<T>>((resolve, reject) => {
    this.settleFirst = { resolve, reject };
  });

  constructor(options: PollerOptions<T>) {
    // Stopping before the first snapshot rejects it; that must not crash a caller who never asked.
    this.first.catch(() => undefined);
    this.options = options;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.maxBackoffMs = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
  }

  /** Polls at once (or, when paused, as soon as it is resumed). */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    if (this.isPaused) this.dueAt = this.now();
    else this.poll();
  }

  /** Aborts the request in flight and cancels the next one; no snapshot is emitted after this. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimer();
    this.dueAt = undefined;
    const controller = this.controller;
    this.controller = undefined;
    controller?.abort();
    this.settleFirst.reject(new Error('stopped before the first poll finished'));
  }

  /** Polls now unless a request is already in flight; while paused it polls once and stays paused. */
  pollNow(): void {
    if (!this.started || this.stopped) return;
    this.poll();
  }

  pause(): void {
    if (this.isPaused) return;
    this.isPaused = true;
    this.clearTimer();
  }

  /** Resumes; polls at once when the next poll fell due while paused. */
  resume(): void {
    if (!this.isPaused) return;
    this.isPaused = false;
    if (!this.started || this.stopped || this.controller || this.dueAt === undefined) return;
    const wait = this.dueAt - this.now();
    if (wait <= 0) this.poll();
    else this.schedule(wait);
  }

  togglePause(): void {
    if (this.isPaused) this.resume();
    else this.pause();
  }

  get paused(): boolean {
    return this.isPaused;
  }

  get inFlight(): boolean {
    return this.controller !== undefined;
  }

  /** When the next poll will start (epoch ms); undefined while in flight, paused or stopped. */
  get nextPollAt(): number | undefined {
    return this.isPaused || this.stopped || this.controller ? undefined : this.dueAt;
  }

  private poll(): void {
    if (this.stopped || this.controller) return;
    this.clearTimer();
    this.dueAt = undefined;
    const controller = new AbortController();
    this.controller = controller;
    const startedAt = this.now();
    let request: Promise<T>;
    try {
      request = this.options.fetch(controller.signal);
    } catch (error) {
      request = Promise.reject(error);
    }
    request.then(
      (data) => this.settle(controller, startedAt, { ok: true, data }),
      (error: unknown) => this.settle(controller, startedAt, { ok: false, error }),
    );
  }

  private emit(snapshot: Snapshot<T>): void {
    this.settleFirst.resolve(snapshot);
    this.options.onSnapshot(snapshot);
  }

  private settle(controller: AbortController, startedAt: number, result: { ok: true; data: T } | { ok: false; error: unknown }): void {
    // Stopped (and so aborted) while in flight: the caller has gone, say nothing.
    if (this.stopped || this.controller !== controller) return;
    this.controller = undefined;
    const at = this.now();
    const latencyMs = Math.max(0, at - startedAt);
    if (result.ok) {
      this.failures = 0;
      this.scheduleFrom(at, this.options.intervalMs);
      this.emit({ ok: true, data: result.data, at, latencyMs });
      return;
    }
    this.failures++;
    const error = classifyError(result.error);
    const delay = backoffDelay({
      failures: this.failures,
      intervalMs: this.options.intervalMs,
      maxBackoffMs: this.maxBackoffMs,
      random: this.random(),
      retryAfterMs: isApiError(result.error) ? result.error.retryAfterMs : undefined,
    });
    this.scheduleFrom(at, delay);
    this.emit({ ok: false, error: { ...error, nextRetryAt: at + delay }, at, latencyMs });
  }

  private scheduleFrom(at: number, delay: number): void {
    this.dueAt = at + delay;
    if (!this.isPaused) this.schedule(delay);
  }

  private schedule(delay: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.poll();
    }, Math.max(0, delay));
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
