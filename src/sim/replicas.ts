// Building blocks the scenarios share: replicas that have served for a while, and fresh ones
// with slightly different (but fixed) timings so a rollout does not look machine-stamped.
import { replicaName, type DeploymentSpec } from './deployment.js';
import type { CrashFate, ReplicaPlan, Revision } from './lifecycle.js';

export interface Timing {
  preloadMs: number;
  startMs: number;
  loadMs: number;
}

// At speed 1 a fresh replica is ready in about 18–21 s.
const TIMINGS: readonly Timing[] = [
  { preloadMs: 8_000, startMs: 2_500, loadMs: 8_000 },
  { preloadMs: 9_000, startMs: 2_000, loadMs: 8_500 },
  { preloadMs: 7_500, startMs: 3_000, loadMs: 9_000 },
  { preloadMs: 8_500, startMs: 2_000, loadMs: 7_500 },
  { preloadMs: 6_500, startMs: 2_500, loadMs: 8_000 },
];

export function timing(i: number): Timing {
  return TIMINGS[i % TIMINGS.length]!;
}

/** Replica i of a revision, created at `createdAt`; it becomes ready unless given a crash fate. */
export function freshReplica(spec: DeploymentSpec, rev: Revision, i: number, createdAt: number, crash?: CrashFate): ReplicaPlan {
  return { name: replicaName(spec, rev, i), revision: rev, createdAt, ...timing(i), ...(crash === undefined ? {} : { crash }) };
}

/** `count` replicas that came up around `since` (before the simulator started) and serve ever since. */
export function servingReplicas(spec: DeploymentSpec, rev: Revision, count: number, since: number, firstIndex = 0): ReplicaPlan[] {
  return Array.from({ length: count }, (_, j) => freshReplica(spec, rev, firstIndex + j, since + j * 1_500));
}
