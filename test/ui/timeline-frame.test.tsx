// Frames of the full-height timeline (key `t`) at 80x24 and 160x48.
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { textWidth } from '../../src/ui/format.js';
import type { TimelineView } from '../../src/ui/sections/timeline-pane.js';
import { rollingDeployment } from '../helpers/fixtures.js';
import { event, linesOf, renderScreen, watchState } from './helpers.js';

afterEach(() => cleanup());

/** Thirty events two seconds apart, newest last: a rollout's replicas becoming ready, one failing, after 1,234 dropped. */
const state = watchState(rollingDeployment(), {
  timeline: Array.from({ length: 30 }, (_, i) =>
    i === 27 ? event(60 - i * 2, 'CrashLoopBackOff: back-off 40s restarting failed container=model', 'error', 'llama-chat-rev-2-a')
      : event(60 - i * 2, `ready ${i % 3}/3 → ${(i + 1) % 3}/3`, i % 3 === 2 ? 'ok' : 'info')),
  timelineDropped: 1_234,
});

function frame(columns: number, rows: number, view: Partial<TimelineView> = {}) {
  const ui = { scroll: 0, help: false, timeline: { offset: 0, filter: '', typing: false, ...view } };
  const lines = linesOf(renderScreen(state, { columns, rows, ui }).lastFrame());
  expect(lines).toHaveLength(rows);
  for (const line of lines) expect(textWidth(line), line).toBeLessThanOrEqual(columns);
  // Clock times depend on the time zone: shown as HH:MM:SS.
  return lines.map((l) => l.replace(/\b\d\d:\d\d:\d\d\b/g, 'HH:MM:SS'));
}

describe('the timeline pane', () => {
  test('80x24: the title and rollout lines, then the pane, newest first, and the pane\'s keys in the footer', () => {
    const lines = frame(80, 24);
    expect(lines[0]).toMatch(/^llama-chat {2}dep-4f2a9c {2}● Updating/);
    expect(lines[3]).toBe(`── timeline 30 events ${'─'.repeat(34)} ↓ 12 older  / filter ──`);
    expect(lines.slice(4, 8)).toEqual([
      'HH:MM:SS ✔ ok   ready 2/3 → 0/3',
      'HH:MM:SS • info ready 1/3 → 2/3',
      'HH:MM:SS ✖ FAIL llama-chat-rev-2-a CrashLoopBackOff: back-off 40s restarting fa…',
      'HH:MM:SS ✔ ok   ready 2/3 → 0/3',
    ]);
    expect(lines.slice(4, 23).every((l) => l.startsWith('HH:MM:SS '))).toBe(true);
    expect(lines[23]).toMatch(/^\/ filter {2}g G newest\/oldest {2}t close {2}\? help {2}q quit +fetched HH:MM:SS$/);
    expect(lines.join('\n')).not.toContain('REPLICA');
  });

  test('80x24 scrolled to the end: the oldest event, then how many older ones were dropped', () => {
    const lines = frame(80, 24, { offset: 1_000 });
    expect(lines[3]).toMatch(/ ↑ 12 newer {2}\/ filter ──$/);
    expect(lines[21]).toBe('HH:MM:SS • info ready 0/3 → 1/3');
    expect(lines[22]).toBe('… 1,234 older events dropped');
  });

  test('160x48: every event and the dropped count fit, messages whole', () => {
    const lines = frame(160, 48);
    expect(lines[3]).toMatch(/^── timeline 30 events ─+ \/ filter ──$/);
    expect(textWidth(lines[3]!)).toBe(160);
    expect(lines[6]).toBe('HH:MM:SS ✖ FAIL llama-chat-rev-2-a CrashLoopBackOff: back-off 40s restarting failed container=model');
    expect(lines[34]).toBe('… 1,234 older events dropped');
    expect(lines.slice(35, 47).every((l) => l === '')).toBe(true);
    expect(lines[47]).toMatch(/^\/ filter {2}g G newest\/oldest {2}t close {2}\? help {2}q quit +every 2s/);
  });

  test('160x48 filtered while typing: the filter and its match count in the rule, only the matches', () => {
    const lines = frame(160, 48, { filter: 'crash', typing: true });
    expect(lines[3]).toMatch(/^── timeline 30 events ─+ \/crash_ 1 match ──$/);
    expect(lines[4]).toMatch(/CrashLoopBackOff/);
    expect(lines[5]).toBe('… 1,234 older events dropped');
    expect(lines[47]).toMatch(/^enter keep filter {2}esc clear +every 2s/);
  });
});
