import { describe, expect, it } from 'vitest';
import { initialState, reduce } from '../../src/watch/state.js';
import { REMEMBERED_CAP, WatchMemory } from '../../src/watch/watch-memory.js';
import type { WatchState } from '../../src/watch/types.js';
import { deployment, rollingDeployment, T0 } from '../helpers/fixtures.js';

/** A watch that saw a rollout begin, then lost the connection once. */
function watched(): WatchState {
  let s = reduce(initialState(), { ok: true, data: deployment(), at: T0, latencyMs: 10 });
  s = reduce(s, { ok: true, data: rollingDeployment(), at: T0 + 2_000, latencyMs: 10 });
  return reduce(s, { ok: false, error: { kind: 'network', message: 'connection refused' }, at: T0 + 4_000, latencyMs: 10 });
}

describe('WatchMemory', () => {
  it('seeds a new watch of the same deployment with its timeline, revision order and causes, and nothing stale', () => {
    const memory = new WatchMemory();
    const seen = { ...watched(), timelineDropped: 7 };
    memory.keep('dep-1', seen);
    const seed = memory.seed('dep-1');
    expect(seed.timeline).toEqual(seen.timeline);
    expect(seed.timelineDropped).toBe(7);
    expect(seed.revisionOrder).toEqual(['rev-1', 'rev-2']);
    expect(seed.causes).toBe(seen.causes);
    // The deployment, the error and the clocks belong to the old connection: the new watch starts without them.
    expect(seed.deployment).toBeUndefined();
    expect(seed.error).toBeUndefined();
    expect(seed.lastSuccessAt).toBeUndefined();
    expect(seed.consecutiveFailures).toBe(0);
    expect(memory.seed('dep-2')).toEqual(initialState());
  });

  it('adds what the next watch sees after what the last one saw', () => {
    const memory = new WatchMemory();
    memory.keep('dep-1', watched());
    const before = memory.seed('dep-1').timeline.length;
    const next = reduce(memory.seed('dep-1'), { ok: true, data: deployment(), at: T0 + 60_000, latencyMs: 10 });
    expect(next.timeline.slice(0, before)).toEqual(memory.seed('dep-1').timeline);
    expect(next.timeline.slice(before).map((e) => e.text)).toContain('status Updating → Ready');
  });

  it('a resumed watch diffs its first poll against what the last one saw: one "watching" line, and what changed while away', () => {
    const memory = new WatchMemory();
    const first = reduce(initialState(), { ok: true, data: deployment({ ready_replicas: 2 }), at: T0, latencyMs: 10 });
    memory.keep('dep-1', first);
    // Left before its first answer: the next watch still resumes from the first one's deployment.
    memory.keep('dep-1', memory.seed('dep-1'));
    const resumed = reduce(memory.seed('dep-1'), { ok: true, data: deployment(), at: T0 + 60_000, latencyMs: 10 });
    const texts = resumed.timeline.map((e) => e.text);
    expect(texts.filter((t) => t.startsWith('watching '))).toEqual(['watching llama-chat: Ready, 2/3 ready']);
    const added = resumed.timeline.slice(first.timeline.length);
    expect(added).toContainEqual(expect.objectContaining({ at: T0 + 60_000, text: 'ready 2/3 → 3/3' }));
    // The same as if the watch had never left (the tracker's memory agrees with the diff's).
    expect(added).toEqual(reduce(first, { ok: true, data: deployment(), at: T0 + 60_000, latencyMs: 10 }).timeline.slice(first.timeline.length));
    expect(resumed.resumedFrom).toBeUndefined();
    // Nothing changed while away: nothing to add.
    const same = reduce(memory.seed('dep-1'), { ok: true, data: deployment({ ready_replicas: 2 }), at: T0 + 60_000, latencyMs: 10 });
    expect(same.timeline).toEqual(first.timeline);
  });

  it(`keeps only the ${REMEMBERED_CAP} most recently watched deployments`, () => {
    const memory = new WatchMemory();
    const s = watched();
    for (let i = 0; i < REMEMBERED_CAP + 10; i++) memory.keep(`dep-${i}`, s);
    memory.keep('dep-10', s); // watched again: now the most recent
    memory.keep('dep-new', s);
    expect(memory.size).toBe(REMEMBERED_CAP);
    expect(memory.seed('dep-10').timeline).toEqual(s.timeline);
    expect(memory.seed('dep-11').timeline).toEqual([]);
    expect(memory.seed(`dep-${REMEMBERED_CAP + 9}`).timeline).toEqual(s.timeline);
  });

  it('is not fooled by deployment ids that name Object.prototype properties', () => {
    const memory = new WatchMemory();
    expect(memory.seed('__proto__')).toEqual(initialState());
    memory.keep('constructor', watched());
    expect(memory.seed('constructor').timeline).toHaveLength(watched().timeline.length);
  });
});
