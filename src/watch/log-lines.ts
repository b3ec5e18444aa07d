// Reading container log lines: the RFC 3339 timestamp many of them start with, and the line that
// says why a container crashed (a Python exception, a Go panic, else the last error line).

/** A leading RFC 3339 timestamp and the one space after it. */
const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)) /;

/** The line's leading timestamp (epoch ms) when it has one, and the rest of the line. */
export function splitStamp(line: string): { at?: number; text: string } {
  const stamp = STAMP.exec(line);
  const at = stamp ? Date.parse(stamp[1]!) : NaN;
  return stamp && !Number.isNaN(at) ? { at, text: line.slice(stamp[0].length) } : { text: line };
}

/** `torch.OutOfMemoryError: …`, `RuntimeError: …`, `panic: …` at the start of a line. */
const CRASH = /^(?:[A-Za-z_][\w.]*(?:Error|Exception)|panic|fatal error):\s*\S/;
const ERROR = /\b(ERROR|FATAL|CRITICAL)\b/;

/** The line of these logs that best says why the container died, if any: the last crash line, else the last error line. */
export function crashLine(lines: readonly string[]): string | undefined {
  let lastError: string | undefined;
  for (let i = lines.length - 1; i >= 0; i--) {
    const text = splitStamp(lines[i]!).text.trim();
    if (CRASH.test(text)) return text;
    if (lastError === undefined && ERROR.test(text)) lastError = text;
  }
  return lastError;
}
