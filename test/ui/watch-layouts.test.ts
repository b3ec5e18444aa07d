// The watch screen at the sizes people use, planned from a recorded crash loop: what each size
// keeps when space runs out, and columns that stay put through the crash cycle.
import { describe, expect, test } from 'vitest';
import type { Deployment } from '../../src/api/schema.js';
import { textWidth } from '../../src/ui/format.js';
import { planScreen, type ScreenInput, type UiState } from '../../src/ui/screen-plan.js';
import { initialState, reduce } from '../../src/watch/state.js';
import type { WatchState } from '../../src/watch/types.js';
import { crashLoopSteps, OOM } from '../helpers/crash-loop.js';
import { deployment, replica } from '../helpers/fixtures.js';
import { planText, PLAIN_THEME } from '../helpers/plan.js';

function feed(steps: [number, Deployment][]): WatchState {
  return steps.reduce((s, [at, d]) => reduce(s, { ok: true, data: d, at, latencyMs: 10 }), initialState());
}

function frame(state: WatchState, now: number, columns: number, rows: number, ui: UiState = { scroll: 0, help: false }): string[] {
  const input: ScreenInput = { state, ui, now, size: { columns, rows }, theme: PLAIN_THEME, intervalMs: 2_000, paused: false, target: 'llama-chat' };
  return planText(planScreen(input).lines).split('\n');
}

const steps = crashLoopSteps();
/** The watch after each poll of the crash loop, with the time just after it. */
const polls = steps.map((_, i) => ({ state: feed(steps.slice(0, i + 1)), now: steps[i]![0] + 500 }));
const crashed = polls[3 + 6]!; // the second cycle's crash: the cause is in the replica's message

function fits(lines: readonly string[], columns: number, rows: number): void {
  expect(lines).toHaveLength(rows);
  for (const line of lines) expect(textWidth(line), line).toBeLessThanOrEqual(columns);
}

describe('every size keeps the essentials', () => {
  test.each([[40, 12], [80, 24], [160, 48], [250, 80]])('%ix%i: name, the whole status word, ready/desired, the failing replica and its cause', (columns, rows) => {
    const lines = frame(crashed.state, crashed.now, columns, rows);
    fits(lines, columns, rows);
    expect(lines[0]).toMatch(/^llama-chat .*● Updating/);
    expect(lines.some((l) => /^ready 3\/3/.test(l))).toBe(true);
    const row = lines.findIndex((l) => /^› .*✖ /.test(l));
    expect(row).toBeGreaterThan(0);
    // The cause: in its cell when it fits, else on the line under its row (cut only at the screen's edge).
    const cause = `${lines[row]}\n${lines[row + 1]}`;
    expect(cause).toContain(columns >= 80 ? OOM : 'CUDA out of memory');
  });

  test('narrow: the description is cut, then the id and the details go, then the name is cut; the status word never is', () => {
    const lines = frame(crashed.state, crashed.now, 40, 12);
    expect(lines[0]).toBe('llama-chat  dep-4f2a9c  ● Updating  Lla…');
    expect(lines.some((l) => l.startsWith('image '))).toBe(false);
    expect(frame(crashed.state, crashed.now, 30, 12)[0]).toBe('llama-chat  ● Updating  Llama…');
    expect(frame(crashed.state, crashed.now, 20, 12)[0]).toBe('llama-c…  ● Updating');
  });

  test('80x24 keeps the message column before REV and PRELOAD, the cause whole under the row', () => {
    const lines = frame(crashed.state, crashed.now, 80, 24);
    const header = lines.find((l) => l.trimStart().startsWith('REPLICA'))!;
    expect(header).toContain('MESSAGE');
    expect(header).not.toContain('PRELOAD');
    const row = lines.findIndex((l) => /^› llama-chat-rev-2-a/.test(l));
    expect(lines[row + 1]).toMatch(/^ +→ Error: CUDA out of memory\. Tried to allocate 3\.91 GiB/);
  });

  test('160x48 and 250x80: the table full width, then the details beside the recent changes', () => {
    for (const [columns, rows] of [[160, 48], [250, 80]] as const) {
      const lines = frame(crashed.state, crashed.now, columns, rows);
      const header = lines.findIndex((l) => l.trimStart().startsWith('REPLICA'));
      expect(lines[header]).toMatch(/STATUS +READY +REV +PRELOAD +MESSAGE$/);
      const band = lines.findIndex((l) => /^── details ─+ +── recent changes ─+$/.test(l));
      expect(band).toBeGreaterThan(header);
      expect(lines[band + 1]).toMatch(/^image .* {3}\d\d:\d\d:\d\d /);
    }
  });

  test('below 20x5 one line says the terminal is too small', () => {
    expect(frame(crashed.state, crashed.now, 19, 12)).toEqual(['terminal too small…', ...Array(11).fill('')]);
    expect(frame(crashed.state, crashed.now, 80, 4)).toEqual(['terminal too small (80×4)', '', '', '']);
  });
});

describe('columns stay put', () => {
  test.each([[80, 24], [120, 30], [160, 48]])('%ix%i: the header is the same at every poll of a crash cycle', (columns, rows) => {
    const headers = new Set(polls.slice(1).map(({ state, now }) => frame(state, now, columns, rows).find((l) => l.trimStart().startsWith('REPLICA'))));
    expect([...headers]).toHaveLength(1);
    // And the rows' columns start where the header's do.
    const { state, now } = crashed;
    const lines = frame(state, now, columns, rows);
    const header = lines.find((l) => l.trimStart().startsWith('REPLICA'))!;
    const ready = lines.find((l) => l.includes('llama-chat-rev-1-a'))!;
    expect(ready.indexOf('● Running')).toBe(header.indexOf('STATUS'));
  });
});

describe('a thousand replicas', () => {
  const many = (): WatchState => {
    const events: Record<string, ReturnType<typeof replica>> = {};
    for (let i = 0; i < 1000; i++) events[`llama-chat-rev-1-${String(i).padStart(4, '0')}`] = replica();
    return feed([[0, deployment({ replica_events: events, desired_replicas: 1000, ready_replicas: 1000 })]]);
  };

  test('the window follows the cursor to the last one and says how many are above', () => {
    const state = many();
    const lines = frame(state, 500, 80, 24, { scroll: 0, help: false, cursor: 999 });
    expect(lines.find((l) => l.startsWith('› '))).toContain('llama-chat-rev-1-0999');
    const rule = lines.find((l) => l.startsWith('── replicas 1000'))!;
    const above = Number(/↑ (\d+) more/.exec(rule)?.[1]);
    expect(above + lines.filter((l) => /^[ ›] llama-chat-rev-1-/.test(l)).length).toBe(1000);
    expect(rule).not.toContain('↓');
  });
});

describe('help', () => {
  const help = (columns: number, rows: number, helpScroll = 0) => frame(crashed.state, crashed.now, columns, rows, { scroll: 0, help: true, helpScroll });

  test('fits 80x24 whole; two columns at 160x48', () => {
    const narrow = help(80, 24);
    expect(narrow.some((l) => l.startsWith('── in the timeline'))).toBe(true);
    expect(narrow.join('\n')).not.toMatch(/more \(j k scroll\)/);
    const wide = help(160, 48);
    expect(wide.find((l) => l.startsWith('── keys'))).toMatch(/ {2}── in the logs ─+$/);
  });

  test('scrolls where it does not fit, and says how much is below', () => {
    const top = help(40, 12);
    expect(top.at(-2)).toMatch(/^↓ \d+ more \(j k scroll\)$/);
    const below = Number(/↓ (\d+)/.exec(top.at(-2)!)![1]);
    const scrolled = help(40, 12, 3);
    expect(scrolled.at(-2)).toBe(`↓ ${below - 3} more (j k scroll)`);
    expect(scrolled[1]).toBe(top[4]);
    const bottom = help(40, 12, 999);
    expect(bottom.some((l) => l.includes('close (Esc clears'))).toBe(true);
  });
});
