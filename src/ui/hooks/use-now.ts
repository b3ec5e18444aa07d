// A clock that ticks only when some text on screen would read differently: one setTimeout for the
// earliest change, never a blind interval. With nothing age-like on screen it never ticks.
import { useEffect, useMemo, useReducer } from 'react';

/** Timers longer than this overflow Node's 32-bit delay; the clock re-plans after it. */
const MAX_DELAY = 2 ** 31 - 1;
/** Land just after the change, not just before it. */
const SLACK_MS = 5;

/**
 * The current time (from `clock`), read again when `resetKey` changes (new data) and when
 * `nextChange(now)` — the next instant any visible time text changes — arrives.
 */
export function useNow(clock: () => number, nextChange: (now: number) => number | undefined, resetKey?: unknown): number {
  const [tick, bump] = useReducer((n: number) => n + 1, 0);
  const now = useMemo(() => clock(), [clock, tick, resetKey]);
  const at = nextChange(now);
  useEffect(() => {
    if (at === undefined) return;
    const delay = Math.min(MAX_DELAY, Math.max(0, at - clock()) + SLACK_MS);
    const timer = setTimeout(bump, delay);
    return () => clearTimeout(timer);
  }, [at, now, clock]);
  return now;
}
