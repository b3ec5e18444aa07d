// When to ring (--bell, --notify): a pure policy over the watch's states. It rings when the
// deployment turns Failed, a replica starts failing, or a rollout completes, stalls or fails;
// once per event, never a storm: one alert per poll, at most one per `minGapMs` (later ones wait
// and go out together), and a crash-looping replica rings once, not on every back-off cycle.
import { cutUnits } from '../api/text-cap.js';
import { statusSeverity } from './diff.js';
import type { ProgressPhase } from './progress.js';
import { timelineCount, type TimelinePart } from './history.js';
import { failingReplicas } from './state.js';
import type { TimelineEvent, WatchState } from './types.js';

export interface AlertOptions {
  /** Alerts closer together than this are held and go out as one when it has passed. */
  minGapMs: number;
  /** A replica that failed rings again only after it has been ready this long (as progress.ts settles). */
  settleMs: number;
}

export const DEFAULT_ALERT_OPTIONS: Readonly<AlertOptions> = { minGapMs: 5_000, settleMs: 30_000 };

/** One ring: what happened, newest last (at least one). */
export interface Alert {
  at: number;
  reasons: string[];
}

/** Longest reason kept: a notification is a glance, and the screen has the rest. */
const MAX_REASON = 120;

const ALERTING_PHASES: ReadonlySet<ProgressPhase> = new Set<ProgressPhase>(['complete', 'stalled', 'failed']);

/** Events some other part of the core adds to the timeline (progress.ts) carry their kind and phase. */
type MaybePhase = TimelineEvent & { kind?: string; phase?: string };

interface ReplicaMemory {
  /** Seen failing since it last settled. */
  failing: boolean;
  /** When it last became ready (epoch ms), while failing. */
  readyAt?: number;
}

export class AlertPolicy {
  private readonly options: AlertOptions;
  /** Keyed by server-chosen replica names, so a Map (`__proto__` is a valid name). */
  private readonly replicas = new Map<string, ReplicaMemory>();
  private pending: string[] = [];
  private lastRingAt = -Infinity;

  constructor(options: Partial<AlertOptions> = {}) {
    this.options = { ...DEFAULT_ALERT_OPTIONS, ...options };
  }

  /**
   * The state changed from `prev` to `next` (one poll): the alert to ring now, if any. What the
   * rate limit holds back is kept (see `dueAt`, `flush`). The state a watch starts from is `prev`
   * of the first call: what it already shows never rings.
   */
  observe(prev: WatchState, next: WatchState, now: number): Alert | undefined {
    // The first deployment seen is the baseline: already Failed, failing or stalled is what the screen shows.
    if (prev.deployment === undefined) this.remember(next);
    else this.pending.push(...this.reasons(prev, next));
    return this.flush(now);
  }

  /** The alert held back by the rate limit, once it may ring; undefined before then or when none is held. */
  flush(now: number): Alert | undefined {
    if (this.pending.length === 0 || now < this.lastRingAt + this.options.minGapMs) return undefined;
    const alert = { at: now, reasons: this.pending };
    this.pending = [];
    this.lastRingAt = now;
    return alert;
  }

  /** When the held-back alert may ring (epoch ms); undefined when none is held. */
  dueAt(): number | undefined {
    return this.pending.length === 0 ? undefined : this.lastRingAt + this.options.minGapMs;
  }

  /** Replicas already failing when the deployment is first seen: known, so they do not ring. */
  private remember(state: WatchState): void {
    for (const name of failingReplicas(state)) this.replicas.set(name, { failing: true });
  }

  private reasons(prev: WatchState, next: WatchState): string[] {
    const out: string[] = [];
    const phases: MaybePhase[] = [];
    const before = prev.deployment?.status;
    const after = next.deployment?.status;
    if (after !== before && statusSeverity(after) === 'error' && statusSeverity(before) !== 'error') {
      out.push(`deployment ${after}`);
    }
    for (const event of appended(prev, next) as MaybePhase[]) {
      if (event.replica !== undefined) {
        if (this.replicaStartsFailing(event.replica, event)) out.push(`${event.replica}: ${event.text}`);
      } else if (event.kind === 'phase' && ALERTING_PHASES.has(event.phase as ProgressPhase)) {
        phases.push(event);
      }
    }
    // A rollout that fails because of the failure this poll already rings for is the same event.
    for (const event of phases) if (event.phase !== 'failed' || out.length === 0) out.push(event.text);
    return out.map((text) => (text.length > MAX_REASON ? `${cutUnits(text, MAX_REASON - 1)}…` : text));
  }

  /**
   * Rings on a replica's first failure (an 'error' event of diff.ts: a failing state or a new
   * reason), then not again until it has been ready for `settleMs` or has gone.
   */
  private replicaStartsFailing(name: string, event: TimelineEvent): boolean {
    if (event.text === 'gone') {
      this.replicas.delete(name);
      return false;
    }
    const memory = this.replicas.get(name);
    if (memory === undefined) {
      if (event.severity === 'error') this.replicas.set(name, { failing: true });
      return event.severity === 'error';
    }
    if (memory.readyAt !== undefined && event.at - memory.readyAt >= this.options.settleMs) memory.failing = false;
    if (event.severity === 'ok') memory.readyAt ??= event.at;
    else delete memory.readyAt;
    if (event.severity !== 'error') return false;
    const rings = !memory.failing;
    memory.failing = true;
    return rings;
  }
}

/**
 * The events `next` has that `prev` had not, counted (timelines are appended to and capped, never
 * edited): the newest `count(next) - count(prev)` kept; those the cap dropped at once are gone.
 */
export function appended(prev: TimelinePart, next: TimelinePart): readonly TimelineEvent[] {
  const added = timelineCount(next) - timelineCount(prev);
  return added <= 0 ? [] : next.timeline.slice(Math.max(0, next.timeline.length - added));
}
