// The logs pane planned as lines: the dropped count above the oldest line, gaps, matches marked
// (reverse video, or brackets without colour), the search and save rows, follow state, wrap.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineWidth, makeCtx, paintLine, type Line } from '../../src/ui/line.js';
import { LOG_VIEW, logViewKey, type KeyPress, type LogView } from '../../src/ui/log-view.js';
import { logsSection } from '../../src/ui/sections/logs.js';
import type { Theme } from '../../src/ui/theme.js';
import { GAP_LINE } from '../../src/watch/log-merge.js';
import type { LogsState } from '../../src/watch/logs.js';
import { T0 } from '../helpers/fixtures.js';

const PLAIN: Theme = { color: false, ascii: false };
const COLOR: Theme = { color: true, ascii: false };
const AT = { index: 0, count: 3 };

/** 30 lines kept after 1,234 dropped, a gap before line 20 of them. */
const LOGS: LogsState = {
  replica: 'r-1',
  lines: [...Array.from({ length: 20 }, (_, i) => `line ${i}`), GAP_LINE, ...Array.from({ length: 9 }, (_, i) => `line ${i + 20} OOM`)],
  seen: 1_264,
  fetchedAt: T0,
};

function pane(view: Partial<LogView> = {}, rows = 10, width = 60, theme = PLAIN, logs = LOGS) {
  const p = logsSection(makeCtx(T0, theme, width), logs, AT, rows, { ...LOG_VIEW, ...view });
  return { ...p, text: p.lines.map((l) => l.map((seg) => seg.text).join('')) };
}

describe('the logs pane', () => {
  it('following: the newest lines under a rule that says so; the gap is a line of its own', () => {
    const p = pane({}, 12);
    expect(p.text[0]).toMatch(/^── logs r-1 \(1\/3\) ─+ following {2}fetched \d\d:\d\d:\d\d ──$/);
    expect(p.text.slice(1)).toEqual(['line 19', GAP_LINE, ...Array.from({ length: 9 }, (_, i) => `line ${i + 20} OOM`)]);
    expect(p.lines[2]).toEqual([{ text: GAP_LINE, role: 'dim' }]);
    expect(p.drawn).toEqual({ top: 1_253, end: 1_264, minEnd: 1_244, seen: 1_264 });
  });

  it('paused with fewer lines than the pane holds, lines that came after the pause stay below', () => {
    const few: LogsState = { replica: 'r', seen: 7, lines: ['1', '2', '3', '4', '5', '6', '7'] };
    const p = logsSection(makeCtx(T0, PLAIN, 60), few, AT, 12, { ...LOG_VIEW, anchor: 5, pausedAt: 5 });
    expect(p.lines.slice(1).map((l) => l.map((seg) => seg.text).join(''))).toEqual(['1', '2', '3', '4', '5']);
    expect(p.drawn).toEqual({ top: 0, end: 5, minEnd: 5, seen: 7 });
    expect(p.lines[0]!.map((seg) => seg.text).join('')).toContain('paused · ↑ 2 back · 2 new');
  });

  it('paused on an empty pane, the first lines to come stay below', () => {
    const p = logsSection(makeCtx(T0, PLAIN, 60), { replica: 'r', seen: 2, lines: ['1', '2'], fetchedAt: T0 }, AT, 6, { ...LOG_VIEW, anchor: 0, pausedAt: 0 });
    expect(p.lines.slice(1)).toEqual([]);
    expect(p.lines[0]!.map((seg) => seg.text).join('')).toContain('paused · ↑ 2 back · 2 new');
  });

  it('at the oldest: how many older lines were let go, then the oldest kept', () => {
    const p = pane({ anchor: 0, pausedAt: 1_260 }, 5);
    expect(p.text.slice(1)).toEqual(['… 1,234 older lines dropped', 'line 0', 'line 1', 'line 2']);
    // Clamped to the oldest: 27 lines below the view, 4 of them new since it paused.
    expect(p.text[0]).toContain('paused · ↑ 27 back · 4 new');
  });

  it('marks matches in reverse video, and with brackets where there is no colour; the row under the lines counts them', () => {
    const color = pane({ search: 'oom', match: 1_262 }, 12, 60, COLOR);
    expect(color.lines.at(-2)).toEqual([{ text: 'line 28 ' }, { text: 'OOM', role: 'match' }]);
    expect(color.text.at(-1)).toBe('/oom  8/9 matches');
    expect(paintLine(color.lines.at(-2)!, COLOR)).toBe('line 28 \x1b[7mOOM\x1b[27m');
    const plain = pane({ search: 'oom', typing: true }, 12);
    expect(plain.text.at(-2)).toBe('line 28 [OOM]');
    expect(plain.text.at(-1)).toBe('/oom_  9 matches');
    expect(pane({ search: 'nothing' }).text.at(-1)).toBe('/nothing  no match');
    expect(pane({ search: 'line 0' }).text.at(-1)).toBe('/line 0  1 match');
  });

  it('a match across the clock and the text is marked as one', () => {
    const stamped: LogsState = { replica: 'r', seen: 1, lines: ['2026-11-27T12:00:00Z INFO up'] };
    const p = logsSection(makeCtx(T0, COLOR, 60), stamped, AT, 4, { ...LOG_VIEW, search: '0 info' });
    const row = p.lines[1]!;
    expect(row.filter((seg) => seg.role === 'match').map((seg) => seg.text).join('')).toBe('0 INFO');
    expect(row.map((seg) => seg.text).join('')).toMatch(/^\d\d:\d\d:\d\d INFO up$/);
  });

  it('says where a save went on one row: the whole path at 100 columns, its middle cut when the row is short', () => {
    const path = './depwatch-crashloop-ngb8ffshq-cp7d7-20261129T084141Z.log';
    const note = { ok: true, text: 'saved 10,000 lines', path };
    const wide = pane({ note }, 10, 100);
    expect(wide.text.at(-1)).toBe(`saved 10,000 lines → ${path}`);
    expect(wide.lines.at(-1)![0]!.role).toBe('ok');
    // With a search typed, both share the row while they fit.
    expect(pane({ note, search: 'oom' }, 10, 100).text.at(-1)).toBe(`/oom  9 matches  saved 10,000 lines → ${path}`);
    const narrow = pane({ note, search: 'oom' }, 10, 50);
    expect(narrow.text.slice(-2)).toEqual(['/oom  9 matches', expect.stringMatching(/^saved 10,000 lines → \.\/depwatch-cr.*….*Z\.log$/)]);
    expect(narrow.lines.every((l: Line) => lineWidth(l) <= 50)).toBe(true);
    expect(pane({ note }, 10, 80, { color: false, ascii: true }).text.at(-1)).toBe(`saved 10,000 lines -> ${path}`);
    expect(pane({ note: { ok: false, text: 'cannot save the logs: EACCES' } }).lines.at(-1)).toEqual([{ text: 'cannot save the logs: EACCES', role: 'error' }]);
  });

  it('wraps long lines onto the rows below, none wider than the pane; scrolled back by lines', () => {
    const long: LogsState = { replica: 'r', seen: 3, lines: ['a'.repeat(50), '日本語'.repeat(10), 'short'] };
    const p = logsSection(makeCtx(T0, PLAIN, 20), long, AT, 10, { ...LOG_VIEW, wrap: true });
    const text = p.lines.map((l) => l.map((seg) => seg.text).join(''));
    // The rows after a line's first are set in behind a dim ↪, so they do not read as lines of their own.
    expect(text.slice(1)).toEqual(['a'.repeat(20), `↪ ${'a'.repeat(18)}`, `↪ ${'a'.repeat(12)}`, '日本語日本語日本語日', '↪ 本語日本語日本語日', '↪ 本語日本語日本語日', '↪ 本語', 'short']);
    expect(p.lines[2]![0]).toEqual({ text: '↪ ', role: 'dim' });
    expect(p.lines.every((l: Line) => lineWidth(l) <= 20)).toBe(true);
    expect(pane({ wrap: true }).text[0]).toMatch(/ following {2}wrap {2}fetched /);
    // One line back: the view ends before `last`; the newer lines show whole, the oldest as far as it fits, its end.
    const back = logsSection(makeCtx(T0, PLAIN, 20), { ...long, lines: [...long.lines.slice(0, 2), 'short', 'last'], seen: 4 }, AT, 7, { ...LOG_VIEW, wrap: true, anchor: 3 });
    expect(back.lines.slice(1).map((l) => l.map((seg) => seg.text).join(''))).toEqual([`↪ ${'a'.repeat(12)}`, '日本語日本語日本語日', '↪ 本語日本語日本語日', '↪ 本語日本語日本語日', '↪ 本語', 'short']);
    // Back as far as it goes (g), the oldest line shows from its start, its end cut at the bottom.
    const oldest = logsSection(makeCtx(T0, PLAIN, 20), long, AT, 5, { ...LOG_VIEW, wrap: true, anchor: 2 });
    expect(oldest.lines.slice(1).map((l) => l.map((seg) => seg.text).join(''))).toEqual(['a'.repeat(20), `↪ ${'a'.repeat(18)}`, `↪ ${'a'.repeat(12)}`, '日本語日本語日本語日']);
  });

  it('in wrap mode, g puts the oldest line\'s first row at the top, never a piece from the middle of one', () => {
    const NO_KEY: KeyPress = { upArrow: false, downArrow: false, pageUp: false, pageDown: false, return: false, escape: false, backspace: false, delete: false, ctrl: false };
    const word = fc.constantFrom('ok', 'ERROR', 'step', '日本語', 'x'.repeat(37), 'y'.repeat(90), '  ');
    const logLines = fc.array(fc.array(word, { maxLength: 12 }).map((ws) => ws.join(' ')), { minLength: 1, maxLength: 25 });
    fc.assert(fc.property(logLines, fc.integer({ min: 8, max: 90 }), fc.integer({ min: 3, max: 20 }), fc.nat(3), fc.boolean(), (texts, width, rows, dropped, ascii) => {
      const lines = texts.map((t, i) => `L${i} ${t}`);
      const logs: LogsState = { replica: 'r', lines, seen: lines.length + dropped, fetchedAt: T0 };
      const ctx = makeCtx(T0, { color: false, ascii }, width);
      const wrapped = { ...LOG_VIEW, wrap: true };
      const following = logsSection(ctx, logs, AT, rows, wrapped);
      const g = logViewKey(wrapped, 'g', NO_KEY, logs, following.drawn)!.view;
      const top = logsSection(ctx, logs, AT, rows, g).lines[1]!.map((seg) => seg.text).join('');
      if (dropped > 0) expect(top).toMatch(/^(…|\.\.\.) \d/); // the count of the dropped ones, from its start
      else expect(top.startsWith('L0')).toBe(true);
    }), { numRuns: 500 });
  });

  it('wrapped in ASCII, the rows are folded as spelled (… is three cells)', () => {
    const arrows: LogsState = { replica: 'r', seen: 1, lines: ['a→b…'.repeat(10)] };
    const p = logsSection(makeCtx(T0, { color: false, ascii: true }, 20), arrows, AT, 8, { ...LOG_VIEW, wrap: true });
    const rows = p.lines.slice(1).map((l) => l.map((seg) => seg.text).join(''));
    expect(rows.map((r, i) => (i === 0 ? r : r.replace(/^ {2}/, ''))).join('')).toBe('a->b...'.repeat(10));
    expect(rows.every((r) => r.length <= 20)).toBe(true);
  });

  it('on a narrow pane the rule keeps the follow state and drops the fetch time', () => {
    expect(pane({ anchor: 1_250, pausedAt: 1_264 }, 10, 40).text[0]).toMatch(/^── logs r-1 \(1\/3\) ─* paused · ↑ 14 back ──$/);
  });
});
