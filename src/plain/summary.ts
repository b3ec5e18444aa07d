// `depwatch status`: the deployment once, as plain text for scripts, logs and pipes.
// No colour, no glyphs beyond ASCII, one fact per line.
import type { Deployment } from '../api/schema.js';
import { displayName } from '../api/schema.js';
import { formatAge, formatCpu, formatGiB, formatNumber, parseTime, shortImage } from '../ui/format.js';
import { replicaHealth, sortReplicas } from '../watch/replica.js';
import { rollout } from '../watch/rollout.js';
import { table } from './table.js';

export function age(iso: string | undefined, now: number): string {
  const t = parseTime(iso);
  return t === undefined ? '-' : `${formatAge(now - t)} ago`;
}

function rolloutLine(d: Deployment): string {
  const r = rollout(d);
  if (r.phase === 'steady') return `stable on ${r.target ?? 'unknown revision'}`;
  const from = r.previous.map((g) => `${g.revision} (${g.live} live)`).join(', ');
  const target = r.revisions.find((g) => g.revision === r.target);
  const progress = target ? `${target.ready}/${r.desired} ready` : '';
  return `${r.phase}: ${r.target ?? '?'} ${progress}${from ? ` <- ${from}` : ''}`.trim();
}

export function formatSummary(d: Deployment, now: number): string[] {
  const resources = [
    d.gpu_type && `${d.gpu_type} x${d.gpu_count ?? 1}`,
    d.cpu !== undefined && formatCpu(d.cpu),
    d.memory !== undefined && `${formatGiB(d.memory)} memory`,
    d.storage !== undefined && `storage ${formatNumber(d.storage)}`,
    d.port !== undefined && `port ${d.port}`,
    d.health_check_path && `health ${d.health_check_path}`,
  ].filter(Boolean);
  const a = d.autoscaling;
  const lines = [
    `${displayName(d)}${d.id && d.id !== d.name ? ` (${d.id})` : ''}  ${d.status ?? 'Unknown'}  ${d.ready_replicas ?? '?'}/${d.desired_replicas ?? '?'} ready (min ${d.min_replicas ?? '?'}, max ${d.max_replicas ?? '?'})`,
    ...(d.description ? [`  ${d.description}`] : []),
    `  rollout:   ${rolloutLine(d)}`,
    ...(d.image ? [`  image:     ${shortImage(d.image)}`] : []),
    ...(resources.length ? [`  resources: ${resources.join(', ')}`] : []),
    ...(a?.metric ? [`  autoscale: ${a.metric}${a.target !== undefined ? ` target ${formatNumber(a.target)}` : ''}`] : []),
    `  created ${age(d.created_at, now)}, updated ${age(d.updated_at, now)}`,
  ];
  const events = d.replica_events ?? {};
  const names = sortReplicas(events);
  if (names.length === 0) return [...lines, '', 'no replicas'];
  const rows = [['REPLICA', 'HEALTH', 'STATUS', 'REASON', 'READY', 'REVISION', 'PRELOAD', 'MESSAGE']];
  for (const name of names) {
    const ev = events[name]!;
    const ready = parseTime(ev.replica_ready_since);
    rows.push([
      name, replicaHealth(ev), ev.replica_status ?? '-', ev.replica_status_reason || '-',
      ready === undefined ? '-' : formatAge(now - ready), ev.revision_id ?? '-', ev.volume_preload_status ?? '-', ev.replica_status_message || '',
    ]);
  }
  return [...lines, '', ...table(rows)];
}
