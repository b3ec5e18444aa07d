import yargs from 'yargs';
import { describe, expect, test } from 'vitest';
import { COMMON_OPTIONS, CONNECTION_OPTIONS, JSON_OPTION, SCREEN_OPTIONS, type CommonArgs } from '../../src/cli-options.js';
import { quickWatchArgs } from '../../src/quick-args.js';

/** What yargs, set up like src/cli-commands.ts, hands the watch command; undefined when it would not run it. */
async function viaYargs(argv: string[]): Promise<{ deployment: string; args: CommonArgs } | undefined> {
  let got: { deployment: string; args: CommonArgs } | undefined;
  let failed = false;
  const watchCmd = (y: ReturnType<typeof yargs>) => y.options(COMMON_OPTIONS).positional('deployment', { type: 'string', array: true, demandOption: true });
  await yargs(argv)
    .command('watch <deployment..>', 'watch', watchCmd, (a) => {
      // Several deployments are the panels screen (commands/fleet.ts), not the single watch.
      const named = a.deployment as string[];
      if (named.length === 1) got = { deployment: named[0]!, args: a as unknown as CommonArgs };
    })
    .command('$0 [deployment]', 'watch or list', (y) => y.options(COMMON_OPTIONS).positional('deployment', { type: 'string' }), (a) => {
      if (typeof a.deployment === 'string') got = { deployment: a.deployment, args: a as unknown as CommonArgs };
    })
    .command('status <deployment>', 'status', (y) => y.options(CONNECTION_OPTIONS).options(JSON_OPTION))
    .command('list', 'list', (y) => y.options(CONNECTION_OPTIONS).options(JSON_OPTION))
    .command('sim', 'sim', (y) => y.option('port', { type: 'number' }))
    .command('replay <file>', 'replay')
    .command('demo', 'demo', (y) => y.options(SCREEN_OPTIONS))
    .command('completion', 'completion')
    .strict()
    .version('0.0.0')
    .alias('h', 'help')
    .alias('v', 'version')
    .exitProcess(false)
    .fail(() => { failed = true; })
    .parseAsync();
  return failed ? undefined : got;
}

const accepted = [
  ['steady'],
  ['watch', 'steady'],
  ['steady', '--base-url', 'http://127.0.0.1:4010/v1'],
  ['--base-url=http://127.0.0.1:4010/v1', 'watch-me'],
  ['watch', 'steady', '--no-color', '--ascii', '--no-alt-screen'],
  ['steady', '--interval', '1ms', '--request-timeout', '3s'],
  ['steady', '--interval=500ms', '--color', '--alt-screen', '--no-ascii'],
  ['steady', '--api-key-file', '/tmp/key'],
  ['steady', '--progress-deadline', '3s'],
  ['watch', 'steady', '--progress-deadline=90s', '--interval', '1s'],
  ['steady', '--base-url', 'http://10.0.0.5/v1', '--insecure-http'],
  ['steady', '--bell'],
  ['watch', 'steady', '--notify', '--no-bell'],
  ['dep-4f2a9c'],
  ['llama.chat_v2'],
  ['steady', '--record', '/tmp/watch.jsonl'],
  ['watch', 'steady', '--record=/tmp/watch.jsonl', '--record-max', '1MB'],
];

const declined = [
  [], ['watch'], ['--help'], ['steady', '--help'], ['-h'], ['steady', '-v'], ['--version'],
  ['status', 'steady'], ['list'], ['list', '--json'], ['sim'], ['demo'], ['completion'], ['watch', 'status'],
  ['steady', 'extra'], ['watch', 'steady', 'rollout'], ['watch', 'steady', 'rollout', '--ascii'], ['steady', '--bogus'], ['steady', '--baseUrl', 'http://x'], ['steady', '--'],
  ['steady', '--color=false'], ['steady', '--color', 'false'], ['steady', '--no-ascii', 'true'],
  ['steady', '--interval'], ['steady', '--interval', '--ascii'], ['steady', '--interval='],
  ['steady', '--ascii', '--ascii'], ['steady', '--record'], ['steady', '--record', '--ascii'], ['replay', 'x.jsonl'], ['steady', '--progress-deadline'], ['steady', '--no-progress-deadline'], ['steady', '--no-base-url'], ['123'], ['1e3'], ['-x'], ['steady', '-'],
];

describe('the start-up fast path', () => {
  test.each(accepted)('agrees with yargs: %j', async (...argv) => {
    const quick = quickWatchArgs(argv);
    expect(quick).toBeDefined();
    const full = await viaYargs(argv);
    expect(full).toBeDefined();
    expect(quick!.deployment).toBe(full!.deployment);
    for (const key of Object.keys(COMMON_OPTIONS) as (keyof CommonArgs)[]) expect(quick!.args[key], key).toEqual(full!.args[key]);
  });

  test.each(declined)('leaves it to yargs: %j', (...argv) => {
    expect(quickWatchArgs(argv)).toBeUndefined();
  });

  test('several deployments after watch are yargs\' to read, and it reads them all', async () => {
    let named: unknown;
    await yargs(['watch', 'steady', 'rollout', '--ascii']).command('watch <deployment..>', 'watch', (y) => y.options(COMMON_OPTIONS), (a) => { named = a.deployment; }).strict().parseAsync();
    expect(named).toEqual(['steady', 'rollout']);
    expect(quickWatchArgs(['watch', 'steady', 'rollout', '--ascii'])).toBeUndefined();
  });
});
