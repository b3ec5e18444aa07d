// Flags + environment → a validated config. Every bad input becomes one clear line (ConfigError).
import { readFileSync } from 'node:fs';
import { addSecret } from './redact.js';

export const DEFAULT_BASE_URL = 'https://api.together.ai/v1';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}

/** `500ms`, `2s`, `1.5s`, `1m`, or a bare number of seconds. */
export function parseDuration(text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m) throw new ConfigError(`${flag}: expected a duration like 500ms, 2s or 1m, got ${JSON.stringify(text)}`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  const ms = Math.round(Number(m[1]) * unit);
  if (ms <= 0) throw new ConfigError(`${flag}: must be more than zero`);
  return ms;
}

export function parseBaseUrl(text: string, source: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${source}: not a URL: ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${source}: must be an http(s) URL`);
  if (url.username || url.password) throw new ConfigError(`${source}: credentials in the URL are not allowed; use TOGETHER_API_KEY`);
  return url.toString().replace(/\/+$/, '');
}

export interface KeySource {
  apiKeyFile?: string | undefined;
  env: NodeJS.ProcessEnv;
}

/** The key from --api-key-file or TOGETHER_API_KEY; registered for redaction, never stored elsewhere. */
export function readApiKey({ apiKeyFile, env }: KeySource): string {
  let key: string | undefined;
  if (apiKeyFile !== undefined) {
    try {
      key = readFileSync(apiKeyFile, 'utf8').trim();
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'unreadable';
      throw new ConfigError(`--api-key-file: cannot read ${apiKeyFile} (${code})`);
    }
    if (!key) throw new ConfigError(`--api-key-file: ${apiKeyFile} is empty`);
  } else {
    key = env.TOGETHER_API_KEY?.trim();
  }
  if (!key) throw new ConfigError('no API key: set TOGETHER_API_KEY or pass --api-key-file PATH');
  if (/[\s\r\n]/.test(key)) throw new ConfigError('the API key contains whitespace; check TOGETHER_API_KEY or the key file');
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
