// Why it is scaling: for a deployment that autoscales on QueueBacklogPerWorker, the queue it scales
// on, polled beside the deployment (same interval, single flight), and the backlog per ready replica
// over time. Its failures stay here: the deployment's own state never hears of them.
import type { QueueMetrics } from '../api/queue-schema.js';
import type { Deployment } from '../api/schema.js';
import { pushCapped } from './history.js';
import { countOrUndefined, isPlausible } from './plausible.js';
import { Follower } from './follower.js';
import { Poller } from './poller.js';
import type { Snapshot, SnapshotError } from './types.js';

export const QUEUE_METRIC = 'QueueBacklogPerWorker';
/** Backlog samples kept for the sparkline: two minutes at the default 2 s interval. */
export const QUEUE_HISTORY = 60;
/** A count above this is no queue anyone runs: the server is wrong. */
const MAX_JOBS = 1e9;

/** What to poll for a deployment: its queue's model name, and the autoscaler's target. */
export interface QueueTarget {
  model: string;
  target?: number;
}

export interface QueueState {
  model: string;
  target?: number;
  metrics?: QueueMetrics;
  /** Jobs (waiting + running) per ready replica at the last good poll; undefined without a ready replica or with impossible counts. */
  backlog?: number;
  /** Backlog per ready replica per good poll, newest last, at most QUEUE_HISTORY; NaN where there was none. */
  history: number[];
  /** The last poll failed; cleared by the next good one. */
  error?: SnapshotError & { since: number };
  lastSuccessAt?: number;
}

/** What the screen needs from the queue follower. */
export interface QueueController {
  /** Undefined while the deployment does not scale on a queue. */
  getState(): QueueState | undefined;
  subscribe(listener: () => void): () => void;
  pollNow(): void;
  setPaused(paused: boolean): void;
}

/** The queue a deployment scales on, or undefined when its autoscaling metric is another. */
export function queueTarget(d: Deployment | undefined): QueueTarget | undefined {
  const a = d?.autoscaling;
  if (!d || a?.metric !== QUEUE_METRIC) return undefined;
  const model = a.model || d.name || d.id;
  if (!model) return undefined;
  return a.target === undefined ? { model } : { model, target: a.target };
}

/** A count a queue can have: a whole number, not negative, not absurd. */
export function plausibleCount(n: number | undefined): n is number {
  return n !== undefined && isPlausible(n, MAX_JOBS, { integer: true });
}

/** Jobs per ready replica, the number the autoscaler compares with its target. */
export function backlogPerReplica(m: QueueMetrics, ready: number | undefined): number | undefined {
  const { messages_waiting: waiting, messages_running: running } = m;
  const jobs = plausibleCount(waiting) && plausibleCount(running) ? waiting + running : m.total_jobs;
  if (!plausibleCount(jobs) || ready === undefined || !(ready > 0)) return undefined;
  return jobs / ready;
}

export interface QueueFollowerOptions {
  fetch: (model: string, signal: AbortSignal) => Promise<QueueMetrics>;
  intervalMs: number;
  now?: () => number;
  random?: () => number;
  maxBackoffMs?: number;
}

export class QueueFollower extends Follower<QueueState | undefined, QueueMetrics> implements QueueController {
  private readonly options: QueueFollowerOptions;
  private ready: number | undefined;
  private closed = false;

  constructor(options: QueueFollowerOptions) {
    super(undefined);
    this.options = options;
  }

  /**
   * Called with each deployment the watch sees: starts polling when it scales on a queue, follows
   * a change of model or target, and stops when it no longer scales on a queue.
   */
  follow(d: Deployment | undefined): void {
    if (this.closed || d === undefined) return;
    this.ready = countOrUndefined(d.ready_replicas);
    const want = queueTarget(d);
    if (want?.model !== this.state?.model) this.restart(want);
    else if (want && this.state && want.target !== this.state.target) this.set(withTarget(this.state, want.target));
  }

  stop(): void {
    this.closed = true;
    this.replacePoller();
  }

  private restart(want: QueueTarget | undefined): void {
    this.replacePoller();
    if (!want) {
      this.set(undefined);
      return;
    }
    this.set({ ...want, history: [] });
    const { model } = want;
    const poller = new Poller<QueueMetrics>({
      fetch: (signal) => this.options.fetch(model, signal),
      intervalMs: this.options.intervalMs,
      maxBackoffMs: this.options.maxBackoffMs,
      now: this.options.now,
      random: this.options.random,
      onSnapshot: (snapshot) => {
        if (this.state?.model === model) this.set(record(this.state, snapshot, this.ready));
      },
    });
    this.replacePoller(poller);
  }
}

function withTarget(state: QueueState, target: number | undefined): QueueState {
  const { target: _old, ...rest } = state;
  return target === undefined ? rest : { ...rest, target };
}

/** The state after one queue poll, good or bad. */
export function record(state: QueueState, snapshot: Snapshot<QueueMetrics>, ready: number | undefined): QueueState {
  if (!snapshot.ok) {
    return { ...state, error: { ...snapshot.error, since: state.error?.since ?? snapshot.at } };
  }
  const backlog = backlogPerReplica(snapshot.data, ready);
  const history = pushCapped(state.history, backlog ?? Number.NaN, QUEUE_HISTORY);
  const { error: _error, backlog: _backlog, ...rest } = state;
  return { ...rest, metrics: snapshot.data, history, lastSuccessAt: snapshot.at, ...(backlog === undefined ? {} : { backlog }) };
}
