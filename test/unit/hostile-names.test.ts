// Replica names that are also names of Object.prototype's members, through parse → reduce →
// diff → plan: each is a replica like any other, and nothing from Object.prototype shows.
import { describe, expect, it } from 'vitest';
import { parseDeployment } from '../../src/api/schema.js';
import { formatSummary } from '../../src/plain/summary.js';
import { planScreen } from '../../src/ui/screen-plan.js';
import { PLAIN_THEME, planText } from '../helpers/plan.js';
import { initialState, reduce } from '../../src/watch/state.js';
import type { WatchState } from '../../src/watch/types.js';
import { T0 } from '../helpers/fixtures.js';

const NAMES = ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'];

/** The body as the server sends it: JSON text, so `__proto__` is an own key as on the wire. */
function body(events: Record<string, object>): unknown {
  const json = `{"id":"dep-1","name":"web","status":"Ready","desired_replicas":5,"ready_replicas":5,"replica_events":{${Object.entries(events)
    .map(([name, ev]) => `${JSON.stringify(name)}:${JSON.stringify(ev)}`)
    .join(',')}}}`;
  return JSON.parse(json);
}

const running = { replica_status: 'Running', replica_ready_since: '2026-11-27T11:00:00Z', revision_id: 'rev-1' };
const crashed = { replica_status: 'Terminated', replica_status_reason: 'Error', replica_status_message: 'CUDA out of memory', revision_id: 'rev-1' };

function watch(...bodies: unknown[]): WatchState {
  return bodies.reduce<WatchState>((state, b, i) => reduce(state, { ok: true, data: parseDeployment(b), at: T0 + i * 2_000, latencyMs: 5 }), initialState());
}

describe('replicas named like Object.prototype members', () => {
  it('are all parsed, __proto__ included, and nothing else appears', () => {
    const d = parseDeployment(body(Object.fromEntries(NAMES.map((n) => [n, running]))));
    expect(Object.keys(d.replica_events!).sort()).toEqual([...NAMES].sort());
    expect(d.replica_events!['__proto__']).toEqual(running);
  });

  it('appear in the timeline as created, never as a change from a prototype member', () => {
    const all = Object.fromEntries(NAMES.map((n) => [n, running]));
    const state = watch(body({}), body(all));
    const texts = state.timeline.map((e) => `${e.replica ?? ''} ${e.text}`);
    for (const name of NAMES) expect(texts).toContain(`${name} created (rev-1), ready`);
    expect(texts.join('\n')).not.toMatch(/— →|function|native code/);
  });

  it('show their own status and messages on the screen and in status, never a prototype member', () => {
    const all = Object.fromEntries(NAMES.map((n) => [n, n === 'constructor' ? crashed : running]));
    const state = watch(body(Object.fromEntries(NAMES.map((n) => [n, running]))), body(all));
    const screen = planText(planScreen({ state, ui: { scroll: 0, help: false }, now: T0 + 4_000, size: { columns: 160, rows: 40 }, theme: PLAIN_THEME, intervalMs: 2_000, paused: false, target: 'web' }).lines);
    const plain = formatSummary(state.deployment!, T0 + 4_000).join('\n');
    for (const text of [screen, plain]) {
      for (const name of NAMES) expect(text).toContain(name);
      expect(text).not.toMatch(/native code|function |\[object Object\]/);
    }
    expect(screen).toMatch(/constructor .*CUDA out of memory/);
    expect(state.causes.get('constructor')).toBe('Error: CUDA out of memory');
    expect(state.causes.get('toString')).toBeUndefined();
  });

  it('a replica named hasOwnProperty that appears later is created, not a change from nothing', () => {
    const state = watch(body({ a: running }), body({ a: running, hasOwnProperty: { replica_status: 'Running', revision_id: 'rev-1' } }));
    expect(state.timeline.at(-1)).toMatchObject({ replica: 'hasOwnProperty', text: 'created (rev-1)' });
  });
});
