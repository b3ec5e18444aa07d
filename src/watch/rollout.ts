// Replicas grouped by revision → which revision is rolling in, how far it got, and the phase.
import type { Deployment } from '../api/schema.js';
import { countText, isCount } from './plausible.js';
import { replicaEntries, replicaHealth } from './replica.js';
import type { RevisionGroup, Rollout, RolloutPhase } from './types.js';

const UNKNOWN = '?';

function groupByRevision(d: Deployment): Map<string, RevisionGroup> {
  const groups = new Map<string, RevisionGroup>();
  for (const [name, ev] of replicaEntries(d)) {
    const revision = ev.revision_id ?? UNKNOWN;
    let g = groups.get(revision);
    if (!g) groups.set(revision, (g = { revision, replicas: [], ready: 0, failing: 0, live: 0 }));
    g.replicas.push(name);
    const health = replicaHealth(ev);
    if (health === 'ok') g.ready++;
    if (health === 'failing') g.failing++;
    if (health !== 'terminated') g.live++;
  }
  return groups;
}

/**
 * The target revision: the newest by first-seen order (`revisionOrder`, oldest first), else the
 * one whose replicas run the deployment's image, else the one with the most live replicas.
 */
function pickTarget(d: Deployment, groups: Map<string, RevisionGroup>, revisionOrder: readonly string[]): string | undefined {
  const live = [...groups.values()].filter((g) => g.live > 0);
  if (live.length === 0) return groups.size > 0 ? [...groups.keys()].at(-1) : undefined;
  if (live.length === 1) return live[0]!.revision;
  const seen = live.filter((g) => revisionOrder.includes(g.revision));
  if (seen.length === live.length) {
    return seen.reduce((a, b) => (revisionOrder.indexOf(a.revision) > revisionOrder.indexOf(b.revision) ? a : b)).revision;
  }
  const events = new Map(replicaEntries(d));
  const byImage = live.filter((g) => g.replicas.some((r) => events.get(r)?.image === d.image && d.image !== undefined));
  if (byImage.length === 1) return byImage[0]!.revision;
  return live.reduce((a, b) => (b.live > a.live ? b : a)).revision;
}

/**
 * The phase in words: `stable`, `rolling`, `failing`, and for a scale which way it goes
 * (`scaling up`, `scaling down`; just `scaling` when the counts are in doubt).
 */
export function phaseText(r: Rollout): string {
  if (r.phase === 'steady') return 'stable';
  if (r.phase !== 'scaling' || r.doubtful || r.ready === r.desired) return r.phase;
  return r.ready < r.desired ? 'scaling up' : 'scaling down';
}

const NO_ORDER: readonly string[] = [];
/** Per deployment object, the last two revision orders asked with (a watch and its tracker share one; another tracker reading the same object has its own). */
const ROLLOUTS = new WeakMap<Deployment, { order: readonly string[]; r: Rollout }[]>();

/** The deployment's rollout; parsed data is never changed, so a deployment read again with the same order is not grouped again. */
export function rollout(d: Deployment, revisionOrder: readonly string[] = NO_ORDER): Rollout {
  const cached = ROLLOUTS.get(d);
  const hit = cached?.find((c) => c.order === revisionOrder);
  if (hit) return hit.r;
  const r = rolloutOf(d, revisionOrder);
  ROLLOUTS.set(d, [{ order: revisionOrder, r }, ...(cached ?? []).slice(0, 1)]);
  return r;
}

function rolloutOf(d: Deployment, revisionOrder: readonly string[]): Rollout {
  const groups = groupByRevision(d);
  const target = pickTarget(d, groups, revisionOrder);
  const revisions = [...groups.values()];
  const previous = revisions.filter((g) => g.revision !== target && g.live > 0);
  const targetGroup = target === undefined ? undefined : groups.get(target);
  // An impossible count is not computed with: the replicas' own word stands in, and `doubtful` says so.
  const doubtful = (d.ready_replicas !== undefined && !isCount(d.ready_replicas)) || (d.desired_replicas !== undefined && !isCount(d.desired_replicas));
  const ready = isCount(d.ready_replicas) ? d.ready_replicas : revisions.reduce((n, g) => n + g.ready, 0);
  const desired = isCount(d.desired_replicas) ? d.desired_replicas : ready;

  let phase: RolloutPhase = 'steady';
  if (d.status === 'Failed' || (targetGroup?.failing ?? 0) > 0) phase = 'failing';
  else if (d.status === 'Updating' || previous.length > 0) phase = 'rolling';
  else if (d.status === 'Scaling' || ready !== desired) phase = 'scaling';

  const counts = doubtful ? `${countText(d.ready_replicas)}/${countText(d.desired_replicas)}` : `${ready}/${desired}`;
  return { phase, ...(target === undefined ? {} : { target }), previous, revisions, ready, desired, doubtful, counts };
}
