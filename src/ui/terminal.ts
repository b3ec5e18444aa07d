// Owns the terminal for an interactive watch: Ink in the alternate screen, and a way out that
// restores it on every path (q, Ctrl-C, SIGTERM, SIGHUP, a crash, the terminal going away).
// Ink itself leaves the alternate screen, shows the cursor and turns raw mode off on unmount;
// this module makes sure every path unmounts first and reports afterwards.
import { createElement } from 'react';
import { render } from 'ink';
import { App } from './app.js';
import { compactOutput } from './compact-output.js';
import type { Theme } from './theme.js';
import type { WatchController } from '../watch/types.js';

export interface WatchUiOptions {
  controller: WatchController;
  target: string;
  theme: Theme;
  altScreen: boolean;
}

/** Exit codes for the ways a watch can end, after the shell's 128+signal convention. */
const SIGHUP_EXIT = 129;
const SIGTERM_EXIT = 143;

/**
 * Renders until the user quits, a signal arrives or the terminal goes away; resolves with the
 * exit code. A crash anywhere rejects, but only after the terminal has been restored.
 */
export async function runWatchUi({ controller, target, theme, altScreen }: WatchUiOptions): Promise<number> {
  // Every byte crosses the SSH link: Ink's frames go out with cursor walks and colour runs compacted.
  const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
    write(typeof chunk === 'string' ? compactOutput(chunk) : chunk, ...rest)) as typeof process.stdout.write;
  const instance = render(createElement(App, { controller, target, theme }), {
    alternateScreen: altScreen,
    incrementalRendering: true,
    // Screens change on polls and on age ticks; nothing needs more than a few frames a second.
    maxFps: 10,
    patchConsole: false,
    exitOnCtrlC: true,
  });

  let exitCode = 0;
  let crash: unknown;
  const leave = (code: number) => () => {
    if (exitCode === 0) exitCode = code;
    instance.unmount();
  };
  // The terminal went away (SSH dropped, pane killed): nobody will ever see another frame, and a
  // watch left running would poll the API forever. EIO/EPIPE on either stream means the same.
  const hangUp = leave(SIGHUP_EXIT);
  const onSignal = leave(SIGTERM_EXIT);
  const onCrash = (error: unknown) => {
    crash ??= error;
    leave(1)();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', hangUp);
  process.stdout.on('error', hangUp);
  process.stdin.on('error', hangUp);
  process.stdin.on('end', hangUp);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  const crashAfter = Number(process.env.DEPWATCH_TEST_CRASH_MS);
  // Test hook: a crash outside React, to prove the terminal is restored before the report.
  const crashTimer = crashAfter > 0 ? setTimeout(() => { throw new Error('injected crash (DEPWATCH_TEST_CRASH_MS)'); }, crashAfter) : undefined;

  try {
    await instance.waitUntilExit();
  } catch (error) {
    // A render error: Ink has unmounted and restored the terminal already.
    crash ??= error;
  } finally {
    clearTimeout(crashTimer);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', hangUp);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  }
  if (crash !== undefined) throw crash;
  return exitCode;
}
