// The scenario registry and the pure functions over it: a scenario's deployment and logs are a
// function of elapsed scenario time only, so tests (and the server) just pick a time.
import { deploymentAt, type Scenario } from './deployment.js';
import { deploymentLogs, DEFAULT_LOG_LIMIT } from './logs.js';
import { crashloop } from './scenarios/crashloop.js';
import { rollout } from './scenarios/rollout.js';
import { scale } from './scenarios/scale.js';
import { stall } from './scenarios/stall.js';
import { steady } from './scenarios/steady.js';
import type { Timebase } from './timebase.js';
import type { DeploymentLogsWire, DeploymentWire, QueueMetricsWire } from './wire.js';

const REGISTRY = { steady, rollout, crashloop, scale, stall } satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof REGISTRY;

/** Names and one-line descriptions (with the length at speed 1), in the order `--help` lists them. */
export const SCENARIOS: readonly { name: ScenarioName; description: string }[] = (Object.keys(REGISTRY) as ScenarioName[]).map((name) => {
  const { description, durationMs } = REGISTRY[name];
  return { name, description: durationMs > 0 ? `${description} (${Math.round(durationMs / 1000)} s at speed 1)` : description };
});

/** How long a looping scenario holds its final state before it starts over (scenario ms). */
export const LOOP_PAUSE_MS = 12_000;

/** The wall-clock moment the pure functions call "simulator start" unless told otherwise. */
export const DEFAULT_STARTED_AT = Date.parse('2026-11-27T12:00:00Z');

export interface ScenarioTime {
  /** Wall-clock epoch ms of scenario time 0; timestamps in the bodies derive from it. */
  startedAt?: number;
  /** Scenario ms per wall ms; only used to turn scenario times into timestamps. */
  speed?: number;
  /** Start over LOOP_PAUSE_MS after the final state instead of holding it. */
  loop?: boolean;
}

export function isScenarioName(name: string): name is ScenarioName {
  return Object.hasOwn(REGISTRY, name);
}

/** Scenario ms from the start until the final state. */
export function scenarioDurationMs(name: ScenarioName): number {
  return REGISTRY[name].durationMs;
}

/** Scenario ms between the starts of two loops. */
export function scenarioPeriodMs(name: ScenarioName): number {
  return REGISTRY[name].durationMs + LOOP_PAUSE_MS;
}

export function scenarioDeploymentName(s: Playable): string {
  return playable(s).spec.name;
}

function frame(scenario: Scenario, elapsedMs: number, time: ScenarioTime) {
  const period = scenario.durationMs + LOOP_PAUSE_MS;
  const t = Math.max(0, elapsedMs);
  const index = time.loop === true ? Math.floor(t / period) : 0;
  const tb: Timebase = { startedAt: time.startedAt ?? DEFAULT_STARTED_AT, speed: time.speed ?? 1 };
  return { cycle: scenario.cycle(index, period), t, tb, origin: index * period };
}

/** A registered scenario by name, or a generated one (sim/fleet.ts) as it is. */
export type Playable = ScenarioName | Scenario;

export function playable(s: Playable): Scenario {
  return typeof s === 'string' ? REGISTRY[s] : s;
}

/** The deployment (DeploymentResponseItem JSON) after `elapsedMs` of scenario time. */
export function scenarioState(s: Playable, elapsedMs: number, time: ScenarioTime = {}): DeploymentWire {
  const scenario = playable(s);
  const { cycle, t, tb } = frame(scenario, elapsedMs, time);
  return deploymentAt(scenario.spec, cycle, t, tb);
}

/** The logs endpoint's body after `elapsedMs` of scenario time. */
export function scenarioLogs(
  s: Playable, elapsedMs: number, time: ScenarioTime & { replicaId?: string; limit?: number } = {},
): DeploymentLogsWire {
  const scenario = playable(s);
  const { cycle, t, tb } = frame(scenario, elapsedMs, time);
  const opts = { limit: time.limit ?? DEFAULT_LOG_LIMIT, ...(time.replicaId === undefined ? {} : { replicaId: time.replicaId }) };
  return { lines: deploymentLogs(scenario.spec, cycle.replicas, t, tb, opts) };
}

/** The model name of the queue a scenario's deployment scales on (autoscaling.model, else its name); undefined when it does not. */
export function scenarioQueueModel(s: Playable): string | undefined {
  const { spec, queueJobs } = playable(s);
  const a = spec.autoscaling;
  if (a?.metric !== 'QueueBacklogPerWorker' || queueJobs === undefined) return undefined;
  return a.model ?? spec.name;
}

/** The queue metrics body after `elapsedMs`: the scenario's jobs, as many running as there are ready replicas. */
export function scenarioQueue(s: Playable, elapsedMs: number, time: ScenarioTime = {}): QueueMetricsWire | undefined {
  const scenario = playable(s);
  const { cycle, t, tb, origin } = frame(scenario, elapsedMs, time);
  if (scenario.queueJobs === undefined) return undefined;
  const jobs = Math.max(0, Math.round(scenario.queueJobs(t - origin)));
  const running = Math.min(jobs, deploymentAt(scenario.spec, cycle, t, tb).ready_replicas);
  return { messages_running: running, messages_waiting: jobs - running, total_jobs: jobs };
}
