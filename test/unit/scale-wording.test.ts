// A scale is not a rollout, and says which way it goes; a fresh update is `just now`, not `now ago`.
import { describe, expect, it } from 'vitest';
import { formatList } from '../../src/plain/list.js';
import { addProgressLines } from '../../src/plain/progress-view.js';
import { formatSummary } from '../../src/plain/summary.js';
import { planList } from '../../src/ui/list-plan.js';
import { planScreen } from '../../src/ui/screen-plan.js';
import { initialState, reduce } from '../../src/watch/state.js';
import { deployment, iso, replica, T0 } from '../helpers/fixtures.js';
import { PLAIN_THEME, planText } from '../helpers/plan.js';

const scalingDown = deployment({
  status: 'Scaling', desired_replicas: 1, ready_replicas: 3, updated_at: iso(T0 - 200),
  replica_events: { a: replica(), b: replica(), c: replica() },
});
const scalingUp = deployment({ status: 'Scaling', desired_replicas: 3, ready_replicas: 1, replica_events: { a: replica() } });

function screen(d: typeof scalingDown): string {
  const state = reduce(initialState(), { ok: true, data: d, at: T0, latencyMs: 5 });
  return planText(planScreen({ state, ui: { scroll: 0, help: false }, now: T0, size: { columns: 100, rows: 24 }, theme: PLAIN_THEME, intervalMs: 2_000, paused: false, target: 'x' }).lines);
}

describe('scaling', () => {
  it('the watch says scaling up or down, not rollout', () => {
    expect(screen(scalingDown)).toContain('\nscaling down on rev-1 (3/1 ready)\n');
    expect(screen(scalingUp)).toContain('\nscaling up on rev-1 (1/3 ready)\n');
    expect(screen(scalingDown)).not.toContain('rollout scaling');
  });

  it('status says the phase once, with the way a scale goes', () => {
    const phase = (d: typeof scalingDown) => addProgressLines(formatSummary(d, T0), d, T0).find((l) => l.startsWith('  phase:'));
    expect(phase(scalingUp)).toBe('  phase:     scaling up 1/3 ready');
    expect(phase(scalingDown)).toBe('  phase:     scaling down 3/1 ready');
    expect(phase(deployment({ status: 'Ready' }))).toBe('  phase:     steady on rev-1');
  });

  it('a scale whose ready count already matches says its way by the live replicas', () => {
    const goingAway = deployment({
      status: 'Scaling', desired_replicas: 2, ready_replicas: 2,
      replica_events: { a: replica(), b: replica(), c: replica({ replica_status: 'Terminating', replica_ready_since: undefined }) },
    });
    expect(formatSummary(goingAway, T0).join('\n')).toContain('rollout:   scaling down: rev-1 2/2 ready');
  });

  it('status and list say which way, and a fresh update is just now', () => {
    const summary = formatSummary(scalingDown, T0).join('\n');
    expect(summary).toContain('rollout:   scaling down: rev-1 3/1 ready');
    expect(summary).toContain('updated just now');
    expect(summary).not.toContain('now ago');
    const list = formatList({ data: [scalingDown] }, T0).join('\n');
    expect(list).toMatch(/scaling down rev-1 +just now/);
    const screenList = planText(planList({ state: { deployments: [scalingUp, { ...scalingDown, id: 'b', name: 'b' }], fetchedAt: T0 }, selected: undefined, now: T0, size: { columns: 100, rows: 8 }, theme: PLAIN_THEME, intervalMs: 2_000 }).lines);
    expect(screenList).toContain('scaling up');
    expect(screenList).toMatch(/scaling down +just now/);
  });
});
