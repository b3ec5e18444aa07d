import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { formatClock, textWidth } from '../../src/ui/format.js';
import { LOG_VIEW } from '../../src/ui/log-view.js';
import { planScreen } from '../../src/ui/screen-plan.js';
import type { WatchState } from '../../src/watch/types.js';
import { deployment, failedDeployment, iso, replica, rollingDeployment, T0 } from '../helpers/fixtures.js';
import { ASCII, COLOR, event, linesOf, PLAIN, renderScreen, watchState } from './helpers.js';

afterEach(() => cleanup());

const timeline = [
  event(400, 'status Updating → Ready', 'ok'),
  event(350, 'volume preload — → InProgress', 'info', 'llama-chat-rev-2-b'),
  event(300, 'deployment created', 'info'),
  event(60, 'became ready', 'ok', 'llama-chat-rev-2-a'),
  event(20, 'CrashLoopBackOff: back-off 40s restarting failed container', 'error', 'llama-chat-rev-2-a'),
];

function erroring(base: WatchState): WatchState {
  return {
    ...base,
    lastSuccessAt: T0 - 45_000,
    consecutiveFailures: 3,
    error: { kind: 'rate-limited', message: 'too many requests', status: 429, since: T0 - 30_000, nextRetryAt: T0 + 12_000 },
  };
}

/** Forty replicas with long names and messages, a long description and many env vars: the worst case for width. */
function crowded(): WatchState {
  const events: Record<string, ReturnType<typeof replica>> = {};
  for (let i = 0; i < 40; i++) {
    events[`llama-chat-with-a-very-long-deployment-name-rev-${i % 3}-${String(i).padStart(4, '0')}`] = replica({
      revision_id: `rev-${i % 3}`,
      ...(i % 4 === 0 ? { replica_status: 'Waiting', replica_status_reason: 'CrashLoopBackOff', replica_ready_since: undefined, replica_status_message: 'x'.repeat(300) } : {}),
    });
  }
  const d = deployment({
    description: 'A description that goes on and on '.repeat(10),
    environment_variables: Array.from({ length: 30 }, (_, i) => ({ name: `VARIABLE_NUMBER_${i}`, value: `secret-value-${i}` })),
    replica_events: events,
    status: 'SomethingNew',
  });
  return erroring(watchState(d, { timeline: Array.from({ length: 50 }, (_, i) => event(i, `change number ${i} ${'y'.repeat(100)}`, 'warn')) }));
}

describe('a ready deployment', () => {
  test('shows the status word with its badge, 3/3 ready, a full gauge and the stable revision', () => {
    const frame = renderScreen(watchState(deployment()), { columns: 100, rows: 30 }).lastFrame()!;
    expect(frame).toContain('● Ready');
    expect(frame).toMatch(/ready 3\/3 █+ {2}min 1–max 5/);
    expect(frame).not.toContain('░');
    expect(linesOf(frame)[1]).toBe('steady on rev-1');
    expect(frame).toContain('llama-chat-rev-1-a');
  });

  test('details carry ages: created days ago, updated just now', () => {
    const frame = renderScreen(watchState(deployment({ updated_at: iso(T0) })), { columns: 100, rows: 30 }).lastFrame()!;
    expect(frame).toContain('created 3d ago');
    expect(frame).toContain('updated just now');
  });
});

describe('a rollout in progress', () => {
  test('says which revision rolls in from which, and shows the new replica preloading', () => {
    const lines = linesOf(renderScreen(watchState(rollingDeployment()), { columns: 100, rows: 30 }).lastFrame());
    const frame = lines.join('\n');
    expect(frame).toContain('● Updating');
    expect(lines[1]).toMatch(/^progressing rev-2 ← rev-1 \(2 live\) · 1\/3 new ready · \d\S+ · ~\d\S+ left$/);
    const header = lines.findIndex((l) => l.trimStart().startsWith('REPLICA'));
    // The replica still starting comes first (under the cursor), with its reason and its preload state.
    expect(lines[header + 1]).toMatch(/^› llama-chat-rev-2-b\s+○ ContainerCreating\s+-\s+rev-2\s+InProgress/);
  });
});

describe('a failed deployment', () => {
  test('lists the crashing replica first, with its reason and message', () => {
    const lines = linesOf(renderScreen(watchState(failedDeployment(), { timeline }), { columns: 100, rows: 30 }).lastFrame());
    const frame = lines.join('\n');
    expect(frame).toContain('✖ Failed');
    expect(lines[1]).toMatch(/^failed: llama-chat-rev-2-a CrashLoopBackOff · rev-2 0\/3 ready/);
    const header = lines.findIndex((l) => l.trimStart().startsWith('REPLICA'));
    expect(lines[header + 1]).toContain('llama-chat-rev-2-a');
    expect(lines[header + 1]).toContain('CrashLoopBackOff');
    // Its message is wider than the column: it has the line under the row.
    expect(lines[header + 2]).toMatch(/^ +→ back-off 40s/);
    expect(lines[header + 3]).toContain('● Running');
  });

  test('at 80 columns the table keeps the message before REV and PRELOAD, the cause whole under its row', () => {
    const lines = linesOf(renderScreen(watchState(failedDeployment()), { columns: 80, rows: 24 }).lastFrame());
    const header = lines.find((l) => l.trimStart().startsWith('REPLICA'))!;
    expect(header).toMatch(/^ +REPLICA +STATUS +READY +(REV +)?MESSAGE$/);
    expect(header).not.toContain('PRELOAD');
    const row = lines.findIndex((l) => /^[ ›] llama-chat-rev-2-a/.test(l));
    expect(lines[row]).toContain('✖ CrashLoopBackOff');
    expect(lines[row + 1]).toMatch(/^ +→ back-off 40s restarting failed container=model/);
  });
});

describe('why a replica crash-loops', () => {
  const longNames = () => {
    const d = failedDeployment();
    const events = Object.fromEntries(Object.entries(d.replica_events!).map(([k, v]) => [`${k}-with-a-long-generated-suffix`, v]));
    return { ...d, replica_events: events };
  };
  const cause = new Map([['llama-chat-rev-2-a-with-a-long-generated-suffix', 'Error: CUDA out of memory']]);

  test('leads the message with the cause an earlier poll saw', () => {
    const lines = linesOf(renderScreen(watchState(longNames(), { causes: cause }), { columns: 160, rows: 30 }).lastFrame());
    const row = lines.findIndex((l) => /^[ ›] llama-chat-rev-2-/.test(l));
    expect(`${lines[row]}\n${lines[row + 1]}`).toContain('Error: CUDA out of memory (back-off 40s');
  });

  test('gets a line of its own under its row when no message column fits', () => {
    const lines = linesOf(renderScreen(watchState(longNames(), { causes: cause }), { columns: 60, rows: 24 }).lastFrame());
    const row = lines.findIndex((l) => /^[ ›] llama-chat-r.*✖/.test(l));
    expect(lines[row]).toContain('CrashLoopBackOff');
    expect(lines[row]).not.toContain('CUDA');
    expect(lines[row + 1]).toMatch(/^ +→ Error: CUDA out of memory/);
    expect(lines).toHaveLength(24);
  });
});

describe('stale data with an error', () => {
  test('one banner line says the cause, the retry countdown and how old the data is', () => {
    const lines = linesOf(renderScreen(erroring(watchState(failedDeployment())), { columns: 120, rows: 30 }).lastFrame());
    expect(lines[0]).toMatch(/^✖ rate limited \(429\): too many requests · retrying in 12s · showing data from \d\d:\d\d:\d\d \(45s old\) · 3 failures since/);
    expect(lines.at(-1)).toContain('stale 45s');
  });

  test('fresh data carries no banner and no stale mark', () => {
    const frame = renderScreen(watchState(failedDeployment()), { columns: 120, rows: 30 }).lastFrame()!;
    expect(frame).not.toContain('retrying');
    expect(frame).not.toContain('stale');
  });

  test('when paused the banner says paused instead of a countdown', () => {
    const frame = renderScreen(erroring(watchState(failedDeployment())), { columns: 120, rows: 30, paused: true }).lastFrame()!;
    expect(linesOf(frame)[0]).toContain('rate limited (429): too many requests · paused');
    expect(frame).not.toContain('retrying in');
  });
});

describe('before the first data', () => {
  test('says what it is connecting to', () => {
    const frame = renderScreen(watchState(undefined), { columns: 80, rows: 24, target: 'dep-4f2a9c' }).lastFrame()!;
    expect(linesOf(frame)[0]).toBe('connecting to dep-4f2a9c…');
    expect(linesOf(frame)).toHaveLength(24);
    expect(frame).toContain('waiting for the first response');
  });

  test('a failing first poll shows its error', () => {
    const state = watchState(undefined, { consecutiveFailures: 1, error: { kind: 'auth', message: 'invalid API key', status: 401, since: T0 - 2_000, nextRetryAt: T0 + 3_000 } });
    const lines = linesOf(renderScreen(state, { columns: 80, rows: 24, target: 'dep-4f2a9c' }).lastFrame());
    expect(lines[0]).toMatch(/^✖ authentication failed \(401\): invalid API key · retrying in 3s · no data yet/);
    expect(lines[1]).toBe('no data from dep-4f2a9c yet');
  });
});

describe('size', () => {
  const states: [string, WatchState][] = [
    ['ready', watchState(deployment())],
    ['rolling', watchState(rollingDeployment(), { timeline })],
    ['failed with error', erroring(watchState(failedDeployment(), { timeline }))],
    ['crowded', crowded()],
    ['connecting', watchState(undefined)],
  ];

  test.each(states)('80x24 (%s): exactly 24 lines, none wider than 80', (_name, state) => {
    const lines = linesOf(renderScreen(state, { columns: 80, rows: 24 }).lastFrame());
    expect(lines).toHaveLength(24);
    for (const line of lines) expect(textWidth(line), line).toBeLessThanOrEqual(80);
  });

  test('80x24 crowded: header, gauge, details, at least three replicas and the footer all fit', () => {
    const lines = linesOf(renderScreen(crowded(), { columns: 80, rows: 24 }).lastFrame());
    expect(lines[0]).toMatch(/^✖ rate limited/);
    expect(lines[1]).toMatch(/^llama-chat {2}dep-4f2a9c {2}● SomethingNew/);
    expect(lines.some((l) => l.startsWith('ready '))).toBe(true);
    expect(lines.some((l) => l.startsWith('image '))).toBe(true);
    const header = lines.findIndex((l) => l.trimStart().startsWith('REPLICA'));
    expect(lines.slice(header + 1).filter((l) => /^[ ›] llama-chat-/.test(l)).length).toBeGreaterThanOrEqual(3);
    expect(lines.find((l) => l.startsWith('── replicas'))).toMatch(/↓ \d+ more/);
    expect(lines.at(-1)).toMatch(/\? help {2}q quit +stale \d+s · fetched \d\d:\d\d:\d\d$/); // the interval gives way to the key hints
  });

  test('80x24 footer: refresh, pause, timeline, logs, help and quit all hinted (the interval gives way); wider, the interval comes back', () => {
    const footer = (columns: number) => linesOf(renderScreen(watchState(deployment()), { columns, rows: 24 }).lastFrame()).at(-1)!;
    expect(footer(80)).toMatch(/^l logs {2}t timeline {2}r refresh {2}p pause {2}\? help {2}q quit +fetched \d\d:\d\d:\d\d$/);
    expect(footer(160)).toMatch(/^⏎ describe {2}l logs {2}t timeline {2}r refresh {2}p pause {2}\? help {2}q quit +every 2s · fetched /);
  });

  test('a fast answer leaves the footer alone whatever its latency; a slow one (a second and more) is named, in fixed cells', () => {
    const footer = (latencyMs: number) => linesOf(renderScreen({ ...watchState(deployment()), latencyMs }, { columns: 80, rows: 24 }).lastFrame()).at(-1)!;
    // 8ms and 990ms give the same footer: an idle poll rewrites only the clock.
    expect(new Set([8, 83, 134, 990].map(footer)).size).toBe(1);
    expect(footer(8)).toMatch(/fetched \d\d:\d\d:\d\d$/);
    expect(footer(1_234)).toMatch(/fetched \d\d:\d\d:\d\d · slow 1\.2s$/);
    expect(footer(14_400)).toMatch(/ · slow {2}14s$/);
    // One slow answer after another moves nothing else.
    expect(footer(14_400).length).toBe(footer(1_234).length);
  });

  test.each([[40, 10], [20, 5], [10, 3], [1, 1]])('tiny %ix%i terminals still never overflow', (columns, rows) => {
    for (const [, state] of states) {
      const lines = linesOf(renderScreen(state, { columns, rows }).lastFrame());
      expect(lines.length).toBeLessThanOrEqual(rows);
      for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(columns);
    }
  });

  test('160x48 shows more: every column, whole messages, and the details beside the recent changes under the table', () => {
    const lines = linesOf(renderScreen(watchState(failedDeployment(), { timeline }), { columns: 160, rows: 48 }).lastFrame());
    expect(lines).toHaveLength(48);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(160);
    const header = lines.findIndex((l) => l.trimStart().startsWith('REPLICA'));
    expect(lines[header]).toMatch(/STATUS\s+READY\s+REV\s+PRELOAD\s+MESSAGE/);
    expect(lines.join('\n')).toContain('back-off 40s restarting failed container=model pod=llama-chat-rev-2-a');
    const band = lines.findIndex((l) => /^── details ─+ +── recent changes ─+$/.test(l));
    expect(band).toBeGreaterThan(header);
    expect(lines[band + 1]).toMatch(/^image \S+ .* {3}\d\d:\d\d:\d\d ✖ (FAIL )?llama-chat-rev-2-a CrashLoopBackOff/);
  });
});

describe('secrets', () => {
  test.each([[80, 24], [160, 48], [300, 60]])('environment values never appear, only names (%ix%i)', (columns, rows) => {
    const frame = renderScreen(watchState(deployment()), { columns, rows }).lastFrame()!;
    expect(frame).toContain('MODEL_ID');
    expect(frame).not.toContain('meta-llama/Llama-3-8B');
    expect(frame).toContain('HF_TOKEN←secret:hf-token');
  });
});

describe('themes', () => {
  test('without colour there is no escape sequence at all', () => {
    for (const state of [watchState(failedDeployment(), { timeline }), erroring(watchState(rollingDeployment()))]) {
      const frame = renderScreen(state, { columns: 100, rows: 30, theme: PLAIN }).lastFrame()!;
      expect(frame).not.toContain('\x1b[');
      expect(frame).toMatch(/[●✖] (Failed|Updating)/);
    }
  });

  test('ASCII mode writes only 7-bit characters, even where text is cut', () => {
    for (const [columns, rows] of [[100, 30], [80, 24], [40, 12]] as const) {
      for (const state of [watchState(rollingDeployment(), { timeline }), erroring(watchState(failedDeployment(), { timeline })), crowded(), watchState(undefined)]) {
        const frame = renderScreen(state, { columns, rows, theme: ASCII }).lastFrame()!;
        expect(frame.match(/[^\n\x20-\x7e]/g), frame).toBeNull();
      }
    }
    const unicode = watchState(deployment({ description: 'Lläma 日本 chat 🚀 → prod' }), { timeline });
    const plain = renderScreen(unicode, { columns: 100, rows: 30, theme: ASCII }).lastFrame()!;
    expect(plain).toContain('Ll?ma ???? chat ?? -> prod');
    expect(plain).toContain('status Updating -> Ready');
    const frame = renderScreen(watchState(failedDeployment()), { columns: 100, rows: 30, theme: ASCII }).lastFrame()!;
    expect(frame).toContain('x Failed');
    expect(frame).toMatch(/x CrashLoopBackOff/);
    expect(frame).toMatch(/ready 2\/3 #+-+/);
  });
});

describe('scrolling and help', () => {
  test('a scrolled table says how many replicas are above and below', () => {
    const state = crowded();
    const lines = linesOf(renderScreen(state, { columns: 100, rows: 24, ui: { scroll: 2, help: false, cursor: 3 } }).lastFrame());
    const rule = lines.find((l) => l.startsWith('── replicas'))!;
    expect(rule).toMatch(/↑ 2 more {2}↓ \d+ more/);
  });

  test('the scroll offset is clamped to what can scroll', () => {
    const input = { state: crowded(), ui: { scroll: 999, help: false, cursor: 39 }, now: T0, size: { columns: 100, rows: 24 }, theme: PLAIN, intervalMs: 2000, paused: false, target: 'x' };
    const plan = planScreen(input);
    expect(plan.scroll).toBe(plan.maxScroll);
    expect(plan.maxScroll).toBe(40 - (plan.layout?.tableRows ?? 0));
  });

  test('help replaces the body and lists the keys', () => {
    const lines = linesOf(renderScreen(watchState(deployment()), { columns: 80, rows: 24, ui: { scroll: 0, help: true } }).lastFrame());
    const frame = lines.join('\n');
    expect(lines).toHaveLength(24);
    for (const key of ['q  Ctrl-C', 'quit', 'poll now', 'pause / resume polling', '↑ ↓  j k', 'move the cursor', 'Enter  d', 'Ctrl-Z', 'closes it']) expect(frame).toContain(key);
    expect(frame).not.toContain('REPLICA');
  });
});

describe('the logs pane', () => {
  const lines100 = Array.from({ length: 100 }, (_, i) => (i === 98 ? 'torch.OutOfMemoryError: CUDA out of memory' : `INFO line ${i}`));
  const following = { replica: 'llama-chat-rev-2-a', lines: lines100, seen: 100, fetchedAt: T0 - 1_000 };

  test('replaces the details, table and timeline with the newest lines that fit, under a rule naming the replica', () => {
    const lines = linesOf(renderScreen(watchState(failedDeployment()), { columns: 80, rows: 24, logs: following }).lastFrame());
    expect(lines).toHaveLength(24);
    expect(lines.every((l) => textWidth(l) <= 80)).toBe(true);
    const rule = lines.findIndex((l) => l.startsWith('── logs '));
    expect(lines[rule]).toMatch(/^── logs llama-chat-rev-2-a \(1\/3\) ─+ following {2}fetched 11:59:59 ──$/);
    expect(lines.at(-2)).toBe('INFO line 99');
    expect(lines.at(-3)).toBe('torch.OutOfMemoryError: CUDA out of memory');
    expect(lines.slice(rule + 1, -1)).toEqual(lines100.slice(-(24 - rule - 2)));
    expect(lines.join('\n')).not.toContain('REPLICA');
    expect(lines.at(-1)).toMatch(/^←→ replica {2}\/ search {2}f pause {2}s save {2}Esc back {2}\? help/);
  });

  test('errors in the lines stand out in colour; a failed fetch is said in the rule, the lines kept', () => {
    const coloured = renderScreen(watchState(failedDeployment()), { columns: 80, rows: 24, theme: COLOR, logs: following }).lastFrame()!;
    const oom = coloured.split('\n').find((l) => l.includes('OutOfMemoryError'))!;
    expect(oom).toContain('\x1b[31m');
    const failing = { ...following, error: { kind: 'server' as const, message: 'server error (500)' } };
    const lines = linesOf(renderScreen(watchState(failedDeployment()), { columns: 80, rows: 24, logs: failing }).lastFrame());
    expect(lines.find((l) => l.startsWith('── logs '))).toMatch(/✖ server error \(500\) ──$/);
    expect(lines.at(-2)).toBe('INFO line 99');
  });

  test('scrolled back to a line, it ends there and says it is paused; clamped at the oldest', () => {
    const back = linesOf(renderScreen(watchState(failedDeployment()), { columns: 80, rows: 24, logs: following, ui: { scroll: 0, help: false, logView: { ...LOG_VIEW, anchor: 95, pausedAt: 98 } } }).lastFrame());
    expect(back.at(-2)).toBe('INFO line 94');
    expect(back.find((l) => l.startsWith('── logs '))).toContain('paused · ↑ 5 back · 2 new');
    const input = { state: watchState(failedDeployment()), ui: { scroll: 0, help: false, logView: { ...LOG_VIEW, anchor: -999 } }, now: T0, size: { columns: 80, rows: 24 }, theme: PLAIN, intervalMs: 2000, paused: false, target: 'x', logs: following };
    const plan = planScreen(input);
    const rule = plan.lines.findIndex((l) => l.map((seg) => seg.text).join('').startsWith('── logs '));
    expect(plan.lines[rule + 1]!.map((seg) => seg.text).join('')).toBe('INFO line 0');
    expect(plan.logPane).toMatchObject({ top: 0, minEnd: 24 - rule - 2, end: 24 - rule - 2, seen: 100 });
  });

  test('a line that starts with an RFC 3339 timestamp shows the local clock time instead', () => {
    const at = T0 - 3_000;
    const stamped = { replica: 'llama-chat-rev-2-a', seen: 3, lines: [`${new Date(at).toISOString()} INFO:     Application startup complete.`, `${new Date(at).toISOString()}   File "x.py", line 1`, 'not 2026-11-27T12:00:00Z at the start'], fetchedAt: T0 };
    const lines = linesOf(renderScreen(watchState(failedDeployment()), { columns: 80, rows: 24, logs: stamped }).lastFrame());
    const rule = lines.findIndex((l) => l.startsWith('── logs '));
    expect(lines[rule + 1]).toBe(`${formatClock(at)} INFO:     Application startup complete.`);
    expect(lines[rule + 2]).toBe(`${formatClock(at)}   File "x.py", line 1`); // indentation kept
    expect(lines[rule + 3]).toBe('not 2026-11-27T12:00:00Z at the start');
  });

  test('says when it is still fetching, and when a replica is no longer listed', () => {
    const lines = linesOf(renderScreen(watchState(failedDeployment()), { columns: 80, rows: 24, logs: { replica: 'gone-replica', lines: [], seen: 0 } }).lastFrame());
    const rule = lines.findIndex((l) => l.startsWith('── logs '));
    expect(lines[rule]).toContain('gone-replica (no longer listed)');
    expect(lines[rule + 1]).toBe('fetching logs…');
  });
});

describe('the clock', () => {
  const input = (state: WatchState, now = T0) => ({ state, ui: { scroll: 0, help: false }, now, size: { columns: 80, rows: 24 }, theme: PLAIN, intervalMs: 2000, paused: false, target: 'x' });

  test('before the first data nothing on screen changes with time', () => {
    expect(planScreen(input(watchState(undefined))).times).toEqual([]);
  });

  test('fresh data only waits for the moment it turns stale', () => {
    const times = planScreen(input(watchState(deployment()))).times;
    // Fetched at T0 - 1s with a 2s interval: stale just after two intervals and a second of slack.
    expect(times).toContainEqual({ kind: 'deadline', at: T0 - 1_000 + 5_001 });
    // The replicas' `1h` ages are on screen too.
    expect(times).toContainEqual({ kind: 'age', from: Date.parse(iso(T0 - 3_600_000)) });
  });
});
