// Ink's incremental renderer walks down past every unchanged line with its own "next line"
// sequence (ESC [ E), three bytes a row: a 40-row screen pays ~120 bytes to change one clock.
// A run of them is the same as one "next line N times" (ESC [ N E), so collapse the runs.
//
// It also repaints a changed line from its first changed cell after replaying every colour code
// of the unchanged part before it (`ESC[36m ESC[90m ESC[39m` for each key hint...), most of which
// cancel out. Codes with no text between them only leave their net effect, so a run of them is
// shortened to that effect: the last code per attribute, after the last full reset.
// eslint-disable-next-line no-control-regex
const RUN = /(?:\x1b\[E){2,}/g;
// eslint-disable-next-line no-control-regex
const SGR_RUN = /(?:\x1b\[[0-9;]*m){2,}/g;
// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[([0-9;]*)m/g;

export function compactOutput(text: string): string {
  if (!text.includes('\x1b[')) return text;
  return text.replace(RUN, (run) => `\x1b[${run.length / 3}E`).replace(SGR_RUN, compactSgr);
}

/** Which attribute a simple SGR parameter sets; undefined for anything not understood here. */
function attribute(p: number): string | undefined {
  if ((p >= 30 && p <= 37) || (p >= 90 && p <= 97) || p === 39) return 'fg';
  if ((p >= 40 && p <= 47) || (p >= 100 && p <= 107) || p === 49) return 'bg';
  if (p === 3 || p === 23) return 'italic';
  if (p === 4 || p === 24) return 'underline';
  if (p === 5 || p === 25) return 'blink';
  if (p === 7 || p === 27) return 'inverse';
  if (p === 8 || p === 28) return 'hidden';
  if (p === 9 || p === 29) return 'strike';
  return undefined;
}

/** A run of SGR sequences with nothing between them, reduced to one sequence with the same effect. */
export function compactSgr(run: string): string {
  let reset = false;
  // Bold (1), faint (2) and "neither" (22) interact, so intensity keeps its codes since the last 22.
  let intensity: number[] = [];
  const last = new Map<string, number>();
  for (const [, params] of run.matchAll(SGR)) {
    for (const raw of params!.split(';')) {
      const p = raw === '' ? 0 : Number(raw);
      if (p === 0) {
        reset = true;
        intensity = [];
        last.clear();
      } else if (p === 1 || p === 2) {
        intensity.push(p);
      } else if (p === 22) {
        intensity = [22];
      } else {
        const key = attribute(p);
        // 38/48 (extended colours) and anything unknown: leave the run exactly as it was.
        if (key === undefined) return run;
        last.set(key, p);
      }
    }
  }
  const codes = [...(reset ? [0] : []), ...intensity, ...last.values()];
  return codes.length === 0 ? '' : `\x1b[${codes.join(';')}m`;
}
