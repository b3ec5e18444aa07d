// Previous deployment + next deployment → "what just changed", in the words an on-call
// engineer wants. Pure: same inputs, same events. Strings were sanitized by the schema.
import { displayName, type Deployment, type ReplicaEvent } from '../api/schema.js';
import { cutUnits } from '../api/text-cap.js';
import { configChanges } from './config-changes.js';
import { formatDuration } from './duration.js';
import { withReason } from './failures.js';
import { shortImage } from './image.js';
import { countOrUndefined, countText } from './plausible.js';
import { eventNamed, replicaChanges, replicaEntries, replicaHealth } from './replica.js';
import type { ReplicaHealth, Severity, TimelineEvent } from './types.js';
import { byCodeUnit } from './compare.js';

/** Long server messages are cut here; the screen truncates again to its width. */
const MAX_MESSAGE = 160;
const NONE = '—';

export function diffDeployments(prev: Deployment | undefined, next: Deployment, at: number): TimelineEvent[] {
  if (prev === undefined) {
    return [{ at, severity: statusSeverity(next.status), text: `watching ${displayName(next)}: ${next.status ?? 'status unknown'}, ${readyText(next)} ready` }];
  }
  const events: TimelineEvent[] = [];
  const add = (severity: Severity, text: string, replica?: string) =>
    events.push(replica === undefined ? { at, severity, text } : { at, replica, severity, text });

  if (prev.status !== next.status) add(statusSeverity(next.status), `status ${prev.status ?? NONE} → ${next.status ?? NONE}`);
  if (prev.desired_replicas !== next.desired_replicas) {
    add('info', `${scalingWord(prev, next)} ${countOr(prev.desired_replicas)} → ${countOr(next.desired_replicas)} replicas`);
  }
  if (prev.ready_replicas !== next.ready_replicas) add(readySeverity(prev, next), `ready ${readyText(prev)} → ${readyText(next)}`);

  const known = revisionsOf(prev);
  const imageChanged = prev.image !== next.image && next.image !== undefined;
  // Replicas coming back after a scale to zero are not a rollout, unless the image moved.
  const newRevisions = known.length > 0 || imageChanged ? revisionsOf(next).filter((r) => !known.includes(r)) : [];
  for (const revision of newRevisions) {
    add('info', `revision ${revision} rolling in${imageChanged ? ` (${shortImage(next.image!)})` : ''}`);
  }
  if (imageChanged && newRevisions.length === 0) add('info', `image → ${shortImage(next.image!)}`);
  // The one place configuration changes become events (the progress tracker keeps them for its line only).
  for (const text of configChanges(prev, next)) add('info', `changed: ${text}`);

  // A replica whose event is the same object (state.ts shares unchanged ones) has nothing to say.
  const { changed, gone } = replicaChanges(prev, next);
  const names = [...changed, ...gone].sort(byCodeUnit);
  for (const name of names) {
    for (const [severity, text] of diffReplica(eventNamed(prev.replica_events, name), eventNamed(next.replica_events, name))) add(severity, text, name);
  }
  return events;
}

function diffReplica(prev: ReplicaEvent | undefined, next: ReplicaEvent | undefined): Array<[Severity, string]> {
  if (next === undefined) return prev === undefined ? [] : [['info', 'gone']];
  const nextHealth = replicaHealth(next);
  if (prev === undefined) {
    const created = `created (${next.revision_id ?? 'revision unknown'})`;
    if (nextHealth === 'ok') return [['ok', `${created}, ready`]];
    if (nextHealth === 'failing') return [['info', created], ['error', failureText(next)]];
    return next.volume_preload_status === PRELOADING ? [['info', created], ['info', 'volume preload started']] : [['info', created]];
  }

  const out: Array<[Severity, string]> = [];
  if (prev.volume_preload_status !== next.volume_preload_status && next.volume_preload_status !== undefined) {
    out.push(preloadEvent(prev.volume_preload_status, next));
  }

  const prevHealth = replicaHealth(prev);
  const from = statusLabel(prev);
  const to = statusLabel(next);
  const containerFailing = containerHealth(next) === 'failing';
  const startedFailing = containerFailing && (containerHealth(prev) !== 'failing' || prev.replica_status_reason !== next.replica_status_reason);
  if (startedFailing) out.push(['error', failureText(next)]);
  else if (from !== to) {
    const becameReady = nextHealth === 'ok' && prevHealth !== 'ok';
    const severity: Severity = becameReady ? 'ok' : prevHealth === 'ok' && nextHealth === 'progressing' ? 'warn' : 'info';
    out.push([severity, `${from} → ${to}${becameReady ? ', ready' : ''}`]);
  } else if (nextHealth === 'ok' && prevHealth !== 'ok') out.push(['ok', 'ready']);
  else if (prevHealth === 'ok' && nextHealth === 'progressing') out.push(['warn', 'not ready']);
  // A new message is news unless the failure line above already said it, or only its numbers moved;
  // a message gone with the status that had it is said by the status change.
  const message = next.replica_status_message?.trim();
  if (!startedFailing && !sameGist(prev.replica_status_message, message) && (message || from === to)) {
    out.push(containerFailing ? ['error', failureText(next)] : ['info', message ? `message: ${truncate(message)}` : 'message cleared']);
  }
  return out;
}

/**
 * Messages alike but for their numbers: the kubelet rewrites a back-off message on every restart
 * (`back-off 40s` → `back-off 1m20s`), and that is not news.
 */
function sameGist(a: string | undefined, b: string | undefined): boolean {
  const gist = (m: string | undefined) => (m ?? '').trim().replace(/(?:\d+(?:\.\d+)?(?:ms|h|m|s)?)+/g, '#');
  return gist(a) === gist(b);
}

const PRELOADING = 'InProgress';

/** Preload start and end in words, with how long it took when the server says when it began and ended. */
function preloadEvent(from: string | undefined, next: ReplicaEvent): [Severity, string] {
  const to = next.volume_preload_status!;
  if (to === PRELOADING) return ['info', 'volume preload started'];
  if (to === 'Failed') return ['error', 'volume preload failed'];
  if (to === 'Completed') {
    const took = Date.parse(next.volume_preload_completed_at ?? '') - Date.parse(next.volume_preload_started_at ?? '');
    return ['ok', Number.isFinite(took) && took >= 0 ? `volume preload done in ${formatDuration(took)}` : 'volume preload done'];
  }
  return ['info', `volume preload ${from ?? NONE} → ${to}`];
}

/** Health from the container alone, so a failed volume preload is reported once, as a preload event. */
function containerHealth(ev: ReplicaEvent): ReplicaHealth {
  return replicaHealth({ ...ev, volume_preload_status: undefined });
}

function failureText(ev: ReplicaEvent): string {
  const what = ev.replica_status_reason ?? ev.replica_status ?? 'failing';
  return ev.replica_status_message ? truncate(withReason(what, ev.replica_status_message)) : what;
}

function statusLabel(ev: ReplicaEvent): string {
  const status = ev.replica_status ?? NONE;
  return ev.replica_status_reason ? `${status}/${ev.replica_status_reason}` : status;
}

/** Per deployment object: the last poll's `next` is this poll's `prev`. */
const REVISIONS = new WeakMap<Deployment, string[]>();

function revisionsOf(d: Deployment): string[] {
  let ids = REVISIONS.get(d);
  if (ids === undefined) {
    const set = new Set<string>();
    for (const [, ev] of replicaEntries(d)) if (ev.revision_id !== undefined) set.add(ev.revision_id);
    REVISIONS.set(d, (ids = [...set]));
  }
  return ids;
}

function countOr(n: number | undefined): string {
  return n === undefined ? NONE : countText(n);
}

function readyText(d: Deployment): string {
  return `${countOr(d.ready_replicas)}/${countOr(d.desired_replicas)}`;
}

/** `scaling up` / `scaling down`, or just `scaling` when either count is missing or cannot be true. */
function scalingWord(prev: Deployment, next: Deployment): string {
  const from = countOrUndefined(prev.desired_replicas);
  const to = countOrUndefined(next.desired_replicas);
  if (from === undefined || to === undefined) return 'scaling';
  return to > from ? 'scaling up' : 'scaling down';
}

export function statusSeverity(status: string | undefined): Severity {
  switch (status) {
    case 'Ready':
      return 'ok';
    case 'Failed':
    case 'Error':
      return 'error';
    case 'Updating':
    case 'Scaling':
    case 'Pending':
    case 'Creating':
    case 'Starting':
      return 'info';
    default:
      return 'warn';
  }
}

function readySeverity(prev: Deployment, next: Deployment): Severity {
  const ready = countOrUndefined(next.ready_replicas);
  const desired = countOrUndefined(next.desired_replicas);
  if (ready === undefined) return next.ready_replicas === undefined ? 'info' : 'error';
  // Fewer ready is a warning, unless still as many as asked for (a scale-down, not a loss).
  if (ready < (countOrUndefined(prev.ready_replicas) ?? 0)) return desired !== undefined && ready >= desired ? 'info' : 'warn';
  if (desired !== undefined && ready >= desired) return 'ok';
  return 'info';
}

function truncate(text: string): string {
  return text.length > MAX_MESSAGE ? `${cutUnits(text, MAX_MESSAGE - 1)}…` : text;
}
