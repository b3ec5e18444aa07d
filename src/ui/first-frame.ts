// The first frames, painted straight to the terminal from the screen plan while React and Ink are
// not loaded yet (they take ~60 ms to load and render their first frame; the plan is the same one
// DeploymentScreen draws): the first answer, and before it "connecting to …" if it is slow. Ink
// then takes over the same alternate screen and draws over it (terminal.ts, overPainted).
//
// From the start of a watch until Ink's start, this module owns the terminal (takeFirstScreen):
// raw mode keeps keys from echoing, q and Ctrl-C quit (the first answer may be slow in coming),
// other keys are kept for Ink, and a signal or a crash in that window still restores the
// terminal (leaves the alternate screen, shows the cursor) before the process ends.
import { SIGHUP_EXIT, SIGINT_EXIT, SIGTERM_EXIT } from './exit-codes.js';
import { paintLine, type Line } from './line.js';
import { planScreen, type ScreenInput, type Size } from './screen-plan.js';
import { guardTerminal } from './terminal-guard.js';
import type { Theme } from './theme.js';

const ENTER = '\x1b[?1049h\x1b[?25l\x1b[H';
const LEAVE = '\x1b[?25h\x1b[?1049l';

export type FrameInput = Omit<ScreenInput, 'ui' | 'size'>;

/**
 * A frame as the bytes a terminal in the alternate screen needs: from the top-left, each row
 * cleared and drawn (so a frame can be painted over another), the cursor left at home.
 */
export function framed(lines: readonly Line[], theme: Theme): string {
  return `${ENTER}${lines.map((line) => `\x1b[K${paintLine(line, theme)}`).join('\r\n')}\x1b[H`;
}

/** The deployment screen's lines for a size: what a watch paints before Ink is up. */
export function watchFrame(input: FrameInput): (size: Size) => Line[] {
  return (size) => planScreen({ ...input, ui: { scroll: 0, help: false }, size }).lines;
}

export interface FirstScreen {
  /** The terminal size the last frame was painted for; undefined until one was. */
  readonly size: Size | undefined;
  /** Paints a frame (in the alternate screen), over the last one if there was one: `draw` plans it for the size. */
  paint(draw: (size: Size) => Line[], theme: Theme): void;
  /** Ink is in charge now (its handlers are installed, it restores the terminal): drop this module's. */
  handOver(): void;
  /** Ink never took over (it failed to load or start, or the watch ends first): restore the terminal. Idempotent. */
  release(): void;
}

/**
 * Takes the terminal for the watch's first moments, before anything is painted: raw mode (so keys
 * typed while the first request is out are not echoed onto the shell's screen), q and Ctrl-C
 * quit, SIGINT/SIGTERM/SIGHUP restore the terminal and exit, other keys are kept for Ink.
 */
export function takeFirstScreen(stdout: NodeJS.WriteStream = process.stdout, stdin: NodeJS.ReadStream = process.stdin): FirstScreen {
  let size: Size | undefined;
  let owned = true;
  const kept: Buffer[] = [];
  const onKey = (chunk: Buffer | string) => {
    const keys = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    // Keys typed quickly (or over a slow link) arrive together: a q among plain keys counts.
    if (keys.includes(3) || (keys.includes(0x71) && !keys.includes(0x1b))) exitWith(0)();
    else kept.push(keys);
  };
  const handOver = () => {
    owned = false;
    stdin.off('data', onKey);
    stdin.pause();
    if (kept.length > 0) stdin.unshift(Buffer.concat(kept.splice(0)));
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    process.off('SIGHUP', onHup);
    process.off('uncaughtExceptionMonitor', release);
  };
  const release = () => {
    if (!owned) return;
    handOver();
    stdin.setRawMode?.(false);
    if (size !== undefined) stdout.write(LEAVE);
  };
  const exitWith = (code: number) => () => {
    release();
    process.exit(code);
  };
  const onInt = exitWith(SIGINT_EXIT);
  const onTerm = exitWith(SIGTERM_EXIT);
  const onHup = exitWith(SIGHUP_EXIT);
  guardTerminal(stdout, stdin);
  stdin.setRawMode?.(true);
  stdin.on('data', onKey);
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onHup);
  // Runs before Node prints an uncaught error and exits: the report lands on the normal screen.
  process.on('uncaughtExceptionMonitor', release);
  return {
    get size() {
      return size;
    },
    paint(draw, theme) {
      if (!owned) return;
      size = { columns: stdout.columns || 80, rows: stdout.rows || 24 };
      stdout.write(framed(draw(size), theme));
    },
    handOver,
    release,
  };
}
