// yargs commands → a config → the interactive watch, a plain one-shot, or the simulator.
// Start-up order: a plain `depwatch [watch] <deployment>` is recognised without yargs (quick-args)
// and its first request goes on the wire at once; its answer is painted without React
// (ui/first-frame.ts), Ink and React load after that, and yargs (everything else: help, errors,
// other commands) is imported only when needed.
import type { Argv } from 'yargs';
import { createClient, type DeploymentsClient } from './api/client.js';
import { COMMON_OPTIONS, commonArgs, type CommonArgs } from './cli-options.js';
import { ConfigError, DEFAULT_BASE_URL, parseBaseUrl, parseDuration, readApiKey, resolveDisplay, type Display } from './config.js';
import { quickWatchArgs } from './quick-args.js';
import { redact } from './redact.js';
import { takeFirstScreen, watchFrame } from './ui/first-frame.js';
import type { Line } from './ui/line.js';
import { planList } from './ui/list-plan.js';
import type { Size } from './ui/screen-plan.js';
import type { Theme } from './ui/theme.js';
import type { Snapshot } from './watch/types.js';
import { ListSession } from './watch/list-session.js';
import { LogsWatch } from './watch/logs.js';
import { WatchSession } from './watch/session.js';

const VERSION = '0.1.0';
/** How long the first answer may take before the screen says "connecting to …". */
const CONNECTING_AFTER_MS = 400;

interface Connection {
  client: DeploymentsClient;
  baseUrl: string;
}

function connect(args: CommonArgs, retries: number, apiKey?: string): Connection {
  const env = process.env;
  const baseUrl = args['base-url'] !== undefined
    ? parseBaseUrl(args['base-url'], '--base-url')
    : env.TOGETHER_BASE_URL ? parseBaseUrl(env.TOGETHER_BASE_URL, 'TOGETHER_BASE_URL') : DEFAULT_BASE_URL;
  const key = apiKey ?? readApiKey({ apiKeyFile: args['api-key-file'], env });
  const timeoutMs = parseDuration(args['request-timeout'], '--request-timeout');
  return { client: createClient({ baseUrl, apiKey: key, timeoutMs, retries, userAgent: `depwatch/${VERSION}` }), baseUrl };
}

function display(args: CommonArgs): Display {
  const d = resolveDisplay({ color: args.color, ascii: args.ascii }, process.env, Boolean(process.stdout.isTTY));
  // Ink colours through chalk, which guesses on its own (and turns colour off whenever CI is set).
  // Our decision is the one that counts; level 1 is the 16-colour palette every terminal and
  // tmux's TERM=screen understand, and the theme uses nothing else.
  process.env.FORCE_COLOR = d.color ? '1' : '0';
  return d;
}

/** A refused key, or (when `notFound` says what) an unknown deployment, as the one line to exit with. */
function refusal(error: { kind: string; message: string } | undefined, notFound?: string): ConfigError | undefined {
  if (error?.kind === 'auth') return new ConfigError(`${error.message}: check TOGETHER_API_KEY or --api-key-file`);
  if (error?.kind === 'not-found' && notFound !== undefined) return new ConfigError(notFound, 1);
  return undefined;
}

/**
 * The moments before the first answer, for the full-screen commands: the terminal is taken at
 * once (no echo, q quits; first-frame.ts) and, if the answer is slow, `draw` is painted (saying
 * it is connecting); the frames go out drawn from the same plan as every later one, and React
 * and Ink (~60 ms to load and render) load after and take the screen over.
 */
async function firstAnswer<T>(altScreen: boolean, answer: Promise<Snapshot<T>>, draw: () => (size: Size) => Line[], theme: Theme) {
  const screen = altScreen ? takeFirstScreen() : undefined;
  const connecting = screen ? setTimeout(() => screen.paint(draw(), theme), CONNECTING_AFTER_MS) : undefined;
  const first = await answer;
  clearTimeout(connecting);
  return { screen, first };
}

/** A running watch of one deployment: its session (started) and its logs follower. */
function openWatch(client: DeploymentsClient, deployment: string, intervalMs: number) {
  const replicaLogs = async (replica: string, signal: AbortSignal) => (await client.logs(deployment, replica, { signal })).lines;
  const controller = new WatchSession({ fetch: (signal) => client.get(deployment, { signal }), logs: replicaLogs, intervalMs });
  controller.start();
  const logs = new LogsWatch({ fetch: replicaLogs, intervalMs });
  return {
    controller,
    logs,
    stop() {
      logs.close();
      controller.stop();
    },
  };
}

/** `depwatch` with no deployment named, on a terminal: the deployments list, and the watch of the one picked. */
async function browse(args: CommonArgs): Promise<number> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    throw new ConfigError('name a deployment to watch (depwatch <deployment>; depwatch list shows them), or try depwatch demo; see depwatch --help');
  }
  const intervalMs = parseDuration(args.interval, '--interval');
  const { client } = connect(args, 0);
  const list = new ListSession({ fetch: async (signal) => (await client.list({ signal })).data, intervalMs });
  list.start();
  const theme = display(args); // before Ink (and chalk) load
  const draw = () => (size: Size) => planList({ state: list.getState(), selected: undefined, now: Date.now(), size, theme, intervalMs }).lines;
  const { screen, first } = await firstAnswer(args['alt-screen'], list.first, draw, theme);
  const refused = refusal(first.ok ? undefined : first.error);
  if (refused) {
    screen?.release();
    list.stop();
    throw refused;
  }
  screen?.paint(draw(), theme);
  let opened: ReturnType<typeof openWatch> | undefined;
  try {
    const ui = await import('./ui/terminal.js');
    return await ui.runBrowseUi({
      list,
      theme,
      altScreen: args['alt-screen'],
      ...(screen ? { painted: screen } : {}),
      open: (key) => {
        opened?.stop(); // never two watches at once
        opened = openWatch(client, key, intervalMs);
        return opened;
      },
    });
  } finally {
    screen?.release();
    opened?.stop();
    list.stop();
  }
}

async function watch(deployment: string, args: CommonArgs, apiKey?: string): Promise<number> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    throw new ConfigError(`watch needs a terminal; for scripts use: depwatch status ${deployment} [--json]`);
  }
  const intervalMs = parseDuration(args.interval, '--interval');
  const { client } = connect(args, 0, apiKey);
  const opened = openWatch(client, deployment, intervalMs);
  const { controller: session, logs } = opened;
  const theme = display(args); // before Ink (and chalk) load
  const altScreen = args['alt-screen'];
  const draw = () => watchFrame({ state: session.getState(), now: Date.now(), theme, intervalMs, paused: false, target: deployment });
  const { screen, first } = await firstAnswer(altScreen, session.firstResult(), draw, theme);
  const refused = refusal(first.ok ? undefined : first.error, `deployment ${JSON.stringify(deployment)} not found`);
  if (refused) {
    screen?.release();
    session.stop();
    throw refused;
  }
  screen?.paint(draw(), theme);
  try {
    // Test hook: hold the painted frame a while, to test what happens before Ink takes over.
    const holdMs = Number(process.env.DEPWATCH_TEST_HOLD_FIRST_FRAME_MS);
    if (screen && holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
    const ui = await import('./ui/terminal.js');
    return await ui.runWatchUi({ controller: session, target: deployment, theme, altScreen, logs, ...(screen ? { painted: screen } : {}) });
  } finally {
    screen?.release();
    opened.stop();
  }
}

/** A one-shot command: fetch, then print as JSON or as plain lines; a refused key or an unknown deployment is one line. */
async function once<T>(args: CommonArgs, json: boolean, get: (client: DeploymentsClient) => Promise<T>, plain: (value: T, now: number) => Promise<string[]>, notFound?: string): Promise<number> {
  const { client } = connect(args, 2);
  const { ApiError } = await import('./api/errors.js');
  try {
    const value = await get(client);
    process.stdout.write(`${json ? JSON.stringify(value, null, 2) : (await plain(value, Date.now())).join('\n')}\n`);
    return 0;
  } catch (error) {
    throw (error instanceof ApiError ? refusal(error, notFound) : undefined) ?? error;
  }
}

const status = (deployment: string, json: boolean, args: CommonArgs) =>
  once(args, json, (client) => client.get(deployment), async (d, now) => (await import('./plain/summary.js')).formatSummary(d, now), `deployment ${JSON.stringify(deployment)} not found`);

const list = (json: boolean, args: CommonArgs) =>
  once(args, json, (client) => client.list(), async (deployments, now) => (await import('./plain/list.js')).formatList(deployments, now));

interface SimArgs {
  port: number;
  scenario: string[];
  speed: number;
  loop: boolean;
  'fail-rate': number;
}

async function startSim(args: Pick<SimArgs, 'port' | 'scenario' | 'speed' | 'loop' | 'fail-rate'>) {
  const { startSimulator } = await import('./sim/server.js');
  return startSimulator({ port: args.port, scenarios: args.scenario, speed: args.speed, loop: args.loop, failRate: args['fail-rate'] });
}

async function sim(args: SimArgs): Promise<number> {
  const server = await startSim(args);
  process.stdout.write(`listening on ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.once('SIGHUP', stop);
  });
  await server.close();
  return 0;
}

async function demo(args: CommonArgs & { scenario: string; speed: number }): Promise<number> {
  const server = await startSim({ port: 0, scenario: [args.scenario], speed: args.speed, loop: true, 'fail-rate': 0 });
  try {
    // The simulator accepts any token; the demo never touches a real key.
    return await watch(args.scenario, { ...args, 'base-url': server.url }, 'demo');
  } finally {
    await server.close();
  }
}

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
      .option('port', { type: 'number', default: 0, describe: 'port to listen on (0 picks a free one)' })
      .option('scenario', { type: 'string', array: true, default: ['rollout'], choices: SCENARIO_NAMES, describe: 'scenario(s) to host; each is a deployment named after it' })
      .option('speed', { type: 'number', default: 1, describe: 'play scenarios this many times faster' })
      .option('loop', { type: 'boolean', default: false, describe: 'start a scenario over a little after it ends' })
      .option('fail-rate', { type: 'number', default: 0, describe: 'answer this fraction of requests with HTTP 500' }), (a) => run(sim(a as unknown as SimArgs)))
    .command('demo', 'watch a simulated rollout (no API key needed)', (y) => commonOptions(y)
      .option('scenario', { type: 'string', default: 'rollout', choices: SCENARIO_NAMES })
      .option('speed', { type: 'number', default: 1, describe: 'play the scenario this many times faster' }), (a) => run(demo(a as unknown as CommonArgs & { scenario: string; speed: number })))
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
