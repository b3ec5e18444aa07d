// The interactive app: the watch state, the terminal size and a clock that ticks only when visible
// text changes, drawn by the deployment screen; keys for refresh, pause, help, scroll and quit.
import { useApp, type Key } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogsController, LogsState } from '../watch/logs.js';
import type { QueueController, QueueState } from '../watch/queue.js';
import { sortReplicas } from '../watch/replica.js';
import type { WatchController } from '../watch/types.js';
import { useNow } from './hooks/use-now.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { useKeys } from './hooks/use-keys.js';
import { useStore, type Store } from './hooks/use-store.js';
import { planScreen, type ScreenInput, type UiState } from './screen-plan.js';
import { DeploymentScreen } from './screens/DeploymentScreen.js';
import type { Theme } from './theme.js';
import { ThemeProvider } from './theme-context.js';
import { nextTextChange } from './time-texts.js';

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
  /** Opened from the deployments list: Esc (with nothing else open) goes back to it. */
  onBack?: () => void;
  /** The queue the deployment scales on (a line under the gauge), when it scales on one. */
  queue?: QueueController;
}

const CLOSED: UiState = { scroll: 0, help: false };
/** Lines or rows moved by Page Up / Page Down. */
const PAGE = 10;
const NOT_FOLLOWING: LogsState = { lines: [], seen: 0 };
const NO_LOGS: Store<LogsState> = { getState: () => NOT_FOLLOWING, subscribe: () => () => undefined };
const NO_QUEUE: Store<QueueState | undefined> = { getState: () => undefined, subscribe: () => () => undefined };

export function App({ controller, target, theme, now: clock = Date.now, onExit, logs: follower, onBack, queue: queueFollower }: AppProps) {
  const { exit } = useApp();
  const state = useStore(controller);
  const logs = useStore(follower ?? NO_LOGS);
  const queue = useStore(queueFollower ?? NO_QUEUE);
  const size = useTerminalSize();
  const [ui, setUi] = useState<UiState>(CLOSED);
  const paused = state.paused;
  const intervalMs = controller.intervalMs;

  const inputAt = useCallback(
    (now: number): ScreenInput => ({ state, ui, now, size, theme, intervalMs, paused, target, ...(logs.replica === undefined ? {} : { logs }), ...(queue ? { queue } : {}) }),
    [state, ui, size, theme, intervalMs, paused, target, logs, queue],
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
  const logView = useRef({ maxBack: 0, seen: 0 });
  logView.current = { maxBack: plan.maxLogScroll, seen: logs.seen };

  /** Follow another replica's logs (or none), from the newest line. */
  const follow = (replica: string | undefined) => {
    if (!follower) return;
    if (replica === undefined) follower.close();
    else follower.open(replica);
    setUi((u) => (u.logAnchor === undefined ? u : { ...u, logAnchor: undefined }));
  };

  const onKey = (key: string, k: Key) => {
    const following = logs.replica;
    const logsOpen = following !== undefined;
    if (key === 'q' || (k.ctrl && key === 'c')) {
      exit();
      onExit?.();
    } else if (key === 'r') {
      controller.pollNow();
      follower?.pollNow();
      queueFollower?.pollNow();
    } else if (key === 'p') {
      controller.togglePause();
    } else if (key === '?') {
      setUi((u) => ({ ...u, help: !u.help }));
    } else if (k.escape) {
      if (ui.help) setUi((u) => ({ ...u, help: false }));
      else if (logsOpen) follow(undefined);
      else onBack?.();
    } else if (key === 'l' && follower) {
      // Opens on the table's first replica: failing ones are listed first.
      follow(logsOpen ? undefined : sortReplicas(state.deployment?.replica_events ?? {})[0]);
    } else if ((k.leftArrow || k.rightArrow) && following !== undefined && !ui.help) {
      const order = sortReplicas(state.deployment?.replica_events ?? {});
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
      if (logsOpen) {
        // Up goes back in time. Scrolled back, the pane holds on to a line number (new lines do
        // not move it); all the way down it follows the newest line again.
        const { maxBack, seen } = logView.current;
        setUi((u) => {
          const back = u.logAnchor === undefined ? 0 : Math.min(seen - u.logAnchor, maxBack);
          const next = Math.min(Math.max(0, back - step), maxBack);
          return { ...u, logAnchor: next === 0 ? undefined : seen - next };
        });
      } else {
        setUi((u) => {
          const scroll = Math.min(Math.max(0, Math.min(u.scroll, maxScroll.current) + step), maxScroll.current);
          return scroll === u.scroll ? u : { ...u, scroll };
        });
      }
    }
  };
  useKeys(onKey);

  return (
    <ThemeProvider theme={theme}>
      <DeploymentScreen {...input} />
    </ThemeProvider>
  );
}
