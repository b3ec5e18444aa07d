// Why a replica is failing. In a crash loop the current message is only the back-off
// ("back-off 40s restarting failed container"); the cause was in the message of the crash
// before it (Terminated/Error: "CUDA out of memory"). Remember the last such cause per replica.
import type { Deployment, ReplicaEvent } from '../api/schema.js';
import { replicaEntries, replicaHealth } from './replica.js';

/** Reasons whose message says that the container is waiting to restart, not why it crashed. */
const WAITING_REASONS = new Set(['CrashLoopBackOff', 'ImagePullBackOff']);

function cause(ev: ReplicaEvent): string | undefined {
  const message = ev.replica_status_message?.trim();
  if (!message || replicaHealth(ev) !== 'failing' || WAITING_REASONS.has(ev.replica_status_reason ?? '')) return undefined;
  return withReason(ev.replica_status_reason, message);
}

/** `Reason: message`, unless the message already starts with the reason (`Error: Error: …`). */
export function withReason(reason: string | undefined, message: string): string {
  return reason && !message.toLowerCase().startsWith(reason.toLowerCase()) ? `${reason}: ${message}` : message;
}

/**
 * The remembered causes after this deployment: a failing replica's cause is updated when it
 * says one, kept while it only says it is backing off, and forgotten when the replica recovers
 * or goes away. The same object comes back when nothing changed.
 */
export function rememberCauses(previous: ReadonlyMap<string, string>, d: Deployment): ReadonlyMap<string, string> {
  const next = new Map<string, string>();
  for (const [name, ev] of replicaEntries(d)) {
    if (replicaHealth(ev) !== 'failing') continue;
    const said = cause(ev) ?? previous.get(name);
    if (said !== undefined) next.set(name, said);
  }
  const same = next.size === previous.size && [...next].every(([k, v]) => previous.get(k) === v);
  return same ? previous : next;
}
