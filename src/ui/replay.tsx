// `depwatch replay`: the live screens drawn from a recording, one row kept below them for the
// replay bar (ReservedRows), and the replay's own keys, which no screen uses: space pause, `,` `.`
// step, `[` `]` speed, `<` `>` start/end (less's first/last), and `g` `G` start/end where the screen
// leaves them (a watch without its timeline pane). The screen has the first claim on every key, so a
// filter or search being typed takes these too (UnclaimedKeys). The screens' `?` help lists them
// after their own keys (UnclaimedKeysHelp).
import { Box, Text, useWindowSize, type Key } from 'ink';
import { createElement, useMemo, type ReactNode } from 'react';
import type { PlayerView } from '../record/player.js';
import type { FleetController } from '../watch/fleet-session.js';
import type { ListController } from '../watch/list-session.js';
import type { WatchController } from '../watch/types.js';
import { App } from './app.js';
import { Browser, type OpenedWatch } from './browser.js';
import { Fleet } from './fleet.js';
import { UnclaimedKeys, UnclaimedKeysHelp } from './hooks/use-keys.js';
import { useStore } from './hooks/use-store.js';
import { ReservedRows } from './hooks/use-terminal-size.js';
import { replayBar } from './replay-bar.js';
import type { KeyGroup } from './sections/key-help.js';
import type { Theme } from './theme.js';

/** What the bar and its keys need of the player. */
export interface ReplayControls {
  getView(): PlayerView;
  subscribeView(listener: () => void): () => void;
  togglePause(): void;
  step(by: 1 | -1): void;
  scaleSpeed(factor: number): void;
  toStart(): void;
  toEnd(): void;
}

export interface ReplayProps {
  player: ReplayControls;
  /** Lines of the recording that could not be read. */
  skipped: number;
  theme: Theme;
  children?: ReactNode;
}

/** The replay's keys in the screens' `?` help, after the screen's own. */
const REPLAY_HELP: readonly KeyGroup[] = [{
  title: 'replay',
  keys: [
    ['space', 'pause / play the recording'],
    [',  .', 'one poll back / on (and pause)'],
    ['[  ]', 'half / twice as fast'],
    ['<  >', 'the first / the last poll'],
    ['g  G', 'the same, where the screen does not use them itself'],
  ],
}];

export function Replay({ player, skipped, theme, children }: ReplayProps) {
  const { columns } = useWindowSize();
  const view = useStore(useMemo(() => ({ getState: () => player.getView(), subscribe: (l: () => void) => player.subscribeView(l) }), [player]));
  const onKey = useMemo(() => (key: string, k: Key) => {
    if (k.ctrl || k.meta) return;
    if (key === ' ') player.togglePause();
    else if (key === '.') player.step(1);
    else if (key === ',') player.step(-1);
    else if (key === '[') player.scaleSpeed(0.5);
    else if (key === ']') player.scaleSpeed(2);
    else if (key === '<' || key === 'g') player.toStart();
    else if (key === '>' || key === 'G') player.toEnd();
  }, [player]);
  return (
    <ReservedRows.Provider value={1}>
      <UnclaimedKeys.Provider value={onKey}>
        <UnclaimedKeysHelp.Provider value={REPLAY_HELP}>
          <Box flexDirection="column">
            {children}
            <Text wrap="truncate-end" inverse={theme.color}>{replayBar(view, skipped, theme.ascii, columns)}</Text>
          </Box>
        </UnclaimedKeysHelp.Provider>
      </UnclaimedKeys.Provider>
    </ReservedRows.Provider>
  );
}

/** The screen a recording is played in: the one it was recorded from. */
export type ReplayScreen =
  | { kind: 'watch'; controller: WatchController; target: string }
  | { kind: 'list'; list: ListController; open: (key: string) => OpenedWatch }
  | { kind: 'fleet'; fleet: FleetController; open: (key: string) => OpenedWatch };

export interface ReplayRootProps extends Omit<ReplayProps, 'children'> {
  screen: ReplayScreen;
  /** The recorded time. */
  now: () => number;
}

export function replayRoot({ screen, now, ...props }: ReplayRootProps) {
  const { theme } = props;
  const inner = screen.kind === 'watch'
    ? createElement(App, { controller: screen.controller, target: screen.target, theme, now })
    : screen.kind === 'list'
      ? createElement(Browser, { list: screen.list, open: screen.open, theme, now })
      : createElement(Fleet, { fleet: screen.fleet, open: screen.open, theme, now });
  return createElement(Replay, props, inner);
}
