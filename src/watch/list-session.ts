// The deployments list, polled for the list screen (`depwatch` with no deployment named): the
// same Poller as a watch, paused while one of the deployments is being watched.
import { displayName, type Deployment } from '../api/schema.js';
import { Poller } from './poller.js';
import { advanceProgress, initialProgress, type ProgressOptions, type ProgressState } from './progress.js';
import { sameData } from './state.js';
import { StateStore } from './store.js';
import type { Snapshot, SnapshotError } from './types.js';

export interface ListState {
  /** The last list fetched; kept through errors. */
  deployments?: Deployment[];
  fetchedAt?: number;
  /** The last request failed (cleared by the next good one). */
  error?: SnapshotError;
  /**
   * Each listed deployment's rollout progress with memory, by listKey: a crash loop reads failing
   * through its back-offs. Only the deployments in the latest list are kept.
   */
  progress?: ReadonlyMap<string, ProgressState>;
  /** The progress deadline and settle time the list judges by. */
  progressOptions?: Readonly<Partial<ProgressOptions>>;
}

/** What the list selects, opens and remembers a deployment by: its id (names may repeat), else its name. */
export function listKey(d: Deployment): string {
  return d.id ?? displayName(d);
}

/** Every deployment's progress after this list, each kept as it was when its data did not change. */
export function trackList(previous: ReadonlyMap<string, ProgressState> | undefined, list: readonly Deployment[], at: number, options?: Partial<ProgressOptions>): Map<string, ProgressState> {
  const next = new Map<string, ProgressState>();
  for (const d of list) {
    const key = listKey(d);
    if (next.has(key)) continue; // the same id twice: the first one is the one the list shows
    const before = previous?.get(key) ?? initialProgress();
    const unchanged = before.deployment !== undefined && sameData(before.deployment, d);
    next.set(key, advanceProgress(before, { ok: true, data: d, at, latencyMs: 0 }, unchanged, options).state);
  }
  return next;
}

export interface ListController {
  getState(): ListState;
  subscribe(listener: () => void): () => void;
  pollNow(): void;
  /** Stop polling while a deployment is watched, and start again after. */
  setPaused(paused: boolean): void;
  readonly intervalMs: number;
}

export interface ListSessionOptions {
  fetch: (signal: AbortSignal) => Promise<Deployment[]>;
  intervalMs: number;
  now?: () => number;
  random?: () => number;
  /** The progress deadline and settle time (defaults 10m / 30s). */
  progress?: Partial<ProgressOptions>;
  /** Hears every snapshot before the list does (`--record`). */
  record?: (snapshot: Snapshot<Deployment[]>) => void;
}

/** The list after one poll (the live list and its replay fold the same way). */
export function reduceList(state: ListState, snap: Snapshot<Deployment[]>): ListState {
  if (!snap.ok) return { ...state, error: snap.error };
  const { error: _cleared, ...rest } = state;
  const deployments = shareUnchanged(rest.deployments, snap.data);
  return { ...rest, deployments, fetchedAt: snap.at, progress: trackList(rest.progress, deployments, snap.at, rest.progressOptions) };
}

/** The new list with each deployment that did not change replaced by the last list's object: what the list screen works out per deployment is kept for it. */
function shareUnchanged(previous: readonly Deployment[] | undefined, list: Deployment[]): Deployment[] {
  if (previous === undefined || previous.length === 0) return list;
  const before = new Map<string, Deployment>();
  for (const d of previous) if (!before.has(listKey(d))) before.set(listKey(d), d);
  return list.map((d) => {
    const old = before.get(listKey(d));
    return old !== undefined && sameData(old, d) ? old : d;
  });
}

export class ListSession extends StateStore<ListState> implements ListController {
  readonly intervalMs: number;
  private readonly poller: Poller<Deployment[]>;

  constructor(options: ListSessionOptions) {
    super(options.progress ? { progressOptions: options.progress } : {});
    this.intervalMs = options.intervalMs;
    this.poller = new Poller<Deployment[]>({
      fetch: options.fetch,
      intervalMs: options.intervalMs,
      now: options.now,
      random: options.random,
      onSnapshot: (snap) => {
        options.record?.(snap);
        this.set(reduceList(this.state, snap));
      },
    });
  }

  /** The first answer, good or bad: the CLI stops at a refused key before opening the screen. */
  get first(): Promise<Snapshot<Deployment[]>> {
    return this.poller.first;
  }

  start(): void {
    this.poller.start();
  }

  stop(): void {
    this.poller.stop();
  }

  pollNow(): void {
    this.poller.pollNow();
  }

  setPaused(paused: boolean): void {
    if (paused) this.poller.pause();
    else this.poller.resume();
  }
}
