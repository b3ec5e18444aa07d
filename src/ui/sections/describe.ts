// One replica described (Enter or `d` on its row): every field of its replica event, with the
// cause remembered between crashes, then its own history from the timeline, newest first.
import type { Deployment } from '../../api/schema.js';
import type { ReplicaProgress } from '../../watch/progress.js';
import type { TimelineEvent } from '../../watch/types.js';
import { formatDuration } from '../../watch/duration.js';
import { formatClock, parseTime } from '../format.js';
import { age, ruleLine, s, type Ctx, type Line, type Section } from '../line.js';
import { healthMark } from '../theme.js';
import type { TimeText } from '../time-texts.js';
import { wrapLine } from '../wrap-line.js';
import { eventLine } from './timeline.js';
import { replicaOrder, replicaRows } from './replica-table.js';

const LABEL = 10;
/** A long message is wrapped over at most this many lines. */
const MAX_MESSAGE_LINES = 6;

export interface DescribeSection extends Section {
  /** The replica is no longer reported. */
  gone: boolean;
}

/** The describe view in `rows` lines: the fields, then as much of the replica's history as fits. */
export function describeSection(
  ctx: Ctx, d: Deployment, name: string, timeline: readonly TimelineEvent[], rows: number,
  causes: ReadonlyMap<string, string>, memory: ReadonlyMap<string, ReplicaProgress>,
): DescribeSection {
  const times: TimeText[] = [];
  const entry = replicaOrder(d, memory).find((e) => e.name === name);
  const lines: Line[] = [];
  const field = (label: string, ...value: Line) => lines.push([s(label.padEnd(LABEL), 'dim'), ...value]);
  if (entry === undefined) {
    lines.push(ruleLine(ctx, [s('replica ', 'strong'), s(name)]), [s('no longer reported by the deployment', 'warn')]);
  } else {
    const row = replicaRows({ ...d, replica_events: { [name]: entry.ev } }, causes, memory, ctx.theme.ascii ? 'x' : '×')[0]!;
    const mark = healthMark(ctx.theme, row.health);
    const ev = entry.ev;
    lines.push(ruleLine(ctx, [s('replica ', 'strong'), s(name), s(`  ${mark.glyph} ${row.health}`, mark.role)]));
    field('status', s(ev.replica_status ?? '-', mark.role));
    field('reason', s(row.reason || '-', row.reason ? mark.role : 'dim'));
    // By words: `(back-off 20s restarting …` never breaks inside `restarting`.
    const message = wrapLine([s(row.message || '-', row.health === 'failing' ? 'error' : undefined)], Math.max(1, ctx.width - LABEL), { words: true });
    message.slice(0, MAX_MESSAGE_LINES).forEach((piece, i) => field(i === 0 ? 'message' : '', ...piece));
    const ready = parseTime(ev.replica_ready_since);
    field('ready', ready === undefined ? s('not ready', 'dim') : s(`since ${formatClock(ready)} (${age(ctx, times, ready)} ago)`));
    field('revision', s(ev.revision_id ?? '-'));
    field('image', s(ev.image ?? d.image ?? '-'));
    const started = parseTime(ev.volume_preload_started_at);
    const done = parseTime(ev.volume_preload_completed_at);
    const preload: Line = [s(ev.volume_preload_status ?? '-')];
    if (started !== undefined) preload.push(s(`  started ${formatClock(started)}`, 'dim'));
    if (done !== undefined) preload.push(s(`  done ${formatClock(done)}`, 'dim'));
    if (started !== undefined && done !== undefined && done >= started) preload.push(s(`  took ${formatDuration(done - started)}`, 'dim'));
    field('preload', ...preload);
  }
  const own = timeline.filter((ev) => ev.replica === name);
  const room = Math.max(0, rows - lines.length - 1);
  const shown = own.slice(-room).reverse();
  const older = own.length - shown.length;
  lines.push(ruleLine(ctx, [s('history', 'strong')], older > 0 ? [s(`${ctx.g.down} ${older} older`, 'dim')] : []));
  if (own.length === 0) lines.push([s('nothing seen of it yet', 'dim')]);
  for (const ev of shown) lines.push(eventLine(ctx, ev));
  return { lines: lines.slice(0, Math.max(0, rows)), times, gone: entry === undefined };
}
