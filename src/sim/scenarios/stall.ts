// A rollout that never progresses: the new revision's first replica stays ContainerCreating
// (its volume preload never finishes) while the old three keep serving (max surge 1, max
// unavailable 0). The deployment says Updating forever: the path of a progress deadline.
import { repository, revision, type Cycle, type DeploymentSpec, type Scenario } from '../deployment.js';
import { freshReplica, servingReplicas } from '../replicas.js';

const DAY_MS = 86_400_000;
const REPLICAS = 3;
const BASE_REVISION = 9;
/** The stuck replica is scheduled a moment after the update. */
const CREATED_AT = 1_500;

const spec: DeploymentSpec = {
  name: 'stall',
  description: 'Gemma 2 27B Instruct, new revision waiting on its model volume',
  repository: repository('gemma-serve'),
  modelPath: '/models/gemma-2-27b-it',
  modelId: 'google/gemma-2-27b-it',
  gpuCount: 1,
  minReplicas: REPLICAS,
  maxReplicas: REPLICAS,
};

function cycle(): Cycle {
  const rev = revision(spec, BASE_REVISION + 1);
  // A preload that never completes keeps the replica in ContainerCreating for good.
  const stuck = { ...freshReplica(spec, rev, 0, CREATED_AT), preloadMs: Infinity };
  return {
    target: rev,
    replicas: [...servingReplicas(spec, revision(spec, BASE_REVISION), REPLICAS, -4 * DAY_MS), stuck],
    desired: [{ at: -Infinity, value: REPLICAS }],
    updatedAt: 0,
  };
}

export const stall: Scenario = {
  spec,
  description: 'A new revision stays ContainerCreating forever (volume preload stuck); Updating, never done',
  durationMs: 0,
  cycle,
};
