// The simulated deployments API as a plain function: request in, status and JSON out. The
// server (server.ts) adds sockets, faults and the control endpoint around it.
import { deploymentId } from './deployment.js';
import { scenarioDeploymentName, scenarioLogs, scenarioQueue, scenarioQueueModel, scenarioState, type Playable, type ScenarioTime } from './scenarios.js';
import type { DeploymentListWire, ErrorWire, QueueErrorWire, QueueMetricsWire } from './wire.js';

export interface ApiRequest {
  method: string;
  /** Path with the query string removed, e.g. `/v1/deployments/rollout/logs`. */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** The deployments the simulator hosts and the scenario clock they are read at. */
export interface Hosted {
  /** The registered scenarios asked for, then any generated ones (sim/fleet.ts). */
  scenarios: readonly Playable[];
  /** Scenario ms since start (already multiplied by the speed). */
  elapsedMs(): number;
  time: ScenarioTime;
}

export function errorReply(status: number, type: string, message: string, headers?: Record<string, string>): Reply {
  const body: ErrorWire = { error: { message, type } };
  return { status, body, ...(headers === undefined ? {} : { headers }) };
}

/** The queue endpoints answer errors as a flat QueueError. */
export function queueErrorReply(status: number, type: string, message: string, param?: string): Reply {
  const body: QueueErrorWire = { message, type, ...(param === undefined ? {} : { param }) };
  return { status, body };
}

export const QUEUE_METRICS_PATH = '/v1/queue/metrics';

/** The queue metrics endpoint, with or without a trailing slash. */
export const isQueuePath = (path: string): boolean => path.replace(/\/$/, '') === QUEUE_METRICS_PATH;
const EMPTY_QUEUE: QueueMetricsWire = { messages_running: 0, messages_waiting: 0, total_jobs: 0 };

function queueMetrics(req: ApiRequest, hosted: Hosted): Reply {
  if (req.method !== 'GET') return { ...queueErrorReply(405, 'invalid_request_error', `method ${req.method} not allowed; the simulator only serves GET`), headers: { Allow: 'GET' } };
  const model = req.query.get('model');
  if (!model) return queueErrorReply(400, 'invalid_request_error', 'the query parameter "model" is required', 'model');
  const scenario = hosted.scenarios.find((s) => scenarioQueueModel(s) === model);
  // Queues are keyed by model name and the spec gives this endpoint no 404: a model nobody sends jobs to has an empty queue.
  return { status: 200, body: scenario === undefined ? EMPTY_QUEUE : scenarioQueue(scenario, hosted.elapsedMs(), hosted.time) ?? EMPTY_QUEUE };
}

// Any non-empty token will do: the simulator checks that a key is sent, not which.
export const BEARER = /^Bearer +\S/i;

/** The path's segments after the leading slash, decoded; undefined when one cannot be decoded. */
export function segments(path: string): string[] | undefined {
  try {
    return path.replace(/\/$/, '').split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/** The hosted scenario whose deployment has this id or name. */
function lookup(hosted: Hosted, idOrName: string): Playable | undefined {
  return hosted.scenarios.find((s) => scenarioDeploymentName(s) === idOrName || deploymentId(scenarioDeploymentName(s)) === idOrName);
}

export function answer(req: ApiRequest, hosted: Hosted): Reply {
  const queue = isQueuePath(req.path);
  if (!BEARER.test(req.authorization ?? '')) {
    const missing = 'missing API key: send "Authorization: Bearer <key>" (the simulator accepts any key)';
    return queue ? queueErrorReply(401, 'authentication_error', missing) : errorReply(401, 'authentication_error', missing);
  }
  if (queue) return queueMetrics(req, hosted);
  const parts = segments(req.path);
  const [v1, collection, id, sub, ...rest] = parts ?? [];
  if (parts === undefined || v1 !== 'v1' || collection !== 'deployments' || rest.length > 0 || (sub !== undefined && sub !== 'logs')) {
    return errorReply(404, 'not_found_error', `no such endpoint: ${req.method} ${req.path}`);
  }
  if (req.method !== 'GET') {
    return errorReply(405, 'invalid_request_error', `method ${req.method} not allowed; the simulator only serves GET`, { Allow: 'GET' });
  }
  if (id === undefined) {
    const list: DeploymentListWire = { object: 'list', data: hosted.scenarios.map((s) => scenarioState(s, hosted.elapsedMs(), hosted.time)) };
    return { status: 200, body: list };
  }
  const scenario = lookup(hosted, id);
  if (scenario === undefined) return errorReply(404, 'not_found_error', `deployment ${JSON.stringify(id)} not found`);
  if (sub === undefined) return { status: 200, body: scenarioState(scenario, hosted.elapsedMs(), hosted.time) };
  const replicaId = req.query.get('replica_id') ?? undefined;
  return { status: 200, body: scenarioLogs(scenario, hosted.elapsedMs(), { ...hosted.time, ...(replicaId ? { replicaId } : {}) }) };
}
