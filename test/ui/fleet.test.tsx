// The panels screen with keys: Tab / Shift-Tab / arrows / 1-9 focus, Enter opens the focused one
// full-screen (the panels' polling paused), Esc comes back to the panels with the same focus.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { Deployment } from '../../src/api/schema.js';
import type { OpenedWatch } from '../../src/ui/browser.js';
import { Fleet } from '../../src/ui/fleet.js';
import { FleetSession } from '../../src/watch/fleet-session.js';
import { LogsWatch } from '../../src/watch/logs.js';
import { deployment, failedDeployment, rollingDeployment, T0 } from '../helpers/fixtures.js';
import { fakeController, linesOf, PLAIN, renderAt, watchState } from './helpers.js';

afterEach(() => cleanup());

/** Waits (vitest's waitFor) until `ok`, failing with what was awaited. */
const until = (ok: () => boolean, what: string) => vi.waitFor(() => {
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
}, { timeout: 2_000, interval: 5 });

const named = (name: string, d: Deployment = deployment()): Deployment => ({ ...d, name, id: `dep-${name}` });
const LIST = [named('web'), named('batch', failedDeployment()), named('api', rollingDeployment()), named('cache')];
const TARGETS = ['web', 'batch', 'api', 'cache'];

/** The screen over a real fleet session fed by a fake list (its calls spied on), and a record of the watches opened. */
function setup() {
  let list = LIST;
  const fleet = new FleetSession({ targets: TARGETS, fetch: async () => list, intervalMs: 60_000, now: () => T0 });
  const spied = { pollNow: vi.spyOn(fleet, 'pollNow'), setPaused: vi.spyOn(fleet, 'setPaused'), focus: vi.spyOn(fleet, 'focus') };
  const watches = { opened: [] as string[], stopped: [] as string[] };
  const open = (key: string): OpenedWatch => {
    watches.opened.push(key);
    const d = LIST.find((x) => x.id === key)!;
    return { controller: fakeController(watchState(d)), logs: new LogsWatch({ fetch: async () => [], intervalMs: 60_000 }), stop: () => { watches.stopped.push(key); } };
  };
  fleet.list.start();
  sessions.push(fleet);
  const app = renderAt(<Fleet fleet={fleet} open={open} theme={PLAIN} now={() => T0} />, 80, 24);
  const frame = () => app.lastFrame() ?? '';
  const focusedPanel = () => /›(\d) (\w+)/.exec(frame())?.slice(1).join(' ');
  /** The next list the session gets, polled now. */
  const relist = (next: Deployment[]) => {
    list = next;
    fleet.list.pollNow();
  };
  return { app, frame, spied, watches, focusedPanel, relist };
}

const sessions: FleetSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.stop();
});

describe('the panels screen', () => {
  test('Tab and Shift-Tab move the focus round the panels; 1-9 pick one; the session hears which', async () => {
    const { app, focusedPanel, spied } = setup();
    await until(() => focusedPanel() === '1 web', 'the first panel focused');
    expect(spied.focus).toHaveBeenLastCalledWith('dep-web');
    app.stdin.write('\t');
    await until(() => focusedPanel() === '2 batch', 'Tab to the second');
    expect(spied.focus).toHaveBeenLastCalledWith('dep-batch');
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
    const { app, frame, spied, watches, focusedPanel } = setup();
    await until(() => focusedPanel() === '1 web', 'the panels');
    app.stdin.write('2');
    await until(() => focusedPanel() === '2 batch', 'batch focused');
    app.stdin.write('\r');
    await until(() => frame().includes('REPLICA'), 'the full-screen watch of batch');
    expect(linesOf(frame())[0]).toMatch(/^batch +dep-batch/);
    // The way back names where it goes: the panels, not the list.
    expect(linesOf(frame()).at(-1)).toMatch(/^Esc panels +/);
    expect(watches.opened).toEqual(['dep-batch']);
    expect(spied.setPaused.mock.calls).toEqual([[true]]);
    app.stdin.write('\x1b');
    await until(() => frame().includes('watching 4'), 'back to the panels');
    expect(watches.stopped).toEqual(['dep-batch']);
    expect(spied.setPaused.mock.calls).toEqual([[true], [false]]);
    expect(focusedPanel()).toBe('2 batch');
  });

  test('keys bunched in one read: Tab then Enter opens the next one, and only once', async () => {
    const { app, frame, watches, focusedPanel } = setup();
    await until(() => focusedPanel() === '1 web', 'the panels');
    app.stdin.write('\t\r\r');
    await until(() => frame().includes('REPLICA'), 'a watch');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(watches.opened).toEqual(['dep-batch']);
  });

  test('a deployment that leaves the list: its panel says so; r polls now', async () => {
    const { app, frame, relist, spied } = setup();
    await until(() => frame().includes('watching 4 ·'), 'the panels');
    relist(LIST.slice(0, 3));
    await until(() => frame().includes('1 missing'), 'cache missing');
    // (The panel stands beside another: the note's second line is further down.)
    expect(frame()).toContain('✖ missing');
    expect(frame()).toMatch(/not in the list: deleted, or a wrong[^]*\n.+ {4}name\?/);
    app.stdin.write('r');
    await until(() => spied.pollNow.mock.calls.length === 1, 'a poll now');
  });
});
