// What changed recently, newest first: `12:03:04 ✔ llama-chat-rev-2-a became ready`.
import type { TimelineEvent } from '../../watch/types.js';
import { formatClock } from '../format.js';
import { ruleLine, s, type Ctx, type Line, type Section } from '../line.js';
import { severityMark } from '../theme.js';

/** What an event says, its replica named exactly once, first (its text may or may not start with it). */
export function eventText(ev: TimelineEvent): string {
  return ev.replica !== undefined && !ev.text.startsWith(ev.replica) ? `${ev.replica} ${ev.text}` : ev.text;
}

/** `12:03:04 ✔ text`; without colour the severity is also said in a word (`12:03:04 ✖ FAIL text`). */
export function eventLine(ctx: Ctx, ev: TimelineEvent): Line {
  const mark = severityMark(ctx.theme, ev.severity);
  const word = ctx.theme.color ? [] : [s(` ${mark.word}`, mark.role)];
  return [s(formatClock(ev.at), 'dim'), s(' '), s(mark.glyph, mark.role), ...word, s(' '), s(eventText(ev), ev.severity === 'error' ? 'error' : undefined)];
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
