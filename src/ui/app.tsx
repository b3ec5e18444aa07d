// The interactive app: the watch state, the terminal size and a clock that ticks only when visible
// text changes, drawn by the deployment screen; keys for refresh, pause, help, the replica cursor,
// describe, logs, the timeline, suspend and quit.
import { useApp, type Key } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import { timelineCount } from '../watch/history.js';
import { droppedLines, type LogsController, type LogsState } from '../watch/logs.js';
import type { QueueController, QueueState } from '../watch/queue.js';
import { sortReplicas } from '../watch/replica.js';
import type { WatchController } from '../watch/types.js';
import { useNow } from './hooks/use-now.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { useKeys, useUnclaimedKeysHelp } from './hooks/use-keys.js';
import { useStore, type Store } from './hooks/use-store.js';
import { useSuspend } from './hooks/use-suspend.js';
import { saveLogs, saveNote, type LogSaver } from './log-save.js';
import { LOG_VIEW, logViewKey, otherReplica, type LogView } from './log-view.js';
import { planScreen, type ScreenInput, type UiState } from './screen-plan.js';
import { TIMELINE_OPEN, type TimelineView } from './sections/timeline-pane.js';
import { DeploymentScreen } from './screens/DeploymentScreen.js';
import type { Theme } from './theme.js';
import { ThemeProvider } from './theme-context.js';
import { nextTextChange } from './time-texts.js';
import { typingEdit } from './typed-text.js';

export interface AppProps {
  controller: WatchController;
  /** What is being watched (deployment name or id), shown until the first data arrives. */
  target: string;
  theme: Theme;
  /** The clock; tests freeze it. */
  now?: () => number;
  /** Called after the app has asked Ink to exit (q or Ctrl-C). */
  onExit?: () => void;
  /** Follows a replica's logs for the logs pane (key `l`); without it the key does nothing. */
  logs?: LogsController;
  /** Opened from another screen: Esc (with nothing else open) goes back to it, named `to` in the footer (`Esc list`, `Esc panels`). */
  back?: { to: string; go: () => void };
  /** The queue the deployment scales on (a line under the gauge), when it scales on one. */
  queue?: QueueController;
  /** Writes the logs pane's buffer to a file (key `s`); tests give a fake. */
  saveLogs?: LogSaver;
}

const CLOSED: UiState = { scroll: 0, help: false };
/** Lines or rows moved by Page Up / Page Down. */
const PAGE = 10;
const NOT_FOLLOWING: LogsState = { lines: [], seen: 0 };
const NO_LOGS: Store<LogsState> = { getState: () => NOT_FOLLOWING, subscribe: () => () => undefined };
const NO_QUEUE: Store<QueueState | undefined> = { getState: () => undefined, subscribe: () => () => undefined };

export function App({ controller, target, theme, now: clock = Date.now, onExit, logs: follower, back: onBack, queue: queueFollower, saveLogs: save = saveLogs }: AppProps) {
  const { exit } = useApp();
  const state = useStore(controller);
  const logs = useStore(follower ?? NO_LOGS);
  const queue = useStore(queueFollower ?? NO_QUEUE);
  const size = useTerminalSize();
  const moreHelp = useUnclaimedKeysHelp();
  const [ui, setUi] = useState<UiState>(CLOSED);
  // Keys bunched in one read ('/ready') are handled before React renders again: each one starts
  // from the state the one before it left, kept here, and every change of the UI state goes through it.
  const latest = useRef(ui);
  latest.current = ui;
  const change = (next: (u: UiState) => UiState) => {
    const u = next(latest.current);
    if (u === latest.current) return;
    latest.current = u;
    setUi(u);
  };
  const changeTimeline = (next: (v: TimelineView) => TimelineView | undefined) =>
    change((u) => (u.timeline === undefined ? u : { ...u, timeline: next(u.timeline) }));
  const paused = state.paused;
  const intervalMs = controller.intervalMs;

  const back = onBack?.to;
  const inputAt = useCallback(
    (now: number): ScreenInput => ({
      state, ui, now, size, theme, intervalMs, paused, target, ...(logs.replica === undefined ? {} : { logs }), ...(queue ? { queue } : {}), ...(back === undefined ? {} : { back }), moreHelp,
    }),
    [state, ui, size, theme, intervalMs, paused, target, logs, queue, back, moreHelp],
  );
  const nextChange = useCallback((now: number) => nextTextChange(planScreen(inputAt(now)).times, now), [inputAt]);
  const now = useNow(clock, nextChange, state);
  const input = inputAt(now);
  // The logs pane pauses with the watch.
  useEffect(() => follower?.setPaused(paused), [follower, paused]);
  useEffect(() => queueFollower?.setPaused(paused), [queueFollower, paused]);
  const plan = planScreen(input);
  const maxScroll = useRef(0);
  maxScroll.current = plan.maxScroll;
  // The timeline pane's offset as drawn (newer events may have moved it), for the view it was drawn from.
  const drawn = useRef({ view: ui.timeline, offset: 0, seen: 0 });
  drawn.current = { view: ui.timeline, offset: plan.scroll, seen: timelineCount(state) };
  // The logs pane as drawn, and the lines it was drawn from (a save takes these).
  const logPane = useRef({ drawn: plan.logPane, logs });
  logPane.current = { drawn: plan.logPane, logs };
  // The table as drawn: its order, where the cursor is and the first row shown.
  const table = useRef({ replicas: plan.replicas, cursor: plan.cursor, scroll: plan.scroll, maxHelp: plan.maxHelpScroll });
  table.current = { replicas: plan.replicas, cursor: plan.cursor, scroll: plan.scroll, maxHelp: plan.maxHelpScroll };
  /** The replica under the cursor: the table's order when drawn, else the worst one. */
  const selectedReplica = (): string | undefined => {
    const { replicas, cursor } = table.current;
    // Moved by a key in the same read as this one: not drawn yet.
    const moved = latest.current.selected;
    if (moved !== undefined && replicas.includes(moved)) return moved;
    return replicas[cursor] ?? sortReplicas(state.deployment?.replica_events ?? {})[0];
  };

  /** Follow another replica's logs (or none), from the newest line. */
  const follow = (replica: string | undefined) => {
    if (!follower) return;
    if (replica === undefined) follower.close();
    else follower.open(replica);
    // Another replica keeps the search and wrap; closing forgets the view.
    change((u) => (u.logView === undefined && u.timeline === undefined ? u : { ...u, logView: replica === undefined || u.logView === undefined ? undefined : otherReplica(u.logView), timeline: undefined }));
  };

  const changeLogView = (next: (v: LogView) => LogView) => change((u) => ({ ...u, logView: next(u.logView ?? LOG_VIEW) }));

  /** `s`: the buffer to a file, off the key's path; what happened shows in the pane while it still shows that replica. */
  const saveBuffer = () => {
    const { logs: held } = logPane.current;
    const replica = held.replica;
    if (replica === undefined) return;
    if (held.lines.length === 0) {
      changeLogView((v) => ({ ...v, note: { ok: false, text: 'no log lines to save yet' } }));
      return;
    }
    const request = { deployment: state.deployment?.name ?? target, replica, lines: held.lines, dropped: droppedLines(held), at: clock() };
    void save(request).catch((err: unknown) => ({ ok: false as const, message: String(err) })).then((r) => {
      if (logPane.current.logs.replica !== replica) return;
      changeLogView((v) => ({ ...v, note: saveNote(r) }));
    });
  };

  /** The logs pane's own keys (log-view.ts): true when the key was taken. */
  const logsKey = (key: string, k: Key): boolean => {
    const r = logViewKey(latest.current.logView ?? LOG_VIEW, key, k, logPane.current.logs, logPane.current.drawn);
    if (r === undefined) return false;
    if (r.view !== latest.current.logView) changeLogView(() => r.view);
    if (r.save) saveBuffer();
    return true;
  };

  /** Ctrl-Z: leave the terminal as it was; `fg` redraws it all. */
  const suspendSelf = useSuspend();

  /** The timeline pane's keys while its filter is being typed: true when the key was taken. */
  const filterKey = (key: string, k: Key): boolean => {
    if (k.escape) changeTimeline((v) => ({ ...v, filter: '', typing: false, offset: 0 }));
    else if (k.return) changeTimeline((v) => ({ ...v, typing: false }));
    else {
      const edit = typingEdit(key, k);
      if (!edit) return false;
      changeTimeline((v) => {
        const filter = edit(v.filter);
        return filter === v.filter ? v : { ...v, filter, offset: 0 };
      });
    }
    return true;
  };

  /** The timeline pane's own keys: true when the key was taken. */
  const timelineKey = (key: string, k: Key, view: TimelineView): boolean => {
    if (view.typing) return filterKey(key, k);
    if (key === 't') change((u) => ({ ...u, timeline: undefined }));
    else if (k.escape) changeTimeline((v) => (v.filter === '' ? undefined : { ...v, filter: '', offset: 0 }));
    else if (key === '/') changeTimeline((v) => ({ ...v, typing: true }));
    else if (key === 'g') changeTimeline((v) => ({ ...v, offset: 0 }));
    else if (key === 'G') changeTimeline((v) => ({ ...v, offset: Number.MAX_SAFE_INTEGER, seen: drawn.current.seen }));
    else return false;
    return true;
  };

  const onKey = (key: string, k: Key) => {
    const following = logs.replica;
    const logsOpen = following !== undefined;
    const current = latest.current;
    const timeline = current.help ? undefined : current.timeline;
    if (k.ctrl && key === 'c') {
      exit();
      onExit?.();
    } else if (k.ctrl && key === 'z') {
      suspendSelf();
    } else if (timeline && timelineKey(key, k, timeline)) {
      // taken by the timeline pane
    } else if (logsOpen && !current.help && !timeline && logsKey(key, k)) {
      // taken by the logs pane
    } else if (key === 'q') {
      exit();
      onExit?.();
    } else if (key === 'r') {
      controller.pollNow();
      follower?.pollNow();
      queueFollower?.pollNow();
    } else if (key === 'p') {
      controller.togglePause();
    } else if (key === '?') {
      change((u) => ({ ...u, help: !u.help }));
    } else if (k.escape) {
      if (current.help) change((u) => ({ ...u, help: false }));
      else if (logsOpen) follow(undefined);
      else if (current.describe !== undefined) change((u) => ({ ...u, describe: undefined }));
      else onBack?.go();
    } else if (current.help && (k.downArrow || key === 'j' || k.upArrow || key === 'k' || k.pageUp || k.pageDown)) {
      const step = (k.downArrow || key === 'j' || k.pageDown ? 1 : -1) * (k.pageUp || k.pageDown ? PAGE : 1);
      const max = table.current.maxHelp;
      change((u) => {
        const helpScroll = Math.min(Math.max(0, Math.min(u.helpScroll ?? 0, max) + step), max);
        return helpScroll === (u.helpScroll ?? 0) ? u : { ...u, helpScroll };
      });
    } else if ((k.return || key === 'd') && !logsOpen && !current.help) {
      const name = current.describe ?? selectedReplica();
      if (name !== undefined) change((u) => ({ ...u, describe: name, selected: name, timeline: undefined }));
    } else if (key === 't') {
      // The timeline takes the logs pane's place.
      if (logsOpen) follow(undefined);
      change((u) => ({ ...u, help: false, timeline: TIMELINE_OPEN }));
    } else if (key === 'l' && follower) {
      // The replica described, or the one under the cursor.
      follow(logsOpen ? undefined : current.describe ?? selectedReplica());
    } else if ((k.leftArrow || k.rightArrow) && following !== undefined && !current.help && !current.timeline) {
      // The table's order, as the pane's position says (crash-remembered replicas first).
      const { replicas } = table.current;
      const order = replicas.length > 0 ? replicas : sortReplicas(state.deployment?.replica_events ?? {});
      if (order.length > 0) {
        const step = k.rightArrow ? 1 : -1;
        const at = order.indexOf(following);
        // From a replica no longer listed, → goes to the first and ← to the last.
        const from = at >= 0 ? at : step > 0 ? -1 : 0;
        follow(order[(from + step + order.length) % order.length]);
      }
    } else if (k.downArrow || key === 'j' || k.upArrow || key === 'k' || k.pageUp || k.pageDown) {
      const down = k.downArrow || key === 'j' || k.pageDown;
      const step = (down ? 1 : -1) * (k.pageUp || k.pageDown ? PAGE : 1);
      if (timeline) {
        // Newest first: down goes back in time.
        changeTimeline((v) => {
          // From where it is drawn, unless keys bunched in one read moved it since.
          const from = drawn.current.view === v ? drawn.current.offset : v.offset;
          // Opened in the same read: no pane drawn yet to bound it (the pane clamps what it is given).
          const max = drawn.current.view === undefined ? Number.MAX_SAFE_INTEGER : maxScroll.current;
          const offset = Math.min(Math.max(0, Math.min(from, max) + step), max);
          return offset === v.offset && v.seen === drawn.current.seen ? v : { ...v, offset, seen: drawn.current.seen };
        });
      } else if (current.describe === undefined) {
        // The cursor moves; the table scrolls to keep it on screen (from where it was drawn).
        const { replicas, cursor, scroll } = table.current;
        if (replicas.length === 0) return;
        const from = current.cursor !== undefined && current.selected === replicas[current.cursor] ? current.cursor : cursor;
        const next = Math.min(Math.max(0, from + step), replicas.length - 1);
        change((u) => (next === u.cursor && u.selected === replicas[next] ? u : { ...u, cursor: next, selected: replicas[next], scroll }));
      }
    } else {
      return false;
    }
  };
  useKeys(onKey);

  return (
    <ThemeProvider theme={theme}>
      <DeploymentScreen {...input} />
    </ThemeProvider>
  );
}
