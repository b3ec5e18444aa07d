// The last line: the keys on the left; on the right, paused, how stale the data is (only once it
// is), the interval, when data last arrived and, once an answer is slow, how slow.
// What changes on every poll (the clock) comes last and keeps its width, so an idle poll rewrites
// only those few cells: a terminal redraws from the first changed cell to the end of the line, and
// everything else on the screen stays as it was. A fast answer's latency is not shown: its digits
// (4ms, 23ms, 9ms…) would be rewritten on every poll and say nothing a user acts on.
import { isStale, STALE_SLACK_MS } from '../../watch/state.js';
import type { WatchState } from '../../watch/types.js';
import { formatClock, formatInterval, formatLatency } from '../format.js';
import { age, fitHints, joinLines, keyHint, s, type Ctx, type Line, type Section } from '../line.js';
import type { TimeText } from '../time-texts.js';
import type { LogView } from '../log-view.js';
import type { TimelineView } from './timeline-pane.js';

/** An answer this slow (half the default interval), or slower than the interval, is named in the footer: `slow 1.4s`. */
const SLOW_ANSWER_MS = 1_000;

/** What the body shows, for the key hints: the table, a replica's logs, its description or the help; `back`: the screen Esc goes to. */
export interface FooterView {
  pane: 'table' | 'logs' | 'describe' | 'help';
  back: string | undefined;
  /** The logs pane's view, while it shows. */
  logs?: LogView | undefined;
}

const TABLE: FooterView = { pane: 'table', back: undefined };

/** The key hints, widest set first: the screen's own, or the timeline pane's while it is open (`timeline`). */
function hintSets(key: (k: string, what: string) => Line, paused: boolean, timeline: TimelineView | undefined, view: FooterView, ascii: boolean): Line[][] {
  if (timeline?.typing) return [[key('enter', 'keep filter'), key('esc', 'clear')], [key('esc', 'clear')]];
  if (timeline) {
    const close = key('t', 'close');
    return [[key('/', 'filter'), key('g G', 'newest/oldest'), close, key('?', 'help'), key('q', 'quit')], [key('/', 'filter'), close, key('q', 'quit')], [close]];
  }
  const [help, quit] = [key('?', 'help'), key('q', 'quit')];
  if (view.pane === 'logs') {
    const logs = view.logs;
    if (logs?.typing) return [[key('enter', 'keep search'), key('esc', 'clear')], [key('esc', 'clear')]];
    const [replica, back] = [key(ascii ? '<- ->' : '←→', 'replica'), key('Esc', logs?.search ? 'clear' : 'back')];
    // Searching, moving between matches matters more than starting another search.
    const find = logs?.search ? key('n N', 'next/prev') : key('/', 'search');
    const [wrap, follow, save] = [key('w', logs?.wrap ? 'cut' : 'wrap'), logs?.anchor === undefined ? key('f', 'pause') : key('G', 'follow'), key('s', 'save')];
    // Paused, how to resume comes along.
    const resume = paused ? [key('p', 'resume')] : [];
    return [
      [replica, find, wrap, follow, save, back, ...resume, help, quit],
      [replica, find, follow, save, back, ...resume, help],
      [replica, find, save, back, ...resume, help],
      [replica, find, back, help],
      [find, back, help],
      [back, help],
      [back],
    ];
  }
  if (view.pane === 'describe') return [[key('Esc', 'back'), key('l', 'logs'), help, quit], [key('Esc', 'back'), help], [key('Esc', 'back')]];
  if (view.pane === 'help') return [[key('j k', 'scroll'), key('Esc', 'close'), quit], [key('Esc', 'close')]];
  const [refresh, pause, logs, events] = [key('r', 'refresh'), key('p', paused ? 'resume' : 'pause'), key('l', 'logs'), key('t', 'timeline')];
  const describe = key(ascii ? 'enter' : '⏎', 'describe');
  // Opened from another screen, the way back comes first.
  const list = view.back === undefined ? [] : [key('Esc', view.back)];
  // Describe (Enter) goes first, then refresh; paused, how to resume matters more than the timeline.
  return [
    [...list, describe, logs, events, refresh, pause, help, quit],
    [...list, logs, events, refresh, pause, help, quit],
    [...list, logs, events, pause, help, quit],
    [...list, logs, paused ? pause : events, help, quit],
    [...list, paused ? pause : logs, help, quit],
    [...list, help, quit],
    [...list, help],
  ];
}

export function footerSection(ctx: Ctx, state: WatchState, intervalMs: number, paused: boolean, timeline?: TimelineView, view: FooterView = TABLE): Section {
  const sep = s(` ${ctx.g.sep} `, 'dim');
  const times: TimeText[] = [];
  const parts: Line[] = [];
  const last = state.lastSuccessAt;
  if (paused) parts.push([s('paused', 'warn')]);
  // The watch core's rule: stale once a poll failed, or two intervals (and some slack) passed.
  if (last !== undefined && isStale(state, ctx.now, intervalMs)) parts.push([s(`stale ${age(ctx, times, last)}`, 'warn')]);
  else if (last !== undefined) times.push({ kind: 'deadline', at: last + 2 * intervalMs + STALE_SLACK_MS + 1 });
  const every: Line = [s('every ', 'dim'), s(formatInterval(intervalMs))];
  const rest: Line[] = [];
  if (last === undefined) rest.push([s('waiting for the first response', 'dim')]);
  else rest.push([s('fetched ', 'dim'), s(formatClock(last))]);
  // In a fixed 4 cells (`1.2s`, ` 14s`): a slow answer after another moves nothing else.
  if (state.latencyMs !== undefined && state.latencyMs >= Math.min(SLOW_ANSWER_MS, intervalMs)) rest.push([s(`slow ${formatLatency(state.latencyMs).padStart(4)}`, 'warn')]);
  // The interval (the user's own flag) gives way before any key hint: at 80 columns it makes room for r, p and t.
  const statuses = [joinLines([...parts, every, ...rest], sep), joinLines([...parts, ...rest], sep)];

  // Fewer key hints on narrow terminals; `?` always leads to the rest. Too narrow for any: the status alone.
  return { lines: [fitHints(hintSets(keyHint, paused, timeline, view, ctx.theme.ascii), statuses, ctx.width) ?? statuses[0]!], times };
}
