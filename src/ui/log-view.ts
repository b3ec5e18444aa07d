// The logs pane's own state and keys, React-free: following the newest line or paused on a line
// number, the search typed after `/` and the match `n`/`N` went to, wrap, and what the last save
// said. The app hands the pane's keys to logViewKey; sections/logs.ts draws the view.
import { GAP_LINE } from '../watch/log-merge.js';
import { splitStamp } from '../watch/log-lines.js';
import type { LogsState } from '../watch/logs.js';
import { formatClock } from './format.js';
import { typingEdit } from './typed-text.js';

export interface LogView {
  /**
   * Paused: the line number (LogsState numbering: lines[i] is `seen - lines.length + i`) the view
   * ends before, so lines arriving below do not move it. Absent: following the newest line.
   */
  anchor?: number;
  /** `seen` when following stopped: what arrived since is counted as new. */
  pausedAt?: number;
  /** Long lines fold onto the rows below instead of being cut. */
  wrap: boolean;
  /** Text searched for (any case); '' searches nothing. */
  search: string;
  /** `/` was pressed: keys go to the search until Enter or Esc. */
  typing: boolean;
  /** The line number of the match `n`/`N` (or typing) went to. */
  match?: number;
  /** What the last save said, until the next key. */
  note?: LogNote;
}

export interface LogNote {
  text: string;
  ok: boolean;
  /** Where a save went, shown after the text (cut in the middle when the row is too short for it). */
  path?: string;
}

export const LOG_VIEW: LogView = { wrap: false, search: '', typing: false };

/** Lines moved by Page Up / Page Down. */
const PAGE = 10;

/** Where the pane was drawn, in line numbers: its top line, the line it ends before, the least that can be, and `seen` then. */
export interface LogPaneDrawn {
  top: number;
  end: number;
  minEnd: number;
  seen: number;
}

/** The keys the pane reads (Ink's Key has these). */
export interface KeyPress {
  upArrow: boolean;
  downArrow: boolean;
  pageUp: boolean;
  pageDown: boolean;
  return: boolean;
  escape: boolean;
  backspace: boolean;
  delete: boolean;
  ctrl: boolean;
  meta?: boolean;
}

export interface LogKeyResult {
  view: LogView;
  /** `s`: the buffer is to be saved (the app does the I/O). */
  save?: boolean;
}

/** The text a log line shows: a leading RFC 3339 stamp as the local clock time, like every time on screen. */
export function shownText(line: string): string {
  const { at, text } = splitStamp(line);
  return at === undefined ? text : `${formatClock(at)} ${text}`;
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/** Lower case one code point at a time: the folded text maps back onto the original, unit by unit. */
export function foldCase(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  let out = '';
  for (const ch of text) out += ch.toLowerCase();
  return out;
}

/**
 * Where `query` occurs in `text`, any case: non-overlapping [start, end) ranges of `text`'s code
 * units, left to right, each covering whole characters.
 */
export function matchRanges(text: string, query: string): [number, number][] {
  const q = foldCase(query);
  if (q === '' || text === '') return [];
  let folded: string;
  let from: number[] | undefined;
  let to: number[] | undefined;
  if (ASCII.test(text)) folded = text.toLowerCase();
  else {
    folded = '';
    from = [];
    to = [];
    for (let i = 0; i < text.length;) {
      const n = text.codePointAt(i)! > 0xffff ? 2 : 1;
      const lower = text.slice(i, i + n).toLowerCase();
      folded += lower;
      for (let k = 0; k < lower.length; k++) {
        from.push(i);
        to.push(i + n);
      }
      i += n;
    }
  }
  const out: [number, number][] = [];
  for (let at = folded.indexOf(q); at >= 0; at = folded.indexOf(q, at + q.length)) {
    out.push(from && to ? [from[at]!, to[at + q.length - 1]!] : [at, at + q.length]);
  }
  return out;
}

let lastMatches: { lines: readonly string[]; query: string; found: number[] } | undefined;

/** The indexes of the lines (gap marks aside) whose shown text contains `query`, any case; the same lines and query are searched once. */
export function matchingLines(lines: readonly string[], query: string): readonly number[] {
  if (lastMatches?.lines === lines && lastMatches.query === query) return lastMatches.found;
  const q = foldCase(query);
  const found: number[] = [];
  if (q !== '') lines.forEach((line, i) => { if (line !== GAP_LINE && foldCase(shownText(line)).includes(q)) found.push(i); });
  lastMatches = { lines, query, found };
  return found;
}

/** The matches as line numbers. */
function matchNumbers(logs: LogsState, query: string): number[] {
  const first = logs.seen - logs.lines.length;
  return matchingLines(logs.lines, query).map((i) => first + i);
}

const clamp = (n: number, lo: number, hi: number) => Math.min(Math.max(n, lo), Math.max(lo, hi));

/** Paused wherever `end` is, even at the newest line (`f`, `g`). */
function pauseAt(view: LogView, end: number, seen: number): LogView {
  return { ...view, anchor: end, pausedAt: view.pausedAt ?? seen };
}

function follow(view: LogView): LogView {
  const { anchor: _a, pausedAt: _p, ...following } = view;
  return following;
}

/** Scrolled to end before line `end`: paused, or following once at the newest line. */
function endAt(view: LogView, end: number, seen: number): LogView {
  return end >= seen ? follow(view) : pauseAt(view, end, seen);
}

/** The view moved so that line `n` shows: unchanged when it already does, else with it about the middle. */
function reveal(view: LogView, n: number, seen: number, drawn: LogPaneDrawn | undefined): LogView {
  if (drawn && n >= drawn.top && n < drawn.end) return view;
  const half = drawn ? Math.floor((drawn.end - drawn.top) / 2) : 0;
  return pauseAt(view, clamp(n + 1 + half, drawn?.minEnd ?? 0, seen), seen);
}

/** After the search changed: the newest match above the view's bottom (else the oldest), shown. */
function seek(view: LogView, logs: LogsState, drawn: LogPaneDrawn | undefined): LogView {
  const { match: _m, ...rest } = view;
  const found = matchNumbers(logs, view.search);
  if (found.length === 0) return rest;
  const bottom = view.anchor ?? logs.seen;
  const before = found.filter((n) => n < bottom);
  const match = before.at(-1) ?? found[0]!;
  return reveal({ ...rest, match }, match, logs.seen, drawn);
}

/** `n` (the next, newer) or `N` (the previous, older) match from the current one, round the ends. */
function step(view: LogView, logs: LogsState, drawn: LogPaneDrawn | undefined, forward: boolean): LogView {
  const found = matchNumbers(logs, view.search);
  if (found.length === 0) return view;
  const from = view.match ?? (forward ? (drawn?.top ?? logs.seen) - 1 : drawn?.end ?? logs.seen);
  const match = forward ? found.find((n) => n > from) ?? found[0]! : found.findLast((n) => n < from) ?? found.at(-1)!;
  return reveal({ ...view, match }, match, logs.seen, drawn);
}

/** A key typed into the search: the new view, or undefined when it is not the search's key. */
function typingKey(view: LogView, input: string, k: KeyPress, logs: LogsState, drawn: LogPaneDrawn | undefined): LogView | undefined {
  if (k.escape) {
    const { match: _m, ...rest } = view;
    return { ...rest, search: '', typing: false };
  }
  if (k.return) return { ...view, typing: false };
  const edit = typingEdit(input, k);
  if (!edit) return undefined;
  const search = edit(view.search);
  // Unchanged (Alt with a key, the cap reached): the view stays where it is.
  return search === view.search ? view : seek({ ...view, search }, logs, drawn);
}

/**
 * The pane's answer to a key: the view after it (and whether to save), or undefined when the key
 * is not the pane's (the app's keys: quit, refresh, pause, other replicas, close). `drawn` is where
 * the pane was last drawn; without it, moves are bounded only by the lines held.
 */
export function logViewKey(view: LogView, input: string, k: KeyPress, logs: LogsState, drawn?: LogPaneDrawn): LogKeyResult | undefined {
  const next = logViewStep(view, input, k, logs, drawn);
  if (next === undefined) return undefined;
  // The note about a save stays until the next key the pane takes.
  if (next.view.note !== undefined && next.view.note === view.note) {
    const { note: _n, ...rest } = next.view;
    return { ...next, view: rest };
  }
  return next;
}

function logViewStep(view: LogView, input: string, k: KeyPress, logs: LogsState, drawn: LogPaneDrawn | undefined): LogKeyResult | undefined {
  const seen = logs.seen;
  if (view.typing) {
    const typed = typingKey(view, input, k, logs, drawn);
    if (typed) return { view: typed };
  }
  // (While typing, j and k were taken as text above.)
  const scroll = k.upArrow || k.downArrow || k.pageUp || k.pageDown || input === 'j' || input === 'k';
  if (scroll) {
    const down = k.downArrow || k.pageDown || input === 'j';
    const lines = (down ? 1 : -1) * (k.pageUp || k.pageDown ? PAGE : 1);
    // From where it was drawn (new lines may have moved a following view), within what can show.
    const minEnd = drawn?.minEnd ?? seen - logs.lines.length;
    const from = clamp(view.anchor ?? seen, minEnd, seen);
    const to = clamp(from + lines, minEnd, seen);
    // Paused against either end, a key that cannot move keeps the pause (G and f follow).
    if (to === from && view.anchor !== undefined) return { view };
    return { view: endAt(view, to, seen) };
  }
  if (view.typing || k.ctrl) return undefined;
  if (k.escape) {
    // Esc clears the search first; then it is the app's (closes the pane).
    if (view.search === '') return undefined;
    const { match: _m, ...rest } = view;
    return { view: { ...rest, search: '' } };
  }
  switch (input) {
    case '/': return { view: { ...view, typing: true } };
    case 'n': return { view: step(view, logs, drawn, true) };
    case 'N': return { view: step(view, logs, drawn, false) };
    case 'w': return { view: { ...view, wrap: !view.wrap } };
    case 'f': return { view: view.anchor === undefined ? pauseAt(view, drawn?.end ?? seen, seen) : follow(view) };
    case 'G': return { view: follow(view) };
    case 'g': return { view: pauseAt(view, drawn?.minEnd ?? seen - logs.lines.length, seen) };
    case 's': return { view, save: true };
    default: return undefined;
  }
}

/** The view on another replica: the search and wrap kept, the place and the note not. */
export function otherReplica(view: LogView): LogView {
  return { wrap: view.wrap, search: view.search, typing: false };
}
