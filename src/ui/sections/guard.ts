// The error boundary of a planned section: a section that throws on data nobody foresaw shows
// `(cannot show: <reason>)` in its own rows, and the rest of the screen keeps updating.
import { sanitize } from '../../sanitize.js';
import { truncate } from '../format.js';
import { s, type Line } from '../line.js';

/** The reason is for a person glancing at the screen: one short line. */
const MAX_REASON = 60;

function reasonOf(error: unknown): string {
  try {
    const text = error instanceof Error ? error.message : String(error);
    return truncate(sanitize(text).trim(), MAX_REASON) || 'unknown error';
  } catch {
    // An error whose message cannot even be read.
    return 'unknown error';
  }
}

/** `(cannot show: <reason>)`, the line a failed section shows. */
export function cannotShow(error: unknown): Line {
  return [s(`(cannot show: ${reasonOf(error)})`, 'error')];
}

/** `plan()`, or when it throws, `fallback` given the line that says why. */
export function guarded<T>(plan: () => T, fallback: (why: Line) => T): T {
  try {
    return plan();
  } catch (error) {
    return fallback(cannotShow(error));
  }
}

/** Lines of a section, or the one line saying why it cannot be shown. */
export function guardedLines(plan: () => readonly Line[]): readonly Line[] {
  return guarded(plan, (why) => [why]);
}
