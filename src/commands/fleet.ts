// `depwatch watch a b c`: several deployments at once, a panel each, all polled with one list
// request per tick; Enter opens one full-screen (openWatch, polling it alone meanwhile).
import type { CommonArgs } from '../cli-options.js';
import { checkDeploymentName, ConfigError } from '../config.js';
import { deploymentNotFound } from '../suggest.js';
import { planFleet } from '../ui/fleet-plan.js';
import type { Size } from '../ui/screen-plan.js';
import { FleetSession, findDeployment } from '../watch/fleet-session.js';
import { recorderFor } from '../record/writer.js';
import { connect, display, firstAnswer, needTerminal, pollInterval, refusal, VERSION } from './startup.js';
import { openWatch } from './watch.js';

/** The line to exit with when the first list holds none of the deployments named. */
function noneListed(targets: readonly string[]): ConfigError {
  return new ConfigError(targets.map(deploymentNotFound).join('; '), 1);
}

export async function fleet(deployments: readonly string[], args: CommonArgs): Promise<number> {
  for (const name of deployments) checkDeploymentName(name);
  needTerminal(`watch needs a terminal; for scripts use: depwatch list [--json] (or depwatch status <deployment> for one)`);
  const connection = connect(args, 0);
  const { client } = connection;
  const intervalMs = pollInterval(args, connection);
  const record = recorderFor(args, { kind: 'fleet', targets: deployments, baseUrl: connection.baseUrl, intervalMs, version: VERSION });
  const session = new FleetSession({
    ...(record ? { record: record.poll } : {}),
    targets: deployments,
    fetch: async (signal) => (await client.list({ signal })).data,
    logs: async (deployment, replica, signal) => (await client.logs(deployment, replica, { signal })).lines,
    intervalMs,
  });
  session.list.start();
  const theme = display(args); // before Ink (and chalk) load
  const draw = () => (size: Size) => planFleet({ state: session.getState(), focused: undefined, now: Date.now(), size, theme, intervalMs }).lines;
  const { screen, first } = await firstAnswer(args['alt-screen'], session.list.first, draw, theme);
  const refused = first.ok
    ? (deployments.every((name) => !findDeployment(first.data, name)) ? noneListed(deployments) : undefined)
    : refusal(first.error);
  if (refused) {
    screen?.release();
    session.stop();
    record?.close();
    throw refused;
  }
  screen?.paint(draw(), theme);
  // Never two full-screen watches at once: opening one stops the last.
  let opened: ReturnType<typeof openWatch> | undefined;
  const open = (key: string) => {
    opened?.stop();
    return (opened = openWatch(client, key, intervalMs, record ? { record: record.pollsOf(key) } : {}));
  };
  // Cleaned up however it ends: quit, a signal, or the UI failing to load or start.
  const run = import('../ui/terminal.js').then((ui) => ui.runFleetUi({ fleet: session, theme, altScreen: args['alt-screen'], open, ...(screen ? { painted: screen } : {}) }));
  return run.finally(() => {
    screen?.release();
    opened?.stop();
    session.stop();
    record?.close();
  });
}
