// `depwatch sim --replay FILE`: a recording served as the simulator's API. Each recorded poll
// is the answer from its offset in the recording until the next one (scaled by --speed), then
// the last is held, or the recording starts over with --loop. A recorded error is answered as
// the error it was; a list recording also answers for each deployment in it. Every time in the
// documents is moved by one shift (sim start − first poll), so the replay reads as live: ages near 0.
import type { Deployment, ReplicaEvent } from '../api/schema.js';
import type { Recording } from '../record/reader.js';
import type { Snapshot } from '../watch/types.js';
import { BEARER, errorReply, segments, type ApiRequest, type Reply } from './api.js';

const STATUS: Record<string, [number, string]> = {
  auth: [401, 'authentication_error'],
  'not-found': [404, 'not_found_error'],
  'rate-limited': [429, 'rate_limit_error'],
  server: [500, 'server_error'],
  network: [503, 'server_error'],
  timeout: [504, 'server_error'],
  'invalid-response': [502, 'server_error'],
};

/** The poll in force `elapsedMs` into the recording. */
export function pollAt<T>(recording: Recording<T>, elapsedMs: number, loop: boolean): Snapshot<T> {
  const { polls } = recording;
  const start = polls[0]!.at;
  const span = polls.at(-1)!.at - start + recording.header.intervalMs;
  const t = loop && span > 0 ? elapsedMs % span : elapsedMs;
  // The last poll at or before t (polls are in recorded order): a binary search, as a recording may hold a million.
  let lo = 0;
  let hi = polls.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (polls[mid]!.at - start > t) hi = mid - 1;
    else lo = mid;
  }
  return polls[lo]!;
}

/** The fields of a deployment and of a replica event that hold times (api/schema.ts). */
const DEPLOYMENT_TIMES = ['created_at', 'updated_at'] as const satisfies readonly (keyof Deployment)[];
const REPLICA_TIMES = ['replica_ready_since', 'volume_preload_started_at', 'volume_preload_completed_at'] as const satisfies readonly (keyof ReplicaEvent)[];

/** `value` moved by `shiftMs` when it is a date; anything else (absent, nonsense) as it was. */
function shiftTime(value: string | undefined, shiftMs: number): string | undefined {
  const ms = value === undefined ? Number.NaN : Date.parse(value);
  const moved = ms + shiftMs;
  return Number.isFinite(moved) && Math.abs(moved) <= 8.64e15 ? new Date(moved).toISOString() : value;
}

function shiftFields<T extends object, K extends keyof T & string>(o: T, keys: readonly K[], shiftMs: number): T {
  const out = { ...o };
  for (const key of keys) if (typeof o[key] === 'string') (out as Record<string, unknown>)[key] = shiftTime(o[key], shiftMs);
  return out;
}

function shiftDeployment(d: Deployment, shiftMs: number): Deployment {
  const moved = shiftFields(d, DEPLOYMENT_TIMES, shiftMs);
  if (d.replica_events === undefined) return moved;
  // Null-prototype, as the schema makes it: a replica named `__proto__` stays a replica.
  const events = Object.create(null) as Record<string, ReplicaEvent>;
  for (const [name, e] of Object.entries(d.replica_events)) events[name] = shiftFields(e, REPLICA_TIMES, shiftMs);
  return { ...moved, replica_events: events };
}

/**
 * The recording with every time in its documents moved so that its first poll happens at `startMs`.
 * A document or list the reader shares between polls (format 2: unchanged since the last poll) is
 * moved once and stays shared, so a long steady recording costs no more memory moved than read.
 */
export function asIfLive<T extends Deployment | Deployment[]>(recording: Recording<T>, startMs: number): Recording<T> {
  const shiftMs = startMs - recording.polls[0]!.at;
  const moved = new Map<Deployment | Deployment[], Deployment | Deployment[]>();
  const once = (d: Deployment | Deployment[], move: () => Deployment | Deployment[]) => {
    let out = moved.get(d);
    if (out === undefined) moved.set(d, (out = move()));
    return out;
  };
  const one = (d: Deployment) => once(d, () => shiftDeployment(d, shiftMs)) as Deployment;
  const moveData = (data: Deployment | Deployment[]) => (Array.isArray(data) ? once(data, () => data.map(one)) : one(data));
  const polls = recording.polls.map((p): Snapshot<T> => (p.ok ? { ...p, data: moveData(p.data) as T } : p));
  return { ...recording, polls };
}

function matches(d: Deployment, id: string): boolean {
  return d.id === id || d.name === id;
}

/** The simulator's answer to `req` from a recording, `elapsedMs` (scenario time) into it. */
export function replayAnswer(req: ApiRequest, recording: Recording<Deployment | Deployment[]>, elapsedMs: number, loop: boolean): Reply {
  if (!BEARER.test(req.authorization ?? '')) return errorReply(401, 'authentication_error', 'missing API key: send "Authorization: Bearer <key>" (the simulator accepts any key)');
  if (req.method !== 'GET') return errorReply(405, 'invalid_request_error', `method ${req.method} not allowed; the simulator only serves GET`, { Allow: 'GET' });
  const parts = segments(req.path);
  const [v1, collection, id, sub, ...rest] = parts ?? [];
  if (parts === undefined || v1 !== 'v1' || collection !== 'deployments' || rest.length > 0 || (sub !== undefined && sub !== 'logs')) {
    return errorReply(404, 'not_found_error', `no such endpoint: ${req.method} ${req.path}`);
  }
  const poll = pollAt(recording, elapsedMs, loop);
  if (!poll.ok) {
    const [status, type] = STATUS[poll.error.kind] ?? [500, 'server_error'];
    return errorReply(poll.error.status ?? status, type, poll.error.message);
  }
  const list = Array.isArray(poll.data) ? poll.data : [poll.data];
  if (id === undefined) return { status: 200, body: { object: 'list', data: list } };
  const found = list.find((d) => matches(d, id));
  if (!found) return errorReply(404, 'not_found_error', `deployment ${JSON.stringify(id)} not found`);
  // Logs are not recorded.
  return { status: 200, body: sub === 'logs' ? { lines: [] } : found };
}
