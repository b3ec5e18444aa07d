// A running watch: a Poller feeding the reducer, its state stored for the screen (StateStore).
import type { Deployment } from '../api/schema.js';
import { Poller } from './poller.js';
import type { ProgressOptions } from './progress.js';
import { crashLine } from './log-lines.js';
import { failingReplicas, initialState, learnCause, reduce, setPaused, unexplained } from './state.js';
import { StateStore } from './store.js';
import type { Snapshot, WatchController, WatchState } from './types.js';

export interface WatchSessionOptions {
  fetch: (signal: AbortSignal) => Promise<Deployment>;
  /**
   * A replica's logs. When given, a failing replica whose cause is not known yet (a watch started
   * in the middle of a crash loop sees only 'back-off') has its logs read once for the crash line.
   */
  logs?: (replica: string, signal: AbortSignal) => Promise<string[]>;
  intervalMs: number;
  now?: () => number;
  random?: () => number;
  maxBackoffMs?: number;
  /** The state to start from (what an earlier watch of the same deployment saw); empty by default. */
  initial?: WatchState;
  /** The progress deadline and settle time (defaults 10m / 30s). */
  progress?: Partial<ProgressOptions>;
  /** Hears every snapshot before the reducer does (`--record`). */
  record?: (snapshot: Snapshot<Deployment>) => void;
}

/** Logs read at the same time for crash causes. */
const MAX_LOG_ASKS = 2;

export class WatchSession extends StateStore<WatchState> implements WatchController {
  readonly intervalMs: number;
  private readonly poller: Poller<Deployment>;
  private readonly logs: WatchSessionOptions['logs'];
  /** Replicas whose logs were read for a cause: once each per session. */
  private readonly asked = new Set<string>();
  private readonly asking = new AbortController();
  private askingNow = 0;

  constructor(options: WatchSessionOptions) {
    super(options.initial ?? initialState(options.progress));
    this.intervalMs = options.intervalMs;
    this.logs = options.logs;
    this.poller = new Poller<Deployment>({
      fetch: options.fetch,
      intervalMs: options.intervalMs,
      maxBackoffMs: options.maxBackoffMs,
      now: options.now,
      random: options.random,
      onSnapshot: (snapshot) => {
        options.record?.(snapshot);
        this.set(reduce(this.state, snapshot));
        if (snapshot.ok) this.askLogsWhy();
      },
    });
  }

  start(): void {
    this.poller.start();
  }

  stop(): void {
    this.poller.stop();
    this.asking.abort();
  }

  /** The first snapshot, good or bad: the CLI decides from it whether to open the screen. */
  firstResult(): Promise<Snapshot<Deployment>> {
    return this.poller.first;
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

  /**
   * Reads the logs of failing replicas whose cause is not known, for their crash lines: once per
   * spell of failing (a replica that recovers and fails again is asked again), at most two at a
   * time (a crash loop across many replicas is not a burst of requests; the rest wait a poll).
   */
  private askLogsWhy(): void {
    const logs = this.logs;
    if (!logs) return;
    const failing = new Set(failingReplicas(this.state));
    for (const name of this.asked) if (!failing.has(name)) this.asked.delete(name);
    for (const name of unexplained(this.state)) {
      if (this.asked.has(name) || this.askingNow >= MAX_LOG_ASKS) continue;
      this.asked.add(name);
      this.askingNow++;
      logs(name, this.asking.signal).then(
        (lines) => {
          const line = crashLine(lines);
          if (line !== undefined && unexplained(this.state).includes(name)) this.set(learnCause(this.state, name, `log: ${line}`));
        },
        () => undefined, // best effort: the table still says what the API says
      ).finally(() => {
        this.askingNow--;
      });
    }
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
