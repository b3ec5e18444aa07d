// A running watch: a Poller feeding the reducer, its state stored for the screen (StateStore).
import type { Deployment } from '../api/schema.js';
import { Poller } from './poller.js';
import { initialState, reduce, setPaused } from './state.js';
import { StateStore } from './store.js';
import type { Snapshot, WatchController, WatchState } from './types.js';

export interface WatchSessionOptions {
  fetch: (signal: AbortSignal) => Promise<Deployment>;
  intervalMs: number;
  now?: () => number;
  random?: () => number;
  maxBackoffMs?: number;
}

export class WatchSession extends StateStore<WatchState> implements WatchController {
  readonly intervalMs: number;
  private readonly poller: Poller<Deployment>;
  private readonly first: Promise<Snapshot<Deployment>>;
  private settleFirst!: { resolve: (s: Snapshot<Deployment>) => void; reject: (e: Error) => void };

  constructor(options: WatchSessionOptions) {
    super(initialState());
    this.intervalMs = options.intervalMs;
    this.first = new Promise<Snapshot<Deployment>>((resolve, reject) => {
      this.settleFirst = { resolve, reject };
    });
    // Stopping before the first result rejects it; that must not crash a caller who never asked.
    this.first.catch(() => undefined);
    this.poller = new Poller<Deployment>({
      fetch: options.fetch,
      intervalMs: options.intervalMs,
      ...(options.maxBackoffMs === undefined ? {} : { maxBackoffMs: options.maxBackoffMs }),
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.random === undefined ? {} : { random: options.random }),
      onSnapshot: (snapshot) => {
        this.settleFirst.resolve(snapshot);
        this.set(reduce(this.state, snapshot));
      },
    });
  }

  start(): void {
    this.poller.start();
  }

  stop(): void {
    this.poller.stop();
    this.settleFirst.reject(new Error('watch stopped before the first poll finished'));
  }

  /** The first snapshot, good or bad: the CLI decides from it whether to open the screen. */
  firstResult(): Promise<Snapshot<Deployment>> {
    return this.first;
  }

  pollNow(): void {
    this.poller.pollNow();
  }

  togglePause(): void {
    this.poller.togglePause();
    this.set(setPaused(this.state, this.poller.paused));
  }

  isPaused(): boolean {
    return this.poller.paused;
  }

  /** When the next poll starts (epoch ms); undefined while one is in flight, paused or stopped. */
  nextPollAt(): number | undefined {
    return this.poller.nextPollAt;
  }

  /** A request is in flight (the footer may show a spinner). */
  isPolling(): boolean {
    return this.poller.inFlight;
  }
}
