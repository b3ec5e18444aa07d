// The logs pane's view and keys without a terminal: search (what matches, n/N between matches),
// follow and pause, wrap, save, and which keys are left to the app.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldCase, LOG_VIEW, logViewKey, matchingLines, matchRanges, otherReplica, shownText, type KeyPress, type LogPaneDrawn, type LogView } from '../../src/ui/log-view.js';
import { GAP_LINE } from '../../src/watch/log-merge.js';
import type { LogsState } from '../../src/watch/logs.js';

const NO_KEY: KeyPress = { upArrow: false, downArrow: false, pageUp: false, pageDown: false, return: false, escape: false, backspace: false, delete: false, ctrl: false };
const press = (flags: Partial<KeyPress>): KeyPress => ({ ...NO_KEY, ...flags });

/** 100 lines numbered 0..99 (nothing dropped); every tenth says OOM. */
const LOGS: LogsState = { replica: 'r', seen: 100, lines: Array.from({ length: 100 }, (_, i) => (i % 10 === 3 ? `step ${i} OutOfMemory` : `step ${i} ok`)) };
/** Following: the pane shows lines 80..99 of at least 20 rows. */
const FOLLOWING: LogPaneDrawn = { top: 80, end: 100, minEnd: 20, seen: 100 };

/** Keys typed one after another, each seeing the pane as drawn. */
function keys(view: LogView, inputs: (string | Partial<KeyPress>)[], drawn: LogPaneDrawn = FOLLOWING, logs: LogsState = LOGS): LogView {
  return inputs.reduce<LogView>((v, input) => {
    const r = typeof input === 'string' ? logViewKey(v, input, NO_KEY, logs, drawn) : logViewKey(v, '', press(input), logs, drawn);
    return r?.view ?? v;
  }, view);
}

describe('search matching', () => {
  it('is any case, on the text as shown (a timestamp as the local clock)', () => {
    expect(matchRanges('OOM then oom then OoM', 'oOm')).toEqual([[0, 3], [9, 12], [18, 21]]);
    expect(matchRanges('aaaa', 'aa')).toEqual([[0, 2], [2, 4]]);
    expect(matchRanges('ÉCOLE école', 'éco')).toEqual([[0, 3], [6, 9]]);
    expect(matchRanges('İstanbul', 'i')).toEqual([[0, 1]]);
    expect(shownText('2026-11-27T12:00:00Z INFO up')).toMatch(/^\d\d:\d\d:\d\d INFO up$/);
    expect(matchingLines(['2026-11-27T12:00:00Z INFO up', 'INFO down', GAP_LINE, 'x'], 'info')).toEqual([0, 1]);
    expect(matchingLines(['a', 'b'], '')).toEqual([]);
  });

  it('counts as many matches as a plain count of the folded text, each range covering the query', () => {
    const text = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: fc.constantFrom('a', 'A', 'İ', 'ß', 'Σ', 'é', '日', ' '), maxLength: 40 }));
    const query = fc.oneof(fc.string({ minLength: 1, maxLength: 3 }), fc.string({ unit: fc.constantFrom('a', 'A', 'i', 'İ', 'σ', 'é', '日'), minLength: 1, maxLength: 2 }));
    fc.assert(fc.property(text, query, (t, q) => {
      const ranges = matchRanges(t, q);
      expect(ranges.length).toBe(foldCase(t).split(foldCase(q)).length - 1);
      // Whole characters: one whose lower case is longer (İ → i̇) is covered when part of it matches.
      for (const [start, end] of ranges) expect(foldCase(t.slice(start, end))).toContain(foldCase(q));
      ranges.slice(1).forEach(([start], i) => expect(start).toBeGreaterThanOrEqual(ranges[i]![1]));
    }), { numRuns: 500 });
  });

  it('finds the lines a naive filter finds', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'B', 'c', ' ', 'É', 'é'), maxLength: 12 }), { maxLength: 40 }), fc.string({ unit: fc.constantFrom('a', 'b', 'É', ' '), minLength: 1, maxLength: 2 }), (lines, q) => {
      const naive = lines.flatMap((l, i) => (l.toLowerCase().includes(q.toLowerCase()) ? [i] : []));
      expect(matchingLines(lines, q)).toEqual(naive);
    }));
  });
});

describe('typing a search', () => {
  it('/ starts it; each key typed goes to it and to the newest match above the bottom; Enter keeps it', () => {
    let v = keys(LOG_VIEW, ['/']);
    expect(v.typing).toBe(true);
    v = keys(v, ['o', 'u', 't', 'o', 'f', 'm']);
    expect(v).toMatchObject({ search: 'outofm', typing: true, match: 93 });
    // Visible already: the view still follows.
    expect(v.anchor).toBeUndefined();
    // Keys the app would take are text while typing.
    v = keys(v, ['q', { backspace: true }, { return: true }]);
    expect(v).toMatchObject({ search: 'outofm', typing: false, match: 93 });
  });

  it('Alt with a key while typing is taken and changes nothing: Alt-q neither types q nor reaches the app to quit', () => {
    const v = keys(LOG_VIEW, ['/', 'o', 'o', 'm']);
    expect(logViewKey(v, 'q', press({ meta: true }), LOGS, FOLLOWING)).toEqual({ view: v });
  });

  it('Esc while typing clears it and stops typing; a search with no match has no current match', () => {
    const v = keys(LOG_VIEW, ['/', 'z', 'z']);
    expect(v.match).toBeUndefined();
    expect(keys(v, [{ escape: true }])).toEqual(LOG_VIEW);
  });

  it('a match above the view scrolls the view to it, paused', () => {
    // Scrolled back to lines 40..59: the newest match above the bottom is line 53, which shows.
    const drawn = { top: 40, end: 60, minEnd: 20, seen: 100 };
    const scrolled = { ...LOG_VIEW, anchor: 60, pausedAt: 100 };
    expect(keys(scrolled, ['/', 'm', 'e', 'm'], drawn)).toMatchObject({ match: 53, anchor: 60 });
    // Only the first lines match: the view goes there.
    const logs = { ...LOGS, lines: LOGS.lines.map((l, i) => (i === 5 ? 'rare' : l)) };
    expect(keys(LOG_VIEW, ['/', 'r', 'a', 'r', 'e'], FOLLOWING, logs)).toMatchObject({ match: 5, anchor: 20, pausedAt: 100 });
  });
});

describe('n and N', () => {
  const searched: LogView = { ...LOG_VIEW, search: 'outofmemory', match: 93 };

  it('N goes to the previous (older) match, n to the next, round the ends; the view follows the match', () => {
    const back = keys(searched, ['N']);
    expect(back).toMatchObject({ match: 83 });
    expect(back.anchor).toBeUndefined(); // 83 is on screen
    const further = keys(searched, ['N', 'N']);
    // Line 73 is above the pane: the view moves to show it about the middle.
    expect(further).toMatchObject({ match: 73, anchor: 84, pausedAt: 100 });
    expect(keys(searched, ['n'])).toMatchObject({ match: 3 });
    expect(keys({ ...searched, match: 3 }, ['N'])).toMatchObject({ match: 93 });
  });

  it('without a current match, n takes the first one from the top of the view and N the last above its bottom', () => {
    const { match: _m, ...none } = searched;
    expect(keys(none, ['n']).match).toBe(83);
    expect(keys(none, ['N']).match).toBe(93);
    expect(keys(LOG_VIEW, ['n'])).toEqual(LOG_VIEW);
  });
});

describe('follow, pause and scrolling', () => {
  it('↑ pauses one line back, remembering how many lines there were; ↓ back to the newest follows again', () => {
    const up = keys(LOG_VIEW, [{ upArrow: true }, 'k']);
    expect(up).toMatchObject({ anchor: 98, pausedAt: 100 });
    expect(keys(up, [{ downArrow: true }, 'j'])).toEqual(LOG_VIEW);
    expect(keys(LOG_VIEW, [{ pageUp: true }])).toMatchObject({ anchor: 90 });
  });

  it('paused on a pane not yet full, ↑ stays paused; ↓ shows the new lines one by one, then follows', () => {
    const few: LogsState = { replica: 'r', seen: 7, lines: ['1', '2', '3', '4', '5', '6', '7'] };
    const drawn = { top: 0, end: 5, minEnd: 5, seen: 7 };
    const paused = { ...LOG_VIEW, anchor: 5, pausedAt: 5 };
    expect(keys(paused, [{ upArrow: true }], drawn, few)).toEqual(paused);
    expect(keys(paused, [{ downArrow: true }], drawn, few)).toEqual({ ...paused, anchor: 6 });
    expect(keys(paused, [{ downArrow: true }, { downArrow: true }], drawn, few)).toEqual(LOG_VIEW);
    // Paused at the newest line (f), ↓ has nowhere to go and keeps the pause.
    const atEnd = { ...LOG_VIEW, anchor: 7, pausedAt: 7 };
    expect(keys(atEnd, [{ downArrow: true }], { top: 0, end: 7, minEnd: 7, seen: 7 }, few)).toEqual(atEnd);
  });

  it('never scrolls past the oldest line or below the newest', () => {
    expect(keys(LOG_VIEW, Array.from({ length: 12 }, () => ({ pageUp: true })))).toMatchObject({ anchor: 20 });
    expect(keys(LOG_VIEW, [{ downArrow: true }])).toEqual(LOG_VIEW);
  });

  it('f pauses where the view is and again follows; G follows; g goes to the oldest', () => {
    const paused = keys(LOG_VIEW, ['f']);
    expect(paused).toMatchObject({ anchor: 100, pausedAt: 100 });
    expect(keys(paused, ['f'])).toEqual(LOG_VIEW);
    expect(keys(LOG_VIEW, ['g'])).toMatchObject({ anchor: 20, pausedAt: 100 });
    expect(keys(LOG_VIEW, ['g', 'G'])).toEqual(LOG_VIEW);
  });
});

describe('the other keys', () => {
  it('w toggles wrap; s asks for a save', () => {
    expect(keys(LOG_VIEW, ['w']).wrap).toBe(true);
    expect(keys(LOG_VIEW, ['w', 'w']).wrap).toBe(false);
    expect(logViewKey(LOG_VIEW, 's', NO_KEY, LOGS, FOLLOWING)).toEqual({ view: LOG_VIEW, save: true });
  });

  it('Esc clears the search first; after that, and for keys not its own, the pane leaves the key to the app', () => {
    const searched = { ...LOG_VIEW, search: 'oom', match: 93 };
    expect(logViewKey(searched, '', press({ escape: true }), LOGS, FOLLOWING)?.view).toEqual(LOG_VIEW);
    expect(logViewKey(LOG_VIEW, '', press({ escape: true }), LOGS, FOLLOWING)).toBeUndefined();
    for (const key of ['q', 'r', 'p', 'l', 't', '?']) expect(logViewKey(LOG_VIEW, key, NO_KEY, LOGS, FOLLOWING)).toBeUndefined();
    expect(logViewKey(LOG_VIEW, 'c', press({ ctrl: true }), LOGS, FOLLOWING)).toBeUndefined();
  });

  it('a save\'s note stays until the next key the pane takes', () => {
    const noted = { ...LOG_VIEW, note: { ok: true, text: 'saved 3 lines to ./x.log' } };
    expect(logViewKey(noted, 'q', NO_KEY, LOGS, FOLLOWING)).toBeUndefined();
    expect(logViewKey(noted, 'w', NO_KEY, LOGS, FOLLOWING)?.view).toEqual({ ...LOG_VIEW, wrap: true });
  });

  it('another replica keeps the search and wrap, not the place', () => {
    expect(otherReplica({ ...LOG_VIEW, wrap: true, search: 'oom', typing: true, anchor: 5, pausedAt: 9, match: 3 })).toEqual({ ...LOG_VIEW, wrap: true, search: 'oom' });
  });
});
