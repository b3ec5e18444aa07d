// The yargs table: each command's flags and the file that runs it (src/commands/<name>.ts).
// Everything but the start-up fast paths (cli.ts) comes here - help, errors, every other command -
// and the bundle carries it as a lazy part (scripts/build.mjs), compiled only when it is needed.
import yargs, { type Argv } from 'yargs';
import { COMMON_OPTIONS, COMPLETION_KEY, CONNECTION_OPTIONS, JSON_OPTION, SCREEN_OPTIONS, type CommonArgs, type ConnectionArgs, type ScreenArgs } from './cli-options.js';
import { browse } from './commands/browse.js';
import { answerCompletion } from './commands/completion.js';
import { demo } from './commands/demo.js';
import { fleet } from './commands/fleet.js';
import { list } from './commands/list.js';
import { logs, LOGS_OPTIONS, type LogsArgs } from './commands/logs.js';
import { DEFAULT_REPLAY_SPEED, replay, type ReplayArgs } from './commands/replay.js';
import { rollout, ROLLOUT_OPTIONS, type RolloutArgs } from './commands/rollout.js';
import { sim, type SimArgs } from './commands/sim.js';
import { VERSION } from './commands/startup.js';
import { status } from './commands/status.js';
import { watch } from './commands/watch.js';
import { usageError } from './suggest.js';

const watching = (y: Argv) => y.options(COMMON_OPTIONS);
const oneShot = (y: Argv) => y.options(CONNECTION_OPTIONS).options(JSON_OPTION);
const DEPLOYMENT = { type: 'string', describe: 'the deployment: its id or its name' } as const;

// No `[string]`/`[default: …]` after each description: cliui glues them to a description that
// ends exactly where they begin, so the descriptions say their defaults themselves.
// (usageConfiguration is yargs 18's; @types/yargs, at 17, does not know it yet.)
const hideTypes = (y: Argv) => (y as Argv & { usageConfiguration(c: { 'hide-types': boolean }): Argv }).usageConfiguration({ 'hide-types': true });

const SCENARIO_NAMES = ['steady', 'rollout', 'crashloop', 'scale', 'stall'];
const SCENARIOS_TEXT = SCENARIO_NAMES.join(', ');

/** One deployment (named once or more) keeps the full-screen watch; several get a panel each. */
function watchSome(deployments: readonly string[], args: CommonArgs): Promise<number> {
  const named = [...new Set(deployments)];
  return named.length === 1 ? watch(named[0]!, args) : fleet(named, args);
}

/** Runs the command `argv` names (the redacting writers and the keys are set up by cli.ts). */
export async function runCommand(argv: string[]): Promise<number> {
  if (argv[0] === COMPLETION_KEY && await answerCompletion(argv.slice(1))) return 0;
  let code = 0;
  const run = (task: Promise<number>) => task.then((c) => { code = c; });
  const parser = hideTypes(yargs(argv))
    .scriptName('depwatch')
    .usage('$0 [deployment]\n\nWatch a Together AI Dedicated Container deployment, live, in the terminal; with no deployment named, pick one from the list.')
    .command('watch <deployment..>', 'watch a deployment full-screen, or several side by side (needs a terminal)', (y) => watching(y).positional('deployment', { ...DEPLOYMENT, array: true, describe: 'the deployment, or several: each its id or its name' }), (a) => run(watchSome(a.deployment as string[], a as unknown as CommonArgs)))
    // Not listed among the commands (the usage line is it), so yargs adds no `[default]` hint to glue.
    .command('$0 [deployment]', false, (y) => watching(y).positional('deployment', DEPLOYMENT), (a) => run(typeof a.deployment === 'string' ? watch(a.deployment, a as unknown as CommonArgs) : browse(a as unknown as CommonArgs)))
    .command('status <deployment>', 'print a deployment once and exit', (y) => oneShot(y).positional('deployment', DEPLOYMENT), (a) => run(status(a.deployment as string, a.json, a as unknown as ConnectionArgs)))
    .command('list', 'list the deployments once and exit', (y) => oneShot(y), (a) => run(list(a.json, a as unknown as ConnectionArgs)))
    .command('logs <deployment>', 'print a deployment\'s log lines, plain, for pipes and grep; --follow keeps printing new ones', (y) => y.options(LOGS_OPTIONS).positional('deployment', DEPLOYMENT), (a) => run(logs(a.deployment as string, a as unknown as LogsArgs)))
    .command('rollout <deployment>', 'wait for a rollout to finish, a line per change, for scripts and CI (exit 0 done, 1 failed or stalled, 3 timeout)', (y) => y.options(CONNECTION_OPTIONS).options(ROLLOUT_OPTIONS).positional('deployment', DEPLOYMENT), (a) => run(rollout(a.deployment as string, a as unknown as RolloutArgs)))
    .command('sim', 'serve a simulated deployments API on 127.0.0.1', (y) => y
      .option('port', { type: 'string', describe: 'port to listen on, 0 to 65535 (default 0: a free one)' })
      .option('scenario', { type: 'string', array: true, choices: SCENARIO_NAMES, describe: `scenarios to host, each a deployment named after it: ${SCENARIOS_TEXT} (default rollout, none with --deployments)` })
      .option('deployments', { type: 'number', describe: 'also host N generated deployments, 1 to 5000: steady, rolling, scaling and failing ones, looping (implies --loop)' })
      .option('replicas', { type: 'number', describe: 'with --deployments: the biggest has this many replicas, the rest up to as many, 1 to 5000 (default 5)' })
      .option('speed', { type: 'number', default: 1, describe: 'play scenarios this many times faster, a number > 0 (default 1)' })
      .option('loop', { type: 'boolean', default: false, describe: 'start a scenario over a little after it ends' })
      .option('fail-rate', { type: 'number', default: 0, describe: 'answer this fraction of requests (0 to 1) with HTTP 500 (default 0)' })
      .option('fault', { type: 'string', describe: 'a fault from the start, MODE or MODE:COUNT (e.g. error503:3 or drift; a wrong MODE lists them all; default none)' })
      .option('replay', { type: 'string', describe: 'serve this recording (made with --record) instead of the scenarios, at its recorded pace times --speed (default none)' }), (a) => run(sim(a as unknown as SimArgs)))
    .command('replay <file>', 'play a recording made with --record in the screens it came from (needs a terminal)', (y) => y
      .options({ color: SCREEN_OPTIONS.color, ascii: SCREEN_OPTIONS.ascii, 'alt-screen': SCREEN_OPTIONS['alt-screen'] })
      .option('speed', { type: 'number', default: DEFAULT_REPLAY_SPEED, describe: `play this many times faster than recorded, a number > 0 (default ${DEFAULT_REPLAY_SPEED})` })
      .positional('file', { type: 'string', describe: 'the recording' }), (a) => run(replay(a.file as string, a as unknown as ReplayArgs)))
    .command('demo', 'watch a simulated rollout (no API key needed; needs a terminal)', (y) => y.options(SCREEN_OPTIONS)
      .option('scenario', { type: 'string', default: 'rollout', choices: SCENARIO_NAMES, describe: `what the simulator plays: ${SCENARIOS_TEXT} (default rollout)` })
      .option('speed', { type: 'number', default: 1, describe: 'play the scenario this many times faster, a number > 0 (default 1)' }), (a) => run(demo(a as unknown as ScreenArgs & { scenario: string; speed: number })))
    .command('completion', 'print a shell completion script (bash or zsh)', (y) => y.usage('$0 completion\n\nPrint a completion script for the shell in $SHELL (bash or zsh): commands, flags, and the names of your deployments when a key is set. Add it with: depwatch completion >> ~/.bashrc (or ~/.zshrc)'), () => {
      parser.showCompletionScript();
    })
    .strict()
    // Flags are read by their --kebab-case names only; camelCase copies only doubled every complaint.
    .parserConfiguration({ 'camel-case-expansion': false })
    .help('help', 'show this help')
    .version('version', 'print the version', VERSION)
    .alias('h', 'help')
    .alias('v', 'version')
    .wrap(Math.min(100, process.stdout.columns || 80))
    // Throwing stops yargs before any command handler runs (writing and returning did not).
    .fail((msg, err) => {
      throw err ?? usageError(msg, argv);
    });
  await parser.parseAsync(argv);
  return code;
}
