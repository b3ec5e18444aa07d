// `depwatch [watch] <deployment>`: one deployment, full-screen, live.
import type { DeploymentsClient } from '../api/client.js';
import type { Deployment } from '../api/schema.js';
import type { CommonArgs } from '../cli-options.js';
import { checkDeploymentName, progressDeadlineOf } from '../config.js';
import { closestCommand, deploymentNotFound } from '../suggest.js';
import { watchAlerts, type AlertFlags } from '../ui/alerts-writer.js';
import { watchFrame } from '../ui/first-frame.js';
import { LogsWatch } from '../watch/logs.js';
import { QueueFollower } from '../watch/queue.js';
import type { ProgressOptions } from '../watch/progress.js';
import { WatchSession } from '../watch/session.js';
import type { Snapshot } from '../watch/types.js';
import { WatchMemory } from '../watch/watch-memory.js';
import type { Recorder } from '../record/writer.js';
import { runScreen, startScreen } from './full-screen.js';
import { refusal } from './startup.js';

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

/**
 * The full-screen watch a screen of several opens (the list, the panels): never two at once
 * (opening one stops the last), and each deployment's timeline outlives its watch (Esc and Enter
 * again pick it up). Its polls go on the recording under the deployment's own key.
 */
export function watchOpener(client: DeploymentsClient, intervalMs: number, opts: { alerts: AlertFlags; progress: Partial<ProgressOptions>; record: Recorder | undefined }) {
  const { alerts, progress, record } = opts;
  const memory = new WatchMemory();
  let opened: ReturnType<typeof openWatch> | undefined;
  return {
    open(key: string) {
      opened?.stop();
      return (opened = openWatch(client, key, intervalMs, { memory, alerts, progress, ...(record ? { record: record.pollsOf(key) } : {}) }));
    },
    stop: () => opened?.stop(),
  };
}

export async function watch(deployment: string, args: CommonArgs, apiKey?: string): Promise<number> {
  checkDeploymentName(deployment);
  const progressDeadlineMs = progressDeadlineOf(args);
  const meant = closestCommand(deployment);
  const instead = meant ? `watch needs a terminal; did you mean depwatch ${meant}?` : `watch needs a terminal; for scripts use: depwatch status ${deployment} [--json]`;
  const start = startScreen(args, instead, { kind: 'watch', targets: [deployment], progressDeadlineMs }, apiKey);
  const { client, intervalMs, theme, record } = start;
  const opened = openWatch(client, deployment, intervalMs, { alerts: args, progress: { progressDeadlineMs }, ...(record ? { record: record.poll } : {}) });
  const { controller: session, logs, queue } = opened;
  const altScreen = args['alt-screen'];
  return runScreen(start, altScreen, {
    first: session.firstResult(),
    draw: () => watchFrame({ state: session.getState(), now: Date.now(), theme, intervalMs, paused: false, target: deployment }),
    refuse: (first) => refusal(first.ok ? undefined : first.error, deploymentNotFound(deployment)),
    ui: async (painted) => (await import('../ui/terminal.js')).runWatchUi({ controller: session, target: deployment, theme, altScreen, logs, queue, ...(painted ? { painted } : {}) }),
    stop: () => opened.stop(),
  });
}
