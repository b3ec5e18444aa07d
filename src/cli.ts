// The yargs table: each command's flags and the file that runs it (src/commands/<name>.ts).
// Start-up order: a plain `depwatch [watch] <deployment>` is recognised without yargs (quick-args)
// and its first request goes on the wire at once; its answer is painted without React
// (ui/first-frame.ts), Ink and React load after that, and yargs (everything else: help, errors,
// other commands) is imported only when needed.
import type { Argv } from 'yargs';
import { COMMON_OPTIONS, commonArgs, type CommonArgs } from './cli-options.js';
import { browse } from './commands/browse.js';
import { demo } from './commands/demo.js';
import { list } from './commands/list.js';
import { sim, type SimArgs } from './commands/sim.js';
import { VERSION } from './commands/startup.js';
import { status } from './commands/status.js';
import { watch } from './commands/watch.js';
import { ConfigError } from './config.js';
import { quickWatchArgs } from './quick-args.js';
import { redact } from './redact.js';

function commonOptions(y: Argv) {
  return y.options(COMMON_OPTIONS);
}

const SCENARIO_NAMES = ['steady', 'rollout', 'crashloop', 'scale'];

export async function main(argv: string[]): Promise<number> {
  const quick = quickWatchArgs(argv);
  if (quick) return watch(quick.deployment, quick.args);
  if (argv.length === 0) return browse(commonArgs());
  const { default: yargs } = await import('yargs');
  let code = 0;
  const run = (task: Promise<number>) => task.then((c) => { code = c; });
  const parser = yargs(argv)
    .scriptName('depwatch')
    .usage('$0 [deployment]\n\nWatch a Together AI Dedicated Container deployment, live, in the terminal.')
    .command('watch <deployment>', 'watch a deployment full-screen (id or name)', (y) => commonOptions(y).positional('deployment', { type: 'string', demandOption: true, describe: 'deployment id or name' }), (a) => run(watch(a.deployment as string, a as unknown as CommonArgs)))
    .command('$0 [deployment]', 'watch a deployment; with none named, pick one from the list', (y) => commonOptions(y).positional('deployment', { type: 'string', describe: 'deployment id or name' }), (a) => run(typeof a.deployment === 'string' ? watch(a.deployment, a as unknown as CommonArgs) : browse(a as unknown as CommonArgs)))
    .command('status <deployment>', 'print a deployment once and exit', (y) => commonOptions(y).positional('deployment', { type: 'string', demandOption: true }).option('json', { type: 'boolean', default: false, describe: 'print the parsed deployment as JSON' }), (a) => run(status(a.deployment as string, a.json, a as unknown as CommonArgs)))
    .command('list', 'list the deployments once and exit', (y) => commonOptions(y).option('json', { type: 'boolean', default: false, describe: 'print the parsed list as JSON' }), (a) => run(list(a.json, a as unknown as CommonArgs)))
    .command('sim', 'serve a simulated deployments API on 127.0.0.1', (y) => y
      .option('port', { type: 'number', default: 0, describe: 'port to listen on, 0 to 65535 (0 picks a free one)' })
      .option('scenario', { type: 'string', array: true, default: ['rollout'], choices: SCENARIO_NAMES, describe: 'scenario(s) to host; each is a deployment named after it' })
      .option('speed', { type: 'number', default: 1, describe: 'play scenarios this many times faster (a number > 0)' })
      .option('loop', { type: 'boolean', default: false, describe: 'start a scenario over a little after it ends' })
      .option('fail-rate', { type: 'number', default: 0, describe: 'answer this fraction of requests (0 to 1) with HTTP 500' })
      .option('fault', { type: 'string', describe: 'a fault from the start, MODE or MODE:COUNT (e.g. error503:3 or drift; a wrong MODE lists them all)' }), (a) => run(sim(a as unknown as SimArgs)))
    .command('demo', 'watch a simulated rollout (no API key needed)', (y) => commonOptions(y)
      .option('scenario', { type: 'string', default: 'rollout', choices: SCENARIO_NAMES })
      .option('speed', { type: 'number', default: 1, describe: 'play the scenario this many times faster (a number > 0)' }), (a) => run(demo(a as unknown as CommonArgs & { scenario: string; speed: number })))
    .completion('completion', 'print a shell completion script (bash/zsh)')
    .strict()
    .version(VERSION)
    .alias('h', 'help')
    .alias('v', 'version')
    .wrap(Math.min(100, process.stdout.columns || 80))
    // Throwing stops yargs before any command handler runs (writing and returning did not).
    .fail((msg, err) => {
      throw err ?? new ConfigError(`${msg}\nRun depwatch --help for usage.`);
    });
  await parser.parseAsync(argv);
  return code;
}

function explain(error: unknown): { message: string; code: number } {
  if (error instanceof ConfigError) return { message: error.message, code: error.exitCode };
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
    process.stderr.write(`depwatch: ${redact(message)}\n`);
    process.exit(code);
  },
);
