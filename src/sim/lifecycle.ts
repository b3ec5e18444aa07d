// One replica's life as a pure function of scenario time: a plan (start time, durations, fate)
// unrolls into phases, and the phase at time t gives the ReplicaEvent the API reports.
import { isoSeconds, wallMs, type Timebase } from './timebase.js';
import type { ReplicaEventWire } from './wire.js';

export interface Revision {
  id: string;
  image: string;
}

/** A replica whose container keeps dying: how it dies and how the kubelet backs off. */
export interface CrashFate {
  /** How long each restart runs before it dies. */
  runMs: number;
  /** How long Terminated/Error shows before the back-off starts. */
  errorMs: number;
  /** Back-off after each crash; the last one is held for good (the scenario's final state). */
  backoffsMs: readonly number[];
  /** The Terminated/Error message: the error the container died with. */
  message: string;
}

export interface ReplicaPlan {
  name: string;
  revision: Revision;
  /** Scenario ms when the replica appears (negative: before the simulator started). */
  createdAt: number;
  /** Volume preload, while the container is still being created. */
  preloadMs: number;
  /** From preload done to the container running. */
  startMs: number;
  /** Running but not ready (model loading) until ready, or until the first crash. */
  loadMs: number;
  crash?: CrashFate;
  /** Scenario ms when the orchestrator stops it. */
  terminateAt?: number;
  /** How long it shows as Terminated before it disappears. */
  goneAfterMs?: number;
}

export type PhaseKind = 'creating' | 'starting' | 'loading' | 'ready' | 'crashed' | 'backoff' | 'terminated';

export interface Phase {
  kind: PhaseKind;
  from: number;
  /** Exclusive; Infinity for the phase the replica stays in. */
  to: number;
  /** Which container run (0 = first start) the phase belongs to. */
  run: number;
  backoffMs?: number;
}

export const DEFAULT_GONE_AFTER_MS = 5_000;

/** The phases of a replica's life, in order, without gaps. */
export function phases(plan: ReplicaPlan): Phase[] {
  const out: Phase[] = [];
  let at = plan.createdAt;
  const push = (kind: PhaseKind, ms: number, run = 0, backoffMs?: number) => {
    out.push({ kind, from: at, to: at + ms, run, ...(backoffMs === undefined ? {} : { backoffMs }) });
    at += ms;
  };
  push('creating', plan.preloadMs);
  push('starting', plan.startMs);
  if (plan.crash === undefined) {
    push('loading', plan.loadMs);
    push('ready', Infinity);
  } else {
    const { runMs, errorMs, backoffsMs } = plan.crash;
    backoffsMs.forEach((backoff, run) => {
      push('loading', run === 0 ? plan.loadMs : runMs, run);
      push('crashed', errorMs, run);
      push('backoff', run === backoffsMs.length - 1 ? Infinity : backoff, run, backoff);
    });
  }
  const lived = out.filter((p) => p.to > p.from);
  if (plan.terminateAt === undefined) return lived;
  const end = plan.terminateAt;
  const cut = lived.filter((p) => p.from < end).map((p) => ({ ...p, to: Math.min(p.to, end) }));
  cut.push({ kind: 'terminated', from: end, to: end + (plan.goneAfterMs ?? DEFAULT_GONE_AFTER_MS), run: cut.at(-1)?.run ?? 0 });
  return cut;
}

export function phaseAt(plan: ReplicaPlan, t: number): Phase | undefined {
  return phases(plan).find((p) => p.from <= t && t < p.to);
}

/** When the replica becomes ready; undefined for one that never does. */
export function readyAt(plan: ReplicaPlan): number | undefined {
  return plan.crash === undefined ? plan.createdAt + plan.preloadMs + plan.startMs + plan.loadMs : undefined;
}

/** The ReplicaEvent for a replica in a given phase. */
export function replicaEvent(plan: ReplicaPlan, phase: Phase, tb: Timebase): ReplicaEventWire {
  const iso = (t: number) => isoSeconds(wallMs(tb, t));
  const preloadDone = plan.createdAt + plan.preloadMs;
  const base: ReplicaEventWire = {
    image: plan.revision.image,
    revision_id: plan.revision.id,
    volume_preload_started_at: iso(plan.createdAt),
    ...(phase.kind === 'creating'
      ? { volume_preload_status: 'InProgress' }
      : { volume_preload_status: 'Completed', volume_preload_completed_at: iso(preloadDone) }),
  };
  switch (phase.kind) {
    case 'creating':
    case 'starting':
      return { ...base, replica_status: 'Waiting', replica_status_reason: 'ContainerCreating' };
    case 'loading':
      return { ...base, replica_status: 'Running' };
    case 'ready':
      return { ...base, replica_status: 'Running', replica_ready_since: iso(phase.from) };
    case 'crashed':
      return { ...base, replica_status: 'Terminated', replica_status_reason: 'Error', replica_status_message: plan.crash?.message ?? 'Error' };
    case 'backoff':
      return {
        ...base,
        replica_status: 'Waiting',
        replica_status_reason: 'CrashLoopBackOff',
        replica_status_message: `back-off ${Math.round((phase.backoffMs ?? 0) / 1000)}s restarting failed container=model pod=${plan.name}`,
      };
    case 'terminated':
      return { ...base, replica_status: 'Terminated', replica_status_reason: 'Completed' };
  }
}

/** The replica's event at scenario time t, or undefined when it does not exist (yet or any more). */
export function replicaEventAt(plan: ReplicaPlan, t: number, tb: Timebase): ReplicaEventWire | undefined {
  const phase = phaseAt(plan, t);
  return phase === undefined ? undefined : replicaEvent(plan, phase, tb);
}
