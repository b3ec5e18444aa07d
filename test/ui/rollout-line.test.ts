// The rollout line and the replica table with the progress tracker's memory, planned from a
// watch fed a recorded sequence of snapshots through the reducer (as the session does).
import { describe, expect, test } from 'vitest';
import type { Deployment } from '../../src/api/schema.js';
import { textWidth } from '../../src/ui/format.js';
import { planScreen, type ScreenInput } from '../../src/ui/screen-plan.js';
import { initialState, reduce } from '../../src/watch/state.js';
import type { WatchState } from '../../src/watch/types.js';
import { deployment, iso, replica, T0 } from '../helpers/fixtures.js';
import { crashLoopSteps } from '../helpers/crash-loop.js';
import { planText, PLAIN_THEME } from '../helpers/plan.js';

const NEW = 'registry.together.ai/acme/llm@sha256:2222222222222222222222222222222222222222222222222222222222222222';
const v2 = (overrides: Parameters<typeof replica>[0] = {}) => replica({ image: NEW, revision_id: 'rev-2', ...overrides });
const starting = { replica_status: 'Waiting', replica_status_reason: 'ContainerCreating', replica_ready_since: undefined, volume_preload_status: 'InProgress' };

function feed(steps: [number, Deployment][], options = {}): WatchState {
  return steps.reduce((s, [at, d]) => reduce(s, { ok: true, data: d, at, latencyMs: 10 }), initialState(options));
}

function frame(state: WatchState, now: number, columns = 80, rows = 24): string[] {
  const input: ScreenInput = { state, ui: { scroll: 0, help: false }, now, size: { columns, rows }, theme: PLAIN_THEME, intervalMs: 2_000, paused: false, target: 'llama-chat' };
  return planText(planScreen(input).lines).split('\n');
}

/** The details' image item (items on a line stand two spaces apart). */
const imageItem = (lines: string[]) => lines.find((l) => l.startsWith('image '))?.split('  ')[0] ?? '';

export const steady = deployment();
/** rev-2 rolling in: a minute after the start one replica is ready, one is starting; rev-1 has two live. */
export function midRollout(): Deployment {
  return deployment({
    status: 'Updating', image: NEW,
    replica_events: {
      'llama-chat-rev-1-b': replica(),
      'llama-chat-rev-1-c': replica(),
      'llama-chat-rev-2-a': v2({ volume_preload_started_at: iso(T0 + 2_000), replica_ready_since: iso(T0 + 62_000) }),
      'llama-chat-rev-2-b': v2({ volume_preload_started_at: iso(T0 + 62_000), ...starting }),
    },
  });
}
const begun = deployment({ status: 'Updating', image: NEW, replica_events: { ...steady.replica_events, 'llama-chat-rev-2-a': v2({ volume_preload_started_at: iso(T0 + 2_000), ...starting }) } });

describe('the rollout line', () => {
  const state = feed([[T0, steady], [T0 + 2_000, begun], [T0 + 64_000, midRollout()]]);

  test.each([[80, 24], [160, 48]])('mid-rollout at %ix%i: phase first, progress, elapsed and a marked estimate', (columns, rows) => {
    const lines = frame(state, T0 + 4 * 60_000 + 14_000, columns, rows);
    const line = lines.find((l) => l.startsWith('progressing '))!;
    // Two to come at a minute each, estimated when rev-2-a became ready (T0+62s): overdue by now, never negative.
    expect(line).toContain('progressing rev-2 ← rev-1 (2 live) · 1/3 new ready · 4m12s · ~0s left');
    expect(textWidth(line)).toBeLessThanOrEqual(columns);
    if (columns >= 160) expect(line).toContain('acme/llm@111111111111 → @222222222222');
    expect(lines).toHaveLength(rows);
  });

  test('the estimate counts down between polls, and the clock ticks when its text changes (only while shown)', () => {
    const line = (now: number) => frame(state, now).find((l) => l.startsWith('progressing '))!;
    expect(line(T0 + 70_000)).toContain('· 1/3 new ready · 1m08s · ~1m52s left');
    expect(line(T0 + 83_000)).toContain('· 1/3 new ready · 1m21s · ~1m39s left');
    const plan = (columns: number) => planScreen({ state, ui: { scroll: 0, help: false }, now: T0 + 70_000, size: { columns, rows: 24 }, theme: PLAIN_THEME, intervalMs: 2_000, paused: false, target: 'x' });
    expect(plan(80).times).toContainEqual({ kind: 'left', to: T0 + 182_000 });
    // At 40 columns the estimate gives way: nothing to tick for.
    expect(plan(40).times.filter((t) => t.kind === 'left')).toEqual([]);
  });

  test('no estimate before a replica of the new revision became ready', () => {
    const lines = frame(feed([[T0, steady], [T0 + 2_000, begun]]), T0 + 32_000);
    expect(lines.find((l) => l.startsWith('progressing '))).toMatch(/^progressing rev-2 ← rev-1 \(3 live\) · 0\/3 new ready · 30s( ·|$)/);
    expect(lines.join('\n')).not.toContain('left');
  });

  test('updating before the new revision has a replica: the live revision is what it replaces, not the target', () => {
    const updating = deployment({ status: 'Updating', image: NEW });
    const line = frame(feed([[T0, steady], [T0 + 2_000, updating]]), T0 + 5_000).find((l) => l.startsWith('progressing'));
    expect(line).toBe('progressing a new revision ← rev-1 · 0/3 new ready · 3s');
  });

  test('the clock ticks with the elapsed time, and at the moment the rollout would stall', () => {
    const times = planScreen({ state, ui: { scroll: 0, help: false }, now: T0 + 70_000, size: { columns: 80, rows: 24 }, theme: PLAIN_THEME, intervalMs: 2_000, paused: false, target: 'x' }).times;
    expect(times).toContainEqual({ kind: 'elapsed', from: T0 + 2_000 });
    expect(times).toContainEqual({ kind: 'deadline', at: T0 + 64_000 + 10 * 60_000 });
  });

  test('stalled once no replica appeared or became ready for the progress deadline, without a new poll', () => {
    const stuck = feed([[T0, steady], [T0 + 2_000, begun]], { progressDeadlineMs: 60_000 });
    expect(frame(stuck, T0 + 61_000).find((l) => l.startsWith('stalled:'))).toBeUndefined();
    const line = frame(stuck, T0 + 62_500).find((l) => l.startsWith('stalled:'));
    expect(line).toMatch(/^stalled: no progress for 1m00s \(rev-2 0\/3 ready\)/);
  });

  test('the phase word survives the narrowest widths; the details give way first', () => {
    for (const columns of [20, 30, 40]) {
      const line = frame(state, T0 + 70_000, columns).find((l) => l.startsWith('progressing'));
      expect(line, String(columns)).toBeDefined();
      expect(textWidth(line!)).toBeLessThanOrEqual(columns);
    }
    expect(frame(state, T0 + 70_000, 40).find((l) => l.startsWith('progressing'))).toBe('progressing · 1/3 new ready · 1m08s');
  });

  test.each([[80, 'image acme/llm@111111111111 → @222222222222'], [100, 'image acme/llm@111111111111 → @222222222222'], [40, 'image acme/llm…111111111 → @222222222222']])(
    'while it rolls, the details line says old → new image at %i columns', (columns, expected) => {
      const lines = frame(state, T0 + 70_000, columns);
      expect(imageItem(lines)).toBe(expected);
    });

  test('short of room the old image is cut in the middle, then left out; the new one stays', () => {
    const long = (digest: string) => `registry.together.ai/acme-research/very-long-model-server@sha256:${digest.repeat(64)}`;
    const rolling = (image: string) => deployment({ ...midRollout(), image, replica_events: Object.fromEntries(Object.entries(midRollout().replica_events!).map(([k, ev]) => [k, { ...ev, image: ev.revision_id === 'rev-2' ? image : long('1') }])) });
    const s = feed([[T0, deployment({ image: long('1'), replica_events: Object.fromEntries(Object.entries(steady.replica_events!).map(([k, ev]) => [k, { ...ev, image: long('1') }])) })], [T0 + 2_000, rolling(long('2'))]]);
    const at = (columns: number) => imageItem(frame(s, T0 + 4_000, columns));
    expect(at(80)).toBe('image acme-research/very-long-model-server@111111111111 → @222222222222');
    expect(at(60)).toMatch(/^image acme-res.*….*1111 → @222222222222$/);
    expect(at(30)).toBe('image acm…1111 → @222222222222');
    expect(at(24)).toMatch(/^image → acme.*….*2222$/);
    for (const columns of [20, 24, 30, 40, 60, 80]) expect(textWidth(at(columns)), String(columns)).toBeLessThanOrEqual(columns);
  });

  test('complete says how long it took', () => {
    const done = deployment({ image: NEW, replica_events: {
      'llama-chat-rev-2-a': v2({ volume_preload_started_at: iso(T0 + 2_000), replica_ready_since: iso(T0 + 62_000) }),
      'llama-chat-rev-2-b': v2({ volume_preload_started_at: iso(T0 + 62_000), replica_ready_since: iso(T0 + 122_000) }),
      'llama-chat-rev-2-c': v2({ volume_preload_started_at: iso(T0 + 122_000), replica_ready_since: iso(T0 + 182_000) }),
    } });
    const lines = frame(feed([[T0, steady], [T0 + 2_000, begun], [T0 + 64_000, midRollout()], [T0 + 254_000, done]]), T0 + 300_000);
    expect(lines.find((l) => l.startsWith('complete'))).toMatch(/^complete in 4m12s · rev-2 ← rev-1 · 3\/3 ready/);
    // Done, the details say the image it runs, no longer a change.
    expect(imageItem(lines)).toBe('image acme/llm@222222222222');
  });
});

describe('a state the API adds that reads as a failure', () => {
  test('the new replica `Exploding` is ✖ failing with its word, and the rollout failed, not starting', () => {
    const exploding = deployment({ ...midRollout(), replica_events: { ...midRollout().replica_events, 'llama-chat-rev-2-b': v2({ replica_status: 'Exploding', replica_ready_since: undefined }) } });
    const lines = frame(feed([[T0, steady], [T0 + 2_000, begun], [T0 + 64_000, exploding]]), T0 + 65_000);
    expect(lines.find((l) => /^[ ›] llama-chat-rev-2-b /.test(l))).toMatch(/✖ Exploding/);
    expect(lines.join('\n')).not.toContain('○ Exploding');
    expect(lines.find((l) => l.startsWith('failed:'))).toMatch(/^failed: llama-chat-rev-2-b Exploding/);
  });
});

describe('a crash loop, remembered', () => {
  const steps = crashLoopSteps();
  const state = feed(steps);
  const at = steps.at(-1)![0];

  test.each([[80, 24], [160, 48]])('between crashes (API: Running, not ready) at %ix%i: failed, the count and the cause, failing first', (columns, rows) => {
    const lines = frame(state, at + 500, columns, rows);
    expect(lines.find((l) => l.startsWith('failed:'))).toMatch(/^failed: llama-chat-rev-2-a restarting ×3: Error: CUDA out of memory/);
    const header = lines.findIndex((l) => l.trimStart().startsWith('REPLICA'));
    const row = lines[header + 1]!;
    expect(row).toMatch(/^[ ›] llama-chat-rev-2-a +✖ /);
    expect(row).toContain('failing ×3');
    // In the message column, or whole on the line under the row.
    expect(`${row}\n${lines[header + 2]}`).toContain('Error: CUDA');
    expect(row).not.toContain('○');
    expect(lines.find((l) => l.startsWith('── replicas'))).toContain('1 failing');
    expect(lines).toHaveLength(rows);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(columns);
  });

  test('in the back-off: the reason with the crashes seen', () => {
    const lines = frame(feed(steps.slice(0, -1)), at - 1_500);
    expect(lines.find((l) => /^[ ›] llama-chat-rev-2-a/.test(l))).toContain('✖ CrashLoopBackOff ×3');
    expect(lines.find((l) => l.startsWith('failed:'))).toMatch(/^failed: llama-chat-rev-2-a CrashLoopBackOff ×3: Error: CUDA/);
  });

  test('the phase never goes back to progressing between crashes', () => {
    const phases = steps.slice(3).map((_, i) => frame(feed(steps.slice(0, i + 4)), steps[i + 3]![0])[1]!.split(/[: ]/)[0]);
    expect(new Set(phases)).toEqual(new Set(['failed']));
  });
});
