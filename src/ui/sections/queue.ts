// The queue a deployment scales on, beside its replica counts: jobs waiting and running, jobs per
// ready replica against the autoscaler's target (the number it acts on), and that number's recent past.
import { doubtfulText } from '../../watch/plausible.js';
import { plausibleCount, type QueueState } from '../../watch/queue.js';
import { formatNumber } from '../format.js';
import { fitLine, joinLines, lineWidth, s, type Ctx, type Line } from '../line.js';
import { sparkline } from '../sparkline.js';

/** The sparkline is drawn only with room for this many samples, and never wider than the history. */
const MIN_SPARK = 5;
const MAX_SPARK = 40;

/** `4.0`, `12`, `999+`: short enough to sit beside the counts at any size. */
function perReplica(n: number): string {
  if (n < 10) return n.toFixed(1);
  return n < 1000 ? String(Math.round(n)) : '999+';
}

/** `12 waiting`; `? waiting` when not sent; `?-3 waiting` (marked) when it cannot be true. */
function countText(n: number | undefined, word: string): Line {
  if (n === undefined) return [s('?', 'dim'), s(` ${word}`, 'dim')];
  return [plausibleCount(n) ? s(String(n), 'strong') : s(doubtfulText(n), 'error'), s(` ${word}`, 'dim')];
}

/** `queue 12 waiting · 3 running · 4.0/replica (target 2) ▁▂▃▅▇`, cut to the width; a failed poll is a quiet mark. */
export function queueLine(ctx: Ctx, q: QueueState): Line {
  const { g, width, theme } = ctx;
  const label = s('queue ', 'dim');
  const m = q.metrics;
  if (!m) {
    const why: Line = q.error ? [s(`${g.warn} `, 'dim'), s(q.error.message, 'dim')] : [s(g.ellipsis, 'dim')];
    return fitLine([label, ...why], width, g.ellipsis);
  }
  const parts: Line[] = [countText(m.messages_waiting, 'waiting'), countText(m.messages_running, 'running')];
  const over = q.backlog !== undefined && q.target !== undefined && q.backlog > q.target;
  parts.push(q.backlog === undefined ? [s('?/replica', 'dim')] : [s(perReplica(q.backlog), over ? 'warn' : 'plain'), s('/replica', 'dim')]);
  const head: Line = [label, ...joinLines(parts, s(` ${g.sep} `, 'dim'))];
  // The last poll failed: the numbers shown are the last good ones.
  const marks: Line = q.error ? [s(` ${g.warn} stale`, 'dim')] : [];
  const target: Line = q.target === undefined ? [] : [s(` (target ${formatNumber(q.target)})`, 'dim')];
  const room = width - lineWidth(head) - lineWidth(marks);
  const withTarget = room >= lineWidth(target) ? target : [];
  const sparkRoom = Math.min(MAX_SPARK, q.history.length, room - lineWidth(withTarget) - 1);
  const top = Math.max(2 * (q.target ?? 0), ...q.history.filter(Number.isFinite));
  // Scaled from 0 to twice the target (or the peak), so the target sits half-way up.
  const spark: Line = sparkRoom >= MIN_SPARK || (sparkRoom > 0 && sparkRoom === q.history.length)
    ? [s(' '), s(sparkline(q.history, sparkRoom, { ascii: theme.ascii, min: 0, max: top }), over ? 'warn' : 'accent')]
    : [];
  return fitLine([...head, ...withTarget, ...marks, ...spark], width, g.ellipsis);
}
