// The deployments list (`depwatch` with no deployment named): its plan, and the way into a watch and back.
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { DeploymentsClient } from '../../src/api/client.js';
import { openWatch } from '../../src/commands/watch.js';
import { Browser, type OpenedWatch } from '../../src/ui/browser.js';
import { planList } from '../../src/ui/list-plan.js';
import type { Deployment } from '../../src/api/schema.js';
import { trackList, type ListController, type ListState } from '../../src/watch/list-session.js';
import { crashing, crashLoopSteps } from '../helpers/crash-loop.js';
import type { LogsController } from '../../src/watch/logs.js';
import { WatchMemory } from '../../src/watch/watch-memory.js';
import { deployment, failedDeployment, iso, T0 } from '../helpers/fixtures.js';
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
const DEPLOYMENTS = [named('web'), named('api', { ...deployment(), updated_at: iso(T0 - 3_600_000) }), named('batch', failedDeployment())];

function text(state: ListState, selected?: string, rows = 10, columns = 80) {
  return planList({ state, selected, now: T0, size: { columns, rows }, theme: PLAIN, intervalMs: 2_000 }).lines.map((l) => l.map((seg) => seg.text).join(''));
}

describe('the list plan', () => {
  test('every deployment by name, the selected one marked, status and rollout in words, the footer last', () => {
    const lines = text({ deployments: DEPLOYMENTS, fetchedAt: T0 }, 'dep-batch');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('deployments 3');
    expect(lines[1]).toMatch(/^ {2}NAME +STATUS +READY +ROLLOUT +UPDATED$/);
    expect(lines[2]).toMatch(/^ {2}api +● Ready +3\/3 {20,}1h ago$/);
    expect(lines[3]).toMatch(/^› batch +✖ Failed +2\/3 +failed /);
    expect(lines[4]).toMatch(/^ {2}web /);
    expect(lines.at(-1)).toMatch(/^↑↓ select {2}enter watch {2}r refresh {2}q quit +every 2s · fetched \d\d:\d\d:\d\d$/);
  });

  test('keeps the selection in view when the list is longer than the screen', () => {
    const many = Array.from({ length: 30 }, (_, i) => named(`dep-${String(i).padStart(2, '0')}`));
    const lines = text({ deployments: many, fetchedAt: T0 }, 'dep-dep-25', 10);
    expect(lines.filter((l) => l.startsWith('› '))).toEqual([expect.stringMatching(/^› dep-25 /)]);
  });

  test('before the first answer, after an error, and with none', () => {
    expect(text({})[1]).toBe('fetching the deployments…');
    const failed = text({ error: { kind: 'network', message: 'connection refused' } });
    expect(failed[0]).toBe('deployments  ✖ connection refused');
    expect(failed[1]).toBe('no list yet');
    expect(text({ deployments: [], fetchedAt: T0 })[1]).toBe('no deployments');
  });
});

describe('the rollout column', () => {
  const rows = (state: ListState) => text(state, undefined, 10, 100).slice(2, -1).filter((l) => l.trim() !== '');

  test('follows the progress memory: a crash loop reads failed through every back-off, never progressing again', () => {
    let progress: ListState['progress'];
    const seen: string[] = [];
    for (const [at, d] of crashLoopSteps().slice(1)) {
      const deployments = [named('loop', d), named('web')];
      progress = trackList(progress, deployments, at);
      const [loop, web] = rows({ deployments, fetchedAt: at, progress });
      seen.push(loop!.split(/ {2,}/)[3]!);
      expect(web).toMatch(/^ {2}web +● Ready +3\/3 {20}/); // steady: blank
    }
    // Judged one snapshot at a time, the Running polls between crashes would read progressing.
    expect(seen.slice(0, 2)).toEqual(['progressing 0/3', 'progressing 0/3']);
    expect(new Set(seen.slice(2))).toEqual(new Set(['failed']));
  });

  test('keeps memory only for the deployments in the latest list', () => {
    const first = trackList(undefined, [named('a'), named('b')], T0);
    const second = trackList(first, [named('b')], T0 + 2_000);
    expect([...second.keys()]).toEqual(['dep-b']);
    expect(second.get('dep-b')).toBe(first.get('dep-b')); // unchanged data: the same state
  });

  test('stalled after the progress deadline, from the list session\'s options', () => {
    const stuck = { ...crashing('running'), status: 'Updating' as const };
    const starting = { ...stuck, replica_events: { ...stuck.replica_events, 'llama-chat-rev-2-a': { ...stuck.replica_events!['llama-chat-rev-2-a']!, replica_status: 'Waiting', replica_status_reason: 'ContainerCreating' } } };
    const deployments = [named('stuck', starting)];
    const opts = { progressDeadlineMs: 60_000 };
    const progress = trackList(trackList(undefined, [named('stuck', deployment())], T0, opts), deployments, T0 + 2_000, opts);
    const later = trackList(progress, deployments, T0 + 70_000, opts);
    expect(rows({ deployments, fetchedAt: T0 + 2_000, progress, progressOptions: opts })[0]).toContain('progressing 0/3');
    expect(planList({ state: { deployments, fetchedAt: T0 + 70_000, progress: later, progressOptions: opts }, selected: undefined, now: T0 + 70_000, size: { columns: 100, rows: 10 }, theme: PLAIN, intervalMs: 2_000 }).lines[2]!.map((x) => x.text).join('')).toContain('stalled');
  });
});

describe('the list, and a watch from it', () => {
  function setup() {
    let state: ListState = { deployments: DEPLOYMENTS, fetchedAt: T0 };
    const listeners = new Set<() => void>();
    const calls = { polls: 0, paused: [] as boolean[], opened: [] as string[], stopped: [] as string[] };
    const list: ListController = {
      intervalMs: 2_000,
      getState: () => state,
      subscribe: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      pollNow: () => { calls.polls++; },
      setPaused: (p) => { calls.paused.push(p); },
    };
    const closed = { lines: [], seen: 0 };
    const noLogs: LogsController = { getState: () => closed, subscribe: () => () => undefined, open: () => undefined, close: () => undefined, pollNow: () => undefined, setPaused: () => undefined };
    const open = (key: string): OpenedWatch => {
      calls.opened.push(key);
      const d = DEPLOYMENTS.find((x) => x.id === key)!;
      return { controller: fakeController(watchState(d)), logs: noLogs, stop: () => { calls.stopped.push(key); } };
    };
    const app = renderAt(<Browser list={list} open={open} theme={PLAIN} now={() => T0} />, 80, 24);
    const frame = () => app.lastFrame() ?? '';
    const set = (next: ListState) => {
      state = next;
      for (const l of listeners) l();
    };
    return { app, frame, calls, set };
  }

  test('↓ and enter watch the selected deployment; Esc comes back to the list, the same one selected', async () => {
    const { app, frame, calls } = setup();
    await until(() => frame().includes('deployments 3'), 'the list');
    app.stdin.write('j');
    await until(() => linesOf(frame()).some((l) => l.startsWith('› batch')), 'batch selected');
    app.stdin.write('\r');
    await until(() => frame().includes('REPLICA'), 'the watch of batch');
    expect(calls.opened).toEqual(['dep-batch']);
    expect(calls.paused).toEqual([true]);
    expect(linesOf(frame())[0]).toMatch(/^batch +dep-batch/);
    app.stdin.write('\x1b');
    await until(() => frame().includes('deployments 3'), 'back to the list');
    expect(calls.stopped).toEqual(['dep-batch']);
    expect(calls.paused).toEqual([true, false]);
    expect(linesOf(frame()).find((l) => l.startsWith('›'))).toMatch(/^› batch/);
  });

  test('the selection follows its deployment when the list changes; r refreshes it', async () => {
    const { app, frame, calls, set } = setup();
    await until(() => frame().includes('deployments 3'), 'the list');
    app.stdin.write('j');
    await until(() => linesOf(frame()).some((l) => l.startsWith('› batch')), 'batch selected');
    set({ deployments: [named('aaa'), ...DEPLOYMENTS], fetchedAt: T0 });
    await until(() => frame().includes('deployments 4'), 'a new deployment listed first');
    expect(linesOf(frame()).find((l) => l.startsWith('›'))).toMatch(/^› batch/);
    app.stdin.write('r');
    await until(() => calls.polls === 1, 'a refresh');
  });

  test('keys bunched in one read: an Enter among them opens, a second Enter does not open a second watch', async () => {
    const { app, frame, calls } = setup();
    await until(() => frame().includes('deployments 3'), 'the list');
    app.stdin.write('j\r');
    await until(() => frame().includes('REPLICA'), 'the watch, opened by the Enter after j');
    expect(calls.opened).toEqual(['dep-batch']);
    app.stdin.write('\x1b');
    await until(() => frame().includes('deployments 3'), 'back to the list');
    app.stdin.write('\r\x1b[A\r');
    await until(() => frame().includes('REPLICA'), 'a watch');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls.opened).toEqual(['dep-batch', 'dep-batch']);
  });

  test('Esc followed at once by a key (one read: meta) still goes back', async () => {
    const { app, frame } = setup();
    await until(() => frame().includes('deployments 3'), 'the list');
    app.stdin.write('\r');
    await until(() => frame().includes('REPLICA'), 'the watch');
    app.stdin.write('\x1bj');
    await until(() => frame().includes('deployments 3'), 'back to the list');
    expect(linesOf(frame()).find((l) => l.startsWith('›'))).toMatch(/^› api/);
  });
});


describe('the timeline belongs to the deployment, not to the screen', () => {
  test('list → watch → list → watch: what the first watch saw is still there, and only for its deployment', async () => {
    // The real watch (openWatch with the per-session memory browse keeps) against a fake API.
    const served = new Map(DEPLOYMENTS.map((d) => [d.id!, d]));
    const client: DeploymentsClient = {
      list: async () => ({ data: [...served.values()] }),
      get: async (id) => served.get(id)!,
      logs: async () => ({ lines: [] }),
      queueMetrics: async () => ({}),
    };
    const listState: ListState = { deployments: DEPLOYMENTS, fetchedAt: T0 };
    const list: ListController = { intervalMs: 60_000, getState: () => listState, subscribe: () => () => undefined, pollNow: () => undefined, setPaused: () => undefined };
    const memory = new WatchMemory();
    const opened: OpenedWatch[] = [];
    const open = (key: string) => {
      const watch = openWatch(client, key, 60_000, { memory });
      opened.push(watch);
      return watch;
    };
    const app = renderAt(<Browser list={list} open={open} theme={PLAIN} now={() => T0} />, 80, 24);
    const frame = () => app.lastFrame() ?? '';
    const pane = () => linesOf(frame()).filter((l) => /^\d\d:\d\d:\d\d /.test(l)).map((l) => l.slice(9));
    try {
      await until(() => frame().includes('deployments 3'), 'the list');
      app.stdin.write('\r'); // api, the first listed
      await until(() => frame().includes('watching api: Ready, 3/3 ready'), 'the first watch of api');
      served.set('dep-api', { ...served.get('dep-api')!, status: 'Updating' });
      app.stdin.write('r');
      await until(() => frame().includes('status Ready → Updating'), 'a change seen by the first watch');

      app.stdin.write('\x1b');
      await until(() => frame().includes('deployments 3'), 'back to the list');
      app.stdin.write('j\r'); // batch
      await until(() => frame().includes('watching batch'), 'a watch of another deployment');
      expect(frame()).not.toContain('status Ready → Updating');
      app.stdin.write('\x1b');
      await until(() => frame().includes('deployments 3'), 'back to the list again');

      app.stdin.write('k\r'); // api again
      await until(() => frame().includes('── recent changes') && frame().includes('api  dep-api'), 'the second watch of api');
      app.stdin.write('t');
      await until(() => pane().length === 4, 'the timeline: the first watch\'s events, then the second\'s');
      // Newest first: the second watch's first look, then what the first watch saw (the status
      // change, which the rollout tracker reads as a rollout beginning), then its first look.
      expect(pane()).toEqual([
        '• info watching api: Updating, 3/3 ready',
        '• info rollout of a new revision replacing rev-1 began',
        '• info status Ready → Updating',
        '✔ ok   watching api: Ready, 3/3 ready',
      ]);
      expect(pane().filter((line) => line.includes('watching batch'))).toEqual([]);
    } finally {
      for (const w of opened) w.stop();
    }
  });
});
