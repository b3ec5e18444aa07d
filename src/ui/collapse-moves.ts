// Ink's incremental renderer walks down past every unchanged line with its own "next line"
// sequence (ESC [ E), three bytes a row: a 40-row screen pays ~120 bytes to change one clock.
// A run of them is the same as one "next line N times" (ESC [ N E), so collapse the runs.
// eslint-disable-next-line no-control-regex
const RUN = /(?:\x1b\[E){2,}/g;

export function collapseLineMoves(text: string): string {
  return text.replace(RUN, (run) => `\x1b[${run.length / 3}E`);
}
