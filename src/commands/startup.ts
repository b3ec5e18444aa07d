// What every command shares at start-up: the connection (base URL, key, client), the display
// (colour, ASCII) and the one line a refused key, a wrong base URL or an unknown deployment exits
// with. The full-screen commands' own sequence from there is full-screen.ts.
import { createClient, type DeploymentsClient } from '../api/client.js';
import type { ConnectionArgs, ScreenArgs } from '../cli-options.js';
import { ConfigError, DEFAULT_BASE_URL, MAX_REQUEST_TIMEOUT_MS, parseBaseUrl, parseDuration, parseInterval, readApiKey, resolveDisplay, type Display } from '../config.js';

export const VERSION = '0.1.0';

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

/**
 * A refused key, a wrong base URL or (when `notFound` says what) an unknown deployment, as the one
 * line to exit with: exit 2 for each, as for any other usage error (the command must change, not be
 * retried), and so never confused with a failed rollout (1) or a timeout (3).
 */
export function refusal(error: { kind: string; message: string; wrongBaseUrl?: boolean } | undefined, notFound?: string): ConfigError | undefined {
  if (error?.wrongBaseUrl) return new ConfigError(error.message);
  if (error?.kind === 'auth') return new ConfigError(`${error.message}: check TOGETHER_API_KEY or --api-key-file`);
  if (error?.kind === 'not-found' && notFound !== undefined) return new ConfigError(notFound);
  return undefined;
}

/** A full-screen command needs a terminal on both ends; `instead` says what to type otherwise. */
export function needTerminal(instead: string): void {
  if (!process.stdout.isTTY || !process.stdin.isTTY) throw new ConfigError(instead);
}
