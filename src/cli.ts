// The start-up: what every run does first, and its fast paths. A plain `depwatch [watch]
// <deployment>` is recognised without yargs (quick-args) and its first request goes on the wire at
// once; its answer is painted without React (ui/first-frame.ts), and Ink and React load after
// that. `depwatch` alone (the list) starts the same way. Everything else - help, errors, every
// other command - is the yargs table (cli-commands.ts), a lazy part loaded only when needed.
import { commonArgs, COMPLETION_KEY } from './cli-options.js';
import { browse } from './commands/browse.js';
import { watch } from './commands/watch.js';
import { registerKeys, type ConfigError } from './config.js';
import { quickWatchArgs } from './quick-args.js';
import { redactWrites } from './redact.js';

export async function main(argv: string[]): Promise<number> {
  // Before anything is written or checked: every byte out is redacted, and the keys are known.
  redactWrites(process.stdout);
  redactWrites(process.stderr);
  // Whatever a completion request meets (a key file's permission warning…) must not land in the shell's prompt.
  if (argv[0] === COMPLETION_KEY) process.stderr.write = (() => true) as typeof process.stderr.write;
  registerKeys(argv, process.env);
  const quick = quickWatchArgs(argv);
  if (quick) return watch(quick.deployment, quick.args);
  if (argv.length === 0) return browse(commonArgs());
  const { runCommand } = await import('./cli-commands.js');
  return runCommand(argv);
}

function explain(error: unknown): { message: string; code: number } {
  // By name, not instanceof: a lazy part (the commands) throws its own copy's ConfigError.
  if (error instanceof Error && error.name === 'ConfigError') return { message: error.message, code: (error as ConfigError).exitCode };
  // An API failure is an answer, not a bug: its message is the explanation.
  if (error instanceof Error && error.name === 'ApiError') return { message: error.message, code: 1 };
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { message: `unexpected error: ${message}`, code: 1 };
}

// Exit explicitly: idle keep-alive sockets must not hold a finished watch open. Writes to a
// TTY, pipe or file are synchronous on POSIX, so nothing printed is lost.
// (yargs' hideBin(process.argv) is this slice everywhere but a bundled Electron app.)
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const { message, code } = explain(error);
    process.stderr.write(`depwatch: ${message}\n`);
    process.exit(code);
  },
);
