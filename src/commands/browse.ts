// `depwatch` with no deployment named, on a terminal: the deployments list, the watch of the one
// picked, and the panels of the ones marked.
import type { CommonArgs } from '../cli-options.js';
import { progressDeadlineOf } from '../config.js';
import { planList } from '../ui/list-plan.js';
import type { Size } from '../ui/screen-plan.js';
import { FleetSession } from '../watch/fleet-session.js';
import { ListSession } from '../watch/list-session.js';
import { runScreen, startScreen } from './full-screen.js';
import { refusal } from './startup.js';
import { watchOpener } from './watch.js';

export async function browse(args: CommonArgs): Promise<number> {
  const progress = { progressDeadlineMs: progressDeadlineOf(args) };
  const start = startScreen(args, 'name a deployment to watch (depwatch <deployment>; depwatch list shows them), or try depwatch demo; see depwatch --help', { kind: 'list', targets: [], ...progress });
  const { client, intervalMs, theme, record } = start;
  const fetch = async (signal: AbortSignal) => (await client.list({ signal })).data;
  const list = new ListSession({ fetch, intervalMs, progress, ...(record ? { record: record.poll } : {}) });
  list.start();
  const watches = watchOpener(client, intervalMs, { alerts: args, progress, record });
  return runScreen(start, args['alt-screen'], {
    first: list.first,
    draw: () => (size: Size) => planList({ state: list.getState(), selected: undefined, now: Date.now(), size, theme, intervalMs }).lines,
    refuse: (first) => refusal(first.ok ? undefined : first.error),
    ui: async (painted) => (await import('../ui/terminal.js')).runBrowseUi({
      list,
      theme,
      altScreen: args['alt-screen'],
      ...(painted ? { painted } : {}),
      open: watches.open,
      // The marked ones side by side: one list request per tick for all of them, the list's own paused.
      openFleet: (keys) => {
        // Its list polls go on the list's recording: the list's own poll is paused meanwhile.
        const fleet = new FleetSession({ ...(record ? { record: record.poll } : {}), targets: keys, fetch, logs: async (deployment, replica, signal) => (await client.logs(deployment, replica, { signal })).lines, intervalMs, progress });
        fleet.list.start();
        return { fleet, stop: () => fleet.stop() };
      },
    }),
    stop: () => {
      watches.stop();
      list.stop();
    },
  });
}
