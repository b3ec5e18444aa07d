// The deployment's name, id, status badge and description; and where its rollout stands: phase, progress, elapsed, estimate, images.
import { displayName, type Deployment } from '../../api/schema.js';
import { formatDuration } from '../../watch/duration.js';
import type { ProgressView, ReplicaProgress } from '../../watch/progress.js';
import type { ReplicaTrack } from '../../watch/replica-memory.js';
import { phaseText } from '../../watch/rollout.js';
import type { ReplicaHealth, Rollout } from '../../watch/types.js';
import { joinLines, lineWidthUpTo, s, type Ctx, type Line } from '../line.js';
import { progressRole, statusMark } from '../theme.js';
import { truncate } from '../format.js';
import type { TimeText } from '../time-texts.js';
import { newImageAfter } from './image-change.js';

/**
 * `llama-chat  dep-4f2a9c  ● Ready  Llama chat inference server`. Short of room the description
 * is cut, then the id dropped, then the name cut: the status word never is.
 */
export function titleLine(ctx: Ctx, d: Deployment): Line {
  const status = d.status ?? 'Unknown';
  const mark = statusMark(ctx.theme, status);
  const badge = s(`${mark.glyph} ${status}`, mark.role);
  const badgeWidth = lineWidthUpTo([badge], ctx.width + 1);
  const name = displayName(d);
  const nameRoom = Math.max(1, ctx.width - 2 - badgeWidth);
  const nameWidth = lineWidthUpTo([s(name)], nameRoom + 1);
  const line: Line = [nameWidth > nameRoom ? s(truncate(name, nameRoom, ctx.g.ellipsis), 'strong') : s(name, 'strong')];
  if (d.id !== undefined && d.name !== undefined && nameWidth + 2 + lineWidthUpTo([s(d.id)], ctx.width) + 2 + badgeWidth <= ctx.width) line.push(s('  '), s(d.id, 'dim'));
  line.push(s('  '), badge);
  // Only where some of it shows: a description cut to nothing would have the cut land in the badge.
  if (d.description && lineWidthUpTo(line, ctx.width + 1) + 4 <= ctx.width) line.push(s('  '), s(d.description, 'dim'));
  return line;
}

/** A piece of the rollout line, and how long it stays when the width runs out (lowest goes first). */
interface Part {
  line: Line;
  keep: number;
}

const ALWAYS = Infinity;

/**
 * The parts in order, dropping the least needed ones until they fit `width`, then taking back any
 * dropped one that fits again (most needed first); what still overflows is cut at the end.
 */
function fitParts(parts: readonly Part[], width: number): Line {
  const widths = parts.map((p) => lineWidthUpTo(p.line, width + 1));
  const shown = parts.map(() => true);
  let used = widths.reduce((n, w) => n + w, 0);
  const byNeed = parts.map((p, i) => ({ keep: p.keep, i })).sort((a, b) => a.keep - b.keep || b.i - a.i);
  for (const { keep, i } of byNeed) {
    if (used <= width || keep === ALWAYS) break;
    shown[i] = false;
    used -= widths[i]!;
  }
  for (const { i } of [...byNeed].reverse()) {
    if (!shown[i] && used + widths[i]! <= width) {
      shown[i] = true;
      used += widths[i]!;
    }
  }
  return parts.flatMap((p, i) => (shown[i] ? p.line : []));
}

/** `rev-2-xyz CrashLoopBackOff ×3: Error: CUDA out of memory`; between two crashes the API says Running: `restarting`. */
export function failureLine(f: ReplicaProgress, raw: ReplicaHealth | undefined, times = '×'): string {
  const reason = raw === 'failing' ? f.state.split('/').at(-1)! : 'restarting';
  const crashes = f.crashes > 1 ? ` ${times}${f.crashes}` : '';
  // A cause that starts with the reason (`Error: CUDA out of memory`) does not say it twice.
  const said = f.cause?.startsWith(`${reason}:`) ? f.cause.slice(reason.length + 1).trimStart() : f.cause;
  const cause = said === undefined || said === '' || said === reason ? '' : `: ${said}`;
  return `${f.name} ${reason}${crashes}${cause}`;
}

/**
 * Where the rollout stands, the phase word first (it is never cut; the details give way first):
 * `progressing rev-2 ← rev-1 (2 live) · 2/3 ready · 4m12s · ~1m40s left · acme/llm@1111 → acme/llm@2222`,
 * `stalled: no progress for 10m00s (rev-2 0/3 ready)`, `failed: rev-2-xyz CrashLoopBackOff ×3: …`,
 * `complete in 4m12s · rev-2 ← rev-1`, `steady on rev-1`; a scale is not a rollout: `scaling up on rev-1 (1/3 ready)`.
 * The estimate is marked as one (`~`) and counts down. Elapsed times and the estimate go into `times`, so the clock ticks with them.
 */
export function rolloutLine(ctx: Ctx, r: Rollout, view: ProgressView, tracks: ReadonlyMap<string, ReplicaTrack>, times: TimeText[]): Line {
  const { g } = ctx;
  const sep = (line: Line): Line => [s(` ${g.sep} `, 'dim'), ...line];
  const role = progressRole(view.phase);
  const ro = view.rollout;
  // Under way with no replica of the new revision yet, the one live revision is the old one: not the target.
  const underWay = ro !== undefined && (view.phase === 'progressing' || view.phase === 'stalled' || view.phase === 'failed');
  const target = underWay ? view.target : view.target ?? r.target;
  const revisions: Line = target !== undefined ? [s(target, 'strong')] : underWay ? [s('a new revision', 'dim')] : [s('no replicas reported', 'dim')];
  const lead = (line: Line): Line => [s(' '), ...line];
  const from = view.previous.length > 0
    ? [s(` ${g.from} `, 'dim'), ...joinLines(view.previous.map((p) => [s(p.revision, 'strong'), s(` (${p.live} live)`)]), s(', '))]
    : ro?.from !== undefined && ro.from !== target ? [s(` ${g.from} `, 'dim'), s(ro.from)] : [];
  const images: Part[] = ro?.fromImage !== undefined && ro.toImage !== undefined && ro.fromImage !== ro.toImage
    ? [{ line: sep([s(ro.fromImage, 'dim'), s(` ${g.arrow} `, 'dim'), s(newImageAfter(ro.fromImage, ro.toImage))]), keep: 0 }] : [];
  // While a rollout is under way the new revision's count reads `new ready`: the gauge's `ready 3/3` just under it counts every replica.
  const counts = (n: number, what = 'ready') => `${n}/${r.doubtful ? r.counts.split('/')[1] : view.desired} ${what}`;
  const elapsed = (): Part[] => {
    if (!ro) return [];
    if (ro.elapsedMs !== undefined && view.phase !== 'complete') times.push({ kind: 'elapsed', from: ro.startedAt });
    return [{ line: sep([s(formatDuration(ro.elapsedMs))]), keep: 4 }];
  };

  switch (view.phase) {
    case 'progressing': {
      const left = ro?.estimateMs === undefined ? undefined : s(`~${formatDuration(ro.estimateMs)} left`, 'dim');
      const estimate: Part[] = left === undefined ? [] : [{ line: sep([left]), keep: 3 }];
      const line = fitParts([
        { line: [s('progressing', role)], keep: ALWAYS },
        { line: lead(revisions), keep: 2 },
        { line: from, keep: 1 },
        { line: sep([s(counts(view.targetReady, 'new ready'))]), keep: 5 },
        ...elapsed(),
        ...estimate,
        ...images,
      ], ctx.width);
      // The estimate counts down: the clock ticks when its text would change, if it is shown at all.
      if (left !== undefined && ro?.estimateEndsAt !== undefined && line.includes(left)) times.push({ kind: 'left', to: ro.estimateEndsAt });
      return line;
    }
    case 'stalled': {
      const since = ro?.lastProgressAt;
      if (since !== undefined) times.push({ kind: 'elapsed', from: since });
      return fitParts([
        { line: [s('stalled:', role)], keep: ALWAYS },
        { line: [s(since === undefined ? ' no progress' : ` no progress for ${formatDuration(ctx.now - since)}`)], keep: 5 },
        { line: [s(' ('), ...revisions, s(` ${counts(view.targetReady)})`)], keep: 4 },
        { line: from, keep: 1 },
        ...elapsed().map((p) => ({ ...p, keep: 2 })),
        ...images,
      ], ctx.width);
    }
    case 'failed': {
      const first = view.failing.find((f) => f.revision !== undefined && f.revision === view.target);
      const more = view.failing.filter((f) => f.revision !== undefined && f.revision === view.target).length - 1;
      const why = first ? `${failureLine(first, tracks.get(first.name)?.health, ctx.theme.ascii ? 'x' : '×')}${more > 0 ? ` (and ${more} more)` : ''}` : (view.reason ?? 'failed');
      return fitParts([
        { line: [s('failed:', role)], keep: ALWAYS },
        // Said whatever the width: cut at its end if it must be.
        { line: [s(` ${why}`)], keep: ALWAYS },
        { line: sep([...revisions, s(` ${counts(view.targetReady)}`)]), keep: 3 },
        ...elapsed(),
        ...images,
      ], ctx.width);
    }
    case 'complete':
      return fitParts([
        { line: [s(ro ? `complete in ${formatDuration(ro.elapsedMs)}` : 'complete', role)], keep: ALWAYS },
        { line: sep(revisions), keep: 3 },
        { line: from, keep: 1 },
        { line: sep([s(counts(view.targetReady))]), keep: 2 },
        ...images,
      ], ctx.width);
    case 'scaling':
      return fitParts([
        { line: [s(phaseText(r), role)], keep: ALWAYS },
        { line: [s(' on ', 'dim'), ...revisions], keep: 3 },
        { line: [s(` (${r.counts} ready)`)], keep: 4 },
      ], ctx.width);
    case 'steady':
      return fitParts([{ line: [s('steady', role)], keep: ALWAYS }, { line: target === undefined ? lead(revisions) : [s(' on ', 'dim'), ...revisions], keep: 3 }], ctx.width);
  }
}
