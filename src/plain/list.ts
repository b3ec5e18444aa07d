// `depwatch list`: every deployment once, a line each, as plain text for finding the one to watch.
import { displayName, type DeploymentList } from '../api/schema.js';
import { shortImage } from '../ui/format.js';
import { byCodeUnit } from '../watch/compare.js';
import { phaseText, rollout } from '../watch/rollout.js';
import { age } from './summary.js';
import { table } from './table.js';

export function formatList(list: DeploymentList, now: number): string[] {
  if (list.data.length === 0) return ['no deployments'];
  const rows = [['NAME', 'ID', 'STATUS', 'READY', 'ROLLOUT', 'UPDATED', 'IMAGE']];
  const byName = [...list.data].sort((a, b) => byCodeUnit(displayName(a), displayName(b)));
  for (const d of byName) {
    const r = rollout(d);
    rows.push([
      displayName(d), d.id ?? '-', d.status ?? 'Unknown', r.counts,
      r.phase === 'steady' ? 'stable' : `${phaseText(r)}${r.target ? ` ${r.target}` : ''}`,
      age(d.updated_at ?? d.created_at, now), d.image ? shortImage(d.image) : '-',
    ]);
  }
  return table(rows);
}
