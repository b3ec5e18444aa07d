// The queue line in whole frames of the scale scenario (what `depwatch demo --scenario scale` shows
// during its burst), planned and drawn, and the App following a queue controller.
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { parseQueueMetrics } from '../../src/api/queue-schema.js';
import { parseDeployment } from '../../src/api/schema.js';
import { scenarioQueue, scenarioState } from '../../src/sim/scenarios.js';
import { App } from '../../src/ui/app.js';
import { textWidth } from '../../src/ui/format.js';
import { planScreen, type ScreenInput } from '../../src/ui/screen-plan.js';
import { DeploymentScreen } from '../../src/ui/screens/DeploymentScreen.js';
import { ThemeProvider } from '../../src/ui/theme-context.js';
import { queueTarget, record, type QueueController, type QueueState } from '../../src/watch/queue.js';
import { initialState, reduce } from '../../src/watch/state.js';
import type { WatchState } from '../../src/watch/types.js';
import { T0 } from '../helpers/fixtures.js';
import { fakeController, linesOf, PLAIN, renderAt } from './helpers.js';

afterEach(() => cleanup());

const POLL = 2_000;

/** The watch and queue states after polling the scale scenario every 2 s until `untilMs` (scenario time = wall time). */
function scaleWatch(untilMs: number): { state: WatchState; queue: QueueState; now: number } {
  let state = initialState();
  let queue: QueueState | undefined;
  for (let t = 0; t <= untilMs; t += POLL) {
    const at = T0 + t;
    const d = parseDeployment(scenarioState('scale', t, { startedAt: T0 }));
    state = reduce(state, { ok: true, data: d, at, latencyMs: 5 });
    queue ??= { ...queueTarget(d)!, history: [] };
    queue = record(queue, { ok: true, data: parseQueueMetrics(scenarioQueue('scale', t, { startedAt: T0 })), at, latencyMs: 5 }, d.ready_replicas);
  }
  return { state, queue: queue!, now: T0 + untilMs };
}

function input(columns: number, rows: number, at = 20_000): ScreenInput {
  const { state, queue, now } = scaleWatch(at);
  return { state, queue, ui: { scroll: 0, help: false }, now, size: { columns, rows }, theme: PLAIN, intervalMs: POLL, paused: false, target: 'scale' };
}

const text = (line: { text: string }[]) => line.map((seg) => seg.text).join('');

describe('the queue line in the scale scenario\'s frames', () => {
  test.each([[80, 24], [160, 48]])('%dx%d: right under the gauge, jobs and backlog per replica over the target, with its sparkline', (columns, rows) => {
    const plan = planScreen(input(columns, rows));
    const lines = plan.lines.map(text);
    expect(lines).toHaveLength(rows);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(columns);
    const gauge = lines.findIndex((l) => l.startsWith('ready 1/5'));
    expect(gauge).toBeGreaterThan(0);
    // 20 s in: the burst is queued, one replica is ready, four are coming.
    expect(lines[gauge + 1]).toMatch(/^queue 1\d waiting · 1 running · 1\d\/replica \(target 1\.01\) [▁▂▃▄▅▆▇█]{5,}$/);
    expect(plan.layout?.queue).toBe(1);
  });

  test('drawn by the deployment screen at 80x24 and 160x48', () => {
    for (const [columns, rows] of [[80, 24], [160, 48]] as const) {
      const i = input(columns, rows);
      const r = renderAt(<ThemeProvider theme={PLAIN}><DeploymentScreen {...i} /></ThemeProvider>, columns, rows);
      const lines = linesOf(r.lastFrame());
      const gauge = lines.findIndex((l) => l.startsWith('ready 1/5'));
      expect(lines[gauge + 1]).toMatch(/^queue 1\d waiting · 1 running · 1\d\/replica \(target 1\.01\)/);
      r.unmount();
    }
  });

  test('after the drain, backlog per replica is back under the target with two replicas', () => {
    const lines = planScreen(input(100, 30, 60_000)).lines.map(text);
    expect(lines.find((l) => l.startsWith('queue '))).toMatch(/^queue 0 waiting · 2 running · 1\.0\/replica \(target 1\.01\) /);
  });

  test('no queue line, and the same frame as before, for a deployment that does not scale on a queue', () => {
    const without = planScreen({ ...input(80, 24), queue: undefined }).lines.map(text);
    expect(without.some((l) => l.startsWith('queue '))).toBe(false);
  });
});

/** A queue controller whose state the test sets, counting what the App asks of it. */
function fakeQueue(initial: QueueState | undefined) {
  let state = initial;
  const listeners = new Set<() => void>();
  const q = {
    polls: 0,
    paused: [] as boolean[],
    getState: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
    pollNow() { q.polls++; },
    setPaused(p: boolean) { q.paused.push(p); },
    set(next: QueueState | undefined) {
      state = next;
      for (const l of listeners) l();
    },
  } satisfies QueueController & Record<string, unknown>;
  return q;
}

async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (ok()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('App with a queue controller', () => {
  test('draws its state as it changes, asks it to poll on r and pauses it with p', async () => {
    const { state, queue, now } = scaleWatch(20_000);
    const c = fakeController(state);
    const q = fakeQueue(undefined);
    const r = renderAt(<App controller={c} queue={q} target="scale" theme={PLAIN} now={() => now} />, 80, 24);
    const frame = () => r.lastFrame() ?? '';
    await until(() => frame().includes('ready 1/5'), 'first frame');
    expect(frame()).not.toContain('queue ');
    q.set(queue);
    await until(() => /queue 1\d waiting/.test(frame()), 'the queue line');
    r.stdin.write('r');
    await until(() => q.polls === 1, 'r to poll the queue');
    r.stdin.write('p');
    await until(() => q.paused.at(-1) === true, 'p to pause the queue');
  });
});
