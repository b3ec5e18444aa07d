// `depwatch logs --since`: which lines are recent enough, by the RFC 3339 stamp a line starts
// with (after a `[replica] ` tag, as lines of every replica at once carry in the simulator).
import { splitStamp } from '../watch/log-lines.js';

/** When the line was written (epoch ms), if it says. */
export function lineTime(line: string): number | undefined {
  return splitStamp(line).at ?? splitStamp(line.replace(/^\[[^\]]*\] /, '')).at;
}

/** Keeps lines stamped at or after `cutoff`, and every line without a stamp (nothing says it is old). */
export function since(cutoff: number): (line: string) => boolean {
  return (line) => (lineTime(line) ?? cutoff) >= cutoff;
}
