// The simulator's HTTP server (node:http only), bound to loopback: the deployments API of
// api.ts behind fault injection, plus the /_sim/faults control endpoint described in faults.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answer, errorReply, isQueuePath, type ApiRequest, type Hosted, type Reply } from './api.js';
import { faultAnswer } from './fault-answers.js';
import { DEFAULT_RETRY_AFTER_SECONDS, DEFAULT_SLOW_DELAY_MS, FaultError, Faults, parseFault, type Fault } from './faults.js';
import type { Deployment } from '../api/schema.js';
import type { Recording } from '../record/reader.js';
import { fleet } from './fleet.js';
import { asIfLive, replayAnswer } from './replay.js';
import { isScenarioName, SCENARIOS, type Playable, type ScenarioName } from './scenarios.js';

export { SCENARIOS } from './scenarios.js';
export type { Fault, FaultMode } from './faults.js';
export { FAULT_MODES, parseFaultSpec } from './faults.js';

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Scenario names to host, one deployment each; default ['rollout'] unless `fleet` is given. */
  scenarios?: readonly string[];
  /** A generated project (fleet.ts) hosted after the scenarios; it loops, and so does everything with it. */
  fleet?: { deployments: number; replicas: number };
  /** Scenario time per wall time; default 1. */
  speed?: number;
  /** Start each scenario over a little after it ends. */
  loop?: boolean;
  /** Wall clock (epoch ms); injectable so tests drive time. */
  now?: () => number;
  /** Fraction (0..1) of API requests answered with a random 500. */
  failRate?: number;
  random?: () => number;
  /** A fault in force from the start. */
  fault?: Fault;
  /** Serve this recording (sim --replay) instead of the scenarios. */
  recording?: Recording<Deployment | Deployment[]>;
}

export interface Simulator {
  /** The API base URL, e.g. http://127.0.0.1:PORT/v1. */
  url: string;
  port: number;
  /** Stops listening and ends every connection, hanging ones included. */
  close(): Promise<void>;
  setFault(fault: Fault): void;
}

export const CONTROL_PATH = '/_sim/faults';
/** GET: how many API requests the simulator has answered (and how many of them were for queue metrics), for benchmarks counting polls. */
export const STATS_PATH = '/_sim/stats';
const MAX_CONTROL_BODY = 64 * 1024;

function bodyText(reply: Reply): string {
  return typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
}

function send(res: ServerResponse, reply: Reply): void {
  const text = bodyText(reply);
  res.writeHead(reply.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...reply.headers });
  res.end(text);
}

/** A 200 cut mid-JSON: in turn, a Content-Length that promises the whole body and a closed socket, or an honestly framed half. */
function sendTruncated(res: ServerResponse, reply: Reply, nth: number): void {
  const whole = Buffer.from(bodyText(reply));
  const half = whole.subarray(0, Math.floor(whole.length / 2));
  const lies = nth % 2 === 0;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': lies ? whole.length : half.length });
  if (!lies) return void res.end(half);
  // end() on the socket sends what was written, then closes: the client is left short of what it was promised.
  res.write(half, () => res.socket?.end());
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function apiRequest(req: IncomingMessage, url: URL): ApiRequest {
  return { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, authorization: req.headers.authorization };
}

function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (address === '::1' || /^(::ffff:)?127\./.test(address));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_CONTROL_BODY) throw new FaultError('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function validate(opts: SimulatorOptions): Playable[] {
  const names = opts.scenarios ?? (opts.fleet === undefined ? ['rollout'] : []);
  if (names.length === 0 && opts.fleet === undefined) throw new Error('the simulator needs at least one scenario');
  for (const name of names) {
    if (!isScenarioName(name)) throw new Error(`unknown scenario ${JSON.stringify(name)}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  }
  const speed = opts.speed ?? 1;
  if (!(Number.isFinite(speed) && speed > 0)) throw new Error(`speed must be a positive number, not ${speed}`);
  const generated = opts.fleet === undefined ? [] : fleet(opts.fleet.deployments, opts.fleet.replicas);
  return [...new Set(names as ScenarioName[]), ...generated];
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const scenarios = validate(opts);
  const speed = opts.speed ?? 1;
  const now = opts.now ?? Date.now;
  const startedAt = now();
  const hosted: Hosted = {
    scenarios,
    elapsedMs: () => Math.max(0, now() - startedAt) * speed,
    time: { startedAt, speed, loop: opts.loop === true || opts.fleet !== undefined },
  };
  const recording = opts.recording && asIfLive(opts.recording, startedAt);
  const serve = (api: ApiRequest): Reply => (recording ? replayAnswer(api, recording, hosted.elapsedMs(), hosted.time.loop === true) : answer(api, hosted));
  const faults = new Faults(opts.fault, opts.failRate ?? 0, opts.random);
  const timers = new Set<NodeJS.Timeout>();
  const host = opts.host ?? '127.0.0.1';
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let requests = 0;
  /** Of them, queue metrics requests: a watch asks for them only for a queue-autoscaled deployment. */
  let queueRequests = 0;

  const delay = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(() => { timers.delete(timer); resolve(); }, ms);
    timers.add(timer);
  });

  async function control(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLoopback(req.socket.remoteAddress)) return send(res, errorReply(403, 'permission_error', 'the control endpoint answers loopback clients only'));
    if (req.method === 'GET') return send(res, { status: 200, body: { fault: faults.current() } });
    if (req.method !== 'POST') return send(res, errorReply(405, 'invalid_request_error', `use POST ${CONTROL_PATH}`, { Allow: 'GET, POST' }));
    try {
      faults.set(parseFault(JSON.parse(await readBody(req))));
      send(res, { status: 200, body: { fault: faults.current() } });
    } catch (error) {
      const reason = error instanceof FaultError ? error.message : 'body is not JSON';
      send(res, errorReply(400, 'invalid_request_error', reason));
    }
  }

  // The redirect fault's other origin: a second port serving the API without faults, opened on first use.
  let other: { server: Server; port: Promise<number> } | undefined;
  const otherOrigin = () => {
    if (!other) {
      const server = createServer(serveOrdinarily);
      other = { server, port: listen(server, 0, host) };
    }
    return other.port;
  };

  /** Plays a socket-level fault; true when that answered (or deliberately did not answer) the request. */
  async function play(fault: Fault & { nth: number }, req: IncomingMessage, res: ServerResponse, api: ApiRequest): Promise<boolean> {
    switch (fault.mode) {
      case 'slow':
        await delay(fault.delayMs ?? DEFAULT_SLOW_DELAY_MS);
        return false;
      case 'hang':
        // Never answered: the client gives up, or close() ends the socket.
        return true;
      case 'reset':
        req.socket.resetAndDestroy();
        return true;
      case 'rate-limit': {
        const seconds = fault.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
        send(res, errorReply(429, 'rate_limit_error', `rate limit exceeded; retry after ${seconds}s (simulated)`, { 'Retry-After': String(seconds) }));
        return true;
      }
      case 'garbage':
        send(res, { status: 200, body: faults.garbage() });
        return true;
      case 'truncated':
        sendTruncated(res, answer(api, hosted), fault.nth);
        return true;
      case 'redirect': {
        const location = `http://${urlHost}:${await otherOrigin()}${req.url ?? '/'}`;
        send(res, { status: 302, body: '', headers: { Location: location } });
        return true;
      }
      default: {
        const reply = faultAnswer(fault, api, hosted);
        if (reply === undefined) return false;
        send(res, reply);
        return true;
      }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    if (url.pathname === CONTROL_PATH) return control(req, res);
    if (url.pathname === STATS_PATH) return send(res, { status: 200, body: { requests, queueRequests } });
    requests++;
    const api = apiRequest(req, url);
    if (isQueuePath(api.path)) queueRequests++;
    const fault = faults.take();
    if (fault !== undefined && (await play(fault, req, res, api))) return;
    if (res.destroyed) return;
    send(res, serve(api));
  }

  function serveOrdinarily(req: IncomingMessage, res: ServerResponse): void {
    send(res, serve(apiRequest(req, new URL(req.url ?? '/', 'http://simulator.invalid'))));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, errorReply(500, 'server_error', 'simulator error'));
      else res.destroy();
    });
  });

  const port = await listen(server, opts.port ?? 0, host);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}/v1`,
    port,
    setFault: (fault) => faults.set(fault),
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        const servers = other ? [server, other.server] : [server];
        let open = servers.length;
        for (const s of servers) {
          s.close(() => { if (--open === 0) resolve(); });
          // Keep-alive and hanging connections would otherwise hold close() (and the process) open.
          s.closeAllConnections();
        }
      });
      return closing;
    },
  };
}
