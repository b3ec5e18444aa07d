// Several deployments at once, planned line by line like the other screens: a summary line, a grid
// of panels (sections/panel.ts) - as many side by side as fit at PANEL_COLUMNS or more each, as
// tall as the rows allow, one line each when there are many, scrolled to the focused one with
// `+N more` when even that does not fit - and a footer. A pure function of state, focus, size,
// clock and theme: exactly `rows` lines of at most `columns` cells.
import type { FleetPanel, FleetState } from '../watch/fleet-session.js';
import { rollout } from '../watch/rollout.js';
import type { RolloutPhase } from '../watch/types.js';
import { formatClock, formatInterval, repeatText } from './format.js';
import { fitHints, HELP_HINTS, keyHint as key, lineWidth, makeCtx, s, screenLine, spread, type Line } from './line.js';
import { fleetHelpSection } from './sections/fleet-help.js';
import type { KeyGroup } from './sections/key-help.js';
import { guarded } from './sections/guard.js';
import { panelLines } from './sections/panel.js';
import type { Size } from './screen-plan.js';
import type { Theme } from './theme.js';

/** A panel is at least this wide when panels stand side by side. */
const PANEL_COLUMNS = 38;
/** Below this the screen says only that it is too small. */
const MIN_SIZE: Size = { columns: 20, rows: 5 };
const GAP = 2;

export interface FleetInput {
  state: FleetState;
  /** The focused panel's target; the first one when absent or unknown. */
  focused: string | undefined;
  now: number;
  size: Size;
  theme: Theme;
  intervalMs: number;
  /** Opened from the list: Esc goes back to it, and the footer says so. */
  fromList?: boolean;
  /** With `?` open: the help's first line shown (the help replaces the panels). */
  help?: number | undefined;
  /** Keys a wrapper adds to the help (a replay's). */
  moreHelp?: readonly KeyGroup[];
}

export interface FleetPlan {
  /** Exactly `size.rows` lines, each cut to `size.columns`. */
  lines: Line[];
  /** The panels' targets in the order shown, and the index of the focused one. */
  targets: string[];
  focused: number;
  /** Panels side by side: ↑/↓ move the focus by this many. */
  perRow: number;
  /** With help open: its first line shown, the largest useful one, and how many lines it shows. */
  help?: { scroll: number; maxScroll: number; page: number };
}

interface Grid {
  perRow: number;
  panelWidth: number;
  /** Lines each panel gets. */
  height: number;
  /** The first panel shown, and how many are shown. */
  first: number;
  shown: number;
}

/** Where the panels go in `columns` × `rows` (the body, without the summary and the footer). */
function gridFor(count: number, focused: number, columns: number, rows: number): Grid {
  const perRow = columns >= PANEL_COLUMNS ? Math.max(1, Math.min(count, Math.floor((columns + GAP) / (PANEL_COLUMNS + GAP)))) : 1;
  const panelWidth = Math.floor((columns - GAP * (perRow - 1)) / perRow);
  const gridRows = Math.ceil(count / perRow);
  const height = gridRows > 0 ? Math.floor(rows / gridRows) : rows;
  if (height >= 1) return { perRow, panelWidth, height, first: 0, shown: count };
  // More than fit at a line each: a window of whole grid rows around the focused panel.
  const room = Math.max(1, rows);
  const at = Math.floor(focused / perRow);
  const top = Math.max(0, Math.min(at, gridRows - room));
  return { perRow, panelWidth, height: 1, first: top * perRow, shown: Math.min(count - top * perRow, room * perRow) };
}

const WORDS: Record<RolloutPhase, string> = { failing: 'failing', rolling: 'rolling out', scaling: 'scaling', steady: 'ready' };

/** `watching 4 · 1 failing · 1 rolling out · 2 ready · 1 missing`, and the list's error. */
function summaryLine(state: FleetState, sep: string, cross: string): Line {
  const count = new Map<string, number>();
  const add = (word: string) => count.set(word, (count.get(word) ?? 0) + 1);
  for (const p of state.panels) {
    const d = p.watch.deployment;
    if (p.missing) add('missing');
    else if (d) add(guarded(() => WORDS[rollout(d, p.watch.revisionOrder).phase], () => 'unknown'));
  }
  const line: Line = [s('watching', 'strong'), s(` ${state.panels.length}`)];
  for (const [word, role] of [['failing', 'error'], ['rolling out', 'warn'], ['scaling', 'warn'], ['ready', 'ok'], ['missing', 'error'], ['unknown', 'dim']] as const) {
    const n = count.get(word);
    if (n) line.push(s(` ${sep} `, 'dim'), s(`${n} ${word}`, role));
  }
  if (state.error) line.push(s(`  ${cross} ${state.error.message}`, 'error'));
  return line;
}

function footerLine(input: FleetInput, columns: number, sep: string): Line {
  const status: Line = [s('every ', 'dim'), s(formatInterval(input.intervalMs))];
  if (input.state.fetchedAt !== undefined) status.push(s(` ${sep} fetched `, 'dim'), s(formatClock(input.state.fetchedAt)));
  const back = input.fromList ? [key('esc', 'list')] : [];
  const sets = input.help !== undefined
    ? HELP_HINTS
    : [
      [key('tab', 'focus'), key('1-9', 'pick'), key('enter', 'open'), ...back, key('r', 'refresh'), key('?', 'help'), key('q', 'quit')],
      [key('tab', 'focus'), key('1-9', 'pick'), key('enter', 'open'), ...back, key('?', 'help'), key('q', 'quit')],
      [key('tab', 'focus'), key('enter', 'open'), ...back, key('q', 'quit')],
      [...back, key('?', 'help'), key('q', 'quit')],
      [...back, key('q', 'quit')],
    ];
  return fitHints(sets, [status], columns) ?? status;
}

/** A grid row: the panels' lines side by side, each cut and padded to the panel's width. */
function besideEachOther(blocks: readonly Line[][], width: number, height: number, theme: Theme): Line[] {
  const out: Line[] = [];
  for (let y = 0; y < height; y++) {
    const line: Line = [];
    blocks.forEach((block, i) => {
      const cut = screenLine(block[y] ?? [], width, theme);
      line.push(...cut);
      if (i < blocks.length - 1) line.push(s(repeatText(' ', width - lineWidth(cut) + GAP)));
    });
    out.push(line);
  }
  return out;
}

export function planFleet(input: FleetInput): FleetPlan {
  const { state, theme } = input;
  const columns = Math.max(1, Math.floor(input.size.columns) || 1);
  const rows = Math.max(0, Math.floor(input.size.rows) || 0);
  const ctx = makeCtx(input.now, theme, columns);
  const { g } = ctx;
  const targets = state.panels.map((p) => p.target);
  const focused = Math.max(0, input.focused === undefined ? 0 : targets.indexOf(input.focused));
  const finish = (lines: Line[], perRow: number, help?: FleetPlan['help']): FleetPlan => {
    const out = lines.slice(0, rows);
    while (out.length < rows) out.push([]);
    return { lines: out.map((line) => guarded(() => screenLine(line, columns, theme), (why) => screenLine(why, columns, theme))), targets, focused, perRow, ...(help ? { help } : {}) };
  };
  if (columns < MIN_SIZE.columns || rows < MIN_SIZE.rows) return finish([[s('terminal too small', 'warn')]], 1);

  const body = rows - 2;
  const grid = gridFor(state.panels.length, focused, columns, body);
  const lines: Line[] = [];
  const hidden = state.panels.length - grid.shown;
  const summary = guarded(() => summaryLine(state, g.sep, g.cross), (why) => why);
  // Deployments out of view are counted; on a narrow line the count comes first.
  const more: Line = [s(`+${hidden} more`, 'accent')];
  const top = hidden > 0 ? spread(summary, more, columns) : summary;
  lines.push(hidden > 0 && top === summary ? [...more, s('  '), ...summary] : top);
  if (input.help !== undefined) {
    const help = fleetHelpSection(ctx, body, input.help, input.fromList === true, input.moreHelp);
    lines.push(...help.lines);
    while (lines.length < rows - 1) lines.push([]);
    lines.push(guarded(() => footerLine(input, columns, g.sep), (why) => why));
    return finish(lines, grid.perRow, { scroll: help.offset, maxScroll: help.maxOffset, page: Math.max(1, help.lines.length - 1) });
  }
  const panelCtx = makeCtx(input.now, theme, grid.panelWidth);
  const shown = state.panels.slice(grid.first, grid.first + grid.shown);
  for (let i = 0; i < shown.length; i += grid.perRow) {
    const blocks = shown.slice(i, i + grid.perRow).map((panel: FleetPanel, j) => {
      const index = grid.first + i + j;
      // Each panel is its own error boundary: one that cannot be shown says so in its place.
      return guarded(() => panelLines(panelCtx, { panel, index, focused: index === focused }, grid.height), (why) => [why]);
    });
    lines.push(...besideEachOther(blocks, grid.panelWidth, grid.height, theme));
  }
  if (state.panels.length === 0) lines.push([s('no deployments named', 'dim')]);
  while (lines.length < rows - 1) lines.push([]);
  lines.splice(rows - 1);
  lines.push(guarded(() => footerLine(input, columns, g.sep), (why) => why));
  return finish(lines, grid.perRow);
}
