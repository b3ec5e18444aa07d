// A section that throws shows why in its own rows; the rest of the screen is drawn as usual.
import { describe, expect, it, vi } from 'vitest';
import { planList } from '../../src/ui/list-plan.js';
import { planScreen } from '../../src/ui/screen-plan.js';
import { initialState, reduce } from '../../src/watch/state.js';
import { deployment, T0 } from '../helpers/fixtures.js';
import { PLAIN_THEME, planText } from '../helpers/plan.js';

// The gauge and the list's rollout stand in for any planner meeting data nobody foresaw.
vi.mock('../../src/ui/sections/gauge.js', () => ({
  gaugeLine: () => {
    throw new RangeError('Invalid count value: -5\x1b[2J and a very long tail that goes on and on and on and on');
  },
}));
vi.mock('../../src/watch/rollout.js', async (original) => {
  const real = await original<typeof import('../../src/watch/rollout.js')>();
  return { ...real, rollout: (d: { name?: string }, order?: readonly string[]) => {
    if (d.name === 'cursed') throw new Error('cursed deployment');
    return real.rollout(d, order);
  } };
});

describe('a section that throws', () => {
  it('shows (cannot show: <reason>) in its row, short and clean, and the other sections as usual', () => {
    const state = reduce(initialState(), { ok: true, data: deployment(), at: T0, latencyMs: 5 });
    const plan = planScreen({ state, ui: { scroll: 0, help: false }, now: T0, size: { columns: 100, rows: 24 }, theme: PLAIN_THEME, intervalMs: 2_000, paused: false, target: 'x' });
    const lines = planText(plan.lines).split('\n');
    expect(lines).toHaveLength(24);
    const broken = lines.filter((l) => l.startsWith('(cannot show: '));
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatch(/^\(cannot show: Invalid count value: -5 and a very long tail.{0,40}…\)$/);
    expect(broken[0]).not.toContain('\x1b');
    expect(lines[0]).toContain('llama-chat');
    expect(lines.some((l) => l.includes('steady on rev-1'))).toBe(true);
    expect(lines.some((l) => l.startsWith('── replicas 3'))).toBe(true);
    expect(lines.at(-1)).toContain('q quit');
  });

  it('in the list, only the deployment that cannot be shown says so', () => {
    const deployments = [deployment({ id: 'a', name: 'alpha' }), deployment({ id: 'c', name: 'cursed' }), deployment({ id: 'z', name: 'zeta' })];
    const lines = planText(planList({ state: { deployments, fetchedAt: T0 }, selected: undefined, now: T0, size: { columns: 100, rows: 10 }, theme: PLAIN_THEME, intervalMs: 2_000 }).lines).split('\n');
    expect(lines).toHaveLength(10);
    expect(lines.find((l) => l.includes('alpha'))).toMatch(/Ready +3\/3 +.* ago *$/);
    expect(lines.find((l) => l.includes('zeta'))).toMatch(/Ready +3\/3 +.* ago *$/);
    expect(lines).toContain('   (cannot show: cursed deployment)');
  });
});
