// The first frames, painted straight to the terminal from the screen plan while React and Ink are
// not loaded yet (they take ~60 ms to load and render their first frame; the plan is the same one
// DeploymentScreen draws): the first answer, and before it "connecting to …" if it is slow. Ink
// then takes over the same alternate screen and draws over it (terminal.ts, overPainted).
//
// Between the paint and Ink's start, this module owns the terminal: raw mode keeps keys from
// echoing over the frame, q and Ctrl-C quit (the first answer may be slow in coming), other keys
// are kept for Ink, and a signal or a crash in that window still leaves the alternate screen with
// the cursor shown.
import { SIGHUP_EXIT, SIGTERM_EXIT } from './exit-codes.js';
import { paintLine } from './line.js';
import { planScreen, type ScreenInput } from './screen-plan.js';

const ENTER = '\x1b[?1049h\x1b[?25l\x1b[H';
const LEAVE = '\x1b[?25h\x1b[?1049l';

export type FrameInput = Omit<ScreenInput, 'ui' | 'size'>;

/**
 * The frame as the bytes a terminal in the alternate screen needs: from the top-left, each row
 * cleared and drawn (so a frame can be painted over another), the cursor left at home.
 */
export function firstFrame(input: FrameInput, size: ScreenInput['size']): string {
  const { lines } = planScreen({ ...input, ui: { scroll: 0, help: false }, size });
  return `${ENTER}${lines.map((line) => `\x1b[K${paintLine(line, input.theme)}`).join('\r\n')}\x1b[H`;
}

export interface PaintedTerminal {
  /** The terminal size the last frame was painted for. */
  readonly size: ScreenInput['size'];
  /** Paints a newer frame over the last one. */
  repaint(input: FrameInput): void;
  /** Ink is in charge now (its handlers are installed, it restores the terminal): drop this module's. */
  handOver(): void;
  /** Ink never took over (it failed to load or start): leave the alternate screen. Idempotent. */
  release(): void;
}

/** Paints the first frame on a TTY and guards the terminal until Ink takes it over. */
export function paintFirstFrame(input: FrameInput, stdout: NodeJS.WriteStream = process.stdout, stdin: NodeJS.ReadStream = process.stdin): PaintedTerminal {
  const painted = {
    size: { columns: 0, rows: 0 },
    repaint(next: FrameInput) {
      painted.size = { columns: stdout.columns || 80, rows: stdout.rows || 24 };
      stdout.write(firstFrame(next, painted.size));
    },
    handOver: () => handOver(),
    release: () => release(),
  };
  // Keys are read from here until Ink takes over: q and Ctrl-C quit, anything else is put back for Ink.
  const kept: Buffer[] = [];
  const onKey = (chunk: Buffer | string) => {
    const key = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (key.includes(3) || key.toString() === 'q') exitWith(0)();
    else kept.push(key);
  };
  stdin.setRawMode?.(true);
  stdin.on('data', onKey);
  painted.repaint(input);
  let owned = true;
  const handOver = () => {
    owned = false;
    stdin.off('data', onKey);
    stdin.pause();
    if (kept.length > 0) stdin.unshift(Buffer.concat(kept.splice(0)));
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
  return painted;
}
