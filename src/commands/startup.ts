// What every command shares at start-up: the connection (base URL, key, client), the display
// (colour, ASCII), the one line a refused key or an unknown deployment exits with, and the first
// moments of a full-screen command before its first answer.
import { createClient, type DeploymentsClient } from '../api/client.js';
import type { ConnectionArgs, ScreenArgs } from '../cli-options.js';
import { ConfigError, DEFAULT_BASE_URL, MAX_REQUEST_TIMEOUT_MS, parseBaseUrl, parseDuration, parseInterval, readApiKey, resolveDisplay, type Display } from '../config.js';
import { takeFirstScreen } from '../ui/first-frame.js';
import type { Line } from '../ui/line.js';
import type { Size } from '../ui/screen-plan.js';
import type { Theme } from '../ui/theme.js';
import type { Snapshot } from '../watch/types.js';

export const VERSION = '0.1.0';
/** How long the first answer may take before the screen says "connecting to …". */
const CONNECTING_AFTER_MS = 400;

export interface Connection {
  client: DeploymentsClient;
  baseUrl: string;
}

export function connect(args: ConnectionArgs, retries: number, apiKey?: string): Connection {
  const env = process.env;
  const insecure = args['insecure-http'];
  const baseUrl = args['base-url'] !== undefined
    ? parseBaseUrl(args['base-url'], '--base-url', insecure)
    : env.TOGETHER_BASE_URL ? parseBaseUrl(env.TOGETHER_BASE_URL, 'TOGETHER_BASE_URL', insecure) : DEFAULT_BASE_URL;
  const key = apiKey ?? readApiKey({ apiKeyFile: args['api-key-file'], env });
  const timeoutMs = parseDuration(args['request-timeout'], '--request-timeout', MAX_REQUEST_TIMEOUT_MS);
  return { client: createClient({ baseUrl, apiKey: key, timeoutMs, retries, userAgent: `depwatch/${VERSION}` }), baseUrl };
}

/** The time between polls: the real API gets no less than MIN_INTERVAL_MS, a loopback server may. */
export function pollInterval(args: ScreenArgs, connection: Connection): number {
  return parseInterval(args.interval, connection.baseUrl);
}

export function display(args: Pick<ScreenArgs, 'color' | 'ascii'>): Display {
  const d = resolveDisplay({ color: args.color, ascii: args.ascii }, process.env, Boolean(process.stdout.isTTY));
  // Ink colours through chalk, which guesses on its own (and turns colour off whenever CI is set).
  // Our decision is the one that counts; level 1 is the 16-colour palette every terminal and
  // tmux's TERM=screen understand, and the theme uses nothing else.
  process.env.FORCE_COLOR = d.color ? '1' : '0';
  return d;
}

/** A refused key, or (when `notFound` says what) an unknown deployment, as the one line to exit with. */
export function refusal(error: { kind: string; message: string; wrongBaseUrl?: boolean } | undefined, notFound?: string): ConfigError | undefined {
  if (error?.wrongBaseUrl) return new ConfigError(error.message);
  if (error?.kind === 'auth') return new ConfigError(`${error.message}: check TOGETHER_API_KEY or --api-key-file`);
  if (error?.kind === 'not-found' && notFound !== undefined) return new ConfigError(notFound, 1);
  return undefined;
}

/**
 * The moments before the first answer, for the full-screen commands: the terminal is taken at
 * once (no echo, q quits; first-frame.ts) and, if the answer is slow, `draw` is painted (saying
 * it is connecting); the frames go out drawn from the same plan as every later one, and React
 * and Ink (~60 ms to load and render) load after and take the screen over.
 */
export async function firstAnswer<T>(altScreen: boolean, answer: Promise<Snapshot<T>>, draw: () => (size: Size) => Line[], theme: Theme) {
  const screen = altScreen ? takeFirstScreen() : undefined;
  const connecting = screen ? setTimeout(() => screen.paint(draw(), theme), CONNECTING_AFTER_MS) : undefined;
  const first = await answer;
  clearTimeout(connecting);
  return { screen, first };
}

/** A full-screen command needs a terminal on both ends; `instead` says what to type otherwise. */
export function needTerminal(instead: string): void {
  if (!process.stdout.isTTY || !process.stdin.isTTY) throw new ConfigError(instead);
}

/** Test hook: hold the painted frame a while, to test what happens before Ink takes over. */
export async function holdPaintedFrame(painted: unknown): Promise<void> {
  const holdMs = Number(process.env.DEPWATCH_TEST_HOLD_FIRST_FRAME_MS);
  if (painted && holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
}
