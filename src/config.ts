// Flags + environment → a validated config. Every bad input becomes one clear line (ConfigError).
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { processWide } from './process-wide.js';
import { addSecret } from './redact.js';

export const DEFAULT_BASE_URL = 'https://api.together.ai/v1';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** How a bound reads in a message: `1h`, `10m`, `7d`. */
function shownBound(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % UNITS.h === 0) return `${ms / UNITS.h}h`;
  if (ms % UNITS.m === 0) return `${ms / UNITS.m}m`;
  return ms % UNITS.s === 0 ? `${ms / UNITS.s}s` : `${ms}ms`;
}

// Upper bounds for each duration flag: Node's timers hold at most 2^31-1 ms (~24.8 days) and fire
// at once beyond it, so a huge value would poll as fast as it can or time out at once.
export const MAX_INTERVAL_MS = UNITS.h;
export const MAX_REQUEST_TIMEOUT_MS = 10 * UNITS.m;
/** --timeout and --progress-deadline: a rollout may be waited on for a week. */
export const MAX_WAIT_MS = 7 * 86_400_000;

/** `--progress-deadline`, checked: how long a rollout may go without progress before it reads stalled. */
export function progressDeadlineOf(args: { 'progress-deadline': string }): number {
  return parseDuration(args['progress-deadline'], '--progress-deadline', MAX_WAIT_MS);
}

/** `500ms`, `2s`, `1.5s`, `1m`, or a bare number of seconds; more than zero and at most `maxMs`. */
export function parseDuration(text: string, flag: string, maxMs: number): number {
  // `-1s` is a negative duration, not a malformed one: say what is wrong with it.
  if (/^\s*-\s*\d/.test(text)) throw new ConfigError(`${flag}: must be more than zero, got ${JSON.stringify(text)}`);
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m) throw new ConfigError(`${flag}: expected a duration like 500ms, 2s or 1m, got ${JSON.stringify(text)}`);
  const ms = Math.round(Number(m[1]) * UNITS[(m[2] ?? 's') as keyof typeof UNITS]);
  if (ms <= 0) throw new ConfigError(`${flag}: must be more than zero`);
  if (ms > maxMs) throw new ConfigError(`${flag}: expected a duration from 1ms to ${shownBound(maxMs)}, got ${JSON.stringify(text)}`);
  return ms;
}

/** Loopback hosts: a key sent there in clear text never leaves the machine. */
export function isLoopbackUrl(url: URL | string): boolean {
  const host = (typeof url === 'string' ? new URL(url) : url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export function parseBaseUrl(text: string, source: string, insecureHttp = false): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${source}: not a URL: ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${source}: must be an http(s) URL`);
  if (url.username || url.password) throw new ConfigError(`${source}: credentials in the URL are not allowed; use TOGETHER_API_KEY`);
  // Paths are joined onto the base: a query or fragment would end up in the middle of every one.
  if (url.search || url.hash || /[?#]/.test(text)) throw new ConfigError(`${source}: no query string or fragment allowed; it should end with /v1 (e.g. ${DEFAULT_BASE_URL})`);
  if (url.protocol === 'http:' && !insecureHttp && !isLoopbackUrl(url)) {
    throw new ConfigError(`${source}: plain http:// would send the API key in clear text to ${url.host}; use https://, or --insecure-http if you must`);
  }
  return url.toString().replace(/\/+$/, '');
}

/** The least time between polls: below it a monitor is a load test (loopback, e.g. the simulator, may go lower). */
export const MIN_INTERVAL_MS = 250;

export function parseInterval(text: string, baseUrl: string): number {
  const ms = parseDuration(text, '--interval', MAX_INTERVAL_MS);
  if (ms < MIN_INTERVAL_MS && !isLoopbackUrl(baseUrl)) {
    throw new ConfigError(`--interval: at least ${MIN_INTERVAL_MS}ms against a real API (got ${text}); only a loopback base URL may poll faster`);
  }
  return ms;
}

const MAX_NAME = 100;
// The API's rule for names (letters, digits, "_", "-"; 1-100 characters), a little wider for
// ids and names made before the rule: any letter or digit, and "." — but never only dots, which
// a URL would read as "this folder" or "the one above" and so reach another endpoint.
const NAME = /^[\p{L}\p{N}_.-]+$/u;

/** A deployment id or name as typed, checked before it becomes a path segment. */
export function checkDeploymentName(name: string): string {
  const problem = name === '' ? 'is empty'
    : name.length > MAX_NAME ? `is longer than ${MAX_NAME} characters`
      : /^\.+$/.test(name) ? 'cannot be only dots'
        : !NAME.test(name) ? 'may contain only letters, digits, "_", "-" and "."'
          : undefined;
  if (problem) throw new ConfigError(`deployment ${JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)} ${problem} (an id or a name, e.g. my-deployment)`);
  return name;
}

export interface KeySource {
  apiKeyFile?: string | undefined;
  env: NodeJS.ProcessEnv;
}

/** A key is a line of text; anything bigger is not a key file (and /dev/zero never ends). */
const MAX_KEY_FILE = 4096;
/**
 * Each key file is read (and warned about) once, however many times it is asked for, by the
 * start-up or by a lazy part's copy of this module: the key, or why it was refused.
 */
const keyFiles = processWide('key-files', () => new Map<string, string | { refused: string }>());

function readKeyFile(path: string): string {
  let stat;
  try {
    // Follows symlinks; a FIFO or device is refused before it is opened (opening a FIFO blocks).
    stat = statSync(path);
  } catch (error) {
    throw new ConfigError(`--api-key-file: cannot read ${path} (${(error as { code?: string }).code ?? 'unreadable'})`);
  }
  if (!stat.isFile()) throw new ConfigError(`--api-key-file: ${path} is not a regular file`);
  if (stat.size > MAX_KEY_FILE) throw new ConfigError(`--api-key-file: ${path} is larger than 4 KB; is it a key file?`);
  const buffer = Buffer.alloc(MAX_KEY_FILE + 1);
  let length: number;
  try {
    const fd = openSync(path, 'r');
    try {
      length = readSync(fd, buffer, 0, buffer.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new ConfigError(`--api-key-file: cannot read ${path} (${(error as { code?: string }).code ?? 'unreadable'})`);
  }
  if (length > MAX_KEY_FILE) throw new ConfigError(`--api-key-file: ${path} is larger than 4 KB; is it a key file?`);
  // As ssh does for private keys: a warning, not a refusal.
  if (process.platform !== 'win32' && (stat.mode & 0o044) !== 0) {
    process.stderr.write(`depwatch: warning: ${path} is readable by ${stat.mode & 0o004 ? 'others' : 'its group'} (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}); chmod 600 ${path}\n`);
  }
  const key = buffer.toString('utf8', 0, length).trim();
  if (!key) throw new ConfigError(`--api-key-file: ${path} is empty`);
  return key;
}

function keyFromFile(path: string): string {
  let known = keyFiles.get(path);
  if (known === undefined) {
    try {
      known = readKeyFile(path);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      known = { refused: error.message };
    }
    keyFiles.set(path, known);
  }
  if (typeof known !== 'string') throw new ConfigError(known.refused);
  addSecret(known);
  return known;
}

/** The value of `--api-key-file` in raw arguments, if any: to register the key before anything is parsed. */
export function apiKeyFileArg(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') return undefined;
    if (token === '--api-key-file') return argv[i + 1];
    if (token.startsWith('--api-key-file=')) return token.slice('--api-key-file='.length);
  }
  return undefined;
}

/**
 * Registers every key depwatch may be given — TOGETHER_API_KEY and the key file named in the
 * arguments — for redaction, before any argument is checked (an error may quote one back).
 * A key file that cannot be read is not an error here; reading it for real says why.
 */
export function registerKeys(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  addSecret(env.TOGETHER_API_KEY?.trim());
  const file = apiKeyFileArg(argv);
  if (file) {
    try {
      keyFromFile(file);
    } catch {
      // said again, as the one line to exit with, when the key is read for real
    }
  }
}

/** The key from --api-key-file or TOGETHER_API_KEY; registered for redaction, never stored elsewhere. */
export function readApiKey({ apiKeyFile, env }: KeySource): string {
  const key = apiKeyFile !== undefined ? keyFromFile(apiKeyFile) : env.TOGETHER_API_KEY?.trim();
  if (!key) throw new ConfigError('no API key: set TOGETHER_API_KEY or pass --api-key-file PATH');
  if (/[\s\r\n]/.test(key)) throw new ConfigError('the API key contains whitespace; check TOGETHER_API_KEY or the key file');
  // Only visible ASCII goes into an Authorization header; anything else fails deep in undici,
  // with a message that may quote the offending character of the key.
  if (!/^[\x21-\x7e]+$/.test(key)) throw new ConfigError('the API key contains characters an HTTP header cannot carry (control characters or non-ASCII); check TOGETHER_API_KEY or the key file');
  addSecret(key);
  return key;
}

export interface Display {
  color: boolean;
  ascii: boolean;
}

/** NO_COLOR and --no-color turn colour off, FORCE_COLOR turns it on; otherwise only on a TTY that is not dumb. */
export function resolveDisplay(opts: { color?: boolean | undefined; ascii?: boolean | undefined }, env: NodeJS.ProcessEnv, isTTY: boolean): Display {
  let color: boolean;
  if (opts.color === false) color = false;
  else if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') color = false;
  else if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') color = true;
  else color = isTTY && env.TERM !== 'dumb';
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  const utf8 = /utf-?8/i.test(locale);
  return { color, ascii: opts.ascii === true || !utf8 };
}
