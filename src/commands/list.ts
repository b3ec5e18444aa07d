// `depwatch list [--json]`: every deployment a line (or the parsed list) and exit.
import type { CommonArgs } from '../cli-options.js';
import { once } from './once.js';

export const list = (json: boolean, args: CommonArgs) =>
  once(args, json, (client) => client.list(), async (deployments, now) => (await import('../plain/list.js')).formatList(deployments, now));
