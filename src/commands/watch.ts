// `depwatch [watch] <deployment>`: one deployment, full-screen, live.
import type { DeploymentsClient } from '../api/client.js';
import type { Deployment } from '../api/schema.js';
import type { CommonArgs } from '../cli-options.js';
import { checkDeploymentName, MAX_WAIT_MS, parseDuration } from '../config.js';
import { closestCommand, deploymentNotFound } from '../suggest.js';
import { watchAlerts, type AlertFlags } from '../ui/alerts-writer.js';
import { watchFrame } from '../ui/first-frame.js';
import { LogsWatch } from '../watch/logs.js';
import { QueueFollower } from '../watch/queue.js';
import type { ProgressOptions } from '../watch/progress.js';
import { WatchSession } from '../watch/session.js';
import type { Snapshot } from '../watch/types.js';
import type { WatchMemory } from '../watch/watch-memory.js';
import { recorderFor } from '../record/writer.js';
import { connect, display, firstAnswer, holdPaintedFrame, needTerminal, pollInterval, refusal, VERSION } from './startup.js';

/**
 * A running watch of one deployment: its session (started), its logs follower, its queue follower
 * and its alerts (--bell, --notify). With a memory, it starts from what the last watch of the same
 * deployment saw, and leaves what it saw there on stop. `record` hears each poll (--record; the
 * recording outlives the watch: whoever made it closes it).
 */
export function openWatch(client: DeploymentsClient, deployment: string, intervalMs: number, opts: { memory?: WatchMemory; alerts?: AlertFlags; progress?: Partial<ProgressOptions>; record?: (snap: Snapshot<Deployment>) => void } = {}) {
  const { memory, alerts, progress, record } = opts;
  const replicaLogs = async (replica: string, signal: AbortSignal) => (await client.logs(deployment, replica, { signal })).lines;
  const fetch = (signal: AbortSignal) => client.get(deployment, { signal });
  const controller = new WatchSession({ fetch, logs: replicaLogs, intervalMs, ...(progress ? { progress } : {}), ...(record ? { record } : {}), ...(memory ? { initial: memory.seed(deployment, progress) } : {}) });
  // Subscribed before the first poll, so the state the watch starts from is its baseline and never rings.
  const stopAlerts = alerts?.bell || alerts?.notify ? watchAlerts(controller, { bell: alerts.bell, notify: alerts.notify, target: deployment }) : undefined;
  controller.start();
  const logs = new LogsWatch({ fetch: replicaLogs, intervalMs });
  // Polled only while the deployment scales on a queue (QueueBacklogPerWorker), from its first snapshot on.
  const queue = new QueueFollower({ fetch: (model, signal) => client.queueMetrics(model, { signal }), intervalMs });
  const unfollow = controller.subscribe(() => queue.follow(controller.getState().deployment));
  let stopped = false;
  return {
    controller,
    logs,
    queue,
    stop() {
      if (stopped) return; // stopped again on the way out: it was already kept
      stopped = true;
      unfollow();
      queue.stop();
      stopAlerts?.();
      logs.close();
      controller.stop();
      memory?.keep(deployment, controller.getState());
    },
  };
}

export async function watch(deployment: string, args: CommonArgs, apiKey?: string): Promise<number> {
  checkDeploymentName(deployment);
  const progressDeadlineMs = parseDuration(args['progress-deadline'], '--progress-deadline', MAX_WAIT_MS);
  const meant = closestCommand(deployment);
  needTerminal(meant ? `watch needs a terminal; did you mean depwatch ${meant}?` : `watch needs a terminal; for scripts use: depwatch status ${deployment} [--json]`);
  const connection = connect(args, 0, apiKey);
  const { client } = connection;
  const intervalMs = pollInterval(args, connection);
  const record = recorderFor(args, { kind: 'watch', targets: [deployment], baseUrl: connection.baseUrl, intervalMs, version: VERSION, progressDeadlineMs });
  const opened = openWatch(client, deployment, intervalMs, { alerts: args, progress: { progressDeadlineMs }, ...(record ? { record: record.poll } : {}) });
  const { controller: session, logs, queue } = opened;
  const theme = display(args); // before Ink (and chalk) load
  const altScreen = args['alt-screen'];
  const draw = () => watchFrame({ state: session.getState(), now: Date.now(), theme, intervalMs, paused: false, target: deployment });
  const { screen, first } = await firstAnswer(altScreen, session.firstResult(), draw, theme);
  const refused = refusal(first.ok ? undefined : first.error, deploymentNotFound(deployment));
  if (refused) {
    screen?.release();
    opened.stop();
    record?.close();
    throw refused;
  }
  screen?.paint(draw(), theme);
  try {
    await holdPaintedFrame(screen);
    const ui = await import('../ui/terminal.js');
    return await ui.runWatchUi({ controller: session, target: deployment, theme, altScreen, logs, queue, ...(screen ? { painted: screen } : {}) });
  } finally {
    screen?.release();
    opened.stop();
    record?.close();
  }
}
