// A recording played back as the controllers the live screens take: the watch screen's
// WatchController, the list's ListController, the panels' FleetController. Each is a Player
// folding the recorded snapshots with the reducer the live session used; polling keys do nothing.
import type { Deployment } from '../api/schema.js';
import { initialFleet, reduceFleet, type FleetController, type FleetState } from '../watch/fleet-session.js';
import { reduceList, type ListController, type ListState } from '../watch/list-session.js';
import type { LogsController } from '../watch/logs.js';
import { initialState, reduce } from '../watch/state.js';
import { StateStore } from '../watch/store.js';
import type { Snapshot, WatchController, WatchState } from '../watch/types.js';
import { Player } from './player.js';
import type { Recording } from './reader.js';

const nothing = (): void => undefined;

export function watchPlayer(recording: Recording<Deployment>, speed: number): Player<Deployment, WatchState> {
  const { progressDeadlineMs } = recording.header;
  return new Player({ polls: recording.polls, initial: () => initialState(progressDeadlineMs === undefined ? {} : { progressDeadlineMs }), reduce, speed });
}

export function listPlayer(recording: Recording<Deployment[]>, speed: number): Player<Deployment[], ListState> {
  const { progressDeadlineMs } = recording.header;
  return new Player<Deployment[], ListState>({ polls: recording.polls, initial: () => (progressDeadlineMs === undefined ? {} : { progressOptions: { progressDeadlineMs } }), reduce: reduceList, speed });
}

export function fleetPlayer(recording: Recording<Deployment[]>, speed: number): Player<Deployment[], FleetState> {
  const targets = recording.header.targets;
  return new Player({ polls: recording.polls, initial: () => initialFleet(targets), reduce: reduceFleet, speed });
}

/** The watch screen's controller: `p` pauses the replay, `r` does nothing. */
export function watchController(player: Player<Deployment, WatchState>, intervalMs: number): WatchController {
  return { getState: () => player.getState(), subscribe: (l) => player.subscribe(l), pollNow: nothing, togglePause: () => player.togglePause(), isPaused: () => player.isPaused(), intervalMs };
}

export function listController(player: Player<Deployment[], ListState>, intervalMs: number): ListController {
  return { getState: () => player.getState(), subscribe: (l) => player.subscribe(l), pollNow: nothing, setPaused: nothing, intervalMs };
}

export function fleetController(player: Player<Deployment[], FleetState>, intervalMs: number): FleetController {
  return { getState: () => player.getState(), subscribe: (l) => player.subscribe(l), pollNow: nothing, setPaused: nothing, focus: nothing, intervalMs };
}

/**
 * One deployment of a list recording, opened from the list or the panels: its watch state folded
 * from the list snapshots played so far, as several-at-once builds a panel (reduceFleet).
 */
interface ListPlayback {
  played(): readonly Snapshot<Deployment[]>[];
  subscribe(listener: () => void): () => void;
  togglePause(): void;
  isPaused(): boolean;
}

class OneOfList extends StateStore<WatchState> implements WatchController {
  readonly pollNow = nothing;
  private readonly unsubscribe: () => void;

  constructor(private readonly player: ListPlayback, private readonly key: string, readonly intervalMs: number) {
    super(initialState());
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
    const fleet = this.player.played().reduce((s: FleetState, snap: Snapshot<Deployment[]>) => reduceFleet(s, snap), initialFleet([this.key]));
    this.set(fleet.panels[0]!.watch);
  }
}

const CLOSED = { lines: [], seen: 0 };
const NO_LOGS: LogsController = { getState: () => CLOSED, subscribe: () => nothing, open: nothing, close: nothing, pollNow: nothing, setPaused: nothing };

/** What the list and the panels open: a recorded deployment (no logs: they are not recorded). */
export function openRecorded(player: ListPlayback, intervalMs: number) {
  return (key: string) => {
    const controller = new OneOfList(player, key, intervalMs);
    return { controller, logs: NO_LOGS, stop: () => controller.stop() };
  };
}
