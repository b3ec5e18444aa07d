// A watched deployment, parsed per replica: a deployment of 1,000 replicas comes back with most
// replica events byte for byte as last poll, so each `"name": event` member is cut out of the body
// and one sent again is last poll's parsed event - no JSON.parse, no validation, and the same object
// downstream (the reducer's and the screen's caches are keyed by it). As list-items.ts does per
// deployment; anything the cutter is not sure of goes the whole-body way.
import { bare, splitItems, type ItemsAt } from './list-items.js';
import { DeploymentSchema, parseDeployment, parseReplicaEvent, replicaEventsOf, replicaName, type Deployment, type ReplicaEvent } from './schema.js';

const REPLICA_EVENTS: ItemsAt = { key: 'replica_events', container: '{' };

/** One member of `replica_events`: its name as sent, as the screens get it, and its event (null: the schema drops it). */
interface Member {
  sent: string;
  name: string;
  event: ReplicaEvent | null;
}

/** A member's text (`"name": {…}`) parsed as the schema would parse it inside the whole body. */
function parseMember(text: string): Member {
  const [entry, ...more] = Object.entries(JSON.parse(`{${text}}`) as Record<string, unknown>);
  // Exactly one key: anything else was not one member (the cutter would have said so).
  if (entry === undefined || more.length > 0) throw new SyntaxError('not one member');
  return { sent: entry[0], name: replicaName(entry[0]), event: parseReplicaEvent(entry[1]) };
}

/**
 * A deployment parser with a memory of the last body's replica events by their text: the same
 * answer as parseDeployment(JSON.parse(text)), where every event sent byte for byte as last time
 * is last time's object. A body it cannot cut, or that does not parse, goes to `whole` (which
 * throws the client's errors).
 */
export function deploymentParser(whole: (text: string) => Deployment = (text) => parseDeployment(JSON.parse(text))): (text: string) => Deployment {
  let last = new Map<string, Member>();
  let lastItems: readonly string[] = [];
  return (text) => {
    const cut = splitItems(text, REPLICA_EVENTS, lastItems);
    if (cut === undefined) return whole(text);
    const next = new Map<string, Member>();
    let envelope: Deployment;
    // As the schema reads the raw object: a name sent twice keeps its first place and its last event.
    const raw = Object.create(null) as Record<string, Member>;
    try {
      const result = DeploymentSchema.safeParse(JSON.parse(cut.envelope));
      if (!result.success) return whole(text);
      envelope = result.data;
      for (const sent of cut.items) {
        const item = bare(sent);
        const member = last.get(item) ?? next.get(item) ?? parseMember(item);
        next.set(item, member);
        raw[member.sent] = member;
      }
    } catch {
      return whole(text);
    }
    last = next;
    lastItems = cut.items;
    return { ...envelope, replica_events: replicaEventsOf(Object.values(raw).map(({ name, event }) => [name, event] as const)) };
  };
}
