// Fault injection: what the next API requests meet instead of (or before) a normal answer.
//
// Set at start (`startSimulator({ fault, failRate })`), from code (`sim.setFault(f)`), or at
// runtime through the control endpoint, which needs no auth, is not under /v1 and answers
// only loopback clients:
//   POST /_sim/faults  {"mode":"rate-limit","count":3,"retryAfterSeconds":2}  → 200 {"fault":{…}}
//   GET  /_sim/faults                                                       → 200 {"fault":{…}}
// Modes: none | error500 | rate-limit (429 + Retry-After) | garbage (200, not the expected
// JSON) | hang (never answers) | reset (socket destroyed) | slow (answers after delayMs) |
// unauthorized (401). `count` = how many following API requests it affects (omitted: until
// set to none). Control requests never count.

export const FAULT_MODES = ['none', 'error500', 'rate-limit', 'garbage', 'hang', 'reset', 'slow', 'unauthorized'] as const;
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
  if (typeof mode !== 'string' || !(FAULT_MODES as readonly string[]).includes(mode)) {
    throw new FaultError(`"mode" must be one of ${FAULT_MODES.join(', ')}`);
  }
  const count = optionalNumber(record, 'count', (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1');
  const retryAfterSeconds = optionalNumber(record, 'retryAfterSeconds', (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0');
  const delayMs = optionalNumber(record, 'delayMs', (n) => n >= 0, 'a number ≥ 0');
  return {
    mode: mode as FaultMode,
    ...(count === undefined ? {} : { count }),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    ...(delayMs === undefined ? {} : { delayMs }),
  };
}

/** The current fault, counted down per API request, plus the random 500s of `failRate`. */
export class Faults {
  private fault: Fault = NONE;
  private garbageServed = 0;

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
  }

  current(): Fault {
    return { ...this.fault };
  }

  /** The fault this API request meets, if any; a counted fault is used up here. */
  take(): Fault | undefined {
    const fault = this.fault;
    if (fault.mode !== 'none') {
      if (fault.count !== undefined) this.fault = fault.count > 1 ? { ...fault, count: fault.count - 1 } : NONE;
      return fault;
    }
    return this.failRate > 0 && this.random() < this.failRate ? { mode: 'error500' } : undefined;
  }

  /** The next garbage body, in turn. */
  garbage(): string {
    return GARBAGE_BODIES[this.garbageServed++ % GARBAGE_BODIES.length]!;
  }
}
