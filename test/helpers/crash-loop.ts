// A recorded crash loop, as the simulator's `crashloop` scenario plays it: rev-2's replica runs,
// dies (Terminated/Error with the cause), backs off (CrashLoopBackOff, the message says only
// "back-off"), runs again (Running, not ready: the API gives no restart count), and dies again.
import type { Deployment } from '../../src/api/schema.js';
import { deployment, iso, replica, T0 } from './fixtures.js';

export const NEW_IMAGE = 'registry.together.ai/acme/llm@sha256:2222222222222222222222222222222222222222222222222222222222222222';
export const OOM = 'CUDA out of memory. Tried to allocate 3.91 GiB';

const states = {
  running: { replica_status: 'Running', replica_status_reason: undefined, replica_status_message: undefined, replica_ready_since: undefined },
  crashed: { replica_status: 'Terminated', replica_status_reason: 'Error', replica_status_message: OOM, replica_ready_since: undefined },
  backoff: { replica_status: 'Waiting', replica_status_reason: 'CrashLoopBackOff', replica_status_message: 'back-off 10s restarting failed container=model', replica_ready_since: undefined },
} as const;

export type CrashState = keyof typeof states;

/** The deployment with rev-1 serving and rev-2's one replica in `state`. */
export function crashing(state: CrashState): Deployment {
  const base = deployment();
  return deployment({
    status: 'Updating',
    image: NEW_IMAGE,
    replica_events: {
      ...base.replica_events,
      'llama-chat-rev-2-a': replica({ image: NEW_IMAGE, revision_id: 'rev-2', volume_preload_started_at: iso(T0 + 1_000), ...states[state] }),
    },
  });
}

/** Polls 2 s apart: steady, then three crash cycles; each step's state and when it was fetched. */
export function crashLoopSteps(): [number, Deployment][] {
  const cycle: CrashState[] = ['running', 'running', 'crashed', 'backoff', 'backoff', 'backoff'];
  const order: CrashState[] = [...cycle, ...cycle, ...cycle, 'running'];
  return [[T0, deployment()], ...order.map((st, i): [number, Deployment] => [T0 + 2_000 * (i + 1), crashing(st)])];
}
