// `depwatch sim --deployments N --replicas M`: a generated project of N deployments, each one of
// four kinds (steady, rolling, scaling, failing) built from the same replica plans the hand-written
// scenarios use, so the list and a watch of any of them behave like the real thing at scale.
import { repository, revision, type Cycle, type DeploymentSpec, type Scenario } from './deployment.js';
import { distinctName, stableFraction } from './ids.js';
import { DEFAULT_GONE_AFTER_MS, phases, readyAt, type CrashFate, type ReplicaPlan, type Revision } from './lifecycle.js';
import { freshReplica } from './replicas.js';

export type FleetKind = 'steady' | 'rolling' | 'scaling' | 'failing';

// Half the fleet serves quietly; the rest is busy, in an order that puts every kind in the first five.
const KINDS: readonly FleetKind[] = ['rolling', 'steady', 'failing', 'scaling', 'steady', 'steady', 'rolling', 'steady'];

interface Model {
  slug: string;
  title: string;
  image: string;
  modelId: string;
  gpuCount: number;
}

const MODELS: readonly Model[] = [
  { slug: 'llama-70b', title: 'Llama 3.3 70B Instruct', image: 'llama-70b-serve', modelId: 'meta-llama/Llama-3.3-70B-Instruct', gpuCount: 2 },
  { slug: 'llama-8b', title: 'Llama 3.1 8B Instruct', image: 'llama-chat', modelId: 'meta-llama/Llama-3.1-8B-Instruct', gpuCount: 1 },
  { slug: 'mistral-7b', title: 'Mistral 7B Instruct v0.3', image: 'mistral-serve', modelId: 'mistralai/Mistral-7B-Instruct-v0.3', gpuCount: 1 },
  { slug: 'qwen-7b', title: 'Qwen 2.5 7B Instruct', image: 'qwen-serve', modelId: 'Qwen/Qwen2.5-7B-Instruct', gpuCount: 1 },
  { slug: 'gemma-27b', title: 'Gemma 2 27B Instruct', image: 'gemma-serve', modelId: 'google/gemma-2-27b-it', gpuCount: 1 },
  { slug: 'mixtral-8x7b', title: 'Mixtral 8x7B Instruct', image: 'mixtral-serve', modelId: 'mistralai/Mixtral-8x7B-Instruct-v0.1', gpuCount: 2 },
  { slug: 'deepseek-32b', title: 'DeepSeek R1 Distill Qwen 32B', image: 'deepseek-serve', modelId: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-32B', gpuCount: 2 },
  { slug: 'phi-4', title: 'Phi-4 14B', image: 'phi-serve', modelId: 'microsoft/phi-4', gpuCount: 1 },
];

const PURPOSES: readonly { slug: string; text: string }[] = [
  { slug: 'chat', text: 'chat endpoint' },
  { slug: 'batch', text: 'batch workers' },
  { slug: 'eval', text: 'evaluation harness' },
  { slug: 'canary', text: 'canary for the next release' },
  { slug: 'support', text: 'support assistant' },
  { slug: 'search', text: 'search answers' },
  { slug: 'summarize', text: 'document summaries' },
  { slug: 'agents', text: 'agent tool calls' },
];

const CRASHES: readonly Omit<CrashFate, 'backoffsMs'>[] = [
  { runMs: 5_000, errorMs: 3_000, message: 'Error: CUDA out of memory. Tried to allocate 3.91 GiB. GPU 0 has a total capacity of 79.10 GiB of which 1.87 GiB is free (exit code 1)' },
  { runMs: 2_000, errorMs: 3_000, message: "ModuleNotFoundError: No module named 'flash_attn_2_cuda' (exit code 1)" },
  { runMs: 8_000, errorMs: 3_000, message: 'ValueError: max_model_len 32768 is larger than the KV cache can hold (13712 tokens) (exit code 1)' },
];
// The kubelet's back-off doubles from 10 s; the last one is held, so the failure is the final state.
const BACKOFFS_MS = [10_000, 20_000, 40_000];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Kubernetes' default max surge: a quarter of the replicas at a time. */
const SURGE = 0.25;
/** Replicas of one wave are created this far apart, so a big rollout moves row by row, not in jumps. */
const STAGGER_MS = 40;
const LAG_MS = 60_000;

/** Deployment i's name: model and purpose, then `-2`, `-3`… once every pair is taken (unique by construction). */
export function fleetName(i: number): string {
  const pairs = MODELS.length * PURPOSES.length;
  const pair = i % pairs;
  const round = Math.floor(i / pairs);
  const base = `${MODELS[pair % MODELS.length]!.slug}-${PURPOSES[Math.floor(pair / MODELS.length)]!.slug}`;
  return round === 0 ? base : `${base}-${round + 1}`;
}

export function fleetKind(i: number): FleetKind {
  return KINDS[i % KINDS.length]!;
}

/** The first deployment of each kind has all `replicas` (the benchmarks watch them); the others up to that many, mostly far fewer. */
export function fleetSize(i: number, replicas: number): number {
  if (KINDS.indexOf(fleetKind(i)) === i) return replicas;
  const f = stableFraction(`fleet/size/${i}`);
  return Math.max(1, Math.round(replicas * f * f));
}

/** freshReplica, with a pod name no other replica of the revision has (pod names draw 5 random characters). */
function replica(spec: DeploymentSpec, rev: Revision, i: number, createdAt: number, crash?: CrashFate): ReplicaPlan {
  return { ...freshReplica(spec, rev, i, createdAt, crash), name: `${spec.name}-${rev.id}-${distinctName(rev.id, i, 5)}` };
}

/** servingReplicas, named as `replica` names them. */
function serving(spec: DeploymentSpec, rev: Revision, count: number, since: number): ReplicaPlan[] {
  return Array.from({ length: count }, (_, j) => replica(spec, rev, j, since + j * 1_500));
}

/** One cycle remembered: every poll of a big deployment asks for the same plans again. */
function remembered(cycle: (k: number, period: number) => Cycle): (k: number, period: number) => Cycle {
  let last: { k: number; period: number; cycle: Cycle } | undefined;
  return (k, period) => {
    if (last?.k !== k || last.period !== period) last = { k, period, cycle: cycle(k, period) };
    return last.cycle;
  };
}

function specOf(i: number, count: number, kind: FleetKind): DeploymentSpec {
  const model = MODELS[i % MODELS.length]!;
  const purpose = PURPOSES[Math.floor(i / MODELS.length) % PURPOSES.length]!;
  const min = kind === 'scaling' ? Math.max(1, Math.round(count / 5)) : count;
  return {
    name: fleetName(i),
    description: `${model.title}, ${purpose.text}`,
    repository: repository(model.image),
    modelPath: `/models/${model.modelId.split('/')[1]!.toLowerCase()}`,
    modelId: model.modelId,
    gpuCount: model.gpuCount,
    minReplicas: min,
    maxReplicas: kind === 'steady' ? count * 2 : count,
    ...(kind === 'scaling' || kind === 'steady' ? { autoscaling: { metric: 'HTTPTotalRequests', target: 100, time_interval_minutes: 10 } } : {}),
  };
}

function steady(spec: DeploymentSpec, count: number): Omit<Scenario, 'spec' | 'description'> {
  const rev = revision(spec, 12);
  const plans = serving(spec, rev, count, -6 * HOUR_MS);
  const cycle: Cycle = { target: rev, replicas: plans, desired: [{ at: -Infinity, value: count }], updatedAt: -6 * HOUR_MS };
  return { durationMs: 0, cycle: () => cycle };
}

/** A rolling update a quarter at a time: replica i of the new revision starts when replica i − surge is ready. */
function rolling(spec: DeploymentSpec, count: number, lag: number): Omit<Scenario, 'spec' | 'description'> {
  const surge = Math.max(1, Math.ceil(count * SURGE));
  const incoming = (k: number, origin: number): ReplicaPlan[] => {
    const rev = revision(spec, 5 + k);
    const out: ReplicaPlan[] = [];
    for (let i = 0; i < count; i++) {
      const at = i < surge ? origin + lag + 1_000 + i * STAGGER_MS : (readyAt(out[i - surge]!) ?? origin) + (i % surge) * 2;
      out.push(replica(spec, rev, i, at));
    }
    return out;
  };
  const cycle = (k: number, period: number): Cycle => {
    const origin = k * period;
    const rolledIn = incoming(k, origin);
    const previous = k === 0 ? serving(spec, revision(spec, 4), count, -2 * DAY_MS) : incoming(k - 1, origin - period);
    const outgoing = previous.map((p, i) => ({ ...p, terminateAt: readyAt(rolledIn[i]!) ?? origin }));
    return { target: rolledIn[0]!.revision, replicas: [...outgoing, ...rolledIn], desired: [{ at: -Infinity, value: count }], updatedAt: origin };
  };
  const last = Math.max(...incoming(0, 0).map((p) => readyAt(p) ?? 0));
  return { durationMs: last + DEFAULT_GONE_AFTER_MS, cycle: remembered(cycle) };
}

/** Scales from its minimum up to `count` and back down to half of it; the newest replicas go first. */
function scaling(spec: DeploymentSpec, count: number, lag: number): Omit<Scenario, 'spec' | 'description'> {
  const min = spec.minReplicas;
  const after = Math.max(min, Math.round(count / 2));
  const upAt = lag + 6_000;
  const downAt = lag + 50_000;
  const rev: Revision = revision(spec, 3);
  const step = Math.min(700, 20_000 / Math.max(1, count - min));
  const burst = (k: number, origin: number): ReplicaPlan[] => Array.from({ length: count - min }, (_, j) => {
    const plan = replica(spec, rev, min + k * count + j, origin + upAt + j * step);
    return j < after - min ? plan : { ...plan, terminateAt: origin + downAt + (j - (after - min)) * (step / 2) };
  });
  const base = serving(spec, rev, min, -5 * HOUR_MS);
  const cycle = (k: number, period: number): Cycle => {
    const origin = k * period;
    const carried = k === 0 ? [] : burst(k - 1, origin - period).filter((p) => p.terminateAt === undefined).map((p) => ({ ...p, terminateAt: origin }));
    return {
      target: rev,
      replicas: [...base, ...carried, ...burst(k, origin)],
      desired: [{ at: k === 0 ? -Infinity : origin, value: min }, { at: origin + upAt, value: count }, { at: origin + downAt, value: after }],
      updatedAt: -5 * HOUR_MS,
    };
  };
  const lastGone = Math.max(downAt, ...burst(0, 0).map((p) => p.terminateAt ?? 0));
  return { durationMs: lastGone + DEFAULT_GONE_AFTER_MS, cycle: remembered(cycle) };
}

/** A new revision crash-loops in a quarter-sized surge while the old one serves; the rollout ends Failed. */
function failing(spec: DeploymentSpec, count: number, i: number, lag: number): Omit<Scenario, 'spec' | 'description'> {
  const surge = Math.max(1, Math.ceil(count * SURGE));
  const fate: CrashFate = { ...CRASHES[i % CRASHES.length]!, backoffsMs: BACKOFFS_MS };
  const incoming = (k: number, origin: number) => {
    const rev = revision(spec, 8 + k);
    return Array.from({ length: surge }, (_, j) => replica(spec, rev, j, origin + lag + 1_000 + j * STAGGER_MS, fate));
  };
  const failedAfter = Math.max(...incoming(0, 0).map((p) => phases(p).at(-1)!.from)) + 3_000;
  const old = serving(spec, revision(spec, 7), count, -DAY_MS);
  const cycle = (k: number, period: number): Cycle => {
    const origin = k * period;
    const rolledIn = incoming(k, origin);
    return { target: rolledIn[0]!.revision, replicas: [...old, ...rolledIn], desired: [{ at: -Infinity, value: count }], updatedAt: origin, failedAt: origin + failedAfter };
  };
  return { durationMs: failedAfter, cycle: remembered(cycle) };
}

/** Deployment i of a generated project whose biggest deployment has `replicas` replicas. */
export function fleetDeployment(i: number, replicas: number): Scenario {
  const kind = fleetKind(i);
  const count = fleetSize(i, replicas);
  const spec = specOf(i, count, kind);
  // Deployment 0 starts at once (the benchmarks watch it); the others start within a minute, not in lockstep.
  const lag = i === 0 ? 0 : Math.round(stableFraction(`fleet/lag/${i}`) * LAG_MS);
  const play = kind === 'steady' ? steady(spec, count) : kind === 'rolling' ? rolling(spec, count, lag) : kind === 'scaling' ? scaling(spec, count, lag) : failing(spec, count, i, lag);
  return { spec, description: `generated ${kind} deployment`, ...play };
}

/** The generated project: `deployments` deployments with up to `replicas` replicas each. */
export function fleet(deployments: number, replicas: number): Scenario[] {
  return Array.from({ length: deployments }, (_, i) => fleetDeployment(i, replicas));
}

