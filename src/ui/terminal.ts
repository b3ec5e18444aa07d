// Owns the terminal for an interactive watch: Ink in the alternate screen, and a way out that
// restores it on every path (q, Ctrl-C, SIGTERM, SIGHUP, a crash, the terminal going away).
// Ink itself leaves the alternate screen, shows the cursor and turns raw mode off on unmount;
// this module makes sure every path unmounts first and reports afterwards (and terminal-guard.ts
// undoes on exit whatever a path it does not know of leaves behind).
import { setFlagsFromString } from 'node:v8';
import { createElement, type ReactElement } from 'react';
import { render } from 'ink';
import { App } from './app.js';
import { Browser, type BrowserProps } from './browser.js';
import { compactOutput } from './compact-output.js';
import { Fleet, type FleetProps } from './fleet.js';
import { replayRoot, type ReplayRootProps } from './replay.js';
import { SIGHUP_EXIT, SIGTERM_EXIT } from './exit-codes.js';
import type { FirstScreen } from './first-frame.js';
import { syncSmallUpdatesBare } from './sync-output.js';
import { guardTerminal } from './terminal-guard.js';
import type { Theme } from './theme.js';
import type { LogsController } from '../watch/logs.js';
import type { QueueController } from '../watch/queue.js';
import type { WatchController } from '../watch/types.js';

export interface WatchUiOptions {
  controller: WatchController;
  target: string;
  theme: Theme;
  altScreen: boolean;
  /** Follows a replica's logs for the logs pane. */
  logs?: LogsController;
  /** The first frame is on screen already (first-frame.ts): Ink draws over it and takes the terminal over. */
  painted?: FirstScreen;
  /** The queue the deployment scales on, when it scales on one. */
  queue?: QueueController;
}

/**
 * Ink's first frame, for a screen that already shows a painted one (Ink writes it without erasing,
 * from the cursor: home, where first-frame.ts left it). Each row is cleared before it is drawn, so
 * nothing of a longer painted row is left at its end; if the terminal was resized in between, the
 * whole screen is cleared first (a narrower terminal may keep cells beyond its new width).
 */
export function overPainted(frame: string, resized: boolean): string {
  return resized ? `\x1b[2J${frame}` : `\x1b[K${frame.replaceAll('\n', '\n\x1b[K')}`;
}

export function runWatchUi({ controller, target, theme, altScreen, painted, logs, queue }: WatchUiOptions): Promise<number> {
  return runInk(createElement(App, { controller, target, theme, ...(logs ? { logs } : {}), ...(queue ? { queue } : {}) }), altScreen, painted);
}

export interface BrowseUiOptions extends BrowserProps {
  altScreen: boolean;
  /** The list's first frame is on screen already. */
  painted?: FirstScreen;
}

/** The deployments list, and the watch of whichever is picked (`depwatch` with no deployment named). */
export function runBrowseUi({ altScreen, painted, ...props }: BrowseUiOptions): Promise<number> {
  return runInk(createElement(Browser, props), altScreen, painted);
}

/** Several deployments' panels, and the full-screen watch of whichever is opened (`depwatch watch a b c`). */
export function runFleetUi({ altScreen, painted, ...props }: FleetProps & { altScreen: boolean; painted?: FirstScreen }): Promise<number> {
  return runInk(createElement(Fleet, props), altScreen, painted);
}

/** A recording played in the screens it came from, with the replay bar (`depwatch replay`). */
export function runReplayUi({ altScreen, ...props }: ReplayRootProps & { altScreen: boolean }): Promise<number> {
  return runInk(replayRoot(props), altScreen);
}

/**
 * Renders until the user quits, a signal arrives or the terminal goes away; resolves with the
 * exit code. A crash anywhere rejects, but only after the terminal has been restored.
 */
async function runInk(root: ReactElement, altScreen: boolean, painted?: FirstScreen): Promise<number> {
  // A watch lives for days in a pane doing a few milliseconds of work every couple of seconds, so
  // V8 is told to favour a small heap over throughput, and to stop at its mid-tier compiler
  // (Maglev): TurboFan's optimizing compiles cost more CPU than they ever save here. Set at run
  // time, neither `node dist/depwatch.mjs` nor the bin's shebang takes flags; V8 reads both at
  // each GC's heap-sizing and each tier-up decision. (Not every flag can change at run time:
  // --single-threaded-gc crashes V8 here.) Measured with bench/run.mjs-style runs: RSS growth over
  // 10,000 polls at a 1 ms interval 78 MB → 1-7 MB; CPU in the first minute of a steady watch
  // 0.8 → 0.65 % of a core; after warm-up the same 0.38 % with or without; at a 1 ms interval
  // the polls per second drop by ~20 %.
  setFlagsFromString('--optimize-for-size --max-opt=2');
  guardTerminal(); // before the write wrapper below, so it sees the bytes that really go out
  // Every byte crosses the SSH link: Ink's frames go out with cursor walks and colour runs compacted,
  // small updates without synchronized-output markers (the changed cells themselves: ink-patches.mjs).
  const write = syncSmallUpdatesBare(process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean);
  // Ink writes its first frame synchronously inside render().
  const paintedSize = painted?.size;
  let firstFrame = paintedSize !== undefined;
  const resized = paintedSize !== undefined && (paintedSize.columns !== process.stdout.columns || paintedSize.rows !== process.stdout.rows);
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== 'string') return write(chunk, ...rest);
    return write(compactOutput(firstFrame && chunk.includes('\n') ? overPainted(chunk, resized) : chunk), ...rest);
  }) as typeof process.stdout.write;
  const instance = render(root, {
    alternateScreen: altScreen,
    // Ink guesses from CI (any CI variable, even empty) and would then draw nothing until it exits;
    // the command has checked that stdin and stdout are terminals, so the session is interactive.
    interactive: true,
    incrementalRendering: true,
    // Screens change on polls and on age ticks; nothing needs more than a few frames a second.
    maxFps: 10,
    patchConsole: false,
    exitOnCtrlC: true,
  });
  firstFrame = false;

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
  painted?.handOver();
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
