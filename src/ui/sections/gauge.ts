// Ready replicas against desired as a bar, with the autoscaling bounds beside it.
import type { Deployment } from '../../api/schema.js';
import type { Rollout } from '../../watch/types.js';
import { countText, repeatText } from '../format.js';
import { lineWidth, s, type Ctx, type Line } from '../line.js';
import type { Role } from '../theme.js';

const MAX_BAR = 40;
const MIN_BAR = 5;

/**
 * `ready 2/3 ██████████████████░░░░░░░░░  min 1–max 5`. Counts that cannot be true are shown as
 * sent and marked (`ready ?-168/3`), in red over an empty bar: never a full, healthy-looking gauge.
 */
export function gaugeLine(ctx: Ctx, d: Deployment, r: Rollout): Line {
  const { g } = ctx;
  const role: Role = r.doubtful || (r.desired > 0 && r.ready === 0) ? 'error' : r.ready < r.desired ? 'warn' : 'ok';
  const label: Line = [s('ready ', 'dim'), s(r.counts, role), s(' ')];
  const bounds: Line = [];
  if (d.min_replicas !== undefined || d.max_replicas !== undefined) {
    bounds.push(s('  min ', 'dim'), s(countText(d.min_replicas)), s(`${g.dash}max `, 'dim'), s(countText(d.max_replicas)));
  }
  const room = ctx.width - lineWidth(label) - lineWidth(bounds);
  const bar = Math.min(MAX_BAR, room);
  if (!(bar >= MIN_BAR)) return [...label, ...bounds];
  const ratio = r.doubtful ? 0 : r.desired > 0 ? r.ready / r.desired : r.ready > 0 ? 1 : 0;
  const full = Math.round(Math.min(1, Math.max(0, ratio || 0)) * bar);
  return [...label, s(repeatText(g.full, full), role), s(repeatText(g.empty, bar - full), 'dim'), ...bounds];
}
