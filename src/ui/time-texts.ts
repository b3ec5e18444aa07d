// The times a frame shows, and the next instant any of their texts changes: the clock ticks then
// and only then, so a screen whose text would not change costs no render at all.
import { msUntilDurationChanges, msUntilLeftChanges } from '../watch/duration.js';
import { msUntilAgeChanges, msUntilCountdownChanges } from './format.js';

export type TimeText =
  /** An age, `formatAge(now - from)`. */
  | { kind: 'age'; from: number }
  /** A countdown, `formatCountdown(to - now)`. */
  | { kind: 'countdown'; to: number }
  /** An elapsed time, `formatDuration(now - from)` (a rollout's `4m12s`, a stall's `no progress for 10m00s`). */
  | { kind: 'elapsed'; from: number }
  /** A time left counting down, `formatDuration(to - now)` (a rollout's estimate, `~1m40s left`). */
  | { kind: 'left'; to: number }
  /** Something that appears or changes at `at` (data turning stale, a rollout stalling, a replica settling). */
  | { kind: 'deadline'; at: number };

/** The earliest instant after `now` at which one of `texts` reads differently; undefined if none ever will. */
export function nextTextChange(texts: readonly TimeText[], now: number): number | undefined {
  let next = Infinity;
  for (const t of texts) {
    const at =
      t.kind === 'age' ? now + msUntilAgeChanges(now - t.from)
      : t.kind === 'countdown' ? now + msUntilCountdownChanges(t.to - now)
      : t.kind === 'elapsed' ? now + msUntilDurationChanges(now - t.from)
      : t.kind === 'left' ? now + msUntilLeftChanges(t.to - now)
      : t.at > now ? t.at : Infinity;
    if (at < next) next = at;
  }
  return Number.isFinite(next) ? next : undefined;
}
