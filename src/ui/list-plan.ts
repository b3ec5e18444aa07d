// The deployments list screen, planned line by line like the deployment screen: a summary line
// (and the error, if the last request failed), the filter while one is set, a table of the
// deployments shown - filtered, sorted, the selected one marked - and a footer of keys.
import { sanitize } from '../sanitize.js';
import type { ListState } from '../watch/list-session.js';
import { formatClock, formatInterval } from './format.js';
import { fitHints, fitLine, HELP_HINTS, joinLines, keyHint as key, lineWidth, makeCtx, s, screenLine, spread, type Ctx, type Line } from './line.js';
import { guarded } from './sections/guard.js';
import type { KeyGroup } from './sections/key-help.js';
import { listHelpSection } from './sections/list-help.js';
import { countStandings, filterRows, listRows, sortRows, type ListRow, type ListSort } from './sections/list-order.js';
import { fitColumns, headerRow, tableRow } from './sections/list-table.js';
import type { Theme } from './theme.js';

/** What the person has set on the list: the filter, the sort, the marks, help. */
export interface ListView {
  filter: string;
  /** `/` was pressed and the filter is being typed. */
  typing: boolean;
  sort: ListSort;
  reverse: boolean;
  /** Marked deployments' keys (listKey), to open side by side. */
  marks: ReadonlySet<string>;
  help: boolean;
  /** The help's first line shown. */
  helpScroll: number;
}

export const DEFAULT_VIEW: ListView = { filter: '', typing: false, sort: 'attention', reverse: false, marks: new Set(), help: false, helpScroll: 0 };

export interface ListInput {
  state: ListState;
  /** The selected deployment's key (listKey); the first one shown when absent or not shown. */
  selected: string | undefined;
  now: number;
  size: { columns: number; rows: number };
  theme: Theme;
  intervalMs: number;
  view?: Partial<ListView>;
  /** Keys a wrapper adds to the help (a replay's). */
  moreHelp?: readonly KeyGroup[];
}

export interface ListPlan {
  /** Exactly `size.rows` lines, each cut to `size.columns`. */
  lines: Line[];
  /** The shown deployments' keys (listKey) in the order shown, and the index of the one selected. */
  keys: string[];
  selected: number;
  /** How many table (or help) rows are on screen: what PgUp/PgDn move by. */
  page: number;
  /** With help open: its first line shown, and the largest useful one. */
  helpScroll: number;
  maxHelpScroll: number;
}

/** `12 deployments · 2 failing · 1 rolling out · 9 ready`, shorter when narrow. */
function summaryLine(ctx: Ctx, all: readonly ListRow[], state: ListState): Line {
  const { g } = ctx;
  if (!state.deployments) return [s('deployments', 'strong')];
  const n = countStandings(all);
  const sep = s(` ${g.sep} `, 'dim');
  const parts = (rolling: string, total: string): Line => joinLines([
    [s(total, 'strong')],
    [s(`${n.failing} failing`, n.failing > 0 ? 'error' : 'dim')],
    [s(`${n.rolling} ${rolling}`, n.rolling > 0 ? 'warn' : 'dim')],
    [s(`${n.ready} ready`, 'dim')],
  ], sep);
  const total = `${all.length} ${all.length === 1 ? 'deployment' : 'deployments'}`;
  const forms = [parts('rolling out', total), parts('rolling', total), parts('rolling', `${all.length}`)];
  return forms.find((line) => lineWidth(line) <= ctx.width) ?? forms.at(-1)!;
}

function sortLabel(ctx: Ctx, view: ListView): Line {
  return [s('sort ', 'dim'), s(view.sort), s(` ${view.reverse ? ctx.g.up : ctx.g.down}`, 'dim')];
}

/** The key hints, most first; the plan uses the first set that fits beside the poll status. */
function hintSets(ctx: Ctx, view: ListView): readonly Line[][] {
  if (view.typing) return [[key('enter', 'keep filter'), key('esc', 'clear')]];
  if (view.help) return HELP_HINTS;
  const marked = view.marks.size;
  const enter = key('enter', marked > 0 ? `open ${marked}` : 'watch');
  const clear = view.filter !== '' ? [key('esc', 'clear filter')] : [];
  return [
    [key(`${ctx.g.up}${ctx.g.down}`, 'select'), enter, key('/', 'filter'), ...clear, key('s', 'sort'), key('m', 'mark'), key('?', 'help'), key('q', 'quit')],
    [enter, key('/', 'filter'), ...clear, key('s', 'sort'), key('m', 'mark'), key('?', 'help'), key('q', 'quit')],
    [enter, key('/', 'filter'), key('?', 'help'), key('q', 'quit')],
    [key('?', 'help'), key('q', 'quit')],
  ];
}

function footerLine(ctx: Ctx, view: ListView, state: ListState, intervalMs: number): Line {
  const every: Line = [s('every ', 'dim'), s(formatInterval(intervalMs))];
  const statuses: Line[] = state.fetchedAt === undefined ? [every] : [[...every, s(` ${ctx.g.sep} `, 'dim'), s('fetched ', 'dim'), s(formatClock(state.fetchedAt))], [s(formatClock(state.fetchedAt), 'dim')]];
  const sets = hintSets(ctx, view);
  // Too narrow for any beside the status: the hints alone, the first set that fits.
  return fitHints(sets, statuses, ctx.width) ?? sets.map((set) => joinLines(set, s('  '))).find((hints) => lineWidth(hints) <= ctx.width) ?? joinLines(sets.at(-1)!, s('  '));
}

let lastShown: { all: readonly ListRow[]; filter: string; sort: ListSort; reverse: boolean; shown: ListRow[] } | undefined;

/** The rows shown under this view, in order; filtered and sorted again only when the rows (listRows keeps the array while they are the same) or the view change. */
function shownRows(all: readonly ListRow[], view: ListView): ListRow[] {
  const last = lastShown;
  if (last?.all === all && last.filter === view.filter && last.sort === view.sort && last.reverse === view.reverse) return last.shown;
  const shown = sortRows(filterRows(all, view.filter), view.sort, view.reverse);
  lastShown = { all, filter: view.filter, sort: view.sort, reverse: view.reverse, shown };
  return shown;
}

let lastColumns: { all: readonly ListRow[]; ascii: boolean; columns: number; lead: number; cols: ReturnType<typeof fitColumns> } | undefined;

/** fitColumns again only when the rows, the glyphs or the width change. */
function columnsFor(all: readonly ListRow[], ctx: Ctx, columns: number, lead: number): ReturnType<typeof fitColumns> {
  if (lastColumns?.all !== all || lastColumns.ascii !== ctx.theme.ascii || lastColumns.columns !== columns || lastColumns.lead !== lead) {
    lastColumns = { all, ascii: ctx.theme.ascii, columns, lead, cols: fitColumns(all, ctx, columns, lead) };
  }
  return lastColumns.cols;
}

/** The keys of the deployments shown under this view, in order: what the list's keys move through. */
export function shownKeys(state: ListState, view: ListView, now: number): string[] {
  return shownRows(listRows(state, now), view).map((row) => row.key);
}

export function planList(input: ListInput): ListPlan {
  const { state, theme, now } = input;
  const view: ListView = { ...DEFAULT_VIEW, ...input.view };
  const columns = Math.max(1, Math.floor(input.size.columns) || 1);
  const rows = Math.max(0, Math.floor(input.size.rows) || 0);
  const ctx = makeCtx(now, theme, columns);
  const { g } = ctx;
  const all = listRows(state, now);
  const shown = shownRows(all, view);
  const keys = shown.map((row) => row.key);
  const selected = input.selected === undefined ? 0 : Math.max(0, keys.indexOf(input.selected));

  const summary = summaryLine(ctx, all, state);
  if (state.error) summary.push(s(`  ${g.cross} ${state.error.message}`, 'error'));
  const head: Line[] = [fitLine(spread(summary, sortLabel(ctx, view), columns), columns, g.ellipsis)];
  if (view.typing || view.filter !== '') {
    const cursor = view.typing ? [s('_', 'accent')] : [];
    const count = state.deployments ? [s(`  ${shown.length} of ${all.length}`, 'dim')] : [];
    head.push([s('/', 'accent'), s(sanitize(view.filter)), ...cursor, ...count]);
  }

  const body: Line[] = [];
  let page = 0;
  let helpScroll = 0;
  let maxHelpScroll = 0;
  if (view.help) {
    const help = listHelpSection(ctx, rows - head.length - 1, view.helpScroll, input.moreHelp);
    body.push(...help.lines);
    ({ offset: helpScroll, maxOffset: maxHelpScroll } = help);
    page = Math.max(1, help.lines.length - 1);
  } else if (!state.deployments) {
    body.push([s(state.error ? 'no list yet' : `fetching the deployments${g.ellipsis}`, 'dim')]);
  } else if (all.length === 0) {
    body.push([s('no deployments', 'dim')]);
  } else {
    // The cursor, the mark and a space: always there, so marking moves no column.
    const lead = 3;
    // Sized from every deployment, not the ones the filter shows: typing does not shift columns.
    const cols = columnsFor(all, ctx, columns, lead);
    body.push([s(' '.repeat(lead)), ...headerRow(cols, ctx)]);
    const room = Math.max(0, rows - head.length - 2);
    page = room;
    if (shown.length === 0) body.push([s(`  nothing matches /${sanitize(view.filter)}`, 'dim')]);
    // Keep the selection in view: scroll by whole screens' worth of rows around it.
    const first = Math.max(0, Math.min(selected - room + 1, shown.length - room));
    const top = Math.min(first, selected);
    shown.slice(top, top + room).forEach((row, i) => {
      const at = top + i;
      const cursor = s(at === selected ? (theme.ascii ? '>' : '›') : ' ', 'accent');
      const mark = [s(view.marks.has(row.key) ? `${g.check} ` : '  ', 'accent')];
      // Each row is its own error boundary: a deployment that cannot be shown says so in its row.
      body.push(guarded(() => [cursor, ...mark, ...(row.broken ?? tableRow(cols, row, ctx, at === selected))], (why) => [cursor, ...mark, ...why]));
    });
  }

  const lines: Line[] = [...head, ...body].slice(0, Math.max(0, rows - 1));
  while (lines.length < rows - 1) lines.push([]);
  if (rows > 0) lines.push(footerLine(ctx, view, state, input.intervalMs));
  return { lines: lines.map((line) => guarded(() => screenLine(line, columns, theme), (why) => screenLine(why, columns, theme))), keys, selected, page, helpScroll, maxHelpScroll };
}
