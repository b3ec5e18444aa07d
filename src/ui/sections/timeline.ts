// What changed recently, newest first: `12:03:04 ✔ llama-chat-rev-2-a became ready`.
import type { TimelineEvent } from '../../watch/types.js';
import { formatClock } from '../format.js';
import { ruleLine, s, type Ctx, type Line, type Section } from '../line.js';
import { severityMark } from '../theme.js';

function eventLine(ctx: Ctx, ev: TimelineEvent): Line {
  const mark = severityMark(ctx.theme, ev.severity);
  // Events about a replica may or may not start with its name; name it exactly once, first.
  const text = ev.replica !== undefined && !ev.text.startsWith(ev.replica) ? `${ev.replica} ${ev.text}` : ev.text;
  return [s(formatClock(ev.at), 'dim'), s(' '), s(mark.glyph, mark.role), s(' '), s(text, ev.severity === 'error' ? 'error' : undefined)];
}

/** A rule line and up to `rows` events; clock times never change, so the timeline never needs a tick. */
export function timelineSection(ctx: Ctx, events: readonly TimelineEvent[], rows: number): Section {
  const newest = events.slice(-Math.max(0, rows)).reverse();
  const older = events.length - newest.length;
  const hint: Line = older > 0 ? [s(`${ctx.g.down} ${older} older`, 'dim')] : [];
  const lines: Line[] = [ruleLine(ctx, [s('recent changes', 'strong')], hint)];
  if (events.length === 0) lines.push([s('no changes seen yet', 'dim')]);
  else for (const ev of newest) lines.push(eventLine(ctx, ev));
  return { lines, times: [] };
}
