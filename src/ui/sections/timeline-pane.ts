// The timeline full-height (key `t`), in place of the details, the table and the recent changes:
// every event kept, newest first, scrollable, with how many older ones the cap dropped, and a text
// filter typed after `/` (shown in the rule line with its match count).
import type { TimelineEvent } from '../../watch/types.js';
import { formatClock } from '../format.js';
import { ruleLine, s, type Ctx, type Line, type Section } from '../line.js';
import { severityMark } from '../theme.js';
import { eventLine, eventText } from './timeline.js';

/** The pane's UI state; absent from the screen's UI state while the pane is closed. */
export interface TimelineView {
  /** Events scrolled past, counted from the newest (0: the newest at the top). */
  offset: number;
  /** Text an event must contain (any case); '' shows every event. */
  filter: string;
  /** `/` was pressed: keys go to the filter until Enter or Esc. */
  typing: boolean;
  /**
   * Events seen in all (kept and dropped) when `offset` was chosen: scrolled back, the view stays on
   * the same events as newer ones arrive above them; at the top it follows the newest.
   */
  seen?: number;
}

export const TIMELINE_OPEN: TimelineView = { offset: 0, filter: '', typing: false };

export interface TimelinePane extends Section {
  /** The offset in use (clamped), and the largest useful one. */
  offset: number;
  maxOffset: number;
  /** Events the filter lets through (all of them without a filter). */
  matches: number;
}

const count = (n: number) => n.toLocaleString('en-US');

/** Does `ev` contain `needle` (lower case): in its text, its replica, its clock time or its severity word. */
function matches(ev: TimelineEvent, needle: string): boolean {
  const word = severityMark({ color: false, ascii: false }, ev.severity).word.trim();
  return `${formatClock(ev.at)} ${word} ${eventText(ev)}`.toLowerCase().includes(needle);
}

/** The pane in `rows` lines: the rule, then the events from `view.offset` on, then what was dropped. */
export function timelinePane(ctx: Ctx, events: readonly TimelineEvent[], dropped: number, view: TimelineView, rows: number): TimelinePane {
  if (rows <= 0) return { lines: [], times: [], offset: 0, maxOffset: 0, matches: 0 };
  const { g } = ctx;
  const needle = view.filter.toLowerCase();
  const shown: TimelineEvent[] = [];
  for (let i = events.length - 1; i >= 0; i--) if (needle === '' || matches(events[i]!, needle)) shown.push(events[i]!);
  const lines: Line[] = shown.map((ev) => eventLine(ctx, ev));
  if (shown.length === 0) lines.push([s(events.length === 0 ? 'no changes seen yet' : `no event contains "${view.filter}"`, 'dim')]);
  if (dropped > 0) lines.push([s(`${g.ellipsis} ${count(dropped)} older event${dropped === 1 ? '' : 's'} dropped`, 'dim')]);

  const room = rows - 1;
  const maxOffset = Math.max(0, lines.length - room);
  const arrived = view.seen === undefined || !(view.offset > 0) ? 0 : Math.min(Math.max(0, events.length + dropped - view.seen), events.length);
  let above = 0;
  for (let i = events.length - arrived; i < events.length; i++) if (needle === '' || matches(events[i]!, needle)) above++;
  const offset = Math.min(Math.max(0, (Math.floor(view.offset) || 0) + above), maxOffset);
  const title: Line = [s('timeline', 'strong'), s(` ${count(events.length)} event${events.length === 1 ? '' : 's'}`, 'dim')];
  const right: Line = [];
  if (offset > 0) right.push(s(`${g.up} ${count(offset)} newer`, 'dim'), s('  '));
  if (offset < maxOffset) right.push(s(`${g.down} ${count(maxOffset - offset)} older`, 'dim'), s('  '));
  if (view.filter !== '' || view.typing) {
    right.push(s(`/${view.filter}${view.typing ? '_' : ''}`, 'accent'), s(` ${count(shown.length)} match${shown.length === 1 ? '' : 'es'}`, 'dim'));
  } else right.push(s('/ filter', 'dim'));
  return { lines: [ruleLine(ctx, title, right), ...lines.slice(offset, offset + room)], times: [], offset, maxOffset, matches: shown.length };
}
