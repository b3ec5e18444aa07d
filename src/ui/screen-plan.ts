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
import { detailItems, detailsSection, packDetails } from './sections/details.js';
import { footerSection } from './sections/footer.js';
import { gaugeLine } from './sections/gauge.js';
import { rolloutLine, titleLine } from './sections/header.js';
import { helpSection } from './sections/help.js';
import { logsSection } from './sections/logs.js';
import { queueLine } from './sections/queue.js';
import { replicaTable, tableBodyLines } from './sections/replica-table.js';
import { timelineSection } from './sections/timeline.js';
import { timelinePane, type TimelineView } from './sections/timeline-pane.js';
import { layout, type Layout } from './layout.js';
import { makeCtx, s, screenLine, type Line } from './line.js';
import { guarded, guardedLines } from './sections/guard.js';
import type { Theme } from './theme.js';
import { nextTextChange, type TimeText } from './time-texts.js';

export interface UiState {
  /** First replica row shown. */
  scroll: number;
  help: boolean;
  /** In the logs pane, the line number (LogsState.seen) the view ends before; absent: following the newest. */
  logAnchor?: number | undefined;
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
}

export interface ScreenPlan {
  /** Exactly `size.rows` lines, each already cut to `size.columns`. */
  lines: Line[];
  /** Ages and countdowns on screen: the clock ticks when one of them changes, and only then. */
  times: TimeText[];
  /** The replica scroll offset in use, and the largest useful one (the timeline pane's, while it is open). */
  scroll: number;
  maxScroll: number;
  /** The logs pane's lines back from the newest, in use and at most. */
  logBack: number;
  maxLogScroll: number;
  layout?: Layout;
}

/** At most this many lines of details, however tall the terminal. */
const MAX_DETAIL_LINES = 6;

/** Pad with blank lines or cut to exactly `n` lines. */
function exactly(lines: readonly Line[], n: number): Line[] {
  const out = lines.slice(0, Math.max(0, n));
  while (out.length < n) out.push([]);
  return out;
}

/** Everything above the footer, with the times shown in it; the footer is planned on its own. */
interface BodyPlan {
  /** Finished lines (cut to the width), exactly `rows - footerRows` of them. */
  lines: Line[];
  times: TimeText[];
  footerRows: number;
  scroll: number;
  maxScroll: number;
  logBack: number;
  maxLogScroll: number;
  layout?: Layout;
}

/** The rollout's progress at `now`, with memory; a state that never tracked (built by hand) is judged from its deployment alone. */
function progressOf(state: WatchState, d: Deployment, now: number): { tracked: ProgressState; view: ProgressView; memory: ReadonlyMap<string, ReplicaProgress> } {
  const opts = state.progressOptions;
  const tracked = state.progress?.deployment !== undefined
    ? state.progress
    : trackProgress(initialProgress(), { ok: true, data: d, at: Math.min(now, state.lastSuccessAt ?? now), latencyMs: 0 }, opts).state;
  const view = progressView(tracked, now, opts)!;
  return { tracked, view, memory: new Map(view.replicas.map((p) => [p.name, p])) };
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
    const body = ui.help ? guardedLines(() => helpSection(ctx, rows - top.length - 1).lines) : [];
    const footerRows = Math.min(1, rows);
    lines.push(...exactly([...top, ...body], rows - footerRows));
    times.push(...banner.times);
    return { lines: finish(lines, rows - footerRows, columns, theme), times, footerRows, scroll: 0, maxScroll: 0, logBack: 0, maxLogScroll: 0 };
  }

  // Each section is planned behind its own error boundary (sections/guard.ts): one that throws
  // shows why in its rows, and the others are drawn as usual.
  const r = guarded(() => rollout(d, state.revisionOrder), () => undefined);
  const progress = guarded(() => progressOf(state, d, input.now), () => undefined);
  const memory = progress?.memory;
  // A stall or a settle happens between polls: the body is planned again at that moment.
  const due = guarded(() => (progress ? nextProgressChangeAt(progress.tracked, input.now, state.progressOptions) : undefined), () => undefined);
  if (due !== undefined) times.push({ kind: 'deadline', at: due });
  const packed = guarded(() => packDetails(detailItems(ctx, d), columns), (why) => [[{ line: why, times: [] }]]);
  const L = layout(rows, {
    banner: banner.lines.length > 0,
    detailLines: Math.min(MAX_DETAIL_LINES, packed.length),
    replicas: guarded(() => tableBodyLines(ctx, d, state.causes, memory), () => 1),
    events: state.timeline.length,
    queue: input.queue !== undefined,
  });
  const part = (n: number, plan: () => readonly Line[]) => exactly(guardedLines(plan), n);
  const rolloutRows = () => {
    if (!r || !progress) throw new Error('the rollout cannot be worked out');
    const rolloutTimes: TimeText[] = [];
    const rows = [...part(L.rollout, () => [rolloutLine(ctx, r, progress.view, progress.tracked.replicas, rolloutTimes)]), ...part(L.gauge, () => [gaugeLine(ctx, d, r)])];
    times.push(...rolloutTimes);
    return rows;
  };
  const queue = input.queue;
  const queueRows = () => part(L.queue, () => (queue ? [queueLine(ctx, queue)] : []));

  lines.push(...exactly(banner.lines, L.banner), ...part(L.title, () => [titleLine(ctx, d)]));
  times.push(...banner.times);
  let scroll = 0;
  let maxScroll = 0;
  let logBack = 0;
  let maxLogScroll = 0;
  const following = input.logs?.replica;
  if (ui.help) {
    const bodyRows = rows - L.banner - L.title - L.footer;
    lines.push(...part(bodyRows, () => helpSection(ctx, bodyRows).lines));
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
    const pane = guarded(() => {
      const order = sortReplicas(d.replica_events);
      const at = { index: order.indexOf(following), count: order.length };
      const back = ui.logAnchor === undefined ? 0 : logs.seen - ui.logAnchor;
      return logsSection(ctx, logs, at, bodyRows, back, paused);
    }, (why) => ({ lines: [why], times: [], back: 0, maxBack: 0 }));
    lines.push(...exactly(pane.lines, bodyRows));
    logBack = pane.back;
    maxLogScroll = pane.maxBack;
  } else {
    lines.push(...part(L.rollout + L.gauge, rolloutRows), ...queueRows());
    const details = guarded(() => detailsSection(packed, L.details), (why) => ({ lines: [why], times: [] }));
    lines.push(...exactly(details.lines, L.details));
    times.push(...details.times);
    if (L.tableChrome > 0) {
      const table = guarded(
        () => replicaTable(ctx, d, ui.scroll, L.tableRows, state.causes, memory),
        (why) => ({ lines: [why], times: [], offset: 0, maxOffset: 0 }),
      );
      lines.push(...exactly(table.lines, L.tableChrome + L.tableRows));
      times.push(...table.times);
      scroll = table.offset;
      maxScroll = table.maxOffset;
    }
    if (L.timelineChrome > 0) {
      lines.push(...part(L.timelineChrome + L.timelineRows, () => timelineSection(ctx, state.timeline, L.timelineRows).lines));
    }
    lines.push(...exactly([], L.filler));
  }
  return { lines: finish(lines, rows - L.footer, columns, theme), times, footerRows: L.footer, scroll, maxScroll, logBack, maxLogScroll, layout: L };
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
    && a.ui.scroll === b.ui.scroll && a.ui.help === b.ui.help && a.ui.logAnchor === b.ui.logAnchor && a.ui.timeline === b.ui.timeline && a.size.columns === b.size.columns
    && a.size.rows === b.size.rows && a.theme.color === b.theme.color && a.theme.ascii === b.theme.ascii
    && a.paused === b.paused && a.target === b.target && a.logs === b.logs && a.queue === b.queue;
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

function plan(input: ScreenInput): ScreenPlan {
  const { state, theme, paused, intervalMs } = input;
  const columns = Math.max(1, Math.floor(input.size.columns) || 1);
  const body = bodyFor(input);
  const footer = guarded(() => footerSection(makeCtx(input.now, theme, columns), state, intervalMs, paused, input.ui.help ? undefined : input.ui.timeline), (why) => ({ lines: [why], times: [] }));
  const lines = [...body.lines, ...finish(footer.lines, body.footerRows, columns, theme)];
  const times = [...body.times, ...footer.times];
  return { lines, times, scroll: body.scroll, maxScroll: body.maxScroll, logBack: body.logBack, maxLogScroll: body.maxLogScroll, ...(body.layout ? { layout: body.layout } : {}) };
}

function finish(lines: readonly Line[], rows: number, columns: number, theme: Theme): Line[] {
  return exactly(lines, rows).map((line) => guarded(() => screenLine(line, columns, theme), (why) => screenLine(why, columns, theme)));
}

let last: { input: ScreenInput; plan: ScreenPlan } | undefined;

function sameInput(a: ScreenInput, b: ScreenInput): boolean {
  return a.state === b.state && a.ui.scroll === b.ui.scroll && a.ui.help === b.ui.help && a.ui.logAnchor === b.ui.logAnchor && a.ui.timeline === b.ui.timeline && a.now === b.now
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
