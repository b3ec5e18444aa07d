// The deployments list, parsed per deployment and per replica: a deployment sent byte for byte as
// last poll is last poll's object (list-items.ts), and one that changed is read against the
// deployment last read at its place in the list (replica-items.ts), so its unchanged replica events
// are last poll's objects too. In a fleet where a rollout moves one replica of twenty, a changed
// deployment costs one event's parse, and the list's reducer, tracker and rows redo one replica.
import { itemsParser, LIST_DATA } from './list-items.js';
import { deploymentParser } from './replica-items.js';
import { DeploymentSchema, parseDeploymentList, type Deployment, type DeploymentList } from './schema.js';

/** One deployment's answer from its text: the deployment, or null when the list would drop it (it does not parse as one). */
function parseItem(text: string): Deployment | null {
  const result = DeploymentSchema.safeParse(JSON.parse(text));
  return result.success ? result.data : null;
}

/** The list, each deployment sent byte for byte as last time last time's object (parseDeploymentList's answer otherwise). */
export function listParser(whole: (text: string) => DeploymentList = (text) => parseDeploymentList(JSON.parse(text))): (text: string) => DeploymentList {
  // A per-replica reader for each place in the list: deployments keep their places poll to poll (one
  // added or gone shifts the rest, whose next change is then read whole, as the first time).
  let places: ((text: string) => Deployment | null)[] = [];
  return itemsParser<DeploymentList, Deployment | null, DeploymentList>({
    at: LIST_DATA,
    envelope: parseDeploymentList,
    item: (text, index) => (places[index] ??= deploymentParser(parseItem))(text),
    answer: (envelope, items) => {
      places = places.slice(0, items.length);
      return { ...envelope, data: items.filter((d) => d !== null) };
    },
  }, whole);
}
