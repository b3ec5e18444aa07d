// A new revision replaces three old replicas one by one (max surge 1, max unavailable 0):
// each old replica stops the moment its replacement is ready. About 65 s at speed 1.
import { repository, revision, type Cycle, type DeploymentSpec, type Scenario } from '../deployment.js';
import { DEFAULT_GONE_AFTER_MS, readyAt, type ReplicaPlan } from '../lifecycle.js';
import { freshReplica, servingReplicas } from '../replicas.js';

const DAY_MS = 86_400_000;
const REPLICAS = 3;
/** The revision running before the first rollout; every loop rolls in the next one. */
const BASE_REVISION = 4;
/** The first new replica is scheduled a moment after the update. */
const FIRST_CREATED_AT = 1_000;

const spec: DeploymentSpec = {
  name: 'rollout',
  description: 'Mistral 7B Instruct v0.3, new image being rolled out',
  repository: repository('mistral-serve'),
  modelPath: '/models/mistral-7b-instruct-v0.3',
  modelId: 'mistralai/Mistral-7B-Instruct-v0.3',
  gpuCount: 1,
  minReplicas: REPLICAS,
  maxReplicas: REPLICAS,
};

/** The replicas cycle k rolls in, starting at `origin`: each is created when the previous one is ready. */
function incoming(k: number, origin: number): ReplicaPlan[] {
  const rev = revision(spec, BASE_REVISION + 1 + k);
  let at = origin + FIRST_CREATED_AT;
  return Array.from({ length: REPLICAS }, (_, i) => {
    const plan = freshReplica(spec, rev, i, at);
    at = readyAt(plan) ?? at;
    return plan;
  });
}

function cycle(k: number, period: number): Cycle {
  const origin = k * period;
  const rolledIn = incoming(k, origin);
  // The first cycle replaces replicas that served for days; later ones replace the previous cycle's.
  const previous = k === 0 ? servingReplicas(spec, revision(spec, BASE_REVISION), REPLICAS, -2 * DAY_MS) : incoming(k - 1, origin - period);
  const outgoing = previous.map((p, i) => ({ ...p, terminateAt: readyAt(rolledIn[i]!) ?? origin }));
  return {
    target: rolledIn[0]!.revision,
    replicas: [...outgoing, ...rolledIn],
    desired: [{ at: -Infinity, value: REPLICAS }],
    updatedAt: origin,
  };
}

const last = incoming(0, 0).at(-1)!;

export const rollout: Scenario = {
  spec,
  description: 'A new revision replaces 3 replicas one by one',
  durationMs: (readyAt(last) ?? 0) + DEFAULT_GONE_AFTER_MS,
  cycle,
};
