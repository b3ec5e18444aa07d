// Bounded, immutable list helpers: they return new arrays, so React sees a new reference
// exactly when something was added, and nothing grows without limit in a days-long watch.
import type { TimelineEvent, WatchState } from './types.js';

/** Timeline events kept (the full-height pane scrolls through them; the compact section shows the newest few). */
export const TIMELINE_CAP = 1_000;
/** ready_replicas samples kept (4 minutes at the default 2 s interval). */
export const READY_SERIES_CAP = 120;
/** Revision ids remembered; a deployment never has this many live at once. */
export const REVISION_ORDER_CAP = 50;

/** `list` followed by `items`, keeping only the newest `cap` entries. */
export function appendCapped<T>(list: readonly T[], items: readonly T[], cap: number): T[] {
  const limit = Math.max(0, Math.floor(cap));
  const all = [...list, ...items];
  return all.length > limit ? all.slice(all.length - limit) : all;
}

/** `list` followed by `item`, keeping only the newest `cap` entries. */
export function pushCapped<T>(list: readonly T[], item: T, cap: number): T[] {
  return appendCapped(list, [item], cap);
}

/** A watch's timeline and how many events its cap has dropped. */
export type TimelinePart = Pick<WatchState, 'timeline' | 'timelineDropped'>;

/** Events ever added to the timeline: the ones the cap dropped and the ones kept. */
export function timelineCount(state: TimelinePart): number {
  return (state.timelineDropped ?? 0) + state.timeline.length;
}

/** The timeline with `events` added, capped, counting what the cap drops; the same arrays when there are none. */
export function addToTimeline(state: TimelinePart, events: readonly TimelineEvent[]): TimelinePart {
  if (events.length === 0) return { timeline: state.timeline, ...(state.timelineDropped === undefined ? {} : { timelineDropped: state.timelineDropped }) };
  const timeline = appendCapped(state.timeline, events, TIMELINE_CAP);
  const dropped = (state.timelineDropped ?? 0) + state.timeline.length + events.length - timeline.length;
  return { timeline, ...(dropped > 0 ? { timelineDropped: dropped } : {}) };
}
