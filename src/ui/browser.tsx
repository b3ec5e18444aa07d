// `depwatch` with no deployment named: the deployments list; Enter watches the selected one (the
// same App as `depwatch <name>`), or with marks opens the marked ones side by side (the same
// panels as `depwatch watch a b c`); Esc there comes back to the list, its filter, sort and marks kept.
import { Box, useApp } from 'ink';
import { useRef, useState } from 'react';
import type { FleetController } from '../watch/fleet-session.js';
import type { ListController } from '../watch/list-session.js';
import type { LogsController } from '../watch/logs.js';
import type { QueueController } from '../watch/queue.js';
import type { WatchController } from '../watch/types.js';
import { App } from './app.js';
import { Lines } from './components/Lines.js';
import { Fleet, useOpenedWatch } from './fleet.js';
import { useKeys, useUnclaimedKeysHelp } from './hooks/use-keys.js';
import { useStore } from './hooks/use-store.js';
import { useSuspend } from './hooks/use-suspend.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { DEFAULT_VIEW, planList, shownKeys, type ListView } from './list-plan.js';
import { moveTo } from './move-keys.js';
import { LIST_SORTS } from './sections/list-order.js';
import type { Theme } from './theme.js';
import { ThemeProvider } from './theme-context.js';
import { typingEdit } from './typed-text.js';

/** A running watch of one deployment, made when it is picked and stopped when left. */
export interface OpenedWatch {
  controller: WatchController;
  logs: LogsController;
  queue?: QueueController;
  stop(): void;
}

/** The marked deployments' panels, polled while open and stopped when left. */
export interface OpenedFleet {
  fleet: FleetController;
  stop(): void;
}

export interface BrowserProps {
  list: ListController;
  /** Starts watching a deployment (by id, or by name when it has none). */
  open: (name: string) => OpenedWatch;
  /** Starts the panels of several deployments (by key); without it, marks do nothing. */
  openFleet?: (keys: string[]) => OpenedFleet;
  theme: Theme;
  now?: () => number;
}

export function Browser({ list, open, openFleet, theme, now = Date.now }: BrowserProps) {
  const pause = (paused: boolean) => list.setPaused(paused);
  const { opened, show, back } = useOpenedWatch(open, pause);
  const [panels, setPanels] = useState<OpenedFleet | undefined>();
  // Keys come faster than renders: a second Enter in the same read must not open the panels twice.
  const panelsBusy = useRef(false);
  // The selection, by key (the id): it stays on the same deployment across a watch and as the list changes.
  const [selected, setSelected] = useState<string | undefined>();
  const [view, setView] = useState<ListView>(DEFAULT_VIEW);
  if (opened) {
    const { watch } = opened;
    return <App key={opened.key} controller={watch.controller} logs={watch.logs} {...(watch.queue ? { queue: watch.queue } : {})} target={opened.key} theme={theme} now={now} back={{ to: 'list', go: back }} />;
  }
  if (panels) {
    const leave = () => {
      panels.stop();
      panelsBusy.current = false;
      pause(false);
      setPanels(undefined);
    };
    return <Fleet fleet={panels.fleet} open={open} theme={theme} now={now} onBack={leave} />;
  }
  const pick = (key: string) => {
    setSelected(key);
    show(key);
  };
  const pickMany = (keys: string[]) => {
    if (!openFleet || panelsBusy.current) return;
    panelsBusy.current = true;
    pause(true);
    setPanels(openFleet(keys));
  };
  return <ListScreen list={list} theme={theme} now={now} selected={selected} view={view} onView={setView} onSelect={setSelected} onPick={pick} onPickMany={pickMany} />;
}

interface ListScreenProps {
  list: ListController;
  theme: Theme;
  now: () => number;
  selected: string | undefined;
  view: ListView;
  onView: (view: ListView) => void;
  onSelect: (key: string) => void;
  onPick: (key: string) => void;
  onPickMany: (keys: string[]) => void;
}

function ListScreen({ list, theme, now, selected, view, onView, onSelect, onPick, onPickMany }: ListScreenProps) {
  const { exit } = useApp();
  const suspend = useSuspend();
  const state = useStore(list);
  const { columns, rows } = useTerminalSize();
  const plan = planList({ state, selected, now: now(), size: { columns, rows }, theme, intervalMs: list.intervalMs, view, moreHelp: useUnclaimedKeysHelp() });
  // Keys may come faster than frames: each key starts from the newest selection and view, kept here too.
  const latest = useRef<string | undefined>(undefined);
  latest.current = plan.keys[plan.selected];
  const ui = useRef(view);
  ui.current = view;
  const page = useRef(plan.page);
  page.current = plan.page;
  const maxHelp = useRef(plan.maxHelpScroll);
  maxHelp.current = plan.maxHelpScroll;
  const change = (patch: Partial<ListView>) => {
    ui.current = { ...ui.current, ...patch };
    onView(ui.current);
  };
  useKeys((key, k) => {
    const v = ui.current;
    const order = shownKeys(list.getState(), v, now());
    const at = latest.current === undefined ? 0 : Math.max(0, order.indexOf(latest.current));
    // With help open the moving keys scroll it (its lines are what they move through).
    const scrolled = v.help ? moveTo(key, k, Math.min(v.helpScroll, maxHelp.current), maxHelp.current + 1, page.current) : undefined;
    const to = order.length === 0 || v.help || (v.typing && !k.upArrow && !k.downArrow) ? undefined : moveTo(key, k, at, order.length, page.current);
    if (to !== undefined) {
      latest.current = order[to];
      if (latest.current !== undefined) onSelect(latest.current);
    } else if (k.ctrl && key === 'c') {
      exit();
    } else if (k.ctrl && key === 'z') {
      suspend();
    } else if (v.typing) {
      const edit = typingEdit(key, k);
      if (k.escape) change({ filter: '', typing: false });
      else if (k.return) change({ typing: false });
      else if (edit) change({ filter: edit(v.filter) });
    } else if (key === 'q') {
      exit();
    } else if (v.help) {
      if (key === '?' || k.escape) change({ help: false });
      else if (scrolled !== undefined) change({ helpScroll: scrolled });
      else return false;
    } else if (key === '?') change({ help: true, helpScroll: 0 });
    else if (key === '/') change({ typing: true });
    else if (k.escape) change({ filter: '' });
    else if (key === 'r') list.pollNow();
    else if (key === 's') change({ sort: LIST_SORTS[(LIST_SORTS.indexOf(v.sort) + 1) % LIST_SORTS.length]! });
    else if (key === 'S') change({ reverse: !v.reverse });
    else if (key === 'm' && latest.current !== undefined) {
      const marks = new Set(v.marks);
      if (!marks.delete(latest.current)) marks.add(latest.current);
      change({ marks });
    } else if (k.return && v.marks.size > 0) {
      // In the order shown; marked ones the filter hides come after.
      onPickMany([...order.filter((x) => v.marks.has(x)), ...[...v.marks].filter((x) => !order.includes(x))]);
    } else if (k.return && latest.current !== undefined) onPick(latest.current);
    else return false;
  });
  return (
    <ThemeProvider theme={theme}>
      <Box flexDirection="column" height={plan.lines.length}>
        <Lines lines={plan.lines} width={Math.max(1, columns)} />
      </Box>
    </ThemeProvider>
  );
}
