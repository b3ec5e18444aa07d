// A watched deployment, parsed per replica: a deployment of 1,000 replicas comes back with most
// replica events byte for byte as last poll, so each `"name": event` member is cut out of the body
// and one sent again is last poll's parsed event - no JSON.parse, no validation, and the same object
// downstream (the reducer's and the screen's caches are keyed by it). As list-items.ts does per
// deployment; anything the cutter is not sure of goes the whole-body way.
import { itemsParser, type ItemsAt } from './list-items.js';
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
 * A deployment, each replica event sent byte for byte as last time last time's object: the same
 * answer as parseDeployment(JSON.parse(text)) (`whole`, which also takes what cannot be cut; a
 * list's item reader answers null for what is not a deployment).
 */
export function deploymentParser<W extends Deployment | null = Deployment>(
  whole: (text: string) => W = (text) => parseDeployment(JSON.parse(text)) as W,
): (text: string) => Deployment | W {
  return itemsParser<Deployment, Member, Deployment | W>({
    at: REPLICA_EVENTS,
    envelope: (value) => {
      const result = DeploymentSchema.safeParse(value);
      return result.success ? result.data : undefined;
    },
    item: parseMember,
    answer: (envelope, members) => {
      // As the schema reads the raw object: a name sent twice keeps its first place and its last event.
      const raw = Object.create(null) as Record<string, Member>;
      for (const member of members) raw[member.sent] = member;
      return { ...envelope, replica_events: replicaEventsOf(Object.values(raw).map(({ name, event }) => [name, event] as const)) };
    },
  }, whole);
}
