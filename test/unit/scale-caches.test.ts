// What a poll works out per replica and per deployment is kept for the ones that did not change
// (shared objects, caches keyed by them): each frame must read as if planned from scratch. A state
// cloned (structuredClone: every object new) misses every cache, so it is planned from scratch.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listParser } from '../../src/api/list-parser.js';
import { deploymentParser } from '../../src/api/replica-items.js';
import { parseDeployment, parseDeploymentList, type Deployment } from '../../src/api/schema.js';
import { fleet, fleetDeployment } from '../../src/sim/fleet.js';
import { DEFAULT_STARTED_AT, scenarioState } from '../../src/sim/scenarios.js';
import { planList } from '../../src/ui/list-plan.js';
import { planScreen, type ScreenInput } from '../../src/ui/screen-plan.js';
import { reduceList, type ListState } from '../../src/watch/list-session.js';
import { trackReplica } from '../../src/watch/replica-memory.js';
import { initialState, reduce } from '../../src/watch/state.js';
import type { WatchState } from '../../src/watch/types.js';
import { deployment, replica, T0 } from '../helpers/fixtures.js';
import { PLAIN_THEME, planText } from '../helpers/plan.js';

const LOOP = { loop: true };
const parsed = (d: unknown): Deployment => parseDeployment(JSON.parse(JSON.stringify(d)));

function screen(state: WatchState, now: number, ui: ScreenInput['ui'] = { scroll: 0, help: false }): string {
  return planText(planScreen({ state, ui, now, size: { columns: 120, rows: 40 }, theme: PLAIN_THEME, intervalMs: 2_000, paused: false, target: 'x' }).lines);
}

function list(state: ListState, now: number): string {
  return planText(planList({ state, selected: undefined, now, size: { columns: 120, rows: 30 }, theme: PLAIN_THEME, intervalMs: 2_000 }).lines);
}

describe('a poll that changes one replica', () => {
  const before = deployment();
  const after = deployment({
    ready_replicas: 2,
    replica_events: { ...before.replica_events, 'llama-chat-rev-1-b': replica({ replica_status: 'Waiting', replica_status_reason: 'CrashLoopBackOff', replica_ready_since: undefined }) },
  });

  it('keeps the other replicas\' event objects, and the screen shows the change', () => {
    const first = reduce(initialState(), { ok: true, data: parsed(before), at: T0, latencyMs: 5 });
    const second = reduce(first, { ok: true, data: parsed(after), at: T0 + 2_000, latencyMs: 5 });
    const was = first.deployment!.replica_events!;
    const is = second.deployment!.replica_events!;
    expect(is['llama-chat-rev-1-a']).toBe(was['llama-chat-rev-1-a']);
    expect(is['llama-chat-rev-1-c']).toBe(was['llama-chat-rev-1-c']);
    expect(is['llama-chat-rev-1-b']).not.toBe(was['llama-chat-rev-1-b']);
    expect(second.deployment).toEqual(parsed(after));
    expect(second.timeline.filter((e) => e.replica !== undefined).map((e) => [e.replica, e.text])).toEqual([['llama-chat-rev-1-b', 'CrashLoopBackOff']]);
    const shown = screen(second, T0 + 2_000);
    expect(shown).not.toBe(screen(first, T0 + 2_000));
    expect(shown).toMatch(/llama-chat-rev-1-b\s+✖ CrashLoopBackOff/);
    expect(shown).toBe(screen(structuredClone(second), T0 + 2_000));
  });

  it('keeps a replica\'s track while its event is the same object, and moves it when the event changes', () => {
    const ok = replica();
    const t1 = trackReplica(undefined, ok, T0, 30_000);
    expect(trackReplica(t1, ok, T0 + 60_000, 30_000)).toBe(t1);
    const crashing = replica({ replica_status: 'Waiting', replica_status_reason: 'CrashLoopBackOff', replica_ready_since: undefined });
    const t2 = trackReplica(t1, crashing, T0 + 62_000, 30_000);
    expect(t2).toMatchObject({ health: 'failing', crashes: 1, lastCrashAt: T0 + 62_000 });
    // The same crash seen again is the same spell, not a second crash.
    expect(trackReplica(t2, crashing, T0 + 64_000, 30_000)).toBe(t2);
    expect(trackReplica(t2, structuredClone(crashing), T0 + 64_000, 30_000)).toEqual(t2);
  });
});

describe('a replica that crashed and came back', () => {
  it('reads failing until it has settled, then ready, with no new poll (its event object the same)', () => {
    const crashing = deployment({ replica_events: { ...deployment().replica_events, 'llama-chat-rev-1-b': replica({ replica_status: 'Waiting', replica_status_reason: 'CrashLoopBackOff', replica_ready_since: undefined }) } });
    const back = deployment({ replica_events: { ...deployment().replica_events, 'llama-chat-rev-1-b': replica({ replica_ready_since: new Date(T0 + 2_000).toISOString() }) } });
    let state = reduce(initialState(), { ok: true, data: parsed(crashing), at: T0, latencyMs: 5 });
    state = reduce(state, { ok: true, data: parsed(back), at: T0 + 2_000, latencyMs: 5 });
    const row = (text: string) => text.split('\n').find((line) => /^[\s›]*llama-chat-rev-1-b\s/.test(line))!;
    const soon = screen(state, T0 + 4_000);
    expect(row(soon)).toContain('failing');
    expect(soon).toBe(screen(structuredClone(state), T0 + 4_000));
    const settled = screen(state, T0 + 40_000);
    expect(row(settled)).not.toContain('failing');
    expect(settled).toBe(screen(structuredClone(state), T0 + 40_000));
  });
});

describe('a 300-replica deployment rolling, poll after poll', () => {
  it('plans every frame (at the poll and a tick later, cursor on a replica) as a plan from scratch does', () => {
    const big = fleetDeployment(0, 300);
    let state = initialState();
    let changed = 0;
    let last = '';
    for (let i = 0; i < 40; i++) {
      const t = i * 4_000;
      const at = DEFAULT_STARTED_AT + t;
      state = reduce(state, { ok: true, data: parsed(scenarioState(big, t, LOOP)), at, latencyMs: 5 });
      const order = planScreen({ state, ui: { scroll: 0, help: false }, now: at, size: { columns: 120, rows: 40 }, theme: PLAIN_THEME, intervalMs: 2_000, paused: false, target: 'x' }).replicas;
      const ui = { scroll: 10, help: false, selected: order[i % order.length] };
      for (const now of [at, at + 1_500]) {
        const text = screen(state, now, ui);
        expect(text).toBe(screen(structuredClone(state), now, ui));
        if (text !== last) changed++;
        last = text;
      }
    }
    // Not a still picture: the rollout moved the screen on most frames.
    expect(changed).toBeGreaterThan(40);
  });
});

describe('the list of 80 deployments, poll after poll', () => {
  it('plans every frame as a plan from scratch does, also when time alone moves a rollout to stalled', () => {
    const project = fleet(80, 6);
    let state: ListState = {};
    let changed = 0;
    let last = '';
    for (let i = 0; i < 30; i++) {
      const t = i * 5_000;
      const at = DEFAULT_STARTED_AT + t;
      const data = parseDeploymentList(JSON.parse(JSON.stringify({ object: 'list', data: project.map((d) => scenarioState(d, t, LOOP)) }))).data;
      state = reduceList(state, { ok: true, data, at, latencyMs: 5 });
      for (const now of [at, at + 1_000]) {
        const text = list(state, now);
        expect(text).toBe(list(structuredClone(state), now));
        if (text !== last) changed++;
        last = text;
      }
    }
    expect(changed).toBeGreaterThan(20);
    // No poll for longer than the progress deadline: the rows read stalled, as from scratch.
    const late = DEFAULT_STARTED_AT + 30 * 5_000 + 11 * 60_000;
    const stalled = list(state, late);
    expect(stalled).toContain('stalled');
    expect(stalled).toBe(list(structuredClone(state), late));
  });
});

describe('replicas added, changed, gone and sent again, in any order', () => {
  it('the watch reads a body parsed per replica (unchanged events the same objects) as it reads the body parsed whole', () => {
    const name = fc.constantFrom('r-a', 'r-b', 'r-c', 'r-d', '__proto__', 'constructor', '7');
    const event = fc.record({
      replica_status: fc.constantFrom('Running', 'Waiting', 'Terminated', 'Failed'),
      replica_status_reason: fc.constantFrom(undefined, 'CrashLoopBackOff', 'ContainerCreating', 'OOMKilled'),
      revision_id: fc.constantFrom('rev-1', 'rev-2', 'rev-3'),
      replica_ready_since: fc.constantFrom(undefined, '2026-11-29T10:00:00Z'),
    }, { requiredKeys: ['replica_status', 'revision_id'] });
    // Each poll is the last one with a few replicas added, changed or gone (null), and maybe a new status.
    const edits = fc.array(fc.tuple(name, fc.option(event, { nil: null })), { maxLength: 3 });
    const step = fc.record({ status: fc.constantFrom('Ready', 'Updating', 'Failed'), ready_replicas: fc.nat(4), edits });
    fc.assert(fc.property(fc.dictionary(name, event, { maxKeys: 6 }), fc.array(step, { minLength: 1, maxLength: 8 }), (first, steps) => {
      const perReplica = deploymentParser();
      let shared = initialState();
      let whole = initialState();
      let events: Record<string, unknown> = first;
      steps.forEach(({ status, ready_replicas, edits }, i) => {
        events = { ...events };
        for (const [n, ev] of edits) {
          if (ev === null) delete events[n];
          else Object.defineProperty(events, n, { value: ev, enumerable: true, writable: true, configurable: true });
        }
        const text = JSON.stringify({ id: 'dep-1', name: 'x', desired_replicas: 3, status, ready_replicas, replica_events: events });
        const at = T0 + i * 2_000;
        shared = reduce(shared, { ok: true, data: perReplica(text), at, latencyMs: 5 });
        whole = reduce(whole, { ok: true, data: parseDeployment(JSON.parse(text)), at, latencyMs: 5 });
        expect(shared.timeline).toEqual(whole.timeline);
        expect(shared.progress).toEqual(whole.progress);
        expect(screen(shared, at)).toBe(screen(whole, at));
      });
      expect(shared).toEqual(whole);
    }), { numRuns: 300 });
  });
});

describe('what a long watch keeps', () => {
  it('no poll\'s replica events are kept once a later poll replaced them (in a watch and in the list)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const events = (i: number) => ({ ...deployment().replica_events, 'llama-chat-rev-1-b': replica({ replica_status_message: `poll ${i}` }) });
    const perReplica = deploymentParser();
    const watchPoll = (s: WatchState, i: number) => reduce(s, { ok: true, data: perReplica(JSON.stringify(deployment({ replica_events: events(i) }))), at: T0 + i * 2_000, latencyMs: 5 });
    const parseList = listParser();
    const listPoll = (s: ListState, i: number) => reduceList(s, { ok: true, data: parseList(JSON.stringify({ data: [deployment({ replica_events: events(i) })] })).data, at: T0 + i * 2_000, latencyMs: 5 });
    let watch = watchPoll(initialState(), 0);
    let list = listPoll({}, 0);
    const first = [new WeakRef(watch.deployment!.replica_events!), new WeakRef(list.deployments![0]!.replica_events!)];
    for (let i = 1; i <= 5; i++) {
      watch = watchPoll(watch, i);
      list = listPoll(list, i);
    }
    // A WeakRef holds its target until the job that made it ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(watch.deployment!.replica_events!['llama-chat-rev-1-b']!.replica_status_message).toBe('poll 5');
    expect(list.deployments![0]!.replica_events!['llama-chat-rev-1-b']!.replica_status_message).toBe('poll 5');
    expect(first.map((ref) => ref.deref() === undefined)).toEqual([true, true]);
  });
});
