// `depwatch status <deployment> [--json]`: one plain summary (or the parsed deployment) and exit.
import type { ConnectionArgs } from '../cli-options.js';
import { checkDeploymentName } from '../config.js';
import { deploymentNotFound } from '../suggest.js';
import { once } from './once.js';

export async function status(deployment: string, json: boolean, args: ConnectionArgs): Promise<number> {
  checkDeploymentName(deployment);
  return once(args, json, (client) => client.get(deployment), async (d, now) => (await import('../plain/summary.js')).formatSummary(d, now), deploymentNotFound(deployment));
}
