// `depwatch [watch] <deployment>`: one deployment, full-screen, live.
import type { DeploymentsClient } from '../api/client.js';
import type { CommonArgs } from '../cli-options.js';
import { checkDeploymentName, parseDuration } from '../config.js';
import { deploymentNotFound } from '../suggest.js';
import { watchFrame } from '../ui/first-frame.js';
import { LogsWatch } from '../watch/logs.js';
import type { ProgressOptions } from '../watch/progress.js';
import { WatchSession } from '../watch/session.js';
import { connect, display, firstAnswer, needTerminal, pollInterval, refusal } from './startup.js';

/** A running watch of one deployment: its session (started) and its logs follower. */
export function openWatch(client: DeploymentsClient, deployment: string, intervalMs: number, progress?: Partial<ProgressOptions>) {
  const replicaLogs = async (replica: string, signal: AbortSignal) => (await client.logs(deployment, replica, { signal })).lines;
  const controller = new WatchSession({ fetch: (signal) => client.get(deployment, { signal }), logs: replicaLogs, intervalMs, ...(progress ? { progress } : {}) });
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

export async function watch(deployment: string, args: CommonArgs, apiKey?: string): Promise<number> {
  checkDeploymentName(deployment);
  const progressDeadlineMs = parseDuration(args['progress-deadline'], '--progress-deadline');
  needTerminal(`watch needs a terminal; for scripts use: depwatch status ${deployment} [--json]`);
  const connection = connect(args, 0, apiKey);
  const { client } = connection;
  const intervalMs = pollInterval(args, connection);
  const opened = openWatch(client, deployment, intervalMs, { progressDeadlineMs });
  const { controller: session, logs } = opened;
  const theme = display(args); // before Ink (and chalk) load
  const altScreen = args['alt-screen'];
  const draw = () => watchFrame({ state: session.getState(), now: Date.now(), theme, intervalMs, paused: false, target: deployment });
  const { screen, first } = await firstAnswer(altScreen, session.firstResult(), draw, theme);
  const refused = refusal(first.ok ? undefined : first.error, deploymentNotFound(deployment));
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
    const ui = await import('../ui/terminal.js');
    return await ui.runWatchUi({ controller: session, target: deployment, theme, altScreen, logs, ...(screen ? { painted: screen } : {}) });
  } finally {
    screen?.release();
    opened.stop();
  }
}
