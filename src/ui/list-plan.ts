// The deployments list screen, planned line by line like the deployment screen: a title with the
// count (and the error, if the last request failed), a table of every deployment - name, status,
// ready/desired, rollout phase, last update - with the selected one marked, and a footer.
import { displayName, type Deployment } from '../api/schema.js';
import { byCodeUnit } from '../watch/compare.js';
import { listKey, type ListState } from '../watch/list-session.js';
import { progressOnce, progressView, type ProgressView } from '../watch/progress.js';
import { phaseText, rollout } from '../watch/rollout.js';
import type { Rollout } from '../watch/types.js';
import { formatAgo, formatClock, formatInterval, parseTime, widthUpTo } from './format.js';
import { cell, joinLines, makeCtx, s, screenLine, spread, type Line } from './line.js';
import { guarded } from './sections/guard.js';
import { progressRole, statusMark, type Theme } from './theme.js';

export interface ListInput {
  state: ListState;
  /** The selected deployment's key (listKey); the first one when absent or no longer listed. */
  selected: string | undefined;
  now: number;
  size: { columns: number; rows: number };
  theme: Theme;
  intervalMs: number;
}

export interface ListPlan {
  /** Exactly `size.rows` lines, each cut to `size.columns`. */
  lines: Line[];
  /** The deployments' keys (listKey) in the order shown, and the index of the one selected. */
  keys: string[];
  selected: number;
}

const ROLLOUT_WIDTH = 16;

/**
 * The rollout column, from the progress tracker's memory (list-session.ts), so a crash loop does
 * not flip failed → progressing → failed with each back-off: `progressing 2/3`, `failed`,
 * `stalled`, `complete`, `scaling up`; blank when steady.
 */
function rolloutCell(view: ProgressView, r: Rollout): string {
  switch (view.phase) {
    case 'progressing': return `progressing ${view.targetReady}/${r.doubtful ? '?' : view.desired}`;
    case 'scaling': return phaseText(r);
    case 'steady': return '';
    default: return view.phase;
  }
}

/** The deployments in the order the list shows them: by name. */
function listOrder(deployments: readonly Deployment[]): Deployment[] {
  return [...deployments].sort((a, b) => byCodeUnit(displayName(a), displayName(b)));
}

export function planList(input: ListInput): ListPlan {
  const { state, theme, now } = input;
  const columns = Math.max(1, Math.floor(input.size.columns) || 1);
  const rows = Math.max(0, Math.floor(input.size.rows) || 0);
  const ctx = makeCtx(now, theme, columns);
  const { g } = ctx;
  const all = listOrder(state.deployments ?? []);
  const names = all.map(displayName);
  const keys = all.map(listKey);
  const selected = input.selected === undefined ? 0 : Math.max(0, keys.indexOf(input.selected));

  const title: Line = [s('deployments', 'strong')];
  if (state.deployments) title.push(s(` ${all.length}`, 'dim'));
  if (state.error) title.push(s(`  ${g.cross} ${state.error.message}`, 'error'));

  const body: Line[] = [];
  if (!state.deployments) {
    body.push([s(state.error ? 'no list yet' : `fetching the deployments${g.ellipsis}`, 'dim')]);
  } else if (all.length === 0) {
    body.push([s('no deployments', 'dim')]);
  } else {
    const nameWidth = names.reduce((w, name) => Math.max(w, widthUpTo(name, 40)), 4);
    // Wide enough for a marked count (`?-168/3`): the mark must not be cut away.
    const readyWidth = all.reduce((w, d) => Math.max(w, guarded(() => Math.min(11, rollout(d).counts.length), () => 0)), 5);
    body.push([s(`  ${'NAME'.padEnd(nameWidth)}  ${'STATUS'.padEnd(12)}  ${'READY'.padEnd(readyWidth)}  ${'ROLLOUT'.padEnd(ROLLOUT_WIDTH)}  UPDATED`, 'dim')]);
    const room = Math.max(0, rows - 3);
    // Keep the selection in view: scroll by whole screens' worth of rows around it.
    const first = Math.max(0, Math.min(selected - room + 1, all.length - room));
    const top = Math.min(first, selected);
    const row = (d: Deployment, at: number): Line => {
      const mark = statusMark(theme, d.status ?? 'Unknown');
      const r = rollout(d);
      const tracked = state.progress?.get(keys[at]!);
      // Not tracked yet (a list drawn before its session saw it): judged from this snapshot alone.
      const view = tracked?.deployment ? progressView(tracked, now, state.progressOptions)! : progressOnce(d, now, state.progressOptions);
      const updated = parseTime(d.updated_at ?? d.created_at);
      return [
        s(at === selected ? `${theme.ascii ? '>' : '›'} ` : '  ', 'accent'),
        cell(names[at]!, nameWidth, ctx, at === selected ? 'strong' : undefined),
        s('  '),
        s(`${mark.glyph} `, mark.role),
        cell(d.status ?? 'Unknown', 10, ctx),
        s('  '),
        cell(r.counts, readyWidth, ctx, r.doubtful ? 'error' : undefined),
        s('  '),
        cell(rolloutCell(view, r), ROLLOUT_WIDTH, ctx, progressRole(view.phase)),
        s('  '),
        s(updated === undefined ? '-' : formatAgo(now - updated), 'dim'),
      ];
    };

    all.slice(top, top + room).forEach((d, i) => {
      // Each row is its own error boundary: a deployment that cannot be shown says so in its row.
      body.push(guarded(() => row(d, top + i), (why) => [s('  '), ...why]));
    });
  }

  const key = (k: string, what: string): Line => [s(k, 'accent'), s(` ${what}`, 'dim')];
  const hints = joinLines([key(`${g.up}${g.down}`, 'select'), key('enter', 'watch'), key('r', 'refresh'), key('q', 'quit')], s('  '));
  const status: Line = state.fetchedAt === undefined
    ? [s('every ', 'dim'), s(formatInterval(input.intervalMs))]
    : [s('every ', 'dim'), s(formatInterval(input.intervalMs)), s(` ${g.sep} `, 'dim'), s('fetched ', 'dim'), s(formatClock(state.fetchedAt))];
  const footer = spread(hints, status, columns);

  const lines: Line[] = [title, ...body].slice(0, Math.max(0, rows - 1));
  while (lines.length < rows - 1) lines.push([]);
  if (rows > 0) lines.push(footer);
  return { lines: lines.map((line) => guarded(() => screenLine(line, columns, theme), (why) => screenLine(why, columns, theme))), keys, selected };
}
