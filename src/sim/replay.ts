// `depwatch sim --replay FILE`: a recording served as the simulator's API. Each recorded poll
// is the answer from its offset in the recording until the next one (scaled by --speed), then
// the last is held, or the recording starts over with --loop. A recorded error is answered as
// the error it was; a list recording also answers for each deployment in it.
import type { Deployment } from '../api/schema.js';
import type { Recording } from '../record/reader.js';
import type { Snapshot } from '../watch/types.js';
import { errorReply, type ApiRequest, type Reply } from './api.js';

const STATUS: Record<string, [number, string]> = {
  auth: [401, 'authentication_error'],
  'not-found': [404, 'not_found_error'],
  'rate-limited': [429, 'rate_limit_error'],
  server: [500, 'server_error'],
  network: [503, 'server_error'],
  timeout: [504, 'server_error'],
  'invalid-response': [502, 'server_error'],
};

const BEARER = /^Bearer +\S/i;

/** The poll in force `elapsedMs` into the recording. */
export function pollAt<T>(recording: Recording<T>, elapsedMs: number, loop: boolean): Snapshot<T> {
  const { polls } = recording;
  const start = polls[0]!.at;
  const span = polls.at(-1)!.at - start + recording.header.intervalMs;
  const t = loop && span > 0 ? elapsedMs % span : elapsedMs;
  let found = polls[0]!;
  for (const p of polls) {
    if (p.at - start > t) break;
    found = p;
  }
  return found;
}

function matches(d: Deployment, id: string): boolean {
  return d.id === id || d.name === id;
}

/** The simulator's answer to `req` from a recording, `elapsedMs` (scenario time) into it. */
export function replayAnswer(req: ApiRequest, recording: Recording<Deployment | Deployment[]>, elapsedMs: number, loop: boolean): Reply {
  if (!BEARER.test(req.authorization ?? '')) return errorReply(401, 'authentication_error', 'missing API key: send "Authorization: Bearer <key>" (the simulator accepts any key)');
  if (req.method !== 'GET') return errorReply(405, 'invalid_request_error', `method ${req.method} not allowed; the simulator only serves GET`, { Allow: 'GET' });
  const parts = req.path.replace(/\/$/, '').split('/').slice(1);
  const [v1, collection, id, sub, ...rest] = parts;
  if (v1 !== 'v1' || collection !== 'deployments' || rest.length > 0 || (sub !== undefined && sub !== 'logs')) {
    return errorReply(404, 'not_found_error', `no such endpoint: ${req.method} ${req.path}`);
  }
  const poll = pollAt(recording, elapsedMs, loop);
  if (!poll.ok) {
    const [status, type] = STATUS[poll.error.kind] ?? [500, 'server_error'];
    return errorReply(poll.error.status ?? status, type, poll.error.message);
  }
  const list = Array.isArray(poll.data) ? poll.data : [poll.data];
  if (id === undefined) return { status: 200, body: { object: 'list', data: list } };
  const found = list.find((d) => matches(d, decodeURIComponentSafe(id)));
  if (!found) return errorReply(404, 'not_found_error', `deployment ${JSON.stringify(id)} not found`);
  // Logs are not recorded.
  return { status: 200, body: sub === 'logs' ? { lines: [] } : found };
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
