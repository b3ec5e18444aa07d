// The last resort for the terminal: whoever switches to the alternate screen or hides the cursor
// (the painted first frame, Ink, a library not yet written), the process never ends with either
// still in force or with the keyboard in raw mode. The orderly ways out restore the terminal
// themselves; this only acts on an exit that left it broken.
import { writeSync } from 'node:fs';
import { processWide } from '../process-wide.js';

const ENTER_ALT = '\x1b[?1049h';
const LEAVE_ALT = '\x1b[?1049l';
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

/** Which of two sequences came last in `text`: true for `on`, false for `off`, `was` if neither is there. */
function lastOf(text: string, on: string, off: string, was: boolean): boolean {
  const onAt = text.lastIndexOf(on);
  const offAt = text.lastIndexOf(off);
  return onAt === offAt ? was : onAt > offAt;
}

/**
 * Watches what goes out on `stdout` (so install it before anything that wraps `stdout.write`);
 * the function it returns undoes an alternate screen, a hidden cursor and raw mode left behind.
 */
export function trackTerminal(stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream): () => void {
  let inAlt = false;
  let cursorHidden = false;
  const write = stdout.write.bind(stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('latin1') : '';
    if (text.includes('\x1b[?')) {
      inAlt = lastOf(text, ENTER_ALT, LEAVE_ALT, inAlt);
      cursorHidden = lastOf(text, HIDE_CURSOR, SHOW_CURSOR, cursorHidden);
    }
    return write(chunk, ...rest);
  }) as typeof stdout.write;
  return () => {
    if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
    const undo = `${cursorHidden ? SHOW_CURSOR : ''}${inAlt ? LEAVE_ALT : ''}`;
    inAlt = false;
    cursorHidden = false;
    if (undo === '') return;
    // Synchronous: nothing asynchronous runs once 'exit' is emitted.
    try {
      writeSync((stdout as NodeJS.WriteStream & { fd?: number }).fd ?? 1, undo);
    } catch {
      // The terminal is gone; there is nothing left to restore.
    }
  };
}

/**
 * Ink's cursor helper (restore-cursor) writes a cursor-show to stderr on every exit, terminal or
 * not: `2>file` would get those bytes. Where stderr is no terminal the write is dropped; the
 * guard above shows the cursor on stdout, the terminal that hid it.
 */
function keepCursorOffStderr(stderr: NodeJS.WriteStream): void {
  if (stderr.isTTY) return;
  const write = stderr.write.bind(stderr) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (chunk === SHOW_CURSOR) {
      // A callback, if given, is still owed its call.
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }
    return write(chunk, ...rest);
  }) as typeof stderr.write;
}

/** Once per process: the painted first frame and Ink (a lazy part, its own copy of this module) both ask. */
const guard = processWide('terminal-guard', () => ({ on: false }));

/** The process's terminal, restored on exit and before an unhandled error is printed, whatever left it broken. Idempotent. */
export function guardTerminal(stdout: NodeJS.WriteStream = process.stdout, stdin: NodeJS.ReadStream = process.stdin): void {
  if (guard.on) return;
  guard.on = true;
  const restore = trackTerminal(stdout, stdin);
  keepCursorOffStderr(process.stderr);
  process.once('exit', restore);
  // Nobody handles it (first-frame.ts and terminal.ts do while they own the screen): restore
  // before Node prints it, so the report lands on the normal screen.
  process.on('uncaughtExceptionMonitor', () => {
    if (process.listenerCount('uncaughtException') === 0) restore();
  });
}
