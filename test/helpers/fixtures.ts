// Builders for parsed deployments, shared by unit and component tests.
import type { Deployment, ReplicaEvent } from '../../src/api/schema.js';

export const T0 = Date.parse('2026-11-27T12:00:00Z');
export const iso = (ms: number) => new Date(ms).toISOString();

export function replica(overrides: Partial<ReplicaEvent> = {}): ReplicaEvent {
  return {
    image: 'registry.together.ai/acme/llm@sha256:1111111111111111111111111111111111111111111111111111111111111111',
    replica_status: 'Running',
    replica_status_reason: undefined,
    replica_status_message: undefined,
    replica_ready_since: iso(T0 - 3_600_000),
    revision_id: 'rev-1',
    volume_preload_status: 'Completed',
    volume_preload_started_at: iso(T0 - 3_700_000),
    volume_preload_completed_at: iso(T0 - 3_650_000),
    ...overrides,
  };
}

export function deployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    id: 'dep-4f2a9c',
    name: 'llama-chat',
    object: 'deployment',
    description: 'Llama chat inference server',
    status: 'Ready',
    image: 'registry.together.ai/acme/llm@sha256:1111111111111111111111111111111111111111111111111111111111111111',
    cpu: 8,
    memory: 32,
    storage: 100,
    gpu_type: 'h100-80gb',
    gpu_count: 1,
    port: 8000,
    health_check_path: '/health',
    desired_replicas: 3,
    ready_replicas: 3,
    min_replicas: 1,
    max_replicas: 5,
    autoscaling: { metric: 'QueueBacklogPerWorker', target: 1.01 },
    environment_variables: [
      { name: 'MODEL_ID', value: 'meta-llama/Llama-3-8B' },
      { name: 'HF_TOKEN', value_from_secret: 'hf-token' },
    ],
    volumes: [{ name: 'weights', mount_path: '/models', version: 3 }],
    replica_events: {
      'llama-chat-rev-1-a': replica(),
      'llama-chat-rev-1-b': replica(),
      'llama-chat-rev-1-c': replica(),
    },
    created_at: iso(T0 - 3 * 86_400_000),
    updated_at: iso(T0 - 3_600_000),
    ...overrides,
  };
}

const NEW_IMAGE = 'registry.together.ai/acme/llm@sha256:2222222222222222222222222222222222222222222222222222222222222222';

/** Mid-rollout: rev-2 has one ready replica, one preloading; rev-1 has two left. */
export function rollingDeployment(): Deployment {
  return deployment({
    status: 'Updating',
    image: NEW_IMAGE,
    ready_replicas: 3,
    updated_at: iso(T0 - 60_000),
    replica_events: {
      'llama-chat-rev-1-a': replica({ replica_status: 'Terminated', replica_status_reason: 'Completed', replica_ready_since: undefined }),
      'llama-chat-rev-1-b': replica(),
      'llama-chat-rev-1-c': replica(),
      'llama-chat-rev-2-a': replica({ image: NEW_IMAGE, revision_id: 'rev-2', replica_ready_since: iso(T0 - 20_000) }),
      'llama-chat-rev-2-b': replica({
        image: NEW_IMAGE, revision_id: 'rev-2', replica_status: 'Waiting', replica_status_reason: 'ContainerCreating',
        replica_ready_since: undefined, volume_preload_status: 'InProgress', volume_preload_completed_at: undefined,
      }),
    },
  });
}

/** The new revision crash-loops; the deployment has failed. */
export function failedDeployment(): Deployment {
  return deployment({
    status: 'Failed',
    image: NEW_IMAGE,
    ready_replicas: 2,
    replica_events: {
      'llama-chat-rev-1-b': replica(),
      'llama-chat-rev-1-c': replica(),
      'llama-chat-rev-2-a': replica({
        image: NEW_IMAGE, revision_id: 'rev-2', replica_status: 'Waiting', replica_status_reason: 'CrashLoopBackOff',
        replica_status_message: 'back-off 40s restarting failed container=model pod=llama-chat-rev-2-a',
        replica_ready_since: undefined,
      }),
    },
  });
}
