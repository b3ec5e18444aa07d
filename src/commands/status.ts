// `depwatch status <deployment> [--json]`: one plain summary (or the parsed deployment) and exit.
import type { ConnectionArgs } from '../cli-options.js';
import { checkDeploymentName } from '../config.js';
import { deploymentNotFound } from '../suggest.js';
import { once } from './once.js';

// depwatch's computed view (phase, progress, failing replicas) rides along: plain/progress-view.ts.
const computed = () => import('../plain/progress-view.js');

export async function status(deployment: string, json: boolean, args: ConnectionArgs): Promise<number> {
  checkDeploymentName(deployment);
  return once(args, json, async (client) => (await computed()).withProgress(await client.get(deployment), Date.now()), async (d, now) => (await computed()).addProgressLines((await import('../plain/summary.js')).formatSummary(d, now), d, now), deploymentNotFound(deployment));
}
