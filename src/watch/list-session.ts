// The deployments list, polled for the list screen (`depwatch` with no deployment named): the
// same Poller as a watch, paused while one of the deployments is being watched.
import type { Deployment } from '../api/schema.js';
import { Poller } from './poller.js';
import { StateStore } from './store.js';
import type { Snapshot, SnapshotError } from './types.js';

export interface ListState {
  /** The last list fetched; kept through errors. */
  deployments?: Deployment[];
  fetchedAt?: number;
  /** The last request failed (cleared by the next good one). */
  error?: SnapshotError;
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
}

export class ListSession extends StateStore<ListState> implements ListController {
  readonly intervalMs: number;
  private readonly poller: Poller<Deployment[]>;

  constructor(options: ListSessionOptions) {
    super({});
    this.intervalMs = options.intervalMs;
    this.poller = new Poller<Deployment[]>({
      fetch: options.fetch,
      intervalMs: options.intervalMs,
      now: options.now,
      random: options.random,
      onSnapshot: (snap) => {
        if (snap.ok) {
          const { error: _cleared, ...rest } = this.state;
          this.set({ ...rest, deployments: snap.data, fetchedAt: snap.at });
        } else {
          this.set({ ...this.state, error: snap.error });
        }
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
