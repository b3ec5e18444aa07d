// The interactive app: the watch state, the terminal size and a clock that ticks only when visible
// text changes, drawn by the deployment screen; keys for refresh, pause, help, scroll and quit.
import { useApp, useInput } from 'ink';
import { useCallback, useRef, useState } from 'react';
import type { WatchController } from '../watch/types.js';
import { useNow } from './hooks/use-now.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { useWatch } from './hooks/use-watch.js';
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
}

const CLOSED: UiState = { scroll: 0, help: false };

export function App({ controller, target, theme, now: clock = Date.now, onExit }: AppProps) {
  const { exit } = useApp();
  const state = useWatch(controller);
  const size = useTerminalSize();
  const [ui, setUi] = useState<UiState>(CLOSED);
  const paused = state.paused;
  const intervalMs = controller.intervalMs;

  const inputAt = useCallback(
    (now: number): ScreenInput => ({ state, ui, now, size, theme, intervalMs, paused, target }),
    [state, ui, size, theme, intervalMs, paused, target],
  );
  const nextChange = useCallback((now: number) => nextTextChange(planScreen(inputAt(now)).times, now), [inputAt]);
  const now = useNow(clock, nextChange, state);
  const input = inputAt(now);
  const maxScroll = useRef(0);
  maxScroll.current = planScreen(input).maxScroll;

  useInput((key, k) => {
    if (key === 'q' || (k.ctrl && key === 'c')) {
      exit();
      onExit?.();
    } else if (key === 'r') {
      controller.pollNow();
    } else if (key === 'p') {
      controller.togglePause();
    } else if (key === '?') {
      setUi((u) => ({ ...u, help: !u.help }));
    } else if (k.escape) {
      setUi((u) => (u.help ? { ...u, help: false } : u));
    } else if (k.downArrow || key === 'j' || k.upArrow || key === 'k') {
      const step = k.downArrow || key === 'j' ? 1 : -1;
      setUi((u) => {
        const scroll = Math.min(Math.max(0, Math.min(u.scroll, maxScroll.current) + step), maxScroll.current);
        return scroll === u.scroll ? u : { ...u, scroll };
      });
    }
  });

  return (
    <ThemeProvider theme={theme}>
      <DeploymentScreen {...input} />
    </ThemeProvider>
  );
}
