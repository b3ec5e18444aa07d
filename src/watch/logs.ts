// The logs of one replica, followed while the logs pane is open: a Poller on the deployment's
// logs endpoint for that replica, started when the pane opens on it and stopped when it closes
// or moves to another replica. Each answer is merged into the lines held (log-merge.ts); the
// newest MAX_LOG_LINES are kept.
import { GAP_LINE, mergeWindow } from './log-merge.js';
import { Follower } from './follower.js';
import { Poller } from './poller.js';
import type { Snapshot, SnapshotError } from './types.js';

/** Log lines kept for the pane: far more than a screen, never unbounded. */
export const MAX_LOG_LINES = 10_000;

export interface LogsState {
  /** The replica being followed; undefined while the pane is closed. */
  replica?: string;
  /** Newest last, at most MAX_LOG_LINES; GAP_LINE where an answer did not overlap the lines before it. */
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

/** Older lines let go to keep MAX_LOG_LINES: the line numbers before the first one kept. */
export function droppedLines(logs: Pick<LogsState, 'seen' | 'lines'>): number {
  return Math.max(0, logs.seen - logs.lines.length);
}

const CLOSED: LogsState = { lines: [], seen: 0 };

export class LogsWatch extends Follower<LogsState, string[]> implements LogsController {
  constructor(private readonly options: LogsWatchOptions) {
    super(CLOSED);
  }

  open(replica: string): void {
    if (this.state.replica === replica && this.polling) return;
    this.replacePoller();
    this.set({ replica, lines: [], seen: 0 });
    const { fetch, intervalMs, now, random } = this.options;
    const poller: Poller<string[]> = new Poller<string[]>({
      fetch: (signal) => fetch(replica, signal),
      intervalMs,
      now,
      random,
      onSnapshot: (snap) => {
        if (this.isCurrent(poller)) this.set(next(this.state, snap));
      },
    });
    this.replacePoller(poller);
  }

  close(): void {
    this.replacePoller();
    this.set(CLOSED);
  }
}

function next(state: LogsState, snap: Snapshot<string[]>): LogsState {
  if (!snap.ok) return { ...state, error: snap.error };
  // An answer longer than the buffer is cut the same way, so it still overlaps what is kept.
  const window = snap.data.length > MAX_LOG_LINES ? snap.data.slice(-MAX_LOG_LINES) : snap.data;
  const { added, gap } = mergeWindow(state.lines, window);
  const { error: _cleared, ...rest } = state;
  // Nothing new keeps the same array, so the pane's rows are not re-planned for nothing.
  if (added.length === 0 && !gap) return { ...rest, fetchedAt: snap.at };
  const grown = gap ? [...state.lines, GAP_LINE, ...added] : [...state.lines, ...added];
  const over = Math.max(0, grown.length - MAX_LOG_LINES);
  return {
    ...rest,
    lines: over > 0 ? grown.slice(over) : grown,
    seen: state.seen + grown.length - state.lines.length,
    fetchedAt: snap.at,
  };
}
