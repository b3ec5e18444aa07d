// A recording played back as the controllers the live screens take: the watch screen's
// WatchController, the list's ListController, the panels' FleetController. Each is a Player
// folding the recorded snapshots with the reducer the live session used; polling keys do nothing.
// A list or fleet recording plays its polls and those of the deployments opened from it (visits)
// in the order recorded: the list stands still while a visit's polls play, and a deployment opened
// in the replay is folded from both, as it was seen live.
import type { Deployment } from '../api/schema.js';
import { initialFleet, reduceFleet, type FleetController, type FleetPanel, type FleetState } from '../watch/fleet-session.js';
import { reduceList, type ListController, type ListState } from '../watch/list-session.js';
import type { LogsController } from '../watch/logs.js';
import type { ProgressOptions } from '../watch/progress.js';
import { initialState, reduce } from '../watch/state.js';
import { StateStore } from '../watch/store.js';
import type { Snapshot, WatchController, WatchState } from '../watch/types.js';
import { Player } from './player.js';
import type { Recording, Visit } from './reader.js';

const nothing = (): void => undefined;

export function watchPlayer(recording: Recording<Deployment>, speed: number): Player<Deployment, WatchState> {
  return new Player({ polls: recording.polls, initial: () => initialState(recordedProgress(recording)), reduce, speed });
}

/** A list or fleet recording's timeline: the list's polls and the visits'. */
export type ListPoll = Snapshot<Deployment[]> | Visit;
type ListPlayer<S> = Player<Deployment[] | Deployment, S>;

const isVisit = (poll: Snapshot<Deployment[] | Deployment>): poll is Visit => 'deployment' in poll;

/** The list's polls and the visits' in the order recorded (by time; the list's first at a tie). */
function timeline(recording: Recording<Deployment[]>): ListPoll[] {
  const { polls, visits = [] } = recording;
  const out: ListPoll[] = [];
  let v = 0;
  for (const poll of polls) {
    while (v < visits.length && visits[v]!.at < poll.at) out.push(visits[v++]!);
    out.push(poll);
  }
  return [...out, ...visits.slice(v)];
}

/** A list reducer that lets the visits' polls pass (the list was not polled meanwhile). */
const listOnly = <S>(reduceList: (state: S, snap: Snapshot<Deployment[]>) => S) => (state: S, poll: Snapshot<Deployment[] | Deployment>): S => (isVisit(poll) ? state : reduceList(state, poll as Snapshot<Deployment[]>));

/** The progress deadline the recorded session judged rollouts by (`--progress-deadline`), for the replay to judge alike. */
export function recordedProgress(recording: Recording<unknown>): Partial<ProgressOptions> {
  const { progressDeadlineMs } = recording.header;
  return progressDeadlineMs === undefined ? {} : { progressDeadlineMs };
}

export function listPlayer(recording: Recording<Deployment[]>, speed: number): ListPlayer<ListState> {
  const progress = recordedProgress(recording);
  return new Player<Deployment[] | Deployment, ListState>({ polls: timeline(recording), initial: () => (progress.progressDeadlineMs === undefined ? {} : { progressOptions: progress }), reduce: listOnly(reduceList), speed });
}

export function fleetPlayer(recording: Recording<Deployment[]>, speed: number): ListPlayer<FleetState> {
  return new Player<Deployment[] | Deployment, FleetState>({ polls: timeline(recording), initial: () => initialFleet(recording.header.targets, recordedProgress(recording)), reduce: listOnly(reduceFleet), speed });
}

/** The watch screen's controller: `p` pauses the replay, `r` does nothing. */
export function watchController(player: Player<Deployment, WatchState>, intervalMs: number): WatchController {
  return { getState: () => player.getState(), subscribe: (l) => player.subscribe(l), pollNow: nothing, togglePause: () => player.togglePause(), isPaused: () => player.isPaused(), intervalMs };
}

export function listController(player: ListPlayer<ListState>, intervalMs: number): ListController {
  return { getState: () => player.getState(), subscribe: (l) => player.subscribe(l), pollNow: nothing, setPaused: nothing, intervalMs };
}

export function fleetController(player: ListPlayer<FleetState>, intervalMs: number): FleetController {
  return { getState: () => player.getState(), subscribe: (l) => player.subscribe(l), pollNow: nothing, setPaused: nothing, focus: nothing, intervalMs };
}

/**
 * One deployment of a list recording, opened from the list or the panels: its watch state folded
 * from the list snapshots played so far, as several-at-once builds a panel (reduceFleet), and from
 * its own polls where it was opened live.
 */
interface ListPlayback {
  played(): readonly Snapshot<Deployment[] | Deployment>[];
  subscribe(listener: () => void): () => void;
  togglePause(): void;
  isPaused(): boolean;
}

class OneOfList extends StateStore<WatchState> implements WatchController {
  readonly pollNow = nothing;
  private readonly unsubscribe: () => void;
  /** The polls folded so far and what they made: a notice (a poll, a pause, a speed change) folds only what is new. */
  private folded: { count: number; fleet: FleetState };

  constructor(private readonly player: ListPlayback, private readonly key: string, readonly intervalMs: number, private readonly progress: Partial<ProgressOptions>) {
    super(initialState(progress));
    this.folded = { count: 0, fleet: initialFleet([key], progress) };
    this.refold();
    this.unsubscribe = player.subscribe(() => this.refold());
  }

  togglePause(): void {
    this.player.togglePause();
  }

  isPaused(): boolean {
    return this.player.isPaused();
  }

  stop(): void {
    this.unsubscribe();
  }

  private refold(): void {
    const own = (s: FleetState, visit: Visit): FleetState => {
      const panel: FleetPanel = s.panels[0]!;
      return visit.deployment === this.key ? { ...s, panels: [{ ...panel, watch: reduce(panel.watch, visit) }] } : s;
    };
    const played = this.player.played();
    // Stepped back or jumped to the start: folded again from the first poll.
    if (played.length < this.folded.count) this.folded = { count: 0, fleet: initialFleet([this.key], this.progress) };
    const fleet = played.slice(this.folded.count).reduce((s: FleetState, poll) => (isVisit(poll) ? own(s, poll) : reduceFleet(s, poll as Snapshot<Deployment[]>)), this.folded.fleet);
    this.folded = { count: played.length, fleet };
    this.set(fleet.panels[0]!.watch);
  }
}

const CLOSED = { lines: [], seen: 0 };
const NO_LOGS: LogsController = { getState: () => CLOSED, subscribe: () => nothing, open: nothing, close: nothing, pollNow: nothing, setPaused: nothing };

/** What the list and the panels open: a recorded deployment (no logs: they are not recorded). */
export function openRecorded(player: ListPlayback, intervalMs: number, progress: Partial<ProgressOptions> = {}) {
  return (key: string) => {
    const controller = new OneOfList(player, key, intervalMs, progress);
    return { controller, logs: NO_LOGS, stop: () => controller.stop() };
  };
}
