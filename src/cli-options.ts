// The flags the watching and fetching commands take, as plain data: yargs is built from these
// tables (cli.ts), and so are the start-up fast path that recognises a plain
// `depwatch [watch] <deployment>` without loading yargs at all (quick-args.ts) and the shell
// completion (commands/completion.ts). One table, so they cannot drift apart.
// Help shows no `[string]`/`[default: …]` hints (cli.ts hides them: yargs glues them to a
// description that ends where they begin), so each description says its default itself.
import { DEFAULT_BASE_URL } from './config.js';

export interface CommonArgs {
  'base-url'?: string | undefined;
  'api-key-file'?: string | undefined;
  'request-timeout': string;
  interval: string;
  color: boolean;
  ascii: boolean;
  'alt-screen': boolean;
  bell: boolean;
  notify: boolean;
  'insecure-http': boolean;
  'progress-deadline': string;
  record?: string | undefined;
  'record-max': string;
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

type OptionTable<K extends keyof CommonArgs> = Record<K, StringOption | BooleanOption>;

/** How to reach the API: every command that asks it something. */
export const CONNECTION_OPTIONS = {
  'base-url': { type: 'string', describe: `API base URL (default: env TOGETHER_BASE_URL, else ${DEFAULT_BASE_URL})` },
  'api-key-file': { type: 'string', describe: 'read the API key from this file (default: env TOGETHER_API_KEY)' },
  'request-timeout': { type: 'string', default: '10s', describe: 'give up on one request after this long (default 10s)' },
  'insecure-http': { type: 'boolean', default: false, describe: 'allow a plain http:// base URL that is not loopback (sends the key in clear text; default off)' },
} as const satisfies OptionTable<'base-url' | 'api-key-file' | 'request-timeout' | 'insecure-http'>;

/** How a live screen polls and looks: the full-screen commands only. */
export const SCREEN_OPTIONS = {
  interval: { type: 'string', default: '2s', describe: 'time between polls: 500ms, 2s, 1m (default 2s)' },
  color: { type: 'boolean', default: true, describe: 'colour; --no-color (or NO_COLOR=1) turns it off' },
  ascii: { type: 'boolean', default: false, describe: 'ASCII glyphs only (automatic when the locale is not UTF-8)' },
  'alt-screen': { type: 'boolean', default: true, describe: 'use the alternate screen; --no-alt-screen leaves the last frame in the scrollback' },
  bell: { type: 'boolean', default: false, describe: 'ring the terminal bell when the deployment turns Failed, a replica starts failing, or a rollout completes, stalls or fails (tmux marks the window; default off)' },
  notify: { type: 'boolean', default: false, describe: 'the bell and a desktop notification (OSC 777 and OSC 9, through tmux when inside it) saying what happened (default off)' },

  'progress-deadline': { type: 'string', default: '10m', describe: 'a rollout reads stalled when no new replica appears or becomes ready and no old one goes away for this long (default 10m)' },
} as const satisfies OptionTable<'interval' | 'color' | 'ascii' | 'alt-screen' | 'bell' | 'notify' | 'progress-deadline'>;

/** Keep what the polls saw (`depwatch replay FILE` plays it back): the watching commands and rollout. */
export const RECORD_OPTIONS = {
  record: { type: 'string', describe: 'append each poll to this file as a JSON line (env values, secret references and the key left out; default off)' },
  'record-max': { type: 'string', default: '100MB', describe: 'past this size the recording moves to FILE.1 and starts again (default 100MB)' },
} as const satisfies OptionTable<'record' | 'record-max'>;

export type RecordArgs = Pick<CommonArgs, keyof typeof RECORD_OPTIONS>;

export const COMMON_OPTIONS = { ...CONNECTION_OPTIONS, ...SCREEN_OPTIONS, ...RECORD_OPTIONS } as const satisfies OptionTable<keyof CommonArgs>;

/** The one-shot commands' choice of output. */
export const JSON_OPTION = {
  json: { type: 'boolean', default: false, describe: 'print the parsed answer as JSON instead of lines' },
} as const;

export type ConnectionArgs = Pick<CommonArgs, keyof typeof CONNECTION_OPTIONS>;
export type ScreenArgs = Pick<CommonArgs, keyof typeof SCREEN_OPTIONS>;

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
    bell: pick('bell') as boolean,
    notify: pick('notify') as boolean,
    'insecure-http': pick('insecure-http') as boolean,
    'progress-deadline': pick('progress-deadline') as string,
    record: pick('record') as string | undefined,
    'record-max': pick('record-max') as string,
  };
}

/** The first argument of a completion request (the script from `depwatch completion` sends it). */
export const COMPLETION_KEY = '--get-yargs-completions';

/** The commands besides watching; a first word that is one of these is never a deployment here. */
export const COMMAND_NAMES = ['watch', 'status', 'list', 'logs', 'rollout', 'replay', 'sim', 'demo', 'completion'];
