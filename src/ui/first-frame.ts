// The first frame with data, painted straight to the terminal from the screen plan while React and
// Ink are not loaded yet (they take ~60 ms to load and render their first frame; the plan is the
// same one DeploymentScreen draws). Ink then takes over the same alternate screen and draws its
// own first frame over this one (terminal.ts clears the rows' tails, see clearRowTails).
//
// Between the paint and Ink's start, this module owns the terminal: raw mode keeps keys from
// echoing over the frame (they wait in stdin for Ink), and a signal or a crash in that window
// still leaves the alternate screen with the cursor shown.
import { SIGHUP_EXIT, SIGTERM_EXIT } from './exit-codes.js';
import { paintLine } from './line.js';
import { planScreen, type ScreenInput } from './screen-plan.js';

const ENTER = '\x1b[?1049h\x1b[?25l\x1b[H';
const LEAVE = '\x1b[?25h\x1b[?1049l';

export type FrameInput = Omit<ScreenInput, 'ui' | 'size'>;

/** The frame as the bytes a terminal in the alternate screen needs: rows from the top-left, the cursor left at home. */
export function firstFrame(input: FrameInput, size: ScreenInput['size']): string {
  const { lines } = planScreen({ ...input, ui: { scroll: 0, help: false }, size });
  return `${ENTER}${lines.map((line) => paintLine(line, input.theme)).join('\r\n')}\x1b[H`;
}

export interface PaintedTerminal {
  /** The terminal size the frame was painted for. */
  readonly size: ScreenInput['size'];
  /** Ink is in charge now (its handlers are installed, it restores the terminal): drop this module's. */
  handOver(): void;
  /** Ink never took over (it failed to load or start): leave the alternate screen. Idempotent. */
  release(): void;
}

/** Paints the first frame on a TTY and guards the terminal until Ink takes it over. */
export function paintFirstFrame(input: FrameInput, stdout: NodeJS.WriteStream = process.stdout, stdin: NodeJS.ReadStream = process.stdin): PaintedTerminal {
  const size = { columns: stdout.columns || 80, rows: stdout.rows || 24 };
  stdin.setRawMode?.(true);
  stdout.write(firstFrame(input, size));
  let owned = true;
  const handOver = () => {
    owned = false;
    process.off('SIGTERM', onTerm);
    process.off('SIGHUP', onHup);
    process.off('uncaughtExceptionMonitor', release);
  };
  const release = () => {
    if (!owned) return;
    handOver();
    stdin.setRawMode?.(false);
    stdout.write(LEAVE);
  };
  const exitWith = (code: number) => () => {
    release();
    process.exit(code);
  };
  const onTerm = exitWith(SIGTERM_EXIT);
  const onHup = exitWith(SIGHUP_EXIT);
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onHup);
  // Runs before Node prints an uncaught error and exits: the report lands on the normal screen.
  process.on('uncaughtExceptionMonitor', release);
  return { size, handOver, release };
}
