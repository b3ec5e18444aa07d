// The panels screen with keys: Tab / Shift-Tab / arrows / 1-9 focus, Enter opens the focused one
// full-screen (the panels' polling paused), Esc comes back to the panels with the same focus.
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { Deployment } from '../../src/api/schema.js';
import type { OpenedWatch } from '../../src/ui/browser.js';
import { Fleet } from '../../src/ui/fleet.js';
import { initialFleet, reduceFleet, type FleetController, type FleetState } from '../../src/watch/fleet-session.js';
import type { LogsController } from '../../src/watch/logs.js';
import { deployment, failedDeployment, rollingDeployment, T0 } from '../helpers/fixtures.js';
import { fakeController, linesOf, PLAIN, renderAt, watchState } from './helpers.js';

afterEach(() => cleanup());

async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (ok()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const named = (name: string, d: Deployment = deployment()): Deployment => ({ ...d, name, id: `dep-${name}` });
const LIST = [named('web'), named('batch', failedDeployment()), named('api', rollingDeployment()), named('cache')];
const TARGETS = ['web', 'batch', 'api', 'cache'];

function setup() {
  let state: FleetState = reduceFleet(initialFleet(TARGETS), { ok: true, data: LIST, at: T0, latencyMs: 3 });
  const listeners = new Set<() => void>();
  const calls = { polls: 0, paused: [] as boolean[], focused: [] as (string | undefined)[], opened: [] as string[], stopped: [] as string[] };
  const fleet: FleetController = {
    intervalMs: 2_000,
    getState: () => state,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    pollNow: () => { calls.polls++; },
    setPaused: (p) => { calls.paused.push(p); },
    focus: (key) => { calls.focused.push(key); },
  };
  const closed = { lines: [], seen: 0 };
  const noLogs: LogsController = { getState: () => closed, subscribe: () => () => undefined, open: () => undefined, close: () => undefined, pollNow: () => undefined, setPaused: () => undefined };
  const open = (key: string): OpenedWatch => {
    calls.opened.push(key);
    const d = LIST.find((x) => x.id === key)!;
    return { controller: fakeController(watchState(d)), logs: noLogs, stop: () => { calls.stopped.push(key); } };
  };
  const app = renderAt(<Fleet fleet={fleet} open={open} theme={PLAIN} now={() => T0} />, 80, 24);
  const frame = () => app.lastFrame() ?? '';
  const focusedPanel = () => /›(\d) (\w+)/.exec(frame())?.slice(1).join(' ');
  const set = (next: FleetState) => {
    state = next;
    for (const l of listeners) l();
  };
  return { app, frame, calls, focusedPanel, set };
}

describe('the panels screen', () => {
  test('Tab and Shift-Tab move the focus round the panels; 1-9 pick one; the session hears which', async () => {
    const { app, focusedPanel, calls } = setup();
    await until(() => focusedPanel() === '1 web', 'the first panel focused');
    expect(calls.focused.at(-1)).toBe('dep-web');
    app.stdin.write('\t');
    await until(() => focusedPanel() === '2 batch', 'Tab to the second');
    expect(calls.focused.at(-1)).toBe('dep-batch');
    app.stdin.write('\x1b[Z');
    await until(() => focusedPanel() === '1 web', 'Shift-Tab back to the first');
    app.stdin.write('\x1b[Z');
    await until(() => focusedPanel() === '4 cache', 'Shift-Tab wraps to the last');
    app.stdin.write('3');
    await until(() => focusedPanel() === '3 api', '3 picks the third');
    app.stdin.write('9');
    app.stdin.write('\x1b[A');
    await until(() => focusedPanel() === '1 web', '9 (no such panel) does nothing; ↑ goes a row up');
  });

  test('Enter opens the focused one full-screen with the panels paused; Esc comes back, the same one focused', async () => {
    const { app, frame, calls, focusedPanel } = setup();
    await until(() => focusedPanel() === '1 web', 'the panels');
    app.stdin.write('2');
    await until(() => focusedPanel() === '2 batch', 'batch focused');
    app.stdin.write('\r');
    await until(() => frame().includes('REPLICA'), 'the full-screen watch of batch');
    expect(linesOf(frame())[0]).toMatch(/^batch +dep-batch/);
    expect(calls.opened).toEqual(['dep-batch']);
    expect(calls.paused).toEqual([true]);
    app.stdin.write('\x1b');
    await until(() => frame().includes('watching 4'), 'back to the panels');
    expect(calls.stopped).toEqual(['dep-batch']);
    expect(calls.paused).toEqual([true, false]);
    expect(focusedPanel()).toBe('2 batch');
  });

  test('keys bunched in one read: Tab then Enter opens the next one, and only once', async () => {
    const { app, frame, calls, focusedPanel } = setup();
    await until(() => focusedPanel() === '1 web', 'the panels');
    app.stdin.write('\t\r\r');
    await until(() => frame().includes('REPLICA'), 'a watch');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls.opened).toEqual(['dep-batch']);
  });

  test('a deployment that leaves the list: its panel says so; r polls now', async () => {
    const { app, frame, set, calls } = setup();
    await until(() => frame().includes('watching 4'), 'the panels');
    set(reduceFleet(reduceFleet(initialFleet(TARGETS), { ok: true, data: LIST, at: T0, latencyMs: 3 }), { ok: true, data: LIST.slice(0, 3), at: T0 + 2_000, latencyMs: 3 }));
    await until(() => frame().includes('1 missing'), 'cache missing');
    // (The panel stands beside another: the note's second line is further down.)
    expect(frame()).toContain('✖ missing');
    expect(frame()).toMatch(/not in the list: deleted, or a wrong[^]*\n.+ {4}name\?/);
    app.stdin.write('r');
    await until(() => calls.polls === 1, 'a poll now');
  });
});
