// The logs pane: one replica's newest log lines, in place of the table and the timeline while it is
// open (key `l`). A rule says whose logs they are, which of the replicas that is, and when they
// were fetched (or why the last fetch failed); errors and warnings in the lines stand out.
import { splitStamp } from '../../watch/log-lines.js';
import type { LogsState } from '../../watch/logs.js';
import { formatClock } from '../format.js';
import { ruleLine, s, type Ctx, type Line, type Section } from '../line.js';
import type { Role } from '../theme.js';

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

/** A line that starts with an RFC 3339 timestamp shows the local clock time, like every time on screen. */
function logLine(line: string): Line {
  const { at, text } = splitStamp(line);
  return at === undefined ? [s(text, lineRole(text))] : [s(`${formatClock(at)} `, 'dim'), s(text, lineRole(text))];
}

export interface LogsPane extends Section {
  /** Lines scrolled back from the newest, clamped; and the most that can be. */
  back: number;
  maxBack: number;
}

/**
 * The pane in `rows` lines: the rule, then as many lines as fit ending `back` lines before the
 * newest (0: the newest at the bottom, following), oldest at the top.
 */
export function logsSection(ctx: Ctx, logs: LogsState, at: LogsPosition, rows: number, back = 0, paused = false): LogsPane {
  if (rows <= 0 || logs.replica === undefined) return { lines: [], times: [], back: 0, maxBack: 0 };
  const { g } = ctx;
  const room = rows - 1;
  const maxBack = Math.max(0, logs.lines.length - room);
  const shownBack = Math.min(Math.max(0, Math.floor(back) || 0), maxBack);
  const where = at.index >= 0 ? `${at.index + 1}/${at.count}` : 'no longer listed';
  const title: Line = [s('logs', 'strong'), s(` ${logs.replica} `), s(`(${where})`, 'dim')];
  const right: Line = [];
  if (shownBack > 0) right.push(s(`${g.up} ${shownBack} back, ${g.down} to follow`, 'warn'), s('  '));
  if (logs.error) right.push(s(`${g.cross} ${logs.error.message}`, 'error'));
  else if (logs.fetchedAt !== undefined) right.push(s('fetched ', 'dim'), s(formatClock(logs.fetchedAt)));
  let body: Line[];
  if (logs.lines.length > 0) {
    const end = logs.lines.length - shownBack;
    body = logs.lines.slice(Math.max(0, end - room), end).map(logLine);
  } else if (logs.fetchedAt === undefined) body = [[s(paused ? 'paused: no logs fetched yet (p resumes, r fetches once)' : `fetching logs${g.ellipsis}`, 'dim')]];
  else body = [[s('no log lines from this replica', 'dim')]];
  return { lines: [ruleLine(ctx, title, right), ...body.slice(0, Math.max(0, room))], times: [], back: shownBack, maxBack };
}
