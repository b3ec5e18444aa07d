// Did-you-mean for mistyped commands: `depwatch lsit` is otherwise a deployment named "lsit".
import { COMMAND_NAMES } from './cli-options.js';
import { ConfigError } from './config.js';

/** Edits (insert, delete, substitute, swap two neighbours) between a and b: optimal string alignment. */
export function editDistance(a: string, b: string): number {
  // Rows i-2, i-1 and i of the usual table, over b.
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** The command `word` is most likely a typo of: within two edits, and fewer edits than its length. */
export function closestCommand(word: string): string | undefined {
  const typed = word.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of COMMAND_NAMES) {
    if (Math.abs(name.length - typed.length) > 2) continue;
    const distance = editDistance(typed, name);
    if (distance <= 2 && distance < typed.length && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** The line an unknown deployment exits with; a near-miss of a command says which one was meant. */
export function deploymentNotFound(deployment: string): string {
  const command = closestCommand(deployment);
  return `deployment ${JSON.stringify(deployment)} not found${command ? `; did you mean depwatch ${command}?` : ''}`;
}

const DURATION_FLAGS = new Set(['--interval', '--request-timeout', '--timeout', '--progress-deadline']);

/** `--interval -1s`: yargs reads `-1s` as the flags -1 and -s; it was a negative duration. */
function negativeDuration(argv: readonly string[]): ConfigError | undefined {
  for (let i = 0; i + 1 < argv.length; i++) {
    const value = argv[i + 1]!;
    if (DURATION_FLAGS.has(argv[i]!) && /^-\d/.test(value)) return new ConfigError(`${argv[i]}: must be more than zero, got ${JSON.stringify(value)}`);
  }
  return undefined;
}

/** A yargs complaint as one line; a first word that is a near-miss of a command is the likelier mistake. */
export function usageError(message: string, argv: readonly string[]): ConfigError {
  const negative = negativeDuration(argv);
  if (negative) return negative;
  const first = argv[0];
  const command = first !== undefined && COMMAND_NAMES.includes(first) ? first : undefined;
  const meant = first !== undefined && !command ? closestCommand(first) : undefined;
  if (meant) return new ConfigError(`unknown command ${JSON.stringify(first)}; did you mean ${meant}?`);
  // yargs' words for a missing <deployment>.
  if (command && message.startsWith('Not enough non-option arguments')) return new ConfigError(`depwatch ${command} needs a deployment: its id or its name`);
  return new ConfigError(`${message.trim().replace(/\s*\n\s*/g, ' ')}; see depwatch ${command ? `${command} ` : ''}--help`);
}
