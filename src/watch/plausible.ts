// Which numbers from the server can be true. The API allows any integer (or number) in its count
// and resource fields; a negative, fractional or absurd one is a server bug, and the screens show
// it marked (`?-168`, ui/format.ts) instead of computing with it as if it were real.

/** More replicas than any deployment has; a larger count is taken as nonsense. */
export const MAX_REPLICAS = 100_000;

/** A replica count that can be true: a whole number from 0 to MAX_REPLICAS. */
export function isCount(n: number | undefined): n is number {
  return Number.isSafeInteger(n) && n! >= 0 && n! <= MAX_REPLICAS;
}

/** The count when it can be true, else undefined (so the caller's fallback applies). */
export function countOrUndefined(n: number | undefined): number | undefined {
  return isCount(n) ? n : undefined;
}

/** A measure that can be true: finite, at least `min`, at most `max`, whole when it must be. */
export function isPlausible(n: number, max: number, opts: { integer?: boolean; min?: number } = {}): boolean {
  return Number.isFinite(n) && n >= (opts.min ?? 0) && n <= max && (!opts.integer || Number.isInteger(n));
}

/** A number that cannot be true, short and marked: `?-168`, `?2.5`, `?1e15`, `?1.7e308`. */
export function doubtfulText(n: number): string {
  if (!Number.isFinite(n)) return '?';
  const abs = Math.abs(n);
  if (abs >= 1e6 || (abs > 0 && abs < 0.01)) return `?${n.toExponential(1).replace('.0e', 'e').replace('e+', 'e')}`;
  return `?${Number.isInteger(n) ? n : Number(n.toFixed(2))}`;
}

/** A replica count as shown everywhere: `3`, `?` when not sent, `?-168` when it cannot be true. */
export function countText(n: number | undefined): string {
  if (n === undefined) return '?';
  return isCount(n) ? String(n) : doubtfulText(n);
}
