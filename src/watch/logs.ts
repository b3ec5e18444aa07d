// The logs of one replica, followed while the logs pane is open: a Poller on the deployment's
// logs endpoint for that replica, started when the pane opens on it and stopped when it closes
// or moves to another replica. Lines are kept up to a cap (the newest).
import { Poller } from './poller.js';
import { StateStore } from './store.js';
import type { Snapshot, SnapshotError } from './types.js';

/** Log lines kept for the pane: far more than a screen, never unbounded. */
export const MAX_LOG_LINES = 500;

export interface LogsState {
  /** The replica being followed; undefined while the pane is closed. */
  replica?: string;
  /** Newest last, at most MAX_LOG_LINES. */
  lines: string[];
  /**
   * Lines received since the pane opened on this replica, counting each line once however many
   * fetches return it: lines[i] is line number `seen - lines.length + i`. A pane scrolled back
   * holds on to a line number, so lines arriving at the bottom do not move what it shows.
   */
  seen: number;
  /** When lines last arrived (epoch ms). */
  fetchedAt?: number;
  /** The last request failed (cleared by the next good one); lines are kept. */
  error?: SnapshotError;
}

/** What the screen needs from a logs follower. */
export interface LogsController {
  getState(): LogsState;
  subscribe(listener: () => void): () => void;
  /** Follow this replica's logs (stops following any other). */
  open(replica: string): void;
  close(): void;
  /** Fetch now (key `r`). */
  pollNow(): void;
  /** Follow the watch's pause (key `p`): no requests while paused. */
  setPaused(paused: boolean): void;
}

export interface LogsWatchOptions {
  fetch: (replica: string, signal: AbortSignal) => Promise<string[]>;
  intervalMs: number;
  now?: () => number;
  random?: () => number;
}

const CLOSED: LogsState = { lines: [], seen: 0 };

export class LogsWatch extends StateStore<LogsState> implements LogsController {
  private poller: Poller<string[]> | undefined;
  private paused = false;

  constructor(private readonly options: LogsWatchOptions) {
    super(CLOSED);
  }

  open(replica: string): void {
    if (this.state.replica === replica && this.poller) return;
    this.poller?.stop();
    this.set({ replica, lines: [], seen: 0 });
    const { fetch, intervalMs, now, random } = this.options;
    const poller: Poller<string[]> = new Poller<string[]>({
      fetch: (signal) => fetch(replica, signal),
      intervalMs,
      now,
      random,
      onSnapshot: (snap) => {
        if (this.poller === poller) this.set(next(this.state, snap));
      },
    });
    this.poller = poller;
    // A paused poller started now polls once resumed.
    if (this.paused) poller.pause();
    poller.start();
  }

  pollNow(): void {
    this.poller?.pollNow();
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (paused) this.poller?.pause();
    else this.poller?.resume();
  }

  close(): void {
    this.poller?.stop();
    this.poller = undefined;
    this.set(CLOSED);
  }
}

/**
 * How many lines at the end of `fresh` are new after `old`: the logs endpoint returns a window of
 * the newest lines, so the old window's tail is found again in the new one, the latest place
 * where it matches (three lines, so one repeated line is rarely taken for the old tail; fewer
 * only where the new window starts). Everything is new if it is not found.
 */
export function appendedCount(old: readonly string[], fresh: readonly string[]): number {
  if (old.length === 0) return fresh.length;
  for (let end = fresh.length; end > 0; end--) {
    // Three lines must match, or every line from the start of the new window if it is shorter.
    const need = Math.min(old.length, 3, end);
    let k = 0;
    while (k < need && fresh[end - 1 - k] === old[old.length - 1 - k]) k++;
    if (k === need) return fresh.length - end;
  }
  return fresh.length;
}

function next(state: LogsState, snap: Snapshot<string[]>): LogsState {
  if (!snap.ok) return { ...state, error: snap.error };
  const fresh = snap.data.length > MAX_LOG_LINES ? snap.data.slice(-MAX_LOG_LINES) : snap.data;
  // The same lines keep the same array, so the pane's rows are not re-planned for nothing.
  const same = fresh.length === state.lines.length && fresh.every((line, i) => line === state.lines[i]);
  const { error: _cleared, ...rest } = state;
  if (same) return { ...rest, fetchedAt: snap.at };
  return { ...rest, lines: fresh, seen: state.seen + appendedCount(state.lines, fresh), fetchedAt: snap.at };
}
