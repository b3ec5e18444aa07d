// Scenario time ↔ wall time. Scenario time is ms since the simulator started, multiplied by the
// speed; timestamps we send are wall time so a client's "ready 12s ago" matches what it saw.

export interface Timebase {
  /** Wall-clock epoch ms when the simulator started (scenario time 0). */
  startedAt: number;
  /** How much faster than the wall clock scenario time runs. */
  speed: number;
}

/** Wall-clock ms of scenario time `t`; negative times are pre-history, taken as plain offsets. */
export function wallMs(tb: Timebase, t: number): number {
  return tb.startedAt + (t >= 0 ? t / tb.speed : t);
}

/** RFC 3339 with whole seconds, as Kubernetes stamps its status times. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** RFC 3339 with milliseconds, as a log collector stamps its lines. */
export function isoMillis(ms: number): string {
  return new Date(Math.floor(ms)).toISOString();
}
