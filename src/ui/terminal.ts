// Owns the terminal for an interactive watch: Ink in the alternate screen, and a way out that
// restores it on every path (q, Ctrl-C, SIGTERM, SIGHUP, a crash, the terminal going away).
import { createElement } from 'react';
import { render } from 'ink';
import { App } from './app.js';
import type { Theme } from './theme.js';
import type { WatchController } from '../watch/types.js';

export interface WatchUiOptions {
  controller: WatchController;
  target: string;
  theme: Theme;
  altScreen: boolean;
}

/** Renders until the user quits or the terminal goes away; resolves with the exit code. */
export async function runWatchUi({ controller, target, theme, altScreen }: WatchUiOptions): Promise<number> {
  const instance = render(createElement(App, { controller, target, theme }), {
    alternateScreen: altScreen,
    incrementalRendering: true,
    // Screens change on polls and on age ticks; nothing needs more than a few frames a second.
    maxFps: 10,
    patchConsole: false,
    exitOnCtrlC: true,
  });

  let exitCode = 0;
  const leave = (code: number) => () => {
    if (exitCode === 0) exitCode = code;
    instance.unmount();
  };
  // The terminal went away (SSH dropped, pane killed): nobody will ever see another frame.
  const hangUp = leave(129);
  const onSignal = leave(143);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', hangUp);
  process.stdout.on('error', hangUp);
  process.stdin.on('error', hangUp);
  process.stdin.on('end', hangUp);

  try {
    await instance.waitUntilExit();
    return exitCode;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', hangUp);
  }
}
