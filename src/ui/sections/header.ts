// The deployment's name, id, status badge and description; and which revision is rolling in from which.
import { displayName, type Deployment } from '../../api/schema.js';
import { phaseText } from '../../watch/rollout.js';
import type { Rollout } from '../../watch/types.js';
import { joinLines, s, type Ctx, type Line } from '../line.js';
import { phaseRole, statusMark } from '../theme.js';

/** `llama-chat  dep-4f2a9c  ● Ready  Llama chat inference server` */
export function titleLine(ctx: Ctx, d: Deployment): Line {
  const status = d.status ?? 'Unknown';
  const mark = statusMark(ctx.theme, status);
  const line: Line = [s(displayName(d), 'strong')];
  if (d.id !== undefined && d.name !== undefined) line.push(s('  '), s(d.id, 'dim'));
  line.push(s('  '), s(`${mark.glyph} ${status}`, mark.role));
  if (d.description) line.push(s('  '), s(d.description, 'dim'));
  return line;
}

/**
 * `rollout rev-2 rolling in (1/3 ready) ← rev-1 (2 live)  phase rolling`, `rollout stable on rev-1`;
 * a scale is not a rollout: `scaling up on rev-1 (1/3 ready)  phase scaling`.
 */
export function rolloutLine(ctx: Ctx, r: Rollout): Line {
  const { g } = ctx;
  const target = r.revisions.find((grp) => grp.revision === r.target);
  const counts = `(${r.counts} ready)`;
  let lead = 'rollout ';
  let body: Line;
  if (r.target === undefined || target === undefined) {
    body = [s('no replicas reported', 'dim')];
  } else if (r.previous.length > 0) {
    const failing = target.failing > 0 ? `, ${target.failing} failing` : '';
    const previous = joinLines(r.previous.map((p) => [s(p.revision, 'strong'), s(` (${p.live} live)`)]), s(', '));
    body = [s(r.target, 'strong'), s(` rolling in (${target.ready}/${r.desired} ready${failing}) `), s(`${g.from} `, 'dim'), ...previous];
  } else if (r.phase === 'failing') {
    body = [s(r.target, 'strong'), s(` failing (${target.failing} failing, ${r.counts} ready)`)];
  } else if (r.phase === 'scaling') {
    lead = '';
    body = [s(`${phaseText(r)} on `), s(r.target, 'strong'), s(` ${counts}`)];
  } else if (r.phase === 'rolling') {
    body = [s('updating '), s(r.target, 'strong'), s(` ${counts}`)];
  } else {
    body = [s('stable on '), s(r.target, 'strong')];
  }
  return [...(lead ? [s(lead, 'dim')] : []), ...body, s('  phase ', 'dim'), s(r.phase, phaseRole(r.phase))];
}

