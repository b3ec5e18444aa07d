// Nothing happens: three ready replicas on one revision, serving traffic.
import { repository, revision, type DeploymentSpec, type Scenario } from '../deployment.js';
import { servingReplicas } from '../replicas.js';

const HOUR_MS = 3_600_000;

const spec: DeploymentSpec = {
  name: 'steady',
  description: 'Llama 3.1 8B Instruct chat endpoint',
  repository: repository('llama-chat'),
  modelPath: '/models/llama-3.1-8b-instruct',
  modelId: 'meta-llama/Llama-3.1-8B-Instruct',
  gpuCount: 1,
  minReplicas: 3,
  maxReplicas: 6,
  autoscaling: { metric: 'HTTPTotalRequests', target: 100, time_interval_minutes: 10 },
};

export const steady: Scenario = {
  spec,
  description: 'Ready, 3/3 replicas on one revision; nothing changes',
  durationMs: 0,
  cycle() {
    const rev = revision(spec, 12);
    return { target: rev, replicas: servingReplicas(spec, rev, 3, -6 * HOUR_MS), desired: [{ at: -Infinity, value: 3 }], updatedAt: -6 * HOUR_MS };
  },
};
