// `depwatch status <deployment> [--json]`: one plain summary (or the parsed deployment) and exit.
import type { CommonArgs } from '../cli-options.js';
import { once } from './once.js';

export const status = (deployment: string, json: boolean, args: CommonArgs) =>
  once(args, json, (client) => client.get(deployment), async (d, now) => (await import('../plain/summary.js')).formatSummary(d, now), `deployment ${JSON.stringify(deployment)} not found`);
