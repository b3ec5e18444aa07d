// `depwatch status <deployment> [--json]`: one plain summary (or the parsed deployment) and exit.
import type { CommonArgs } from '../cli-options.js';
import { checkDeploymentName } from '../config.js';
import { once } from './once.js';

export async function status(deployment: string, json: boolean, args: CommonArgs): Promise<number> {
  checkDeploymentName(deployment);
  return once(args, json, (client) => client.get(deployment), async (d, now) => (await import('../plain/summary.js')).formatSummary(d, now), `deployment ${JSON.stringify(deployment)} not found`);
}
