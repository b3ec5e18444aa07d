// Fault injection: what the next API requests meet instead of (or on top of) a normal answer.
//
// Set at start (`depwatch sim --fault MODE[:COUNT]`, `startSimulator({ fault, failRate })`), from
// code (`sim.setFault(f)`), or at runtime through the control endpoint, which needs no auth, is
// not under /v1 and answers only loopback clients:
//   POST /_sim/faults  {"mode":"rate-limit","count":3,"retryAfterSeconds":2}  → 200 {"fault":{…}}
//   GET  /_sim/faults                                                       → 200 {"fault":{…}}
// `count` = how many following API requests it affects (omitted: until set to none). Control
// requests never count. Modes (answers other than these keep to the wire types of wire.ts):
//   none          normal answers
//   error500      500 with the API's JSON error body
//   error502/503/504  that status with an HTML page and text/html, as a proxy in front sends it
//   rate-limit    429 + Retry-After (retryAfterSeconds, default 2)
//   unauthorized  401 with the API's error body, whatever the key
//   not-found     404 as if the deployment was deleted (the list is empty); back when the count runs out
//   garbage       200 whose body is not the expected JSON (an HTML page, a JSON array, cut-off JSON, in turn)
//   truncated     200 cut mid-JSON, in turn: a Content-Length larger than what is sent, then the
//                 socket closed; or the first half of the body, honestly framed
//   hang          never answers
//   reset         socket destroyed
//   slow          answers normally after delayMs (default 3000)
//   redirect      302 to the same path on a second listening port (another origin); that port
//                 serves the API without faults, so a client that follows it without the key gets 401
//   huge          a valid deployment (and list) of about 10 MB: thousands of extra replicas with long messages
//   long-strings  a 3 MB description and replica message (in the list's first deployment), different in
//                 every answer, under the client's 8 MB cap on a body; logs of twenty 200 KB lines
//   drift         the API drifting from its description, different in every answer: unknown statuses,
//                 nulls, missing and extra fields, replica_events null or an array, negative and
//                 huge counts, nonsense dates; logs with non-string lines; queue metrics with
//                 negative, absurd and mistyped counts
//   echo-key      the request's Authorization header echoed: in turn a 500 whose error body quotes it,
//                 then a 200 with it in the description, a replica message and a log line
//   hostile-names replicas named constructor, __proto__, toString, hasOwnProperty (logs and replica_id too)
// Every fault applies to every API request, queue metrics included; those that reshape a
// deployment or logs (huge, long-strings, echo-key, hostile-names) leave queue metrics as they are.

export const FAULT_MODES = [
  'none', 'error500', 'rate-limit', 'garbage', 'hang', 'reset', 'slow', 'unauthorized',
  'error502', 'error503', 'error504', 'truncated', 'huge', 'long-strings', 'drift', 'echo-key',
  'hostile-names', 'not-found', 'redirect',
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface Fault {
  mode: FaultMode;
  /** How many following API requests it affects; omitted: all until replaced. */
  count?: number;
  /** rate-limit: the Retry-After header, in seconds. */
  retryAfterSeconds?: number;
  /** slow: how long to wait before answering. */
  delayMs?: number;
}

export const DEFAULT_RETRY_AFTER_SECONDS = 2;
export const DEFAULT_SLOW_DELAY_MS = 3_000;

const NONE: Fault = { mode: 'none' };

// Each garbage answer is the next of these: an HTML error page, JSON of the wrong shape, cut-off JSON.
const GARBAGE_BODIES = [
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>',
  '["this", "is", "not", "a", "deployment"]',
  '{"object":"deployment","id":"dep-',
];

export class FaultError extends Error {
  override readonly name = 'FaultError';
}

function isFaultMode(mode: unknown): mode is FaultMode {
  return typeof mode === 'string' && (FAULT_MODES as readonly string[]).includes(mode);
}

function optionalNumber(body: Record<string, unknown>, key: string, check: (n: number) => boolean, what: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) throw new FaultError(`"${key}" must be ${what}`);
  return value;
}

/** A Fault from an untrusted JSON body; throws FaultError with a one-line reason. */
export function parseFault(body: unknown): Fault {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new FaultError('expected a JSON object like {"mode":"error500"}');
  const record = body as Record<string, unknown>;
  const mode = record.mode;
  if (!isFaultMode(mode)) throw new FaultError(`"mode" must be one of ${FAULT_MODES.join(', ')}`);
  const count = optionalNumber(record, 'count', (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1');
  const retryAfterSeconds = optionalNumber(record, 'retryAfterSeconds', (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0');
  const delayMs = optionalNumber(record, 'delayMs', (n) => n >= 0, 'a number ≥ 0');
  return {
    mode,
    ...(count === undefined ? {} : { count }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    ...(delayMs === undefined ? {} : { delayMs }),
  };
}

/** `MODE` or `MODE:COUNT`, as `sim --fault` takes it; throws FaultError with a one-line reason. */
export function parseFaultSpec(text: string): Fault {
  const m = /^([a-z0-9-]+)(?::(\d+))?$/.exec(text.trim());
  if (!m || !isFaultMode(m[1])) throw new FaultError(`expected MODE or MODE:COUNT with MODE one of ${FAULT_MODES.join(', ')}, got ${JSON.stringify(text)}`);
  if (m[2] === undefined) return { mode: m[1] };
  const count = Number(m[2]);
  if (!(count >= 1)) throw new FaultError(`COUNT must be a whole number ≥ 1, got ${JSON.stringify(text)}`);
  return { mode: m[1], count };
}

/** The current fault, counted down per API request, plus the random 500s of `failRate`. */
export class Faults {
  private fault: Fault = NONE;
  private garbageServed = 0;
  /** Answers given under the current fault: modes that vary per answer take the next variant. */
  private playedSinceSet = 0;

  constructor(
    initial: Fault | undefined,
    private readonly failRate = 0,
    private readonly random: () => number = Math.random,
  ) {
    if (!(failRate >= 0 && failRate <= 1)) throw new FaultError('failRate must be between 0 and 1');
    if (initial !== undefined) this.set(initial);
  }

  set(fault: Fault): void {
    this.fault = parseFault(fault);
    this.playedSinceSet = 0;
  }

  current(): Fault {
    return { ...this.fault };
  }

  /** The fault this API request meets and the how-manieth answer under it (from 0); a counted fault is used up here. */
  take(): (Fault & { nth: number }) | undefined {
    const fault = this.fault;
    if (fault.mode !== 'none') {
      if (fault.count !== undefined) this.fault = fault.count > 1 ? { ...fault, count: fault.count - 1 } : NONE;
      return { ...fault, nth: this.playedSinceSet++ };
    }
    return this.failRate > 0 && this.random() < this.failRate ? { mode: 'error500', nth: 0 } : undefined;
  }

  /** The next garbage body, in turn. */
  garbage(): string {
    return GARBAGE_BODIES[this.garbageServed++ % GARBAGE_BODIES.length]!;
  }
}
