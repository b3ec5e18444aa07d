// `depwatch list [--json]`: every deployment a line (or the parsed list) and exit.
import type { ConnectionArgs } from '../cli-options.js';
import { once } from './once.js';

export const list = (json: boolean, args: ConnectionArgs) =>
  once(args, json, (client) => client.list(), async (deployments, now) => (await import('../plain/list.js')).formatList(deployments, now));
