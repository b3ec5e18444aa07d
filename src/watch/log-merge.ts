// Merging the logs endpoint's answers: each is a window of the newest lines, so a new window
// starts with lines already held, and only what follows that overlap is new. Shared by the logs
// pane (watch/logs.ts) and `depwatch logs --follow` (commands/logs.ts).

/** Shown where a window did not overlap the lines held: it moved past them, lines between were never seen. */
export const GAP_LINE = '… lines may be missing';

export interface Merged {
  /** The window's lines after the overlap: the new ones, in order. */
  added: string[];
  /** Nothing held was found where the window starts: lines between may be missing. */
  gap: boolean;
}

/**
 * The new lines of `window` after `held`. The overlap is the longest end of `held` that `window`
 * starts with, so repeated identical lines are kept as often as they occur (`A B C` then
 * `B C C D` adds `C D`). Exact whenever the true overlap holds a line that occurs once, as a line
 * with a millisecond timestamp does; an overlap of nothing but identical lines cannot say how far
 * the window moved, and is read as the longest (the window moved least, the usual case).
 * A window found whole inside `held` but not at its end is an older answer: nothing new.
 * No overlap at all: the window moved past everything held, all of it is new, after a gap.
 */
export function mergeWindow(held: readonly string[], window: readonly string[]): Merged {
  if (window.length === 0) return { added: [], gap: false };
  const k = overlap(held, window);
  if (k > 0 || held.length === 0) return { added: window.slice(k), gap: false };
  if (contains(held, window)) return { added: [], gap: false };
  return { added: [...window], gap: true };
}

/** The length of the longest end of `held` that `window` starts with. */
export function overlap(held: readonly string[], window: readonly string[]): number {
  for (let k = Math.min(held.length, window.length); k > 0; k--) {
    if (sameRun(held, held.length - k, window, 0, k)) return k;
  }
  return 0;
}

function contains(held: readonly string[], window: readonly string[]): boolean {
  for (let at = held.length - window.length; at >= 0; at--) {
    if (sameRun(held, at, window, 0, window.length)) return true;
  }
  return false;
}

function sameRun(a: readonly string[], from: number, b: readonly string[], bFrom: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[from + i] !== b[bFrom + i]) return false;
  return true;
}
