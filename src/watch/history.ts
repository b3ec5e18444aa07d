// Bounded, immutable list helpers: they return new arrays, so React sees a new reference
// exactly when something was added, and nothing grows without limit in a days-long watch.

/** Timeline events kept. */
export const TIMELINE_CAP = 200;
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
