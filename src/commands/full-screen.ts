// The start of the full-screen commands (the watch, several at once, the list), one sequence for
// all three so they cannot drift: a terminal, the connection, the recording, the first answer
// painted before React and Ink load (ui/first-frame.ts), the one line a refusal exits with, Ink
// over the painted frame, and everything stopped and the recording closed however it ends.
import type { DeploymentsClient } from '../api/client.js';
import type { CommonArgs } from '../cli-options.js';
import type { ConfigError } from '../config.js';
import { recorderFor, type Recorder, type RecorderOptions } from '../record/writer.js';
import { takeFirstScreen, type FirstScreen } from '../ui/first-frame.js';
import type { Line } from '../ui/line.js';
import type { Size } from '../ui/screen-plan.js';
import type { Theme } from '../ui/theme.js';
import type { Snapshot } from '../watch/types.js';
import { connect, display, needTerminal, pollInterval, VERSION } from './startup.js';

/** How long the first answer may take before the screen says "connecting to …". */
const CONNECTING_AFTER_MS = 400;

/** What a full-screen command has before it starts polling. */
export interface ScreenStart {
  client: DeploymentsClient;
  intervalMs: number;
  /** Colour and glyphs, decided before Ink (and chalk) load. */
  theme: Theme;
  /** `--record`: every poll the command makes goes here. */
  record: Recorder | undefined;
}

/** The recording's header, less what the start-up knows itself. */
export type RecordingOf = Pick<RecorderOptions, 'kind' | 'targets' | 'progressDeadlineMs'>;

/**
 * Checks the terminal (`instead` is what to type without one), connects, and opens the recording:
 * everything a full-screen command needs before its first poll goes out.
 */
export function startScreen(args: CommonArgs, instead: string, recording: RecordingOf, apiKey?: string): ScreenStart {
  needTerminal(instead);
  const connection = connect(args, 0, apiKey);
  const intervalMs = pollInterval(args, connection);
  const record = recorderFor(args, { ...recording, baseUrl: connection.baseUrl, intervalMs, version: VERSION });
  return { client: connection.client, intervalMs, theme: display(args), record };
}

export interface ScreenRun<T> {
  /** The first answer of the polls already started. */
  first: Promise<Snapshot<T>>;
  /** Plans the frame painted before Ink is up (saying it is connecting while nothing has answered). */
  draw: () => (size: Size) => Line[];
  /** The line to exit with instead of opening the screen, decided from the first answer. */
  refuse: (first: Snapshot<T>) => ConfigError | undefined;
  /** Loads Ink and runs the screen over the painted frame, to its exit code. */
  ui: (painted: FirstScreen | undefined) => Promise<number>;
  /** Stops whatever the command started (its sessions and any watch it opened). */
  stop: () => void;
}

/**
 * Runs a full-screen command from its first answer to its end. The terminal is taken at once (no
 * echo, q quits), "connecting to …" is painted if the answer is slow, the answer is painted from
 * the same plan as every later frame, and React and Ink (~60 ms to load) take over after; however
 * it ends (quit, signal, refusal, the UI failing to load) the terminal is given back, the command's
 * sessions stopped and the recording closed.
 */
export async function runScreen<T>(start: ScreenStart, altScreen: boolean, { first, draw, refuse, ui, stop }: ScreenRun<T>): Promise<number> {
  const { theme } = start;
  const screen = altScreen ? takeFirstScreen() : undefined;
  try {
    const connecting = screen ? setTimeout(() => screen.paint(draw(), theme), CONNECTING_AFTER_MS) : undefined;
    const answer = await first.finally(() => clearTimeout(connecting));
    const refused = refuse(answer);
    if (refused) throw refused;
    screen?.paint(draw(), theme);
    await holdPaintedFrame(screen);
    return await ui(screen);
  } finally {
    screen?.release();
    stop();
    start.record?.close();
  }
}

/** Test hook: hold the painted frame a while, to test what happens before Ink takes over. */
async function holdPaintedFrame(painted: FirstScreen | undefined): Promise<void> {
  const holdMs = Number(process.env.DEPWATCH_TEST_HOLD_FIRST_FRAME_MS);
  if (painted && holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
}
