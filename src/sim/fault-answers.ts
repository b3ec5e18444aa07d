// The faults that are an answer of their own (error pages, 404s, 401s) or reshape the normal one
// (huge, long-strings, drift, echo-key, hostile-names): pure functions of the request, the hosted
// scenarios and the how-manieth answer under the fault. Socket-level faults live in server.ts.
import { answer, errorReply, type ApiRequest, type Hosted, type Reply } from './api.js';
import type { Fault } from './faults.js';
import type { DeploymentListWire, DeploymentLogsWire, DeploymentWire, QueueMetricsWire, ReplicaEventWire } from './wire.js';

export const HOSTILE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'] as const;
/** The size of the `huge` documents. */
export const TEN_MB = 10 * 1024 * 1024;
/**
 * Each `long-strings` string: multi-MB, yet the description and the message together stay under
 * the client's 8 MB cap on a body (the `huge` fault tests that), so the watch meets the strings.
 */
export const LONG_STRING = 3 * 1024 * 1024;
export const LONG_LOG_LINE = 200 * 1024;
const LONG_LOG_LINES = 20;
const HUGE_MESSAGE = 5 * 1024;

const PROXY_PAGES = {
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
} as const;

/** The page nginx sends when the service behind it is down: HTML, not the API's JSON. */
export function proxyPage(status: keyof typeof PROXY_PAGES): Reply {
  const title = `${status} ${PROXY_PAGES[status]}`;
  return {
    status,
    body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
    headers: { 'Content-Type': 'text/html' },
  };
}

type Body = DeploymentWire | DeploymentListWire | DeploymentLogsWire;

/** A 200 with each deployment (alone, or in the list with its index) and the logs reshaped; any other answer (queue metrics too) as it is. */
function reshape(reply: Reply, deployment: (d: DeploymentWire, index?: number) => unknown, logs: (l: DeploymentLogsWire) => unknown): Reply {
  if (reply.status !== 200) return reply;
  if (isQueueMetrics(reply.body)) return reply;
  const body = reply.body as Body;
  if ('object' in body && body.object === 'deployment') return { ...reply, body: deployment(body) };
  if ('object' in body && body.object === 'list') return { ...reply, body: { ...body, data: body.data.map((d, i) => deployment(d, i)) } };
  return { ...reply, body: logs(body as DeploymentLogsWire) };
}

/** Replica events in a null-prototype object: a name like `__proto__` stays an ordinary key. */
function events(entries: Iterable<[string, ReplicaEventWire]>): Record<string, ReplicaEventWire> {
  const out = Object.create(null) as Record<string, ReplicaEventWire>;
  for (const [name, event] of entries) out[name] = event;
  return out;
}

function firstReplica(d: DeploymentWire): [string, ReplicaEventWire] | undefined {
  return Object.entries(d.replica_events)[0];
}

/** Thousands of extra ready replicas with long messages: a valid document of about 10 MB. */
function huge(d: DeploymentWire): DeploymentWire {
  const revision = firstReplica(d)?.[1].revision_id ?? 'huge';
  const message = `Readiness probe succeeded after retries: ${'ok '.repeat(HUGE_MESSAGE / 3)}`;
  const extra = Array.from({ length: Math.ceil(TEN_MB / HUGE_MESSAGE) }, (_, i): [string, ReplicaEventWire] => [
    `${d.name}-huge-${String(i).padStart(5, '0')}`,
    { image: d.image, revision_id: revision, replica_status: 'Running', replica_ready_since: d.updated_at, replica_status_message: message },
  ]);
  return { ...d, replica_events: events([...Object.entries(d.replica_events), ...extra]) };
}

/** LONG_STRING of text that differs from answer to answer (a cache of the last string never hits). */
function longString(nth: number, what: string): string {
  const head = `${what} #${nth}: `;
  return head + 'lorem ipsum dolor sit amet '.repeat(Math.ceil((LONG_STRING - head.length) / 27)).slice(0, LONG_STRING - head.length);
}

/** The long strings go into one deployment (the first of a list), so every body stays under the cap. */
function longStrings(d: DeploymentWire, nth: number, index = 0): DeploymentWire {
  if (index > 0) return d;
  const first = firstReplica(d);
  const replicaEvents = first === undefined ? d.replica_events : events([...Object.entries(d.replica_events), [first[0], { ...first[1], replica_status_message: longString(nth, 'message') }]]);
  return { ...d, description: longString(nth, 'description'), replica_events: replicaEvents };
}

function longLogLines(l: DeploymentLogsWire, nth: number): DeploymentLogsWire {
  const long = Array.from({ length: LONG_LOG_LINES }, (_, i) => {
    const head = `2026-11-27T12:00:00.000Z INFO answer ${nth} line ${i}: `;
    return head + 'x'.repeat(LONG_LOG_LINE - head.length);
  });
  return { lines: [...l.lines, ...long] };
}

// The API drifting from its description, one variant per answer in turn (JSON has no NaN: null).
const DRIFTS: ((d: DeploymentWire) => Record<string, unknown>)[] = [
  (d) => ({ ...d, status: 'Degraded', replica_events: null, ready_replicas: -3, desired_replicas: 5, created_at: 'yesterday', region: 'us-east-1' }),
  (d) => {
    const { image: _image, created_at: _created, ...rest } = d;
    return { ...rest, status: null, description: null, replica_events: [], ready_replicas: 1e15, desired_replicas: 1e15, updated_at: '0000-00-00T00:00:00Z' };
  },
  (d) => ({
    ...d, status: 'ready', desired_replicas: -1, min_replicas: 9, max_replicas: 1, gpu_count: -2, memory: 1e300, cpu: '8', command: null,
    environment_variables: null, _debug: { trace: ['x'] },
    replica_events: { ...d.replica_events, 'replica-drifted': { replica_status: 'Exploding', replica_ready_since: 'not a date', revision_id: null, restarts: 4 } },
  }),
  (d) => ({ ...d, ready_replicas: -1e15, desired_replicas: -1e15, updated_at: '9999-12-31T23:59:59Z', replica_events: { ...d.replica_events, 'replica-null': null, 'replica-text': 'Running' } }),
];

const LOG_DRIFTS: ((l: DeploymentLogsWire) => unknown)[] = [
  () => ({ lines: null }),
  (l) => ({ lines: [1, null, ...l.lines, { text: 'an object' }] }),
  () => ({ lines: 'one string, not a list' }),
  (l) => ({ ...l, next_cursor: 42 }),
];

function echoKey(d: DeploymentWire, auth: string): DeploymentWire {
  const first = firstReplica(d);
  const replicaEvents = first === undefined ? d.replica_events : events([...Object.entries(d.replica_events), [first[0], { ...first[1], replica_status_message: `upstream said 401 for Authorization: ${auth}` }]]);
  return { ...d, description: `${d.description} (debug: Authorization: ${auth})`, replica_events: replicaEvents };
}

/** The deployment's first replicas (in the answer's order) and the hostile name each goes by. */
function hostileRenames(d: DeploymentWire): Map<string, string> {
  return new Map(Object.keys(d.replica_events).slice(0, HOSTILE_NAMES.length).map((name, i) => [name, HOSTILE_NAMES[i]!]));
}

/** Every hostile name on the wire: the first replicas renamed, and copies of the first for names left over. */
function renameReplicas(d: DeploymentWire): DeploymentWire {
  const renames = hostileRenames(d);
  const first = firstReplica(d);
  const leftOver = first === undefined ? [] : HOSTILE_NAMES.slice(renames.size).map((name): [string, ReplicaEventWire] => [name, first[1]]);
  return { ...d, replica_events: events([...Object.entries(d.replica_events).map(([name, e]): [string, ReplicaEventWire] => [renames.get(name) ?? name, e]), ...leftOver]) };
}

/** hostile-names for the logs: replica_id taken back to the real name, `[name]` prefixes renamed. */
function hostileLogs(req: ApiRequest, hosted: Hosted): Reply {
  const deployment = answer({ ...req, path: req.path.replace(/\/logs\/?$/, ''), query: new URLSearchParams() }, hosted);
  if (deployment.status !== 200) return deployment;
  const renames = hostileRenames(deployment.body as DeploymentWire);
  const original = new Map([...renames].map(([name, hostile]) => [hostile, name]));
  const query = new URLSearchParams(req.query);
  const asked = query.get('replica_id');
  if (asked !== null) query.set('replica_id', original.get(asked) ?? (renames.has(asked) ? '' : asked));
  const reply = answer({ ...req, query }, hosted);
  if (reply.status !== 200) return reply;
  const lines = (reply.body as DeploymentLogsWire).lines.map((line) => line.replace(/^\[([^\]]+)\]/, (all, name: string) => (renames.has(name) ? `[${renames.get(name)}]` : all)));
  return { ...reply, body: { lines } };
}

const isLogs = (req: ApiRequest) => /\/logs\/?$/.test(req.path);
const isQueueMetrics = (body: unknown) => typeof body === 'object' && body !== null && 'total_jobs' in body;

// The queue drifting: negative, absurd and mistyped counts, one variant per answer in turn.
const QUEUE_DRIFTS: ((q: QueueMetricsWire) => unknown)[] = [
  (q) => ({ ...q, messages_waiting: -3 }),
  (q) => ({ ...q, messages_running: 1e15, total_jobs: 1e15 }),
  (q) => ({ messages_waiting: String(q.messages_waiting), messages_running: null }),
  (q) => ({ ...q, messages_running: 2.5, oldest_job_age_s: 42 }),
];

/** The answer under `fault`; undefined for the faults server.ts plays on the socket. */
export function faultAnswer(fault: Fault & { nth: number }, req: ApiRequest, hosted: Hosted): Reply | undefined {
  const normal = () => answer(req, hosted);
  const auth = req.authorization ?? '';
  switch (fault.mode) {
    case 'error500':
      return errorReply(500, 'server_error', 'internal server error (simulated)');
    case 'error502':
    case 'error503':
    case 'error504':
      return proxyPage(Number(fault.mode.slice(-3)) as 502 | 503 | 504);
    case 'unauthorized':
      return errorReply(401, 'authentication_error', 'invalid API key (simulated)');
    case 'not-found': {
      const reply = normal();
      if (reply.status !== 200) return reply;
      const body = reply.body as Body;
      if ('object' in body && body.object === 'list') return { status: 200, body: { object: 'list', data: [] } satisfies DeploymentListWire };
      const id = 'object' in body ? body.name : decodeURIComponent(req.path.split('/')[3] ?? '');
      return errorReply(404, 'not_found_error', `deployment ${JSON.stringify(id)} not found`);
    }
    case 'huge':
      return reshape(normal(), huge, (l) => l);
    case 'long-strings':
      return reshape(normal(), (d, i) => longStrings(d, fault.nth, i), (l) => longLogLines(l, fault.nth));
    case 'drift': {
      const reply = normal();
      if (reply.status === 200 && isQueueMetrics(reply.body)) return { ...reply, body: QUEUE_DRIFTS[fault.nth % QUEUE_DRIFTS.length]!(reply.body as QueueMetricsWire) };
      return reshape(reply, (d) => DRIFTS[fault.nth % DRIFTS.length]!(d), (l) => LOG_DRIFTS[fault.nth % LOG_DRIFTS.length]!(l));
    }
    case 'echo-key':
      if (fault.nth % 2 === 0) return errorReply(500, 'server_error', `upstream rejected the request (headers: {"Authorization": "${auth}"})`);
      return reshape(normal(), (d) => echoKey(d, auth), (l) => ({ lines: [...l.lines, `2026-11-27T12:00:00.000Z DEBUG request headers: Authorization: ${auth}`] }));
    case 'hostile-names':
      return isLogs(req) ? hostileLogs(req, hosted) : reshape(normal(), renameReplicas, (l) => l);
    default:
      return undefined;
  }
}
