// `depwatch watch a b c`: several deployments at once, a panel each, all polled with one list
// request per tick; Enter opens one full-screen (openWatch, polling it alone meanwhile).
import type { CommonArgs } from '../cli-options.js';
import { checkDeploymentName, ConfigError, progressDeadlineOf } from '../config.js';
import { deploymentNotFound } from '../suggest.js';
import { planFleet } from '../ui/fleet-plan.js';
import type { Size } from '../ui/screen-plan.js';
import { FleetSession, findDeployment } from '../watch/fleet-session.js';
import { runScreen, startScreen } from './full-screen.js';
import { refusal } from './startup.js';
import { watchOpener } from './watch.js';

/** The line to exit with when the first list holds none of the deployments named. */
function noneListed(targets: readonly string[]): ConfigError {
  return new ConfigError(targets.map(deploymentNotFound).join('; '));
}

export async function fleet(deployments: readonly string[], args: CommonArgs): Promise<number> {
  for (const name of deployments) checkDeploymentName(name);
  const progress = { progressDeadlineMs: progressDeadlineOf(args) };
  const start = startScreen(args, `watch needs a terminal; for scripts use: depwatch list [--json] (or depwatch status <deployment> for one)`, { kind: 'fleet', targets: deployments, ...progress });
  const { client, intervalMs, theme, record } = start;
  const session = new FleetSession({
    ...(record ? { record: record.poll } : {}),
    targets: deployments,
    fetch: async (signal) => (await client.list({ signal })).data,
    logs: async (deployment, replica, signal) => (await client.logs(deployment, replica, { signal })).lines,
    intervalMs,
    progress,
  });
  session.list.start();
  const watches = watchOpener(client, intervalMs, { alerts: args, progress, record });
  return runScreen(start, args['alt-screen'], {
    first: session.list.first,
    draw: () => (size: Size) => planFleet({ state: session.getState(), focused: undefined, now: Date.now(), size, theme, intervalMs }).lines,
    refuse: (first) => first.ok
      ? (deployments.every((name) => !findDeployment(first.data, name)) ? noneListed(deployments) : undefined)
      : refusal(first.error),
    ui: async (painted) => (await import('../ui/terminal.js')).runFleetUi({ fleet: session, theme, altScreen: args['alt-screen'], open: watches.open, ...(painted ? { painted } : {}) }),
    stop: () => {
      watches.stop();
      session.stop();
    },
  });
}
