// Plays a recording back through the same reducer the live watch used: the state after poll n is
// the fold of the first n recorded snapshots, with their recorded times, so timeline and rollout
// progress come out as they were live. Stepping back folds again from the start (the reducer is
// pure). Its clock is the recorded time, moving at `speed` while playing.
import { StateStore } from '../watch/store.js';
import type { Snapshot } from '../watch/types.js';

export const MIN_SPEED = 1 / 16;
export const MAX_SPEED = 1024;

export interface PlayerOptions<T, S> {
  polls: readonly Snapshot<T>[];
  initial: () => S;
  reduce: (state: S, snap: Snapshot<T>) => S;
  speed?: number;
  /** Wall clock (tests freeze it). */
  wall?: () => number;
}

export interface PlayerView {
  /** Polls applied (1 … total). */
  position: number;
  total: number;
  speed: number;
  paused: boolean;
  /** The recorded time shown. */
  at: number;
}

export class Player<T, S> extends StateStore<S> {
  private readonly polls: readonly Snapshot<T>[];
  private readonly fold: (state: S, snap: Snapshot<T>) => S;
  private readonly initial: () => S;
  private readonly wall: () => number;
  private applied = 0;
  private speed: number;
  private paused = false;
  /** The recorded time at wall time `anchor.wall`. */
  private anchor = { wall: 0, at: 0 };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private view!: PlayerView;

  constructor(options: PlayerOptions<T, S>) {
    super(options.initial());
    if (options.polls.length === 0) throw new Error('nothing to play');
    this.polls = options.polls;
    this.fold = options.reduce;
    this.initial = options.initial;
    this.wall = options.wall ?? Date.now;
    this.speed = clampSpeed(options.speed ?? 1);
    this.paused = true;
    this.jump(1);
  }

  /** Start playing from where it stands. */
  start(): void {
    if (this.paused) this.togglePause();
  }

  stop(): void {
    this.clearTimer();
  }

  /** The recorded time now: it moves on between polls while playing. */
  now = (): number => {
    if (this.paused) return this.anchor.at;
    const next = this.polls[this.applied]?.at ?? this.anchor.at;
    return Math.min(next, this.anchor.at + (this.wall() - this.anchor.wall) * this.speed);
  };

  /** What the replay bar shows; the same object until something in it changed. */
  getView(): PlayerView {
    return this.view;
  }

  /** The snapshots applied so far (a derived watch folds them its own way). */
  played(): readonly Snapshot<T>[] {
    return this.polls.slice(0, this.applied);
  }

  isPaused(): boolean {
    return this.paused;
  }

  togglePause(): void {
    this.anchor = { wall: this.wall(), at: this.now() };
    this.paused = !this.paused;
    // Played to the end: play again from the start.
    if (!this.paused && this.applied >= this.polls.length) this.jump(1);
    this.schedule();
    this.changed();
  }

  /** One poll on (1) or back (-1); it pauses. */
  step(by: 1 | -1): void {
    this.paused = true;
    this.jump(this.applied + by);
  }

  toStart(): void {
    this.jump(1);
  }

  toEnd(): void {
    this.jump(this.polls.length);
  }

  /** Twice (×2) or half (×0.5) as fast. */
  scaleSpeed(factor: number): void {
    this.anchor = { wall: this.wall(), at: this.now() };
    this.speed = clampSpeed(this.speed * factor);
    this.schedule();
    this.changed();
  }

  /** Show the state after `n` polls: on from here, or folded again from the start when going back. */
  private jump(n: number): void {
    const target = Math.min(Math.max(1, n), this.polls.length);
    let state = target >= this.applied && this.applied > 0 ? this.state : this.initial();
    for (let i = target >= this.applied && this.applied > 0 ? this.applied : 0; i < target; i++) state = this.fold(state, this.polls[i]!);
    this.applied = target;
    this.anchor = { wall: this.wall(), at: this.polls[target - 1]!.at };
    this.set(state);
    this.schedule();
    this.changed();
  }

  private schedule(): void {
    this.clearTimer();
    if (this.paused) return;
    const next = this.polls[this.applied];
    if (!next) {
      this.paused = true; // the end: hold the last poll
      return;
    }
    const delay = Math.max(0, (next.at - this.now()) / this.speed);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.jump(this.applied + 1);
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private changed(): void {
    const view: PlayerView = { position: this.applied, total: this.polls.length, speed: this.speed, paused: this.paused, at: this.now() };
    const old = this.view as PlayerView | undefined;
    if (old && old.position === view.position && old.total === view.total && old.speed === view.speed && old.paused === view.paused && old.at === view.at) return;
    this.view = view;
    for (const listener of [...this.barListeners]) listener();
  }

  private readonly barListeners = new Set<() => void>();

  /** Hear of changes to the bar (position, speed, pause). */
  subscribeView(listener: () => void): () => void {
    const entry = () => listener();
    this.barListeners.add(entry);
    return () => {
      this.barListeners.delete(entry);
    };
  }
}

function clampSpeed(speed: number): number {
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, Number.isFinite(speed) && speed > 0 ? speed : 1));
}
