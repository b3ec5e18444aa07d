// Elapsed times and estimates as people say them in a rollout: `45s`, `4m12s`, `1h03m`.
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const two = (n: number) => String(n).padStart(2, '0');

/** Two units at most, rounded down; `0s` below a second, `?` for a number that is not one. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const t = Math.max(0, ms);
  if (t < MINUTE) return `${Math.floor(t / SECOND)}s`;
  if (t < HOUR) return `${Math.floor(t / MINUTE)}m${two(Math.floor((t % MINUTE) / SECOND))}s`;
  return `${Math.floor(t / HOUR)}h${two(Math.floor((t % HOUR) / MINUTE))}m`;
}

/** Milliseconds until `formatDuration(ms + x)` first differs (seconds under an hour, minutes after). */
export function msUntilDurationChanges(ms: number): number {
  if (!Number.isFinite(ms)) return Infinity;
  const t = Math.max(0, ms);
  const unit = t < HOUR ? SECOND : MINUTE;
  return unit - (t % unit);
}

/**
 * Milliseconds until `formatDuration(ms - x)` first differs, as a time left counts down (the text
 * rounds down, so it changes just past each whole unit); Infinity once it reads `0s`.
 */
export function msUntilLeftChanges(ms: number): number {
  if (!Number.isFinite(ms) || ms < SECOND) return Infinity;
  const unit = ms < HOUR ? SECOND : MINUTE;
  return (ms % unit) + 1;
}
