// The flags every watching command takes, as plain data: yargs is built from this table (cli.ts),
// and so is the start-up fast path that recognises a plain `depwatch [watch] <deployment>` without
// loading yargs at all (quick-args.ts). One table, so the two cannot drift apart.
import { DEFAULT_BASE_URL } from './config.js';

export interface CommonArgs {
  'base-url'?: string | undefined;
  'api-key-file'?: string | undefined;
  'request-timeout': string;
  interval: string;
  color: boolean;
  ascii: boolean;
  'alt-screen': boolean;
}

interface StringOption {
  type: 'string';
  default?: string;
  describe: string;
}

interface BooleanOption {
  type: 'boolean';
  default: boolean;
  describe: string;
}

export const COMMON_OPTIONS = {
  'base-url': { type: 'string', describe: `API base URL [env TOGETHER_BASE_URL, default ${DEFAULT_BASE_URL}]` },
  'api-key-file': { type: 'string', describe: 'read the API key from this file [default: env TOGETHER_API_KEY]' },
  'request-timeout': { type: 'string', default: '10s', describe: 'give up on one request after this long' },
  interval: { type: 'string', default: '2s', describe: 'time between polls (500ms, 2s, 1m)' },
  color: { type: 'boolean', default: true, describe: 'colour (--no-color, or NO_COLOR=1, turns it off)' },
  ascii: { type: 'boolean', default: false, describe: 'ASCII glyphs only (automatic when the locale is not UTF-8)' },
  'alt-screen': { type: 'boolean', default: true, describe: 'use the alternate screen (--no-alt-screen leaves the last frame in scrollback)' },
} as const satisfies Record<keyof CommonArgs, StringOption | BooleanOption>;

/** The common arguments: the values given, the table's defaults for the rest. */
export function commonArgs(values: Partial<Record<keyof CommonArgs, string | boolean>> = {}): CommonArgs {
  const pick = <K extends keyof CommonArgs>(name: K) =>
    values[name] ?? ('default' in COMMON_OPTIONS[name] ? (COMMON_OPTIONS[name] as { default: string | boolean }).default : undefined);
  return {
    'base-url': pick('base-url') as string | undefined,
    'api-key-file': pick('api-key-file') as string | undefined,
    'request-timeout': pick('request-timeout') as string,
    interval: pick('interval') as string,
    color: pick('color') as boolean,
    ascii: pick('ascii') as boolean,
    'alt-screen': pick('alt-screen') as boolean,
  };
}

/** The commands besides watching; a first word that is one of these is never a deployment here. */
export const COMMAND_NAMES = ['watch', 'status', 'list', 'rollout', 'sim', 'demo', 'completion'];
