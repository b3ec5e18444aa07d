// What changed in a deployment's configuration between two snapshots, in a few words each:
// GPU, CPU, memory, replica bounds, autoscaling, environment variable names, volumes.
// Environment variable values are never read: only the names are compared and shown.
import type { Autoscaling, Deployment, VolumeMount } from '../api/schema.js';

const NONE = '—';
const num = (n: number | undefined) => (n === undefined ? NONE : String(n));

function gpu(d: Deployment): string {
  return d.gpu_type === undefined && d.gpu_count === undefined ? NONE : `${d.gpu_type ?? '?'} × ${d.gpu_count ?? '?'}`;
}

function autoscaling(a: Autoscaling | undefined): string {
  if (a?.metric === undefined) return 'off';
  const extra = [
    a.target !== undefined && `target ${a.target}`,
    a.time_interval_minutes !== undefined && `every ${a.time_interval_minutes}m`,
    a.model !== undefined && `model ${a.model}`,
    a.custom_metric_name !== undefined && `metric ${a.custom_metric_name}`,
  ].filter(Boolean);
  return [a.metric, ...extra].join(' ');
}

function volume(v: VolumeMount): string {
  return `${v.mount_path ?? '?'}${v.version === undefined ? '' : ` v${v.version}`}`;
}

/** Names in `a` but not in `b`, in `a`'s order, each once. */
function missing(a: readonly string[], b: readonly string[]): string[] {
  const other = new Set(b);
  return [...new Set(a)].filter((n) => !other.has(n));
}

function envChange(prev: Deployment, next: Deployment): string | undefined {
  const before = (prev.environment_variables ?? []).map((e) => e.name);
  const after = (next.environment_variables ?? []).map((e) => e.name);
  const added = missing(after, before);
  const removed = missing(before, after);
  const parts = [added.length > 0 && `added ${added.join(', ')}`, removed.length > 0 && `removed ${removed.join(', ')}`].filter(Boolean);
  return parts.length > 0 ? `env ${parts.join('; ')}` : undefined;
}

function volumeChanges(prev: Deployment, next: Deployment): string[] {
  // Volume names are server-chosen: Maps, never plain objects.
  const before = new Map((prev.volumes ?? []).map((v) => [v.name, v]));
  const after = new Map((next.volumes ?? []).map((v) => [v.name, v]));
  const out: string[] = [];
  for (const [name, v] of after) {
    const old = before.get(name);
    if (old === undefined) out.push(`volume ${name} added (${volume(v)})`);
    else if (volume(old) !== volume(v)) out.push(`volume ${name} ${volume(old)} → ${volume(v)}`);
  }
  for (const name of before.keys()) if (!after.has(name)) out.push(`volume ${name} removed`);
  return out;
}

/** One short text per configuration change from `prev` to `next`; the image is left to the rollout. */
export function configChanges(prev: Deployment, next: Deployment): string[] {
  const out: string[] = [];
  const field = (label: string, a: string, b: string) => {
    if (a !== b) out.push(`${label} ${a} → ${b}`);
  };
  field('gpu', gpu(prev), gpu(next));
  field('cpu', num(prev.cpu), num(next.cpu));
  field('memory', prev.memory === undefined ? NONE : `${prev.memory} GiB`, next.memory === undefined ? NONE : `${next.memory} GiB`);
  field('min replicas', num(prev.min_replicas), num(next.min_replicas));
  field('max replicas', num(prev.max_replicas), num(next.max_replicas));
  field('autoscaling', autoscaling(prev.autoscaling), autoscaling(next.autoscaling));
  const env = envChange(prev, next);
  if (env !== undefined) out.push(env);
  out.push(...volumeChanges(prev, next));
  return out;
}
