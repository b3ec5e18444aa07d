// The last line: the keys on the left; on the right, paused, how stale the data is (only once it
// is), the interval, when data last arrived and the request's latency.
// What changes on every poll (the clock, the latency) comes last and keeps its width, so an idle
// poll rewrites only those few cells: a terminal redraws from the first changed cell to the end
// of the line, and everything else on the screen stays as it was.
import { isStale, STALE_SLACK_MS } from '../../watch/state.js';
import type { WatchState } from '../../watch/types.js';
import { formatClock, formatInterval, formatLatency } from '../format.js';
import { age, joinLines, s, spread, type Ctx, type Line, type Section } from '../line.js';
import type { TimeText } from '../time-texts.js';
import type { TimelineView } from './timeline-pane.js';

/** Latency is right-aligned in this many cells (`99ms`, `1.2s`), so a 9ms → 12ms change moves nothing else. */
const LATENCY_WIDTH = 4;

/** The key hints: the watch's, or the timeline pane's while it is open (`timeline`). */
function hintSets(key: (k: string, what: string) => Line, paused: boolean, timeline: TimelineView | undefined): Line[][] {
  if (timeline?.typing) return [[key('enter', 'keep filter'), key('esc', 'clear')], [key('esc', 'clear')]];
  if (timeline) {
    const close = key('t', 'close');
    return [[key('/', 'filter'), key('g G', 'newest/oldest'), close, key('?', 'help'), key('q', 'quit')], [key('/', 'filter'), close, key('q', 'quit')], [close]];
  }
  const [refresh, pause, logs, events, help, quit] = [key('r', 'refresh'), key('p', paused ? 'resume' : 'pause'), key('l', 'logs'), key('t', 'timeline'), key('?', 'help'), key('q', 'quit')];
  // Paused, how to resume matters more than the timeline.
  return [[refresh, pause, logs, events, help, quit], [refresh, pause, events, help, quit], [pause, events, help, quit], paused ? [pause, help, quit] : [events, help, quit], [help, quit]];
}

export function footerSection(ctx: Ctx, state: WatchState, intervalMs: number, paused: boolean, timeline?: TimelineView): Section {
  const sep = s(` ${ctx.g.sep} `, 'dim');
  const times: TimeText[] = [];
  const parts: Line[] = [];
  const last = state.lastSuccessAt;
  if (paused) parts.push([s('paused', 'warn')]);
  // The watch core's rule: stale once a poll failed, or two intervals (and some slack) passed.
  if (last !== undefined && isStale(state, ctx.now, intervalMs)) parts.push([s(`stale ${age(ctx, times, last)}`, 'warn')]);
  else if (last !== undefined) times.push({ kind: 'deadline', at: last + 2 * intervalMs + STALE_SLACK_MS + 1 });
  parts.push([s('every ', 'dim'), s(formatInterval(intervalMs))]);
  if (last === undefined) parts.push([s('waiting for the first response', 'dim')]);
  else parts.push([s('fetched ', 'dim'), s(formatClock(last))]);
  if (state.latencyMs !== undefined) parts.push([s(formatLatency(state.latencyMs).padStart(LATENCY_WIDTH))]);
  const status = joinLines(parts, sep);

  const key = (k: string, what: string): Line => [s(k, 'accent'), s(` ${what}`, 'dim')];
  // Fewer key hints on narrow terminals; `?` always leads to the rest. Too narrow for any: the status alone.
  for (const shown of hintSets(key, paused, timeline)) {
    const hints = joinLines(shown, s('  '));
    const line = spread(hints, status, ctx.width);
    if (line !== hints) return { lines: [line], times };
  }
  return { lines: [status], times };
}
