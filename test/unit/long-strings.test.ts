// A 10 MB description and replica message that change on every poll, and log lines of 200 KB:
// a poll of such data costs a few milliseconds of parse and plan work, not seconds.
import { describe, expect, it } from 'vitest';
import { parseDeployment, parseDeploymentLogs } from '../../src/api/schema.js';
import { planScreen } from '../../src/ui/screen-plan.js';
import { textWidth } from '../../src/ui/format.js';
import { initialState, reduce } from '../../src/watch/state.js';
import type { WatchState } from '../../src/watch/types.js';
import { deployment, replica, T0 } from '../helpers/fixtures.js';
import { PLAIN_THEME } from '../helpers/plan.js';

/** `n` code units of text that needs the full width rules: CJK, an accent, an emoji. */
const heavy = (n: number, salt: number) => `${salt} ${'日本語のレビュー café 🚀 '.repeat(Math.ceil(n / 20))}`.slice(0, n);

const MB10 = 10 * 1024 * 1024;
/** Generous for a loaded CI machine; measured on the dev machine it is a few ms (see the printed figure). */
const BUDGET_MS = 250;

function body(poll: number): unknown {
  const d = deployment({ description: heavy(MB10, poll) });
  d.replica_events!['llama-chat-rev-1-b'] = replica({ replica_status: 'Terminated', replica_status_reason: 'Error', replica_status_message: heavy(MB10, poll), replica_ready_since: undefined });
  return JSON.parse(JSON.stringify(d));
}

describe('long server strings', () => {
  it('parse and plan a frame in a few ms per poll, and every line still fits', () => {
    const bodies = [0, 1, 2, 3].map(body);
    let state: WatchState = initialState();
    const costs: number[] = [];
    for (const [i, b] of bodies.entries()) {
      const start = performance.now();
      state = reduce(state, { ok: true, data: parseDeployment(b), at: T0 + i * 2_000, latencyMs: 5 });
      const plan = planScreen({ state, ui: { scroll: 0, help: false }, now: T0 + i * 2_000, size: { columns: 160, rows: 40 }, theme: PLAIN_THEME, intervalMs: 2_000, paused: false, target: 'x' });
      costs.push(performance.now() - start);
      for (const line of plan.lines) expect(textWidth(line.map((seg) => seg.text).join(''))).toBeLessThanOrEqual(160);
    }
    const steady = costs.slice(1);
    console.log(`10 MB description + message, parse + reduce + plan per poll: ${steady.map((ms) => ms.toFixed(1)).join(', ')} ms`);
    expect(Math.max(...steady)).toBeLessThan(BUDGET_MS);
    expect(state.deployment!.description!.length).toBeLessThanOrEqual(16 * 1024);
    expect(state.deployment!.description!.endsWith('…')).toBe(true);
  });

  it('cuts a log line at 16 KB and says how long it was', () => {
    const start = performance.now();
    const { lines } = parseDeploymentLogs({ lines: Array.from({ length: 20 }, (_, i) => `${i} ${'x'.repeat(200_000)}`) });
    console.log(`20 log lines of 200 KB, parse: ${(performance.now() - start).toFixed(1)} ms`);
    expect(lines).toHaveLength(20);
    expect(lines[0]!.length).toBeLessThan(16 * 1024 + 40);
    expect(lines[0]).toMatch(/x… \[cut: 200\.0 KB\]$/);
  });
});
