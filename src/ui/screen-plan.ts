// The deployment screen planned line by line: a pure function of the watch state, the UI state, the
// clock, the terminal size and the theme, so the frame is exactly `rows` lines of at most `columns`
// cells, and the times it shows are known to the clock. React-free: the first frame is painted from
// this plan before React and Ink have loaded (first-frame.ts), and DeploymentScreen draws it after.
import type { Deployment } from '../api/schema.js';
import type { LogsState } from '../watch/logs.js';
import { initialProgress, nextProgressChangeAt, progressView, trackProgress, type ProgressState, type ProgressView, type ReplicaProgress } from '../watch/progress.js';
import { sortReplicas } from '../watch/replica.js';
import { rollout } from '../watch/rollout.js';
import type { QueueState } from '../watch/queue.js';
import type { WatchState } from '../watch/types.js';
import { bannerSection } from './sections/banner.js';
import { describeSection } from './sections/describe.js';
import { detailItems, detailsSection, packDetails } from './sections/details.js';
import { rollingImages } from './sections/image-change.js';
import { footerSection, type FooterView } from './sections/footer.js';
import { gaugeWithTrend, TREND_MIN_WIDTH, trendKey } from './sections/trend.js';
import { rolloutLine, titleLine } from './sections/header.js';
import { helpSection } from './sections/help.js';
import type { KeyGroup } from './sections/key-help.js';
import { logsSection } from './sections/logs.js';
import { queueLine } from './sections/queue.js';
import { replicaOrder, replicaTable, tableBodyLines } from './sections/replica-table.js';
import { timelineSection } from './sections/timeline.js';
import { timelinePane, type TimelineView } from './sections/timeline-pane.js';
import { layout, WIDE_COLUMNS, type Layout } from './layout.js';
import type { LogPaneDrawn, LogView } from './log-view.js';
import { fitLine, lineWidth, makeCtx, ruleLine, s, screenLine, type Line } from './line.js';
import { repeatText } from './format.js';
import { guarded, guardedLines } from './sections/guard.js';
import { glyphs, type Theme } from './theme.js';
import { nextTextChange, type TimeText } from './time-texts.js';

export interface UiState {
  /** First replica row shown (the table moves it to show the cursor); with help open, its first line. */
  scroll: number;
  help: boolean;
  /** The replica under the cursor, by name (it follows the replica as the order changes)... */
  selected?: string | undefined;
  /** ...and by index, for when that replica is no longer listed. */
  cursor?: number | undefined;
  /** The replica described (Enter or `d`), while the describe view is open. */
  describe?: string | undefined;
  /** The help's first line shown. */
  helpScroll?: number | undefined;
  /** The logs pane's view (follow, search, wrap); absent: following the newest line, nothing searched. */
  logView?: LogView | undefined;
  /** The full-height timeline (key `t`), while it is open. */
  timeline?: TimelineView | undefined;
}

export interface Size {
  columns: number;
  rows: number;
}

export interface ScreenInput {
  state: WatchState;
  ui: UiState;
  now: number;
  size: Size;
  theme: Theme;
  intervalMs: number;
  paused: boolean;
  /** What is being watched, for the line shown before the first data. */
  target: string;
  /** The logs pane, open while it follows a replica. */
  logs?: LogsState;
  /** The queue the deployment scales on, when it scales on one. */
  queue?: QueueState | undefined;
  /** Opened from another screen: Esc goes back to it, and the footer names it (`list`, `panels`). */
  back?: string | undefined;
  /** Keys a wrapper adds to the help (a replay's). */
  moreHelp?: readonly KeyGroup[];
}

export interface ScreenPlan {
  /** Exactly `size.rows` lines, each already cut to `size.columns`. */
  lines: Line[];
  /** Ages and countdowns on screen: the clock ticks when one of them changes, and only then. */
  times: TimeText[];
  /** The replica scroll offset in use, and the largest useful one (the timeline pane's, while it is open). */
  scroll: number;
  maxScroll: number;
  /** Where the logs pane was drawn, while it is open. */
  logPane?: LogPaneDrawn;
  /** The replicas in the table's order and the cursor's index in it (empty before data). */
  replicas: readonly string[];
  cursor: number;
  /** The help's first line shown, and the largest useful one. */
  helpScroll: number;
  maxHelpScroll: number;
  layout?: Layout;
}

/** At most this many lines of details, however tall the terminal. */
const MAX_DETAIL_LINES = 6;

const NO_CAUSES: ReadonlyMap<string, string> = new Map();
const NO_MEMORY: ReadonlyMap<string, ReplicaProgress> = new Map();

/** Pad with blank lines or cut to exactly `n` lines. */
function exactly(lines: readonly Line[], n: number): Line[] {
  const out = lines.slice(0, Math.max(0, n));
  while (out.length < n) out.push([]);
  return out;
}

/** Everything above the footer, with the times shown in it (its lines exactly `rows - footerRows`); the footer is planned on its own. */
type BodyPlan = ScreenPlan & { footerRows: number };

/** Below this size the screen says only that it is too small. */
const MIN_COLUMNS = 20;
const MIN_ROWS = 5;
const NONE: readonly string[] = [];

/** Wide: the details' share of the band under the table (the recent changes take the rest). */
function bandSplit(columns: number): { left: number; right: number } {
  const left = Math.max(40, Math.min(72, Math.round(columns * 0.35)));
  return { left, right: columns - left - BAND_GAP };
}
const BAND_GAP = 3;

/** Two blocks side by side, `left` cut or padded to its width. */
function beside(left: readonly Line[], right: readonly Line[], width: number, ellipsis: string): Line[] {
  return Array.from({ length: Math.max(left.length, right.length) }, (_, i) => {
    const l = fitLine(left[i] ?? [], width, ellipsis);
    return [...l, s(repeatText(' ', width - lineWidth(l) + BAND_GAP)), ...(right[i] ?? [])];
  });
}

/** Each view's replicas by name (progressView gives the same view for the same state and instant). */
const MEMORIES = new WeakMap<ProgressView, ReadonlyMap<string, ReplicaProgress>>();

/** The rollout's progress at `now`, with memory; a state that never tracked (built by hand) is judged from its deployment alone. */
function progressOf(state: WatchState, d: Deployment, now: number): { tracked: ProgressState; view: ProgressView; memory: ReadonlyMap<string, ReplicaProgress> } {
  const opts = state.progressOptions;
  const tracked = state.progress?.deployment !== undefined
    ? state.progress
    : trackProgress(initialProgress(), { ok: true, data: d, at: Math.min(now, state.lastSuccessAt ?? now), latencyMs: 0 }, opts).state;
  const view = progressView(tracked, now, opts)!;
  let memory = MEMORIES.get(view);
  if (memory === undefined) MEMORIES.set(view, (memory = new Map(view.replicas.map((p) => [p.name, p]))));
  return { tracked, view, memory };
}

function planBody(input: ScreenInput): BodyPlan {
  const { state, ui, theme, paused } = input;
  const columns = Math.max(1, Math.floor(input.size.columns) || 1);
  const rows = Math.max(0, Math.floor(input.size.rows) || 0);
  const ctx = makeCtx(input.now, theme, columns);
  const banner = guarded(() => bannerSection(ctx, state, paused), (why) => ({ lines: [why], times: [] }));
  const times: TimeText[] = [];
  const lines: Line[] = [];
  const d = state.deployment;

  if (!d) {
    // Before the first data: what we are connecting to, and the error if the first polls failed.
    const title: Line = state.error
      ? [s('no data from ', 'dim'), s(input.target, 'strong'), s(' yet', 'dim')]
      : [s('connecting to ', 'dim'), s(input.target, 'strong'), s(ctx.g.ellipsis, 'dim')];
    const top = [...banner.lines, title];
    const help = ui.help ? guarded(() => helpSection(ctx, rows - top.length - 1, ui.helpScroll, input.moreHelp), () => undefined) : undefined;
    const footerRows = Math.min(1, rows);
    lines.push(...exactly([...top, ...(help?.lines ?? [])], rows - footerRows));
    times.push(...banner.times);
    return {
      lines: finish(lines, rows - footerRows, columns, theme), times, footerRows, scroll: 0, maxScroll: 0,
      replicas: NONE, cursor: 0, helpScroll: help?.offset ?? 0, maxHelpScroll: help?.maxOffset ?? 0,
    };
  }

  // Each section is planned behind its own error boundary (sections/guard.ts): one that throws
  // shows why in its rows, and the others are drawn as usual.
  const r = guarded(() => rollout(d, state.revisionOrder), () => undefined);
  const progress = guarded(() => progressOf(state, d, input.now), () => undefined);
  const memory = progress?.memory;
  // A stall or a settle happens between polls: the body is planned again at that moment.
  const due = guarded(() => (progress ? nextProgressChangeAt(progress.tracked, input.now, state.progressOptions) : undefined), () => undefined);
  if (due !== undefined) times.push({ kind: 'deadline', at: due });
  const wide = columns >= WIDE_COLUMNS;
  const band = bandSplit(columns);
  const detailWidth = wide ? band.left : columns;
  const packed = guarded(() => packDetails(detailItems(ctx, d, progress && rollingImages(progress.view), detailWidth), detailWidth), (why) => [[{ line: why, times: [] }]]);
  const L = layout(rows, {
    banner: banner.lines.length > 0,
    detailLines: Math.min(MAX_DETAIL_LINES, packed.length),
    replicas: guarded(() => tableBodyLines(ctx, d, state.causes, memory), () => 1),
    events: state.timeline.length,
    queue: input.queue !== undefined,
    wide,
  });
  const part = (n: number, plan: () => readonly Line[]) => exactly(guardedLines(plan), n);
  const rolloutRows = () => {
    if (!r || !progress) throw new Error('the rollout cannot be worked out');
    const rolloutTimes: TimeText[] = [];
    const rows = [...part(L.rollout, () => [rolloutLine(ctx, r, progress.view, progress.tracked.replicas, rolloutTimes)]), ...part(L.gauge, () => [gaugeWithTrend(ctx, d, r, state)])];
    times.push(...rolloutTimes);
    return rows;
  };
  const queue = input.queue;
  const queueRows = () => part(L.queue, () => (queue ? [queueLine(ctx, queue)] : []));

  lines.push(...exactly(banner.lines, L.banner), ...part(L.title, () => [titleLine(ctx, d)]));
  times.push(...banner.times);
  let scroll = 0;
  let maxScroll = 0;
  let logPane: LogPaneDrawn | undefined;
  let replicas = NONE;
  let cursor = 0;
  let helpScroll = 0;
  let maxHelpScroll = 0;
  const following = input.logs?.replica;
  if (ui.help) {
    const bodyRows = rows - L.banner - L.title - L.footer;
    const help = guarded(() => helpSection(ctx, bodyRows, ui.helpScroll, input.moreHelp), (why) => ({ lines: [why], times: [], offset: 0, maxOffset: 0 }));
    lines.push(...exactly(help.lines, bodyRows));
    helpScroll = help.offset;
    maxHelpScroll = help.maxOffset;
  } else if (ui.timeline) {
    // Like the logs pane, the timeline takes the place of the details, the table and the recent changes.
    const view = ui.timeline;
    lines.push(...part(L.rollout + L.gauge, rolloutRows));
    const bodyRows = rows - L.banner - L.title - L.rollout - L.gauge - L.footer;
    const pane = guarded(() => timelinePane(ctx, state.timeline, state.timelineDropped ?? 0, view, bodyRows), (why) => ({ lines: [why], times: [], offset: 0, maxOffset: 0, matches: 0 }));
    lines.push(...exactly(pane.lines, bodyRows));
    scroll = pane.offset;
    maxScroll = pane.maxOffset;
  } else if (following !== undefined && input.logs) {
    const logs = input.logs;
    // The logs pane takes the place of the details, the table and the timeline.
    lines.push(...part(L.rollout + L.gauge, rolloutRows), ...queueRows());
    const bodyRows = rows - L.banner - L.title - L.rollout - L.gauge - L.queue - L.footer;
    // The table's order (crash-remembered replicas first), for the position shown and for ← →.
    const order = guarded(() => replicaOrder(d, memory).map((e) => e.name), () => sortReplicas(d.replica_events));
    const pane = guarded(() => logsSection(ctx, logs, { index: order.indexOf(following), count: order.length }, bodyRows, ui.logView, paused), (why) => ({ lines: [why], times: [], drawn: undefined }));
    lines.push(...exactly(pane.lines, bodyRows));
    logPane = pane.drawn;
    replicas = order;
    const byName = ui.selected === undefined ? -1 : order.indexOf(ui.selected);
    cursor = byName >= 0 ? byName : Math.min(Math.max(0, Math.floor(ui.cursor ?? 0) || 0), Math.max(0, order.length - 1));
  } else if (ui.describe !== undefined) {
    const name = ui.describe;
    // Like the logs pane, in place of the details, the table and the recent changes.
    lines.push(...part(L.rollout + L.gauge, rolloutRows), ...queueRows());
    const bodyRows = rows - L.banner - L.title - L.rollout - L.gauge - L.queue - L.footer;
    const pane = guarded(() => describeSection(ctx, d, name, state.timeline, bodyRows, state.causes ?? NO_CAUSES, memory ?? NO_MEMORY), (why) => ({ lines: [why], times: [], gone: false }));
    lines.push(...exactly(pane.lines, bodyRows));
    times.push(...pane.times);
  } else {
    lines.push(...part(L.rollout + L.gauge, rolloutRows), ...queueRows());
    const details = guarded(() => detailsSection(packed, L.details), (why) => ({ lines: [why], times: [] }));
    lines.push(...exactly(details.lines, L.details));
    times.push(...details.times);
    if (L.tableChrome > 0) {
      const table = guarded(
        () => replicaTable(ctx, d, ui.scroll, L.tableRows, state.causes, memory, { selected: ui.selected, index: ui.cursor }),
        (why) => ({ lines: [why], times: [], offset: 0, maxOffset: 0, order: [], cursor: 0 }),
      );
      lines.push(...exactly(table.lines, L.tableChrome + L.tableRows));
      times.push(...table.times);
      scroll = table.offset;
      maxScroll = table.maxOffset;
      replicas = table.order;
      cursor = table.cursor;
    }
    if (L.band > 0) {
      // Wide: the details and the recent changes side by side under the table.
      const left = guardedLines(() => [ruleLine({ ...ctx, width: band.left }, [s('details', 'strong')]), ...detailsSection(packed, L.band - 1).lines]);
      times.push(...guarded(() => detailsSection(packed, L.band - 1).times, () => []));
      const right = guardedLines(() => timelineSection({ ...ctx, width: band.right }, state.timeline, L.band - 1).lines);
      lines.push(...exactly(beside(left, right, band.left, ctx.g.ellipsis), L.band));
    }
    if (L.timelineChrome > 0) {
      lines.push(...part(L.timelineChrome + L.timelineRows, () => timelineSection(ctx, state.timeline, L.timelineRows).lines));
    }
    lines.push(...exactly([], L.filler));
  }
  return {
    lines: finish(lines, rows - L.footer, columns, theme), times, footerRows: L.footer, scroll, maxScroll, ...(logPane ? { logPane } : {}),
    replicas, cursor, helpScroll, maxHelpScroll, layout: L,
  };
}

/**
 * Whether two inputs plan the same body at the same instant: everything the body reads but the
 * clock. (Polls that change nothing but the time of the last success and the latency - the
 * footer's business - keep the body.)
 */
function sameBodyInput(a: ScreenInput, b: ScreenInput): boolean {
  const x = a.state;
  const y = b.state;
  return x.deployment === y.deployment && x.timeline === y.timeline && x.revisionOrder === y.revisionOrder
    && x.causes === y.causes && x.progress === y.progress && x.progressOptions === y.progressOptions && x.error === y.error && x.consecutiveFailures === y.consecutiveFailures
    && (x.error === undefined || x.lastSuccessAt === y.lastSuccessAt)
    && sameUi(a.ui, b.ui) && a.size.columns === b.size.columns
    && a.size.rows === b.size.rows && a.theme.color === b.theme.color && a.theme.ascii === b.theme.ascii
    && a.paused === b.paused && a.target === b.target && a.logs === b.logs && a.queue === b.queue
    // The trend (wide screens only): the series are new every poll, what they draw mostly is not.
    && (a.size.columns < TREND_MIN_WIDTH || x.readySeries === y.readySeries || trendKey(x) === trendKey(y));
}

function sameUi(a: UiState, b: UiState): boolean {
  return a === b || (a.scroll === b.scroll && a.help === b.help && a.logView === b.logView && a.timeline === b.timeline
    && a.selected === b.selected && a.cursor === b.cursor && a.describe === b.describe && a.helpScroll === b.helpScroll);
}

let lastBody: { input: ScreenInput; body: BodyPlan; until: number | undefined } | undefined;

/** The body for `input`: the last one again while its inputs are the same and none of its times reads differently yet. */
function bodyFor(input: ScreenInput): BodyPlan {
  if (lastBody && sameBodyInput(lastBody.input, input) && input.now >= lastBody.input.now
    && (lastBody.until === undefined || input.now < lastBody.until)) {
    return lastBody.body;
  }
  const body = planBody(input);
  lastBody = { input, body, until: nextTextChange(body.times, input.now) };
  return body;
}

/** The pane the body shows, for the footer's key hints. */
function paneOf(input: ScreenInput): FooterView['pane'] {
  if (input.ui.help) return 'help';
  if (input.ui.timeline) return 'table';
  if (input.logs?.replica !== undefined) return 'logs';
  return input.ui.describe !== undefined && input.state.deployment ? 'describe' : 'table';
}

/** The whole screen, when it is too small for anything else: one line saying so. */
function tooSmall(input: ScreenInput, columns: number, rows: number): ScreenPlan {
  const lines = finish([[s(`terminal too small (${columns}${glyphs(input.theme).times}${rows})`, 'warn')]], rows, columns, input.theme);
  return { lines, times: [], scroll: 0, maxScroll: 0, replicas: NONE, cursor: 0, helpScroll: 0, maxHelpScroll: 0 };
}

function plan(input: ScreenInput): ScreenPlan {
  const { state, theme, paused, intervalMs } = input;
  const columns = Math.max(1, Math.floor(input.size.columns) || 1);
  const rows = Math.max(0, Math.floor(input.size.rows) || 0);
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) return tooSmall(input, columns, rows);
  const body = bodyFor(input);
  const pane = paneOf(input);
  const view: FooterView = { pane, back: input.back, ...(pane === 'logs' ? { logs: input.ui.logView } : {}) };
  const footer = guarded(() => footerSection(makeCtx(input.now, theme, columns), state, intervalMs, paused, input.ui.help ? undefined : input.ui.timeline, view), (why) => ({ lines: [why], times: [] }));
  const lines = [...body.lines, ...finish(footer.lines, body.footerRows, columns, theme)];
  const times = [...body.times, ...footer.times];
  const { scroll, maxScroll, logPane, replicas, cursor, helpScroll, maxHelpScroll } = body;
  return { lines, times, scroll, maxScroll, ...(logPane ? { logPane } : {}), replicas, cursor, helpScroll, maxHelpScroll, ...(body.layout ? { layout: body.layout } : {}) };
}

function finish(lines: readonly Line[], rows: number, columns: number, theme: Theme): Line[] {
  return exactly(lines, rows).map((line) => guarded(() => screenLine(line, columns, theme), (why) => screenLine(why, columns, theme)));
}

let last: { input: ScreenInput; plan: ScreenPlan } | undefined;

function sameInput(a: ScreenInput, b: ScreenInput): boolean {
  return a.state === b.state && sameUi(a.ui, b.ui) && a.now === b.now && a.back === b.back
    && a.size.columns === b.size.columns && a.size.rows === b.size.rows && a.theme.color === b.theme.color
    && a.theme.ascii === b.theme.ascii && a.intervalMs === b.intervalMs && a.paused === b.paused && a.target === b.target
    && a.logs === b.logs && a.queue === b.queue;
}

/** The frame as lines, plus what the clock and the scroll keys need; the last plan is reused for the same input. */
export function planScreen(input: ScreenInput): ScreenPlan {
  if (last && sameInput(last.input, input)) return last.plan;
  const p = plan(input);
  last = { input, plan: p };
  return p;
}
