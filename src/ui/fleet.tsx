// `depwatch watch a b c`: a panel per deployment, all from one list poll. Tab / Shift-Tab, the
// arrows and 1-9 focus one; Enter opens it full-screen (the same App as `depwatch <name>`, which
// polls it alone while the panels' poll pauses); Esc there comes back to the panels.
import { Box, useApp, type Key } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { FleetController } from '../watch/fleet-session.js';
import { App } from './app.js';
import type { OpenedWatch } from './browser.js';
import { Lines } from './components/Lines.js';
import { planFleet, type FleetPlan } from './fleet-plan.js';
import { useKeys, useUnclaimedKeysHelp } from './hooks/use-keys.js';
import { moveTo } from './move-keys.js';
import { useStore } from './hooks/use-store.js';
import { useSuspend } from './hooks/use-suspend.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import type { Theme } from './theme.js';
import { ThemeProvider } from './theme-context.js';

export interface FleetProps {
  fleet: FleetController;
  /** Starts watching one deployment full-screen (by id, or by the name given when the list has none). */
  open: (key: string) => OpenedWatch;
  theme: Theme;
  now?: () => number;
  /** Esc leaves the panels (to the list they were opened from); without it Esc does nothing here. */
  onBack?: () => void;
}

/**
 * One deployment opened full-screen from an overview, and the way back: `pause` stops the
 * overview's own polling meanwhile. A second open before the first renders is ignored (keys come
 * faster than frames).
 */
export function useOpenedWatch(open: (key: string) => OpenedWatch, pause: (paused: boolean) => void) {
  const [opened, setOpened] = useState<{ key: string; watch: OpenedWatch } | undefined>();
  const busy = useRef(false);
  const show = (key: string) => {
    if (busy.current) return;
    busy.current = true;
    pause(true);
    setOpened({ key, watch: open(key) });
  };
  const back = () => {
    opened?.watch.stop();
    busy.current = false;
    pause(false);
    setOpened(undefined);
  };
  return { opened, show, back };
}

export function Fleet({ fleet, open, theme, now = Date.now, onBack }: FleetProps) {
  const { opened, show, back } = useOpenedWatch(open, (paused) => fleet.setPaused(paused));
  // The focus, by target: it stays on the same deployment while one is open and as the list changes.
  const [focused, setFocused] = useState<string | undefined>();
  if (opened) {
    const { watch } = opened;
    return <App key={opened.key} controller={watch.controller} logs={watch.logs} {...(watch.queue ? { queue: watch.queue } : {})} target={opened.key} theme={theme} now={now} back={{ to: 'panels', go: back }} />;
  }
  return <Panels fleet={fleet} theme={theme} now={now} focused={focused} onFocus={setFocused} onOpen={show} {...(onBack ? { onBack } : {})} />;
}

interface PanelsProps {
  fleet: FleetController;
  theme: Theme;
  now: () => number;
  focused: string | undefined;
  onFocus: (target: string) => void;
  onOpen: (key: string) => void;
  onBack?: () => void;
}

/** The focus after a key, as an index among `count` panels; undefined when the key does not move it. */
function moveFocus(key: string, k: Key, at: number, plan: FleetPlan): number | undefined {
  const count = plan.targets.length;
  if (count === 0) return undefined;
  const wrap = (i: number) => (i + count) % count;
  if (k.tab || key === '\t') return wrap(at + (k.shift ? -1 : 1));
  if (/^[1-9]$/.test(key)) return Number(key) <= count ? Number(key) - 1 : undefined;
  if (k.rightArrow) return Math.min(count - 1, at + 1);
  if (k.leftArrow) return Math.max(0, at - 1);
  if (k.downArrow || key === 'j') return Math.min(count - 1, at + plan.perRow);
  if (k.upArrow || key === 'k') return Math.max(0, at - plan.perRow);
  if (k.home) return 0;
  if (k.end) return count - 1;
  return undefined;
}

function Panels({ fleet, theme, now, focused, onFocus, onOpen, onBack }: PanelsProps) {
  const { exit } = useApp();
  const suspend = useSuspend();
  const state = useStore(fleet);
  const size = useTerminalSize();
  // `?`: the help's first line shown while it is open.
  const [help, setHelp] = useState<number | undefined>();
  const plan = planFleet({ state, focused, now: now(), size, theme, intervalMs: fleet.intervalMs, fromList: onBack !== undefined, help, moreHelp: useUnclaimedKeysHelp() });
  const focusedKey = state.panels[plan.focused]?.key;
  // Only the focused panel's logs may be read (for a crash cause).
  useEffect(() => fleet.focus(focusedKey), [fleet, focusedKey]);
  // Keys may come faster than frames: a move starts from the newest focus, kept here too.
  const latest = useRef(plan.focused);
  latest.current = plan.focused;
  const helpAt = useRef(help);
  helpAt.current = help;
  const showHelp = (at: number | undefined) => {
    helpAt.current = at;
    setHelp(at);
  };
  useKeys((key, k) => {
    if (key === 'q' || (k.ctrl && key === 'c')) return exit();
    if (k.ctrl && key === 'z') return suspend();
    if (helpAt.current !== undefined) {
      // The help's keys: ? or Esc close it, the moving keys scroll it.
      if (key === '?' || k.escape) return showHelp(undefined);
      const { maxScroll = 0, page = 1 } = plan.help ?? {};
      const to = moveTo(key, k, Math.min(helpAt.current, maxScroll), maxScroll + 1, page);
      if (to === undefined) return false;
      return showHelp(to);
    }
    if (key === '?') return showHelp(0);
    if (key === 'r') return fleet.pollNow();
    if (k.escape && onBack) return onBack();
    if (k.return) {
      const panel = fleet.getState().panels[latest.current];
      if (panel) onOpen(panel.key);
      return;
    }
    const to = moveFocus(key, k, latest.current, plan);
    if (to === undefined) return false;
    latest.current = to;
    onFocus(plan.targets[to]!);
  });
  return (
    <ThemeProvider theme={theme}>
      <Box flexDirection="column" height={plan.lines.length}>
        <Lines lines={plan.lines} width={Math.max(1, size.columns)} />
      </Box>
    </ThemeProvider>
  );
}
