// Numbers the OpenAPI description allows but no deployment can have (negative, fractional or
// absurd counts, 1e300 GiB): shown as sent, marked `?`, and never drawn as healthy.
import { describe, expect, it } from 'vitest';
import { parseDeployment } from '../../src/api/schema.js';
import { formatList } from '../../src/plain/list.js';
import { formatSummary } from '../../src/plain/summary.js';
import { planList } from '../../src/ui/list-plan.js';
import { planScreen } from '../../src/ui/screen-plan.js';
import { initialState, reduce } from '../../src/watch/state.js';
import { deployment, T0 } from '../helpers/fixtures.js';
import { PLAIN_THEME, planText } from '../helpers/plan.js';

function screen(d: ReturnType<typeof deployment>, columns = 120, rows = 30): string {
  const state = reduce(initialState(), { ok: true, data: d, at: T0, latencyMs: 5 });
  return planText(planScreen({ state, ui: { scroll: 0, help: false }, now: T0, size: { columns, rows }, theme: PLAIN_THEME, intervalMs: 2_000, paused: false, target: 'x' }).lines);
}

function list(d: ReturnType<typeof deployment>): string {
  return planText(planList({ state: { deployments: [d], fetchedAt: T0 }, selected: undefined, now: T0, size: { columns: 100, rows: 10 }, theme: PLAIN_THEME, intervalMs: 2_000 }).lines);
}

describe('counts that cannot be true', () => {
  it('a negative ready count with replicas desired: marked, an empty gauge, and the watch keeps going', () => {
    const d = parseDeployment({ ...deployment(), ready_replicas: -168, desired_replicas: 3 });
    const text = screen(d);
    const gauge = text.split('\n').find((l) => l.startsWith('ready '))!;
    expect(gauge).toMatch(/^ready \?-168\/3 ░+/);
    expect(gauge).not.toContain('█');
    expect(list(d)).toContain('?-168/3');
    expect(formatSummary(d, T0)[0]).toContain('?-168/3 ready');
    expect(formatList({ data: [d] }, T0).join('\n')).toContain('?-168/3');
  });

  it('1e15 desired, fractional ready, absurd memory and a port that is none', () => {
    const d = parseDeployment({ ...deployment(), ready_replicas: 2.5, desired_replicas: 1e15, memory: 1e300, port: 70_000, min_replicas: -1 });
    const text = screen(d, 160);
    expect(text).toContain('ready ?2.5/?1e15');
    expect(text).not.toContain('█');
    expect(text).toContain('mem ?1e300 GiB');
    expect(text).toContain('port ?70000');
    expect(text).toContain('min ?-1');
    const summary = formatSummary(d, T0).join('\n');
    expect(summary).toContain('?2.5/?1e15 ready (min ?-1, max 5)');
    expect(summary).toContain('?1e300 GiB memory');
  });

  it('plausible counts are shown as they are', () => {
    const text = screen(deployment({ ready_replicas: 2, desired_replicas: 3 }));
    expect(text).toMatch(/ready 2\/3 █+░+/);
  });
});

describe('offsets and sizes that are not numbers', () => {
  it('a NaN scroll or size plans a frame from the top, never an empty or broken one', () => {
    const state = reduce(initialState(), { ok: true, data: deployment(), at: T0, latencyMs: 5 });
    const lines = planText(planScreen({ state, ui: { scroll: NaN, help: false, logView: { wrap: false, search: '', typing: false, anchor: NaN } }, now: T0, size: { columns: 80, rows: 24 }, theme: PLAIN_THEME, intervalMs: 2_000, paused: false, target: 'x' }).lines).split('\n');
    expect(lines).toHaveLength(24);
    expect(lines.filter((l) => /^[ ›] llama-chat-rev-1-/.test(l))).toHaveLength(3);
    expect(planScreen({ state, ui: { scroll: 0, help: false }, now: T0, size: { columns: NaN, rows: NaN }, theme: PLAIN_THEME, intervalMs: 2_000, paused: false, target: 'x' }).lines).toEqual([]);
  });
});
