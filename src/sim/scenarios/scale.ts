// Queue-backlog autoscaling: a burst of work scales 1 → 5, then the backlog drains and it
// scales down to 2 (the newest replicas go first). Looping, each cycle starts back at 1.
import { repository, revision, type Cycle, type DeploymentSpec, type Scenario } from '../deployment.js';
import { DEFAULT_GONE_AFTER_MS, type ReplicaPlan } from '../lifecycle.js';
import { freshReplica, servingReplicas } from '../replicas.js';

const HOUR_MS = 3_600_000;
const SCALE_UP_AT = 6_000;
const SCALE_DOWN_AT = 50_000;
const MIN = 1;
const PEAK = 5;
const AFTER = 2;

const spec: DeploymentSpec = {
  name: 'scale',
  description: 'Qwen 2.5 7B Instruct batch workers fed from the 日本語 review queue (café team)',
  repository: repository('qwen-batch'),
  modelPath: '/models/qwen2.5-7b-instruct',
  modelId: 'Qwen/Qwen2.5-7B-Instruct',
  gpuCount: 1,
  minReplicas: MIN,
  maxReplicas: 5,
  autoscaling: { metric: 'QueueBacklogPerWorker', target: 1.01 },
};

const rev = revision(spec, 3);

/** When jobs start arriving faster than one replica takes them, and when the backlog drains. */
const BURST_AT = 1_500;
const DRAIN_FROM = 30_000;
const DRAINED_AT = 46_000;
/** Jobs in the queue at the burst's height: 14 per replica with one, 2.8 with five. */
const BURST_JOBS = 14;

/**
 * Jobs waiting + running at a time in a cycle: one per replica at rest (about the target), rising
 * before the scale-up to 5, holding while the new replicas come up, draining to 2 before the
 * scale-down to 2 (0.4 per replica with 5: the autoscaler removes three).
 */
function queueJobs(t: number): number {
  if (t < BURST_AT) return MIN;
  if (t < SCALE_UP_AT) return MIN + ((BURST_JOBS - MIN) * (t - BURST_AT)) / (SCALE_UP_AT - BURST_AT);
  // New jobs keep arriving while the backlog is worked: a little wobble, not a flat line.
  if (t < DRAIN_FROM) return BURST_JOBS + Math.sin(t / 2_500);
  if (t < DRAINED_AT) return BURST_JOBS + ((AFTER - BURST_JOBS) * (t - DRAIN_FROM)) / (DRAINED_AT - DRAIN_FROM);
  return AFTER;
}

/** The replicas cycle k adds for the burst; all but the first (oldest) are removed when it drains. */
function burst(k: number, origin: number): ReplicaPlan[] {
  const added = PEAK - MIN;
  return Array.from({ length: added }, (_, j) => {
    const plan = freshReplica(spec, rev, MIN + k * added + j, origin + SCALE_UP_AT + j * 700);
    const keep = j < AFTER - MIN;
    return keep ? plan : { ...plan, terminateAt: origin + SCALE_DOWN_AT + (j - (AFTER - MIN)) * 500 };
  });
}

function cycle(k: number, period: number): Cycle {
  const origin = k * period;
  // Later cycles start by scaling the previous cycle's survivor away, back to the minimum.
  const carried = k === 0 ? [] : burst(k - 1, origin - period).filter((p) => p.terminateAt === undefined).map((p) => ({ ...p, terminateAt: origin }));
  return {
    target: rev,
    replicas: [...servingReplicas(spec, rev, MIN, -5 * HOUR_MS), ...carried, ...burst(k, origin)],
    desired: [
      { at: k === 0 ? -Infinity : origin, value: MIN },
      { at: origin + SCALE_UP_AT, value: PEAK },
      { at: origin + SCALE_DOWN_AT, value: AFTER },
    ],
    updatedAt: -5 * HOUR_MS,
  };
}

const lastTermination = Math.max(...burst(0, 0).map((p) => p.terminateAt ?? 0));

export const scale: Scenario = {
  spec,
  description: 'Queue-backlog autoscaling 1 → 5 → 2 replicas',
  durationMs: lastTermination + DEFAULT_GONE_AFTER_MS,
  cycle,
  queueJobs,
};
