// `depwatch` with no deployment named, on a terminal: the deployments list, the watch of the one
// picked, and the panels of the ones marked.
import type { CommonArgs } from '../cli-options.js';
import { MAX_WAIT_MS, parseDuration } from '../config.js';
import { planList } from '../ui/list-plan.js';
import type { Size } from '../ui/screen-plan.js';
import { FleetSession } from '../watch/fleet-session.js';
import { ListSession } from '../watch/list-session.js';
import { WatchMemory } from '../watch/watch-memory.js';
import { recorderFor } from '../record/writer.js';
import { connect, display, firstAnswer, holdPaintedFrame, needTerminal, pollInterval, refusal, VERSION } from './startup.js';
import { openWatch } from './watch.js';

export async function browse(args: CommonArgs): Promise<number> {
  const progress = { progressDeadlineMs: parseDuration(args['progress-deadline'], '--progress-deadline', MAX_WAIT_MS) };
  needTerminal('name a deployment to watch (depwatch <deployment>; depwatch list shows them), or try depwatch demo; see depwatch --help');
  const connection = connect(args, 0);
  const { client } = connection;
  const intervalMs = pollInterval(args, connection);
  const record = recorderFor(args, { kind: 'list', targets: [], baseUrl: connection.baseUrl, intervalMs, version: VERSION, ...progress });
  const fetch = async (signal: AbortSignal) => (await client.list({ signal })).data;
  const list = new ListSession({ fetch, intervalMs, progress, ...(record ? { record: record.poll } : {}) });
  list.start();
  const theme = display(args); // before Ink (and chalk) load
  const draw = () => (size: Size) => planList({ state: list.getState(), selected: undefined, now: Date.now(), size, theme, intervalMs }).lines;
  const { screen, first } = await firstAnswer(args['alt-screen'], list.first, draw, theme);
  const refused = refusal(first.ok ? undefined : first.error);
  if (refused) {
    screen?.release();
    list.stop();
    record?.close();
    throw refused;
  }
  screen?.paint(draw(), theme);
  let opened: ReturnType<typeof openWatch> | undefined;
  // Each deployment's timeline outlives its screen: Esc to the list and Enter again picks it up.
  const memory = new WatchMemory();
  try {
    await holdPaintedFrame(screen);
    const ui = await import('../ui/terminal.js');
    return await ui.runBrowseUi({
      list,
      theme,
      altScreen: args['alt-screen'],
      ...(screen ? { painted: screen } : {}),
      open: (key) => {
        opened?.stop(); // never two watches at once
        opened = openWatch(client, key, intervalMs, { memory, alerts: args, progress, ...(record ? { record: record.pollsOf(key) } : {}) });
        return opened;
      },
      // The marked ones side by side: one list request per tick for all of them, the list's own paused.
      openFleet: (keys) => {
        // Its list polls go on the list's recording: the list's own poll is paused meanwhile.
        const fleet = new FleetSession({ ...(record ? { record: record.poll } : {}), targets: keys, fetch, logs: async (deployment, replica, signal) => (await client.logs(deployment, replica, { signal })).lines, intervalMs });
        fleet.list.start();
        return { fleet, stop: () => fleet.stop() };
      },
    });
  } finally {
    screen?.release();
    opened?.stop();
    list.stop();
    record?.close();
  }
}
