// `depwatch status`: the deployment once, as plain text for scripts, logs and pipes.
// No colour, no glyphs beyond ASCII, one fact per line.
import type { Deployment } from '../api/schema.js';
import { displayName } from '../api/schema.js';
import { countText, formatAge, formatAgo, formatCpu, formatGiB, formatMeasure, formatPort, parseTime, shortImage } from '../ui/format.js';
import { replicaEntries, replicaHealth, sortReplicas } from '../watch/replica.js';
import { phaseText, rollout } from '../watch/rollout.js';
import { table } from './table.js';

export function age(iso: string | undefined, now: number): string {
  const t = parseTime(iso);
  return t === undefined ? '-' : formatAgo(now - t);
}

/**
 * Which way a scale goes: by the ready count, and when that already matches (replicas still
 * going away, or starting), by the live replicas; `scaling` when neither says.
 */
export function scalingWords(d: Deployment): string {
  const r = rollout(d);
  const words = phaseText(r);
  if (words !== 'scaling' || r.doubtful) return words;
  const live = r.revisions.reduce((n, g) => n + g.live, 0);
  return live > r.desired ? 'scaling down' : live < r.desired ? 'scaling up' : words;
}

function rolloutLine(d: Deployment): string {
  const r = rollout(d);
  if (r.phase === 'steady') return `stable on ${r.target ?? 'unknown revision'}`;
  if (r.phase === 'scaling') return `${scalingWords(d)}: ${r.target ?? '?'} ${r.counts} ready`;
  const from = r.previous.map((g) => `${g.revision} (${g.live} live)`).join(', ');
  const target = r.revisions.find((g) => g.revision === r.target);
  const progress = target ? `${r.previous.length > 0 ? `${target.ready}/${r.desired}` : r.counts} ready` : '';
  return `${phaseText(r)}: ${r.target ?? '?'} ${progress}${from ? ` <- ${from}` : ''}`.trim();
}

export function formatSummary(d: Deployment, now: number): string[] {
  const resources = [
    d.gpu_type && `${d.gpu_type} x${d.gpu_count === undefined ? 1 : formatMeasure(d.gpu_count, 'gpus', true)}`,
    d.cpu !== undefined && formatCpu(d.cpu),
    d.memory !== undefined && `${formatGiB(d.memory)} memory`,
    d.storage !== undefined && `storage ${formatMeasure(d.storage, 'storage')}`,
    d.port !== undefined && `port ${formatPort(d.port)}`,
    d.health_check_path && `health ${d.health_check_path}`,
  ].filter(Boolean);
  const a = d.autoscaling;
  const lines = [
    `${displayName(d)}${d.id && d.id !== d.name ? ` (${d.id})` : ''}  ${d.status ?? 'Unknown'}  ${countText(d.ready_replicas)}/${countText(d.desired_replicas)} ready (min ${countText(d.min_replicas)}, max ${countText(d.max_replicas)})`,
    ...(d.description ? [`  ${d.description}`] : []),
    `  rollout:   ${rolloutLine(d)}`,
    ...(d.image ? [`  image:     ${shortImage(d.image)}`] : []),
    ...(resources.length ? [`  resources: ${resources.join(', ')}`] : []),
    ...(a?.metric ? [`  autoscale: ${a.metric}${a.target !== undefined ? ` target ${formatMeasure(a.target, 'target')}` : ''}`] : []),
    `  created ${age(d.created_at, now)}, updated ${age(d.updated_at, now)}`,
  ];
  const events = new Map(replicaEntries(d));
  const names = sortReplicas(d.replica_events);
  if (names.length === 0) return [...lines, '', 'no replicas'];
  const rows = [['REPLICA', 'HEALTH', 'STATUS', 'REASON', 'READY', 'REVISION', 'PRELOAD', 'MESSAGE']];
  for (const name of names) {
    const ev = events.get(name)!;
    const ready = parseTime(ev.replica_ready_since);
    rows.push([
      name, replicaHealth(ev), ev.replica_status ?? '-', ev.replica_status_reason || '-',
      ready === undefined ? '-' : formatAge(now - ready), ev.revision_id ?? '-', ev.volume_preload_status ?? '-', ev.replica_status_message || '',
    ]);
  }
  return [...lines, '', ...table(rows)];
}
