import { describe, expect, it } from 'vitest';
import { makeCtx } from '../../src/ui/line.js';
import { timelinePane, TIMELINE_OPEN, type TimelineView } from '../../src/ui/sections/timeline-pane.js';
import type { Theme } from '../../src/ui/theme.js';
import type { Severity, TimelineEvent } from '../../src/watch/types.js';
import { T0 } from '../helpers/fixtures.js';

const PLAIN: Theme = { color: false, ascii: false };
const SEVERITIES: Severity[] = ['info', 'ok', 'warn', 'error'];

/** `n` events a second apart, the last one newest; every third about replica r-1. */
function events(n: number): TimelineEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    at: T0 + i * 1_000,
    severity: SEVERITIES[i % 4]!,
    text: `event ${i}`,
    ...(i % 3 === 0 ? { replica: 'r-1' } : {}),
  }));
}

function pane(list: TimelineEvent[], view: Partial<TimelineView> = {}, rows = 10, dropped = 0, width = 80) {
  const p = timelinePane(makeCtx(T0, PLAIN, width), list, dropped, { ...TIMELINE_OPEN, ...view }, rows);
  return { ...p, text: p.lines.map((l) => l.map((seg) => seg.text).join('')) };
}

describe('the timeline pane', () => {
  it('shows the newest first under a rule that counts them, each with its severity word', () => {
    const p = pane(events(5));
    expect(p.text[0]).toMatch(/^── timeline 5 events ─+ \/ filter ──$/);
    expect(p.text.slice(1).map((l) => l.replace(/^\d\d:\d\d:\d\d /, ''))).toEqual([
      '• info event 4',
      '✖ FAIL r-1 event 3',
      '▲ WARN event 2',
      '✔ ok   event 1',
      '• info r-1 event 0',
    ]);
    expect(p.lines).toHaveLength(6);
  });

  it('scrolls toward older events, clamped, saying how many are above and below', () => {
    const list = events(30);
    const top = pane(list);
    expect(top.maxOffset).toBe(21);
    expect(top.text[0]).toContain('↓ 21 older');
    const mid = pane(list, { offset: 5 });
    expect(mid.text[1]).toContain('event 24');
    expect(mid.text[0]).toMatch(/↑ 5 newer {2}↓ 16 older/);
    const end = pane(list, { offset: 1_000 });
    expect(end.offset).toBe(21);
    expect(end.text.at(-1)).toContain('event 0');
    expect(pane(list, { offset: Number.NaN }).offset).toBe(0);
  });

  it('scrolled back, stays on the same events as newer ones arrive; at the top, follows the newest', () => {
    // The offset was chosen when 25 events had been seen; 5 more arrived since.
    expect(pane(events(30), { offset: 5, seen: 25 }).text[1]).toContain('event 19');
    expect(pane(events(30), { offset: 5, seen: 25 }).offset).toBe(10);
    expect(pane(events(30), { offset: 0, seen: 25 }).text[1]).toContain('event 29');
    // Filtered, only the arrivals that match push it down (event 27 is about r-1).
    const filtered = pane(events(30), { offset: 2, seen: 25, filter: 'r-1' }, 5);
    expect(filtered.offset).toBe(3);
    expect(filtered.text[1]).toContain('event 18');
    // Counted across the cap: 40 seen in all, 10 of them dropped, 30 kept, none new.
    expect(pane(events(30), { offset: 5, seen: 40 }, 10, 10).text[1]).toContain('event 24');
  });

  it('ends with how many older events the cap dropped', () => {
    const end = pane(events(30), { offset: 1_000 }, 10, 1_234);
    expect(end.maxOffset).toBe(22);
    expect(end.text.at(-1)).toBe('… 1,234 older events dropped');
    expect(end.text.at(-2)).toContain('event 0');
    expect(pane(events(1), {}, 10, 1).text.at(-1)).toBe('… 1 older event dropped');
    expect(pane(events(3)).text.join('\n')).not.toContain('dropped');
  });

  it('filters by text in any case, over the text, the replica and the severity word, counting the matches', () => {
    const list = events(30);
    const byText = pane(list, { filter: 'EVENT 2' });
    // event 2, 20..29: eleven, newest first.
    expect(byText.matches).toBe(11);
    expect(byText.text[0]).toMatch(/ \/EVENT 2 11 matches ──$/);
    expect(byText.text[1]).toContain('event 29');
    expect(pane(list, { filter: 'r-1' }).matches).toBe(10);
    expect(pane(list, { filter: 'fail' }).text.slice(1).every((l) => l.includes('✖ FAIL'))).toBe(true);
    expect(pane(list, { filter: 'fail' }).matches).toBe(7);
  });

  it('shows the filter being typed with a cursor, and says when nothing matches', () => {
    expect(pane(events(3), { filter: '', typing: true }).text[0]).toMatch(/ \/_ 3 matches ──$/);
    const none = pane(events(3), { filter: 'zzz', typing: true });
    expect(none.text[0]).toMatch(/ \/zzz_ 0 matches ──$/);
    expect(none.text[1]).toBe('no event contains "zzz"');
    expect(pane([]).text[1]).toBe('no changes seen yet');
  });

  it('fits any height: nothing for no rows, the rule alone for one', () => {
    expect(pane(events(5), {}, 0).lines).toEqual([]);
    expect(pane(events(5), {}, 1).lines).toHaveLength(1);
    expect(pane(events(5), {}, 1).maxOffset).toBe(5);
  });
});
