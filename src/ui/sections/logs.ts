// The logs pane: one replica's log lines, in place of the table and the timeline while it is open
// (key `l`). A rule says whose logs they are, which of the replicas that is, whether the view
// follows the newest line, and when they were fetched (or why the last fetch failed). Errors and
// warnings stand out, search matches are marked, long lines are cut or wrapped (`w`, by words, the
// rows after a line's first set in behind a dim ↪); the oldest
// line kept is preceded by how many older ones were let go, and a gap in what was seen is said.
// A last row shows the search and what a save said, while there is either.
import { GAP_LINE } from '../../watch/log-merge.js';
import { splitStamp } from '../../watch/log-lines.js';
import { droppedLines, type LogsState } from '../../watch/logs.js';
import { formatClock, textWidth, truncateMiddle } from '../format.js';
import { asciiLine, lineWidth, lineWidthUpTo, ruleLine, s, type Ctx, type Line, type Section } from '../line.js';
import { LOG_VIEW, matchingLines, matchRanges, type LogNote, type LogPaneDrawn, type LogView } from '../log-view.js';
import { matchMarks, type Role, type Theme } from '../theme.js';
import { wrapIndented, wrapLine } from '../wrap-line.js';

export interface LogsPosition {
  /** Where the followed replica is in the table's order (-1: no longer listed), and how many there are. */
  index: number;
  count: number;
}

const ERROR_LINE = /\b(ERROR|FATAL|CRITICAL|Traceback)\b|(Error|Exception):/;
const WARN_LINE = /\bWARN(ING)?\b/;

function lineRole(text: string): Role | undefined {
  if (ERROR_LINE.test(text)) return 'error';
  if (WARN_LINE.test(text)) return 'warn';
  return undefined;
}

const count = (n: number) => n.toLocaleString('en-US');

/** `line` with the [start, end) ranges of its text marked as matches: reverse video, or brackets without colour. */
function markMatches(line: Line, ranges: readonly [number, number][], theme: Theme): Line {
  if (ranges.length === 0) return line;
  const [open, close] = matchMarks(theme);
  const out: Line = [];
  const piece = (seg: Line[number], from: number, to: number, role = seg.role) => {
    if (to > from) out.push(role === undefined ? { text: seg.text.slice(from, to) } : { text: seg.text.slice(from, to), role });
  };
  let offset = 0;
  let r = 0;
  for (const seg of line) {
    const end = offset + seg.text.length;
    let at = offset;
    while (at < end) {
      const range = ranges[r];
      if (range === undefined || range[0] >= end) {
        piece(seg, at - offset, end - offset);
        break;
      }
      if (at < range[0]) {
        piece(seg, at - offset, range[0] - offset);
        at = range[0];
      }
      if (at === range[0] && open) out.push(s(open, 'accent'));
      const stop = Math.min(end, range[1]);
      piece(seg, at - offset, stop - offset, theme.color ? 'match' : seg.role);
      at = stop;
      if (at === range[1]) {
        if (close) out.push(s(close, 'accent'));
        r++;
      }
    }
    offset = end;
  }
  return out;
}

/** A log line as shown: a leading timestamp as the local clock time (dim), the rest coloured by what it says, matches marked. */
function logLine(line: string, search: string, theme: Theme): Line {
  if (line === GAP_LINE) return [s(line, 'dim')];
  const { at, text } = splitStamp(line);
  const shown: Line = at === undefined ? [s(text, lineRole(text))] : [s(`${formatClock(at)} `, 'dim'), s(text, lineRole(text))];
  return search === '' ? shown : markMatches(shown, matchRanges(shown.map((seg) => seg.text).join(''), search), theme);
}

export interface LogsPane extends Section {
  /** Where the pane was drawn, for the keys (log-view.ts); undefined when it could not be. */
  drawn: LogPaneDrawn | undefined;
}

/** The rule's right end: follow state, wrap, then the fetch; what does not fit goes, the error last. */
function ruleRight(ctx: Ctx, logs: LogsState, view: LogView, end: number, title: Line): Line {
  const { g } = ctx;
  const follow: Line = [];
  if (view.anchor === undefined) follow.push(s('following', 'dim'));
  else {
    const back = logs.seen - end;
    const fresh = logs.seen - (view.pausedAt ?? logs.seen);
    const text = ['paused', ...(back > 0 ? [`${g.up} ${count(back)} back`] : []), ...(fresh > 0 ? [`${count(fresh)} new`] : [])].join(` ${g.sep} `);
    follow.push(s(text, 'warn'));
  }
  const wrap: Line = view.wrap ? [s('wrap', 'dim')] : [];
  const fetch: Line = logs.error ? [s(`${g.cross} ${logs.error.message}`, 'error')]
    : logs.fetchedAt !== undefined ? [s('fetched ', 'dim'), s(formatClock(logs.fetchedAt))] : [];
  const join = (...parts: Line[]) => parts.filter((p) => p.length > 0).flatMap((p, i) => (i > 0 ? [s('  '), ...p] : p));
  // The rule's own cells: `── ` and ` ` around the title, ` ` and ` ──` around the right end.
  const fits = (right: Line) => lineWidthUpTo(title, ctx.width + 1) + lineWidth(right) + 8 <= ctx.width;
  const choices = logs.error ? [join(follow, wrap, fetch), join(follow, fetch), fetch] : [join(follow, wrap, fetch), join(follow, wrap), follow];
  return choices.find(fits) ?? choices.at(-1)!;
}

/** The fewest cells a cut path keeps; narrower, the note is folded instead. */
const MIN_PATH = 12;

/** The note on one row: `saved 1,234 lines → ./file.log`, a path too long cut in the middle; folded only when very narrow. */
function noteRows(ctx: Ctx, note: LogNote): Line[] {
  const role = note.ok ? 'ok' : 'error';
  const lead = note.path === undefined ? note.text : `${note.text} ${ctx.g.arrow} `;
  const whole: Line = [s(`${lead}${note.path ?? ''}`, role)];
  const room = ctx.width - textWidth(lead);
  if (note.path === undefined || lineWidth(whole) <= ctx.width || room < MIN_PATH) return wrapLine(whole, ctx.width);
  return [[s(`${lead}${truncateMiddle(note.path, room, ctx.g.ellipsis)}`, role)]];
}

/** The last rows, while there is a search or a note: `/oom  3/17 matches`, `saved 30 lines → ./file.log`; on one row when both fit, else each on its own. */
function statusRows(ctx: Ctx, logs: LogsState, view: LogView): Line[] {
  const line: Line = [];
  if (view.search !== '' || view.typing) {
    line.push(s(`/${view.search}${view.typing ? '_' : ''}`, 'accent'));
    if (view.search !== '') {
      const found = matchingLines(logs.lines, view.search);
      const first = logs.seen - logs.lines.length;
      const current = view.match === undefined ? -1 : found.indexOf(view.match - first);
      const what = found.length === 1 ? 'match' : 'matches';
      if (found.length === 0) line.push(s('  no match', 'warn'));
      else line.push(s(`  ${current >= 0 ? `${count(current + 1)}/` : ''}${count(found.length)} ${what}`, 'dim'));
    }
  }
  const searchRows = line.length > 0 ? wrapLine(line, ctx.width) : [];
  if (!view.note) return searchRows;
  const note = noteRows(ctx, view.note);
  if (line.length === 0) return note;
  const together: Line = [...line, s('  '), ...note[0]!];
  return note.length === 1 && lineWidth(together) <= ctx.width ? [together] : [...searchRows, ...note];
}

/**
 * The pane in `rows` lines: the rule, then as many rows as fit ending before line `view.anchor`
 * (absent: the newest at the bottom, following), oldest at the top, then the status row if any.
 */
export function logsSection(ctx: Ctx, logs: LogsState, at: LogsPosition, rows: number, view: LogView = LOG_VIEW, paused = false): LogsPane {
  const { seen } = logs;
  const none = { top: seen, end: seen, minEnd: seen, seen };
  if (rows <= 0 || logs.replica === undefined) return { lines: [], times: [], drawn: none };
  const { g } = ctx;
  // The status under the lines, but never all of the pane: at least one line of logs shows.
  const statusRoom = Math.max(0, rows - 2);
  const status = statusRoom === 0 ? [] : statusRows(ctx, logs, view).slice(-statusRoom);
  const room = Math.max(0, rows - 1 - status.length);
  const first = seen - logs.lines.length;
  const dropped = droppedLines(logs);
  // Before the oldest line kept: how many older ones were let go (a row, numbered first - 1).
  const lo = dropped > 0 && logs.lines.length > 0 ? first - 1 : first;
  const shapes = new Map<number, Line[]>();
  const continued = [s(ctx.theme.ascii ? '  ' : '↪ ', 'dim')];
  const rowsOf = (n: number): Line[] => {
    let shaped = shapes.get(n);
    if (shaped === undefined) {
      const line = n < first ? [s(`${g.ellipsis} ${count(dropped)} older line${dropped === 1 ? '' : 's'} dropped`, 'dim')] : logLine(logs.lines[n - first]!, view.search, ctx.theme);
      // Spelled in ASCII before folding (… becomes three cells), so the rows still fit.
      shaped = view.wrap ? wrapIndented(ctx.theme.ascii ? asciiLine(line) : line, ctx.width, continued) : [line];
      shapes.set(n, shaped);
    }
    return shaped;
  };
  // Where the view fills the pane with the oldest row at the top (cut lines take a row each)...
  let filled = view.wrap ? lo : Math.min(seen, lo + room);
  for (let used = 0; view.wrap && filled < seen && used < room;) used += rowsOf(filled++).length;
  // ...the least it can end before; but paused, lines that came after the pause are never pulled in to fill it.
  const pausedAt = view.pausedAt !== undefined && Number.isFinite(view.pausedAt) ? Math.floor(view.pausedAt) : seen;
  // (Once every line from before the pause was let go, at least the oldest kept shows.)
  const minEnd = view.anchor === undefined ? filled : Math.min(filled, pausedAt >= lo ? pausedAt : lo + 1);
  const wanted = view.anchor !== undefined && Number.isFinite(view.anchor) ? Math.floor(view.anchor) : seen;
  const end = Math.min(Math.max(wanted, minEnd), seen);
  let body: Line[] = [];
  let top = end;
  if (view.anchor !== undefined && end === minEnd) {
    // Back as far as it goes (g): the oldest line from its first row, what does not fit cut at the bottom.
    top = lo;
    for (let n = lo; n < end && body.length < room; n++) body.push(...rowsOf(n));
    body = body.slice(0, room);
  } else {
    while (top > lo && body.length < room) body = [...rowsOf(--top), ...body];
    // A wrapped line taller than what is left shows its end.
    if (body.length > room) body = body.slice(body.length - room);
  }

  const where = at.index >= 0 ? `${at.index + 1}/${at.count}` : 'no longer listed';
  const title: Line = [s('logs', 'strong'), s(` ${logs.replica} `), s(`(${where})`, 'dim')];
  if (logs.lines.length === 0) {
    if (logs.fetchedAt === undefined) body = [[s(paused ? 'paused: no logs fetched yet (p resumes, r fetches once)' : `fetching logs${g.ellipsis}`, 'dim')]];
    else body = [[s('no log lines from this replica', 'dim')]];
  }
  const lines = [ruleLine(ctx, title, ruleRight(ctx, logs, view, end, title)), ...body.slice(0, room)];
  if (status.length > 0) {
    while (lines.length < rows - status.length) lines.push([]);
    lines.push(...status);
  }
  return { lines, times: [], drawn: { top: Math.max(top, first), end, minEnd, seen } };
}
