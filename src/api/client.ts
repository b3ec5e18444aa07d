// The one place that speaks HTTP to the deployments API. Every failure leaves here as an
// ApiError with a kind; every body leaves here parsed and sanitized.
import ky, { HTTPError, NetworkError, TimeoutError, type KyInstance } from 'ky';
import { ApiError } from './errors.js';
import { guardedFetch } from './guarded-fetch.js';
import { listParser } from './list-parser.js';
import { deploymentParser } from './replica-items.js';
import { parseQueueMetrics, queueErrorMessage, type QueueMetrics } from './queue-schema.js';
import { errorMessage, excerpt, parseDeployment, parseDeploymentList, parseDeploymentLogsText, jsonOrUndefined, type Deployment, type DeploymentList, type DeploymentLogs } from './schema.js';
import { DEFAULT_BASE_URL } from '../config.js';
import { addSecret } from '../redact.js';

export interface ClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  /** Retries inside one call, for one-shot commands; the watch poller does its own (0 here). */
  retries?: number;
  userAgent?: string;
  /** The fetch under ky (tests); by default the guarded one (no cross-origin redirects, capped bodies). */
  fetch?: typeof fetch;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

export interface DeploymentsClient {
  list(opts?: RequestOptions): Promise<DeploymentList>;
  get(idOrName: string, opts?: RequestOptions): Promise<Deployment>;
  logs(idOrName: string, replicaId?: string, opts?: RequestOptions): Promise<DeploymentLogs>;
  /** GET /queue/metrics?model=: the queue a QueueBacklogPerWorker deployment scales on. */
  queueMetrics(model: string, opts?: RequestOptions): Promise<QueueMetrics>;
}

/** Retry-After is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed by the server',
};

/**
 * Codes that say no server was reached at all. A reset, a closed socket or a slow answer are not
 * among them: something was there, and a command waiting on it keeps trying.
 */
const UNREACHED_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function networkReason(error: unknown): { reason: string; unreached: boolean } {
  // undici nests the system error: NetworkError → TypeError('fetch failed') → Error{code}. Without
  // a code, the innermost message says the most ("bad port"), the outer ones only "it failed".
  let cur: unknown = error;
  let innermost = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 5 && cur instanceof Error; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return { reason: NETWORK_CODES[code] ?? code, unreached: UNREACHED_CODES.has(code) };
    if (cur.message) innermost = cur.message;
    cur = cur.cause;
  }
  return { reason: innermost, unreached: false };
}

/** What a server's error message may take of one line (after redaction): a 16 KB message is not read. */
const MAX_DETAIL = 200;

/** A proxy's HTML error page says what it is in its <title>; the rest is markup. */
function htmlTitle(body: string): string | undefined {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body.slice(0, 4096))?.[1]?.replace(/\s+/g, ' ').trim();
  return title ? excerpt(title, MAX_DETAIL) : undefined;
}

const looksLikeHtml = (body: string) => /^\s*<(!doctype\s+html|html|head|body|title)\b/i.test(body);

/** The server's own words for a failure, short: its JSON error message, an HTML page's title, or the start of the body. */
function errorDetail(body: unknown): string | undefined {
  const parsed = typeof body === 'string' ? jsonOrUndefined(body) : body;
  const serverSays = errorMessage(parsed) ?? queueErrorMessage(parsed); // the queue API's errors are flat
  if (serverSays !== undefined) return excerpt(serverSays, MAX_DETAIL);
  if (body === undefined || body === '') return undefined;
  if (typeof body === 'string' && looksLikeHtml(body)) return htmlTitle(body);
  return excerpt(body, 60);
}

async function classifyHttp(error: HTTPError, what: string): Promise<ApiError> {
  const status = error.response.status;
  const detail = errorDetail(error.data);
  const suffix = detail ? `: ${detail}` : '';
  if (status === 401 || status === 403) {
    return new ApiError('auth', `authentication failed (${status})${suffix}`, { status });
  }
  if (status === 404) return new ApiError('not-found', `${what} not found (404)`, { status });
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(error.response.headers.get('retry-after'));
    return new ApiError('rate-limited', `rate limited (429)${suffix}`, { status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
  }
  if (status >= 500) return new ApiError('server', `server error (${status})${suffix}`, { status });
  return new ApiError('invalid-response', `unexpected HTTP ${status}${suffix}`, { status });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('invalid-response', `the server sent something that is not JSON: ${excerpt(text)}`, { excerpt: excerpt(text) });
  }
}


async function toApiError(error: unknown, what: string, signal?: AbortSignal): Promise<unknown> {
  if (error instanceof ApiError) return error;
  if (signal?.aborted) return error; // the caller stopped; not a failure to report
  if (error instanceof HTTPError) return classifyHttp(error, what);
  if (error instanceof TimeoutError) return new ApiError('timeout', 'request timed out', { cause: error });
  if (error instanceof NetworkError || error instanceof TypeError) {
    const { reason, unreached } = networkReason(error);
    return new ApiError('network', reason, { cause: error, unreached });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError('network', message, { cause: error });
}

/** The last answer for one key: handed back as it was while its bytes stay the same, made again (`parse`) when they change. */
function lastAnswer<T>() {
  let last: { key: string; text: string; value: T } | undefined;
  return (key: string, text: string, parse: () => T): T => {
    if (last?.key === key && last.text === text) return last.value;
    const value = parse();
    last = { key, text, value };
    return value;
  };
}

export function createClient(options: ClientOptions): DeploymentsClient {
  addSecret(options.apiKey);
  const base = options.baseUrl.replace(/\/+$/, '') + '/';
  const http: KyInstance = ky.create({
    baseUrl: base,
    timeout: options.timeoutMs,
    retry: options.retries ?? 0,
    fetch: options.fetch ?? guardedFetch(),
    headers: {
      authorization: `Bearer ${options.apiKey}`,
      accept: 'application/json',
      'user-agent': options.userAgent ?? 'depwatch',
    },
  });

  async function getText(path: string, what: string, opts: RequestOptions, searchParams?: Record<string, string>): Promise<string> {
    try {
      return await http.get(path, { ...(opts.signal ? { signal: opts.signal } : {}), ...(searchParams ? { searchParams } : {}) }).text();
    } catch (error) {
      throw await toApiError(error, what, opts.signal);
    }
  }

  async function getJson(path: string, what: string, opts: RequestOptions, searchParams?: Record<string, string>): Promise<unknown> {
    return parseJson(await getText(path, what, opts, searchParams));
  }

  const path = (idOrName: string) => {
    // "." and ".." are read by URL parsing as "here" and "up", encoded or not: another endpoint.
    if (/^\.+$/.test(idOrName)) throw new ApiError('invalid-response', `not a deployment id or name: ${JSON.stringify(idOrName)}`);
    return `deployments/${encodeURIComponent(idOrName)}`;
  };

  // A list endpoint that is not there means the base URL is wrong, not that nothing is deployed.
  const wrongBaseUrl = () => new ApiError('not-found', `${base}deployments is not there (404): the base URL looks wrong; it should end with /v1, like ${DEFAULT_BASE_URL}`, { status: 404, wrongBaseUrl: true });
  let listAnswers: boolean | undefined;
  /** A deployment's 404 is "not found" only once the list endpoint is known to exist (asked once). */
  async function notFound(error: unknown, opts: RequestOptions): Promise<unknown> {
    if (!(error instanceof ApiError) || error.kind !== 'not-found') return error;
    if (listAnswers === undefined) {
      try {
        await http.get('deployments', opts.signal ? { signal: opts.signal } : {}).text();
        listAnswers = true;
      } catch (listError) {
        if (listError instanceof HTTPError && listError.response.status === 404) listAnswers = false;
      }
    }
    return listAnswers === false ? wrongBaseUrl() : error;
  }

  /** A deployment's answer (or its logs'), its 404 checked against the list endpoint. */
  async function deploymentText(at: string, idOrName: string, opts: RequestOptions, searchParams?: Record<string, string>): Promise<string> {
    try {
      return await getText(at, `deployment ${JSON.stringify(idOrName)}`, opts, searchParams);
    } catch (error) {
      throw await notFound(error, opts);
    }
  }

  // A watched deployment (and a replica's logs) mostly comes back byte for byte the same: the same
  // bytes are the same answer, so the last one is handed back (the very object: parsed data is
  // never mutated) without parsing, validating and sanitizing it again - most of a steady poll's
  // work and garbage.
  const lastGet = lastAnswer<Deployment>();
  // A changed answer's unchanged replica events, the same way, one by one.
  const parseGet = deploymentParser((text) => parseDeployment(parseJson(text)));
  const lastLogs = lastAnswer<DeploymentLogs>();
  // The list's unchanged deployments, the same way, one by one.
  const parseList = listParser((text) => parseDeploymentList(parseJson(text)));

  return {
    async list(opts = {}) {
      let text: string;
      try {
        text = await getText('deployments', 'deployments', opts);
      } catch (error) {
        throw error instanceof ApiError && error.kind === 'not-found' ? wrongBaseUrl() : error;
      }
      listAnswers = true;
      return parseList(text);
    },
    async get(idOrName, opts = {}) {
      const at = path(idOrName);
      const text = await deploymentText(at, idOrName, opts);
      return lastGet(at, text, () => parseGet(text));
    },
    async logs(idOrName, replicaId, opts = {}) {
      const params = replicaId === undefined ? undefined : { replica_id: replicaId };
      const at = `${path(idOrName)}/logs`;
      const text = await deploymentText(at, idOrName, opts, params);
      return lastLogs(`${at}?${replicaId ?? ''}`, text, () => parseDeploymentLogsText(text));
    },
    async queueMetrics(model, opts = {}) {
      return parseQueueMetrics(await getJson('queue/metrics', `queue metrics for ${JSON.stringify(model)}`, opts, { model }));
    },
  };
}
