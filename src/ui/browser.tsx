// `depwatch` with no deployment named: the deployments list; enter watches the selected one
// (the same App as `depwatch <name>`), Esc there comes back to the list.
import { Box, useApp } from 'ink';
import { useRef, useState } from 'react';
import type { ListController } from '../watch/list-session.js';
import type { LogsController } from '../watch/logs.js';
import type { QueueController } from '../watch/queue.js';
import type { WatchController } from '../watch/types.js';
import { App } from './app.js';
import { Lines } from './components/Lines.js';
import { useKeys } from './hooks/use-keys.js';
import { useStore } from './hooks/use-store.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { planList } from './list-plan.js';
import type { Theme } from './theme.js';
import { ThemeProvider } from './theme-context.js';

/** A running watch of one deployment, made when it is picked and stopped when left. */
export interface OpenedWatch {
  controller: WatchController;
  logs: LogsController;
  queue?: QueueController;
  stop(): void;
}

export interface BrowserProps {
  list: ListController;
  /** Starts watching a deployment (by id, or by name when it has none). */
  open: (name: string) => OpenedWatch;
  theme: Theme;
  now?: () => number;
}

export function Browser({ list, open, theme, now = Date.now }: BrowserProps) {
  const [watching, setWatching] = useState<{ key: string; watch: OpenedWatch } | undefined>();
  // Keys come faster than renders: a second Enter in the same read must not open a second watch.
  const open1 = useRef(false);
  // The selection, by key (the id): it stays on the same deployment across a watch and as the list changes.
  const [selected, setSelected] = useState<string | undefined>();
  if (watching) {
    const back = () => {
      watching.watch.stop();
      open1.current = false;
      list.setPaused(false);
      setWatching(undefined);
    };
    return <App key={watching.key} controller={watching.watch.controller} logs={watching.watch.logs} {...(watching.watch.queue ? { queue: watching.watch.queue } : {})} target={watching.key} theme={theme} now={now} onBack={back} />;
  }
  const pick = (key: string) => {
    if (open1.current) return;
    open1.current = true;
    list.setPaused(true);
    setSelected(key);
    setWatching({ key, watch: open(key) });
  };
  return <ListScreen list={list} theme={theme} now={now} selected={selected} onSelect={setSelected} onPick={pick} />;
}

interface ListScreenProps {
  list: ListController;
  theme: Theme;
  now: () => number;
  selected: string | undefined;
  onSelect: (name: string) => void;
  onPick: (name: string) => void;
}

function ListScreen({ list, theme, now, selected, onSelect, onPick }: ListScreenProps) {
  const { exit } = useApp();
  const state = useStore(list);
  const { columns, rows } = useTerminalSize();
  const plan = planList({ state, selected, now: now(), size: { columns, rows }, theme, intervalMs: list.intervalMs });
  // Keys may come faster than frames: moves start from the newest selection, kept here too.
  const latest = useRef<string | undefined>(undefined);
  latest.current = plan.keys[plan.selected];
  const move = (step: number) => {
    const order = plan.keys;
    const at = latest.current === undefined ? 0 : Math.max(0, order.indexOf(latest.current));
    latest.current = order[Math.min(Math.max(0, at + step), order.length - 1)];
    if (latest.current !== undefined) onSelect(latest.current);
  };
  useKeys((key, k) => {
    if (key === 'q' || (k.ctrl && key === 'c')) exit();
    else if (key === 'r') list.pollNow();
    else if (k.return && latest.current !== undefined) onPick(latest.current);
    else if (k.downArrow || key === 'j') move(1);
    else if (k.upArrow || key === 'k') move(-1);
  });
  return (
    <ThemeProvider theme={theme}>
      <Box flexDirection="column" width={Math.max(1, columns)} height={plan.lines.length}>
        <Lines lines={plan.lines} width={Math.max(1, columns)} />
      </Box>
    </ThemeProvider>
  );
}
