// Shell completion: what the script from `depwatch completion` offers at each <TAB>. The script
// runs `depwatch --get-yargs-completions <words so far>`; the words where a deployment goes (and
// the option names of the commands that talk to the API) are answered here, the rest (sim, demo:
// their options and choices) by yargs. Whatever goes wrong, nothing is printed: the answer lands
// in the middle of someone's command line.
import { displayName } from '../api/schema.js';
import { COMMAND_NAMES, COMMON_OPTIONS, CONNECTION_OPTIONS, JSON_OPTION, type CommonArgs } from '../cli-options.js';
import { LOGS_OPTIONS } from './logs.js';
import { connect } from './startup.js';

/** Deployment names must not hold up a <TAB> for long. */
const NAMES_TIMEOUT = '1.5s';
/** Only names a shell takes as one plain word are offered; the server chooses them. */
const SHELL_WORD = /^[\w.@%+=-]{1,200}$/;

const OPTIONS_OF: Record<string, Record<string, { type: string; default?: unknown }>> = {
  '': COMMON_OPTIONS,
  watch: COMMON_OPTIONS,
  status: { ...CONNECTION_OPTIONS, ...JSON_OPTION },
  list: { ...CONNECTION_OPTIONS, ...JSON_OPTION },
  logs: LOGS_OPTIONS,
};
const DEPLOYMENT_COMMANDS = ['', 'watch', 'status', 'logs'];

/** The words to offer; undefined leaves the question to yargs. `words` starts with the program's name. */
export async function complete(words: readonly string[]): Promise<string[] | undefined> {
  const before = words.slice(1, -1);
  const current = words.at(-1) ?? '';
  const positionals: string[] = [];
  const values: Partial<Record<keyof CommonArgs, string>> = {};
  const given = new Set<string>();
  for (let i = 0; i < before.length; i++) {
    const word = before[i]!;
    if (!word.startsWith('-')) {
      positionals.push(word);
      continue;
    }
    const [name = '', inline] = word.replace(/^--?/, '').split('=', 2);
    given.add(name.replace(/^no-/, ''));
    if (Object.hasOwn(COMMON_OPTIONS, name) && COMMON_OPTIONS[name as keyof CommonArgs].type === 'string') {
      const value = inline ?? before[++i];
      if (value === undefined) return []; // completing an option's value: the shell's own (file names)
      values[name as keyof CommonArgs] = value;
    }
  }
  const first = positionals[0];
  const command = first !== undefined && COMMAND_NAMES.includes(first) ? first : '';
  const options = OPTIONS_OF[command];
  if (!options) return undefined;
  if (current.startsWith('-')) return optionWords(options, given).filter((w) => w.startsWith(current));
  const slot = positionals.length - (command ? 1 : 0);
  if (slot > 0 || !DEPLOYMENT_COMMANDS.includes(command)) return [];
  const names = await deploymentNames(values);
  return [...(first === undefined ? COMMAND_NAMES : []), ...names].filter((w) => w.startsWith(current));
}

function optionWords(options: Record<string, { type: string; default?: unknown }>, given: Set<string>): string[] {
  const words = [];
  for (const [name, spec] of Object.entries(options)) {
    if (given.has(name)) continue;
    words.push(`--${name}`);
    if (spec.type === 'boolean' && spec.default === true) words.push(`--no-${name}`);
  }
  return [...words, '--help'];
}

/** Names from the list endpoint, quickly, only with a key; on any failure none. */
async function deploymentNames(values: Partial<Record<keyof CommonArgs, string>>): Promise<string[]> {
  try {
    const { client } = connect({ 'base-url': values['base-url'], 'api-key-file': values['api-key-file'], 'request-timeout': NAMES_TIMEOUT, 'insecure-http': false }, 0);
    const list = await client.list();
    return list.data.map(displayName).filter((name) => SHELL_WORD.test(name));
  } catch {
    return [];
  }
}

/** Answers a completion request when it is ours; false leaves it to yargs. */
export async function answerCompletion(words: readonly string[]): Promise<boolean> {
  const offered = await complete(words).catch(() => []);
  if (offered === undefined) return false;
  process.stdout.write(offered.map((w) => `${w}\n`).join(''));
  return true;
}
