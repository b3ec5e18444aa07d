// A scenario's deployment at time t: the static spec plus the replicas' plans, assembled into the
// spec's DeploymentResponseItem with status and counts derived from the replicas themselves.
import { safeName, stableHex } from './ids.js';
import { replicaEventAt, type ReplicaPlan, type Revision } from './lifecycle.js';
import { isoSeconds, wallMs, type Timebase } from './timebase.js';
import type {
  AutoscalingWire, DeploymentStatusWire, DeploymentWire, EnvironmentVariableWire, ReplicaEventWire, VolumeMountWire,
} from './wire.js';

const DAY_MS = 86_400_000;

/** What a scenario's deployment is configured as; the parts that do not change over time. */
export interface DeploymentSpec {
  name: string;
  description: string;
  /** `registry.together.ai/<project>/<image>`, without the digest. */
  repository: string;
  /** Where the weights sit inside the container (on the mounted volume). */
  modelPath: string;
  modelId: string;
  gpuCount: number;
  minReplicas: number;
  maxReplicas: number;
  autoscaling?: AutoscalingWire;
}

/** A value that changes at given scenario times, e.g. desired replicas. */
export interface Step {
  at: number;
  value: number;
}

/** One play-through of a scenario, in scenario time (cycle k starts at k × period). */
export interface Cycle {
  /** The revision the deployment's spec points at. */
  target: Revision;
  replicas: ReplicaPlan[];
  /** Desired replicas, sorted by time; the first applies from the start of time. */
  desired: readonly Step[];
  /** When the spec was last changed by hand (autoscaler changes count too, see deploymentAt). */
  updatedAt: number;
  /** When the orchestrator gives up on the rollout. */
  failedAt?: number;
}

export interface Scenario {
  spec: DeploymentSpec;
  /** One line for `--help`. */
  description: string;
  /** Scenario ms from a cycle's start until its final state. */
  durationMs: number;
  /** The plans of cycle `index`; cycle k starts at k × period (loops only ever ask for k > 0). */
  cycle(index: number, period: number): Cycle;
  /** Jobs in the queue it scales on (waiting + running) at a time since its cycle's start; queue-autoscaled scenarios only. */
  queueJobs?(sinceCycleStart: number): number;
}

export const CREATED_AT = -3 * DAY_MS;
const PROJECT = 'proj_7f3c2a91d84e6b05';

export function repository(image: string): string {
  return `registry.together.ai/${PROJECT}/${image}`;
}

// A lookup by id hashes every hosted name: with thousands of generated deployments, remember them.
const ids = new Map<string, string>();

export function deploymentId(name: string): string {
  let id = ids.get(name);
  if (id === undefined) ids.set(name, (id = `dep-${stableHex(`deployment/${name}`, 16)}`));
  return id;
}

/** Revision n of a deployment: a pod-template-style id and a new image digest. */
export function revision(spec: DeploymentSpec, n: number): Revision {
  return { id: safeName(`${spec.name}/revision/${n}`, 9), image: `${spec.repository}@sha256:${stableHex(`${spec.name}/image/${n}`, 64)}` };
}

/** Replica i of a revision, named like a Kubernetes pod: `<deployment>-<revision>-<5 chars>`. */
export function replicaName(spec: DeploymentSpec, rev: Revision, i: number): string {
  return `${spec.name}-${rev.id}-${safeName(`${rev.id}/${i}`, 5)}`;
}

export function valueAt(steps: readonly Step[], t: number): Step | undefined {
  let current: Step | undefined;
  for (const s of steps) if (s.at <= t) current = s;
  return current;
}

function environment(spec: DeploymentSpec): EnvironmentVariableWire[] {
  return [
    { name: 'MODEL_ID', value: spec.modelId },
    { name: 'MAX_MODEL_LEN', value: '8192' },
    { name: 'VLLM_LOGGING_LEVEL', value: 'INFO' },
    { name: 'HF_TOKEN', value_from_secret: 'hf-token' },
  ];
}

function volumes(): VolumeMountWire[] {
  return [{ name: 'model-weights', mount_path: '/models', version: 3 }];
}

function statusOf(cycle: Cycle, events: ReplicaEventWire[], ready: number, desired: number, t: number): DeploymentStatusWire {
  if (cycle.failedAt !== undefined && t >= cycle.failedAt) return 'Failed';
  if (events.some((e) => e.revision_id !== cycle.target.id)) return 'Updating';
  if (ready !== desired || events.some((e) => e.replica_status === 'Terminated')) return 'Scaling';
  return 'Ready';
}

export function deploymentAt(spec: DeploymentSpec, cycle: Cycle, t: number, tb: Timebase): DeploymentWire {
  const replicaEvents: Record<string, ReplicaEventWire> = {};
  for (const plan of cycle.replicas) {
    const event = replicaEventAt(plan, t, tb);
    if (event !== undefined) replicaEvents[plan.name] = event;
  }
  const events = Object.values(replicaEvents);
  const ready = events.filter((e) => e.replica_status === 'Running' && e.replica_ready_since !== undefined).length;
  const desiredStep = valueAt(cycle.desired, t);
  const desired = desiredStep?.value ?? spec.minReplicas;
  // The autoscaler changing desired replicas is an update too.
  const updatedAt = Math.max(cycle.updatedAt, desiredStep !== undefined && Number.isFinite(desiredStep.at) ? desiredStep.at : -Infinity);
  return {
    object: 'deployment',
    id: deploymentId(spec.name),
    name: spec.name,
    description: spec.description,
    status: statusOf(cycle, events, ready, desired, t),
    image: cycle.target.image,
    command: ['python3', '-m', 'vllm.entrypoints.openai.api_server'],
    args: ['--model', spec.modelPath, '--served-model-name', spec.modelId, '--port', '8000', '--tensor-parallel-size', String(spec.gpuCount)],
    cpu: 8 * spec.gpuCount,
    memory: 64 * spec.gpuCount,
    storage: 200,
    gpu_type: 'h100-80gb',
    gpu_count: spec.gpuCount,
    port: 8000,
    health_check_path: '/health',
    environment_variables: environment(spec),
    volumes: volumes(),
    ...(spec.autoscaling === undefined ? {} : { autoscaling: spec.autoscaling }),
    min_replicas: spec.minReplicas,
    max_replicas: spec.maxReplicas,
    desired_replicas: desired,
    ready_replicas: ready,
    replica_events: replicaEvents,
    created_at: isoSeconds(wallMs(tb, CREATED_AT)),
    updated_at: isoSeconds(wallMs(tb, updatedAt)),
  };
}
