// `depwatch sim`: the simulated deployments API on loopback, until a signal.
import { ConfigError } from '../config.js';
import type { Fault } from '../sim/faults.js';

// Kept here, not imported from sim/fleet.ts, so checking flags does not load the simulator.
const MAX_FLEET_DEPLOYMENTS = 5_000;
const MAX_FLEET_REPLICAS = 5_000;
const DEFAULT_FLEET_REPLICAS = 5;
/** 500 × 1,000 passes; 5,000 × 5,000 would make every GET /deployments gigabytes. */
const MAX_FLEET_PRODUCT = 500_000;

export interface SimArgs {
  /**
   * A string from the command line, with no yargs default: yargs gives a flag without a value its
   * default (a number option's 0), which would pick a free port nobody asked for. Absent is 0.
   */
  port?: string | number | undefined;
  /** Default ['rollout'], or none when `deployments` is given. */
  scenario?: string[] | undefined;
  deployments?: number | undefined;
  replicas?: number | undefined;
  speed: number;
  loop: boolean;
  'fail-rate': number;
  /** `MODE` or `MODE:COUNT`: a fault in force from the start. */
  fault?: string | undefined;
  /** A recording (--record) to serve instead of the scenarios. */
  replay?: string | undefined;
}

/** yargs turns a non-number into NaN and a repeated flag into an array: say what was given. */
function shown(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'something that is not a number' : String(value); // JSON says null for Infinity
  return JSON.stringify(value);
}

/** `--speed`, as `sim` and `demo` take it. */
export function checkSpeed(speed: unknown): number {
  if (typeof speed !== 'number' || !(Number.isFinite(speed) && speed > 0)) {
    throw new ConfigError(`--speed: expected a number greater than 0 (1 is real time, 10 ten times faster), got ${shown(speed)}`);
  }
  return speed;
}

function checkPort(given: unknown): number {
  // `--port` with no value is '' here: refused.
  const port = given === undefined ? 0 : typeof given === 'string' && /^\d+$/.test(given) ? Number(given) : given;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigError(`--port: expected a whole number from 0 to 65535 (0 picks a free port), got ${shown(given)}`);
  }
  return port;
}

function checkFailRate(rate: unknown): number {
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
    throw new ConfigError(`--fail-rate: expected a fraction from 0 to 1 (0.1 fails one request in ten), got ${shown(rate)}`);
  }
  return rate;
}

function checkCount(flag: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new ConfigError(`--${flag}: expected a whole number from 1 to ${max}, got ${shown(value)}`);
  }
  return value;
}

/** `--deployments N --replicas M`, or undefined when no project is to be generated. */
function checkFleet(deployments: unknown, replicas: unknown): { deployments: number; replicas: number } | undefined {
  if (deployments === undefined) {
    if (replicas !== undefined) throw new ConfigError('--replicas: only means something with --deployments N (e.g. --deployments 500 --replicas 20)');
    return undefined;
  }
  const fleet = { deployments: checkCount('deployments', deployments, MAX_FLEET_DEPLOYMENTS), replicas: checkCount('replicas', replicas ?? DEFAULT_FLEET_REPLICAS, MAX_FLEET_REPLICAS) };
  if (fleet.deployments * fleet.replicas > MAX_FLEET_PRODUCT) {
    throw new ConfigError(`--deployments ${fleet.deployments} × --replicas ${fleet.replicas}: at most ${MAX_FLEET_PRODUCT} in all (each list would be hundreds of MB); lower one of them`);
  }
  return fleet;
}

async function checkFault(spec: unknown): Promise<Fault | undefined> {
  if (spec === undefined) return undefined;
  const { FaultError, parseFaultSpec } = await import('../sim/faults.js');
  try {
    if (typeof spec !== 'string') throw new FaultError(`give it once, got ${shown(spec)}`);
    return parseFaultSpec(spec);
  } catch (error) {
    if (error instanceof FaultError) throw new ConfigError(`--fault: ${error.message}`);
    throw error;
  }
}

/** Why the port could not be listened on, as one line; other errors as they are. */
function listenError(error: unknown, port: number): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') return new ConfigError(`--port: ${port} is already in use; pick another port, or 0 for a free one`);
  if (code === 'EACCES') return new ConfigError(`--port: not allowed to listen on ${port} (ports below 1024 need privileges); pick another port, or 0 for a free one`);
  return error;
}

export async function startSim(args: SimArgs) {
  const port = checkPort(args.port);
  const speed = checkSpeed(args.speed);
  const failRate = checkFailRate(args['fail-rate']);
  const fault = await checkFault(args.fault);
  const fleet = checkFleet(args.deployments, args.replicas);
  const recording = args.replay === undefined ? undefined : (await import('../record/reader.js')).readRecording(args.replay);
  const { startSimulator } = await import('../sim/server.js');
  try {
    return await startSimulator({ port, ...(args.scenario === undefined ? {} : { scenarios: args.scenario }), ...(fleet ? { fleet } : {}), speed, loop: args.loop, failRate, ...(fault ? { fault } : {}), ...(recording ? { recording } : {}) });
  } catch (error) {
    throw listenError(error, port);
  }
}

export async function sim(args: SimArgs): Promise<number> {
  const server = await startSim(args);
  process.stdout.write(`listening on ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.once('SIGHUP', stop);
  });
  await server.close();
  return 0;
}
