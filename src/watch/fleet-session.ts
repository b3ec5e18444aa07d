// Several deployments at once (`depwatch watch a b c`): ONE list request per tick for all of them
// (the list document carries each one's status and replica events), each named deployment picked
// out of it by id or name and run through the watch reducer as if it had been fetched alone, so a
// panel knows what a watch knows (remembered crash causes, revision order, errors); the ones the
// list does not hold are flagged. Logs are read only for the focused panel, for a crash cause.
import type { Deployment } from '../api/schema.js';
import { crashLine } from './log-lines.js';
import { Poller } from './poller.js';
import type { ProgressOptions } from './progress.js';
import { sortReplicas } from './replica.js';
import { initialState, learnCause, reduce, unexplained } from './state.js';
import { StateStore } from './store.js';
import type { Snapshot, SnapshotError, WatchState } from './types.js';

export interface FleetPanel {
  /** As named on the command line. */
  target: string;
  /** What the panel is opened (and its logs read) by: the id once the list has shown one, else the name given. */
  key: string;
  /** The deployment's watch state, built from the list documents. */
  watch: WatchState;
  /** The last list held no deployment of this id or name. */
  missing: boolean;
}

export interface FleetState {
  /** In the order named. */
  panels: readonly FleetPanel[];
  /** When the last list arrived. */
  fetchedAt?: number;
  /** The last list request failed (cleared by the next good one). */
  error?: SnapshotError;
}

export interface FleetController {
  getState(): FleetState;
  subscribe(listener: () => void): () => void;
  pollNow(): void;
  /** Stop polling while one of them is watched full-screen (its own watch polls then), and start again after. */
  setPaused(paused: boolean): void;
  /** The panel with this key is focused: its failing replicas' logs may be read for a cause. */
  focus(key: string | undefined): void;
  readonly intervalMs: number;
}

/** The named deployment in a list: by id first (ids are unique), else by name. */
export function findDeployment(list: readonly Deployment[], target: string): Deployment | undefined {
  return list.find((d) => d.id === target) ?? list.find((d) => d.name === target);
}

/** `progress`: the deadline and settle time each panel judges its rollout by (`--progress-deadline`), as a watch does. */
export function initialFleet(targets: readonly string[], progress: Partial<ProgressOptions> = {}): FleetState {
  return { panels: [...new Set(targets)].map((target) => ({ target, key: target, watch: initialState(progress), missing: false })) };
}

/** The fleet after one list poll: each named deployment's share of it, reduced like a watch's own poll. */
export function reduceFleet(state: FleetState, snap: Snapshot<Deployment[]>): FleetState {
  if (!snap.ok) {
    return { ...state, error: snap.error, panels: state.panels.map((p) => ({ ...p, watch: reduce(p.watch, snap) })) };
  }
  const panels = state.panels.map((p): FleetPanel => {
    const d = findDeployment(snap.data, p.target);
    if (!d) return p.missing ? p : { ...p, missing: true };
    return { target: p.target, key: d.id ?? p.target, watch: reduce(p.watch, { ...snap, data: d }), missing: false };
  });
  const { error: _cleared, ...rest } = state;
  return { ...rest, panels, fetchedAt: snap.at };
}

export interface FleetSessionOptions {
  targets: readonly string[];
  /** The deployments list: one request for all of them. */
  fetch: (signal: AbortSignal) => Promise<Deployment[]>;
  /** A replica's logs, by deployment key; read once for the focused panel's unexplained crash. */
  logs?: (deployment: string, replica: string, signal: AbortSignal) => Promise<string[]>;
  intervalMs: number;
  now?: () => number;
  random?: () => number;
  /** Hears every list snapshot (`--record`). */
  record?: (snapshot: Snapshot<Deployment[]>) => void;
  /** The progress deadline and settle time the panels judge by (defaults 10m / 30s). */
  progress?: Partial<ProgressOptions>;
}

export class FleetSession extends StateStore<FleetState> implements FleetController {
  readonly intervalMs: number;
  /**
   * The list's poll, its pause and its first answer serve all the panels. A poller, not a
   * ListSession: the list screen's state (a tracker per listed deployment) would be worked out
   * each tick for nothing, beside each panel's own in its watch reducer.
   */
  readonly list: Poller<Deployment[]>;
  private readonly logs: FleetSessionOptions['logs'];
  private focused: string | undefined;
  /** `deployment replica` pairs whose logs were read: once each while they keep failing. */
  private readonly asked = new Set<string>();
  private readonly asking = new AbortController();
  private reading = false;

  constructor(options: FleetSessionOptions) {
    super(initialFleet(options.targets, options.progress));
    const { targets: _targets, logs, record, progress: _progress, ...polling } = options;
    this.intervalMs = options.intervalMs;
    this.logs = logs;
    this.list = new Poller<Deployment[]>({
      ...polling,
      onSnapshot: (snap) => {
        record?.(snap);
        this.set(reduceFleet(this.state, snap));
        this.readWhy();
      },
    });
  }

  pollNow = (): void => this.list.pollNow();
  setPaused = (paused: boolean): void => (paused ? this.list.pause() : this.list.resume());

  /** Stops the list poll and any log read in flight. */
  stop(): void {
    this.list.stop();
    this.asking.abort();
  }

  focus(key: string | undefined): void {
    if (key === this.focused) return;
    this.focused = key;
    this.readWhy();
  }

  /**
   * The focused panel's first failing replica whose cause nobody said (a crash loop met in the
   * middle says only "back-off"): its logs are read once for the crash line, one read at a time.
   */
  private readWhy(): void {
    const logs = this.logs;
    const panel = this.state.panels.find((p) => p.key === this.focused);
    if (!logs || !panel || this.reading) return;
    const pending = new Set(unexplained(panel.watch));
    for (const pair of this.asked) if (pair.startsWith(`${panel.key} `) && !pending.has(pair.slice(panel.key.length + 1))) this.asked.delete(pair);
    const replica = sortReplicas(panel.watch.deployment?.replica_events).find((name) => pending.has(name) && !this.asked.has(`${panel.key} ${name}`));
    if (replica === undefined) return;
    const key = panel.key;
    this.asked.add(`${key} ${replica}`);
    this.reading = true;
    logs(key, replica, this.asking.signal).then(
      (lines) => {
        const line = crashLine(lines);
        const panels = this.state.panels.map((p) => (p.key === key && line !== undefined && unexplained(p.watch).includes(replica) ? { ...p, watch: learnCause(p.watch, replica, `log: ${line}`) } : p));
        if (panels.some((p, i) => p !== this.state.panels[i])) this.set({ ...this.state, panels });
      },
      () => undefined, // best effort: the panel still says what the API says
    ).finally(() => {
      this.reading = false;
    });
  }
}
