// The last line: when data last arrived, how stale it is (only once it is), the interval and latency,
// paused, and the keys.
import { isStale, STALE_SLACK_MS } from '../../watch/state.js';
import type { WatchState } from '../../watch/types.js';
import { formatClock, formatInterval, formatLatency } from '../format.js';
import { age, joinLines, s, spread, type Ctx, type Line, type Section } from '../line.js';
import type { TimeText } from '../time-texts.js';

export function footerSection(ctx: Ctx, state: WatchState, intervalMs: number, paused: boolean): Section {
  const sep = s(` ${ctx.g.sep} `, 'dim');
  const times: TimeText[] = [];
  const parts: Line[] = [];
  const last = state.lastSuccessAt;
  if (last === undefined) {
    parts.push([s('waiting for the first response', 'dim')]);
  } else {
    parts.push([s('fetched ', 'dim'), s(formatClock(last))]);
    // The watch core's rule: stale once a poll failed, or two intervals (and some slack) passed.
    if (isStale(state, ctx.now, intervalMs)) parts.push([s(`stale ${age(ctx, times, last)}`, 'warn')]);
    else times.push({ kind: 'deadline', at: last + 2 * intervalMs + STALE_SLACK_MS + 1 });
  }
  if (state.latencyMs !== undefined) parts.push([s(formatLatency(state.latencyMs))]);
  parts.push([s('every ', 'dim'), s(formatInterval(intervalMs))]);
  if (paused) parts.push([s('paused', 'warn')]);
  const left = joinLines(parts, sep);

  const key = (k: string, what: string): Line => [s(k, 'accent'), s(` ${what}`, 'dim')];
  const keys = [key('r', 'refresh'), key('p', paused ? 'resume' : 'pause'), key('?', 'help'), key('q', 'quit')];
  // Fewer key hints on narrow terminals; `?` always leads to the rest.
  for (const shown of [keys, keys.slice(2)]) {
    const line = spread(left, joinLines(shown, s('  ')), ctx.width);
    if (line !== left) return { lines: [line], times };
  }
  return { lines: [left], times };
}
