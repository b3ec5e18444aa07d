// A new revision whose container runs out of GPU memory at start-up: its replicas crash-loop
// while the old revision keeps serving (max unavailable 0), and the rollout is declared Failed.
import { repository, revision, type Cycle, type DeploymentSpec, type Scenario } from '../deployment.js';
import { phases, type CrashFate, type ReplicaPlan } from '../lifecycle.js';
import { freshReplica, servingReplicas } from '../replicas.js';

const DAY_MS = 86_400_000;
const BASE_REVISION = 7;
/** Surge replicas of the bad revision (the old three stay). */
const CRASHING = 2;

const spec: DeploymentSpec = {
  name: 'crashloop',
  description: 'Llama 3.3 70B Instruct (FP8), longer context in the new revision',
  repository: repository('llama-70b-serve'),
  modelPath: '/models/llama-3.3-70b-instruct-fp8',
  modelId: 'meta-llama/Llama-3.3-70B-Instruct',
  gpuCount: 2,
  minReplicas: 3,
  maxReplicas: 3,
};

const OOM: CrashFate = {
  runMs: 5_000,
  errorMs: 3_000,
  // The kubelet's back-off doubles from 10 s; holding at 40 s keeps the final state stable.
  backoffsMs: [10_000, 20_000, 40_000],
  message: 'Error: CUDA out of memory. Tried to allocate 3.91 GiB. GPU 0 has a total capacity of 79.10 GiB of which 1.87 GiB is free (exit code 1)',
};

function incoming(k: number, origin: number): ReplicaPlan[] {
  const rev = revision(spec, BASE_REVISION + 1 + k);
  return Array.from({ length: CRASHING }, (_, i) => freshReplica(spec, rev, i, origin + 1_000 + i * 1_500, OOM));
}

/** The orchestrator gives up a few seconds after the last replica enters its final back-off. */
const FAILED_AFTER = Math.max(...incoming(0, 0).map((p) => phases(p).at(-1)!.from)) + 3_000;

function cycle(k: number, period: number): Cycle {
  const origin = k * period;
  const rolledIn = incoming(k, origin);
  return {
    target: rolledIn[0]!.revision,
    replicas: [...servingReplicas(spec, revision(spec, BASE_REVISION), 3, -DAY_MS), ...rolledIn],
    desired: [{ at: -Infinity, value: 3 }],
    updatedAt: origin,
    failedAt: origin + FAILED_AFTER,
  };
}

export const crashloop: Scenario = {
  spec,
  description: 'A new revision crash-loops (CUDA OOM) while the old one serves; ends Failed',
  durationMs: FAILED_AFTER,
  cycle,
};
