// What a watch learned about its deployment, kept when the screen goes back to the list so that
// coming back shows the same timeline: per deployment, for the session, the most recent few only.
import { initialState } from './state.js';
import type { ProgressOptions } from './progress.js';
import type { WatchState } from './types.js';

/** Deployments remembered; the least recently left is forgotten first. */
export const REMEMBERED_CAP = 50;

/**
 * The part of a watch's state that does not go stale: what happened, in what order, why, and how far
 * the rollout got; and, as `resumedFrom`, the deployment `progress` last saw, for the next watch's first diff.
 */
type Kept = Pick<WatchState, 'timeline' | 'timelineDropped' | 'revisionOrder' | 'causes' | 'progress' | 'resumedFrom'>;

export class WatchMemory {
  // Keyed by deployment id (server-chosen): a Map, whose insertion order is also the recency order.
  private readonly kept = new Map<string, Kept>();

  constructor(private readonly cap = REMEMBERED_CAP) {}

  /** Remember what the watch of `key` has seen so far (its last state), as the most recent. */
  keep(key: string, state: WatchState): void {
    const { timeline, timelineDropped, revisionOrder, causes, progress } = state;
    // Left before its first answer, a resumed watch still has the older watch's last deployment.
    const resumedFrom = state.deployment ?? state.resumedFrom;
    this.kept.delete(key);
    this.kept.set(key, { timeline, revisionOrder, causes, progress, ...(timelineDropped === undefined ? {} : { timelineDropped }), ...(resumedFrom === undefined ? {} : { resumedFrom }) });
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= Math.max(0, this.cap)) break;
      this.kept.delete(oldest);
    }
  }

  /** The state a new watch of `key` starts from: empty, or seeded with what was kept. */
  seed(key: string, progress?: Partial<ProgressOptions>): WatchState {
    return { ...initialState(progress), ...this.kept.get(key) };
  }

  get size(): number {
    return this.kept.size;
  }
}
