// The computed view of a deployment (phase, target revision, progress, failing replicas) for
// scripts: a JSON object that sits beside the API's document under its own `depwatch` key, so the
// document stays as the API sent it, and the plain lines `status` adds below its summary.
import type { Deployment } from '../api/schema.js';
import { progressOnce, phaseText, failureText, type ProgressView } from '../watch/progress.js';
import { scalingWords } from './summary.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** snake_case like the API's document beside it; times as ISO 8601, durations in ms. */
export function progressJson(view: ProgressView) {
  const r = view.rollout;
  return {
    phase: view.phase,
    summary: phaseText(view),
    target_revision: view.target ?? null,
    previous_revisions: view.previous,
    ready_replicas: view.ready,
    desired_replicas: view.desired,
    target_ready_replicas: view.targetReady,
    rollout: r === undefined ? null : {
      from_revision: r.from ?? null,
      from_image: r.fromImage ?? null,
      to_image: r.toImage ?? null,
      started_at: iso(r.startedAt),
      joined_midway: r.joinedMidway,
      elapsed_ms: r.elapsedMs,
      estimate_ms: r.estimateMs ?? null,
      last_progress_at: iso(r.lastProgressAt),
      changes: r.changes,
    },
    failing: view.failing.map((f) => ({
      replica: f.name,
      revision: f.revision ?? null,
      state: f.state,
      crashes_seen: f.crashes,
      cause: f.cause ?? null,
      last_crash_at: f.lastCrashAt === undefined ? null : iso(f.lastCrashAt),
    })),
    reason: view.reason ?? null,
  };
}

export type ProgressJson = ReturnType<typeof progressJson>;

/** The API's document with depwatch's view added under a top-level `depwatch` key (the last key). */
export function withProgress(d: Deployment, now: number): Deployment & { depwatch: ProgressJson } {
  return { ...d, depwatch: progressJson(progressOnce(d, now)) };
}

/** The phase in words, each thing once: the header line above already gives the status and the ready counts. */
function phaseLine(view: ProgressView, d: Deployment): string {
  if (view.phase === 'steady') return `steady on ${view.target ?? 'an unknown revision'}`;
  if (view.phase === 'scaling') return `${scalingWords(d)} ${view.ready}/${view.desired} ready`;
  return phaseText(view);
}

/**
 * `status`'s summary with where the rollout stands and why replicas fail, after its header lines
 * (before the first blank line, which opens the replica table).
 */
export function addProgressLines(summary: readonly string[], d: Deployment, now: number): string[] {
  const view = progressOnce(d, now);
  const lines = [
    `  phase:     ${phaseLine(view, d)}`,
    ...view.failing.map((f) => `  failing:   ${failureText(f, f.health)}`),
  ];
  const at = summary.indexOf('');
  return at < 0 ? [...summary, ...lines] : [...summary.slice(0, at), ...lines, ...summary.slice(at)];
}
