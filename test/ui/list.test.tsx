// The deployments list (`depwatch` with no deployment named): its plan, and the way into a watch and back.
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { DeploymentsClient } from '../../src/api/client.js';
import { openWatch } from '../../src/commands/watch.js';
import { Browser, type OpenedFleet, type OpenedWatch } from '../../src/ui/browser.js';
import { initialFleet, reduceFleet, type FleetController } from '../../src/watch/fleet-session.js';
import { planList, type ListView } from '../../src/ui/list-plan.js';
import { textWidth } from '../../src/ui/format.js';
import type { ListSort } from '../../src/ui/sections/list-order.js';
import type { Deployment } from '../../src/api/schema.js';
import { trackList, type ListController, type ListState } from '../../src/watch/list-session.js';
import { crashing, crashLoopSteps } from '../helpers/crash-loop.js';
import type { LogsController } from '../../src/watch/logs.js';
import { WatchMemory } from '../../src/watch/watch-memory.js';
import { deployment, failedDeployment, iso, replica, T0 } from '../helpers/fixtures.js';
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

function text2(state: ListState, view: Partial<ListView>, rows = 10, columns = 80) {
  return planList({ state, selected: undefined, now: T0, size: { columns, rows }, theme: PLAIN, intervalMs: 2_000, view }).lines.map((l) => l.map((seg) => seg.text).join(''));
}

const plain = (lines: { text: string }[][]) => lines.map((l) => l.map((seg) => seg.text).join(''));

describe('the list plan', () => {
  test('failing first, then by name; the selected one marked; status, ready and rollout in words; the summary first and the footer last', () => {
    const lines = text({ deployments: DEPLOYMENTS, fetchedAt: T0 }, 'dep-api');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^3 deployments · 1 failing · 0 rolling out · 2 ready +sort attention ↓$/);
    const one = text({ deployments: DEPLOYMENTS.slice(0, 1), fetchedAt: T0 }, undefined);
    expect(one[0]).toMatch(/^1 deployment · /);
    expect(lines[1]).toMatch(/^ {3}NAME +STATUS +READY +IMAGE +ROLLOUT +UPDATED *$/);
    expect(lines[2]).toMatch(/^ {3}batch +✖ Failed +2\/3 +llm@222222222222 +failed +1h ago *$/);
    expect(lines[3]).toMatch(/^› {2}api +● Ready +3\/3 +llm@111111111111 {19}1h ago *$/); // steady: the rollout cell blank
    expect(lines[4]).toMatch(/^ {3}web /);
    expect(lines.at(-1)).toMatch(/^↑↓ select {2}enter watch {2}\/ filter {2}s sort {2}m mark {2}\? help {2}q quit +\d\d:\d\d:\d\d$/);
  });

  test('keeps the selection in view when the list is longer than the screen', () => {
    const many = Array.from({ length: 30 }, (_, i) => named(`dep-${String(i).padStart(2, '0')}`));
    const lines = text({ deployments: many, fetchedAt: T0 }, 'dep-dep-25', 10);
    expect(lines.filter((l) => l.startsWith('›'))).toEqual([expect.stringMatching(/^› {2}dep-25 /)]);
  });

  test('before the first answer, after an error, and with none', () => {
    expect(text({})[1]).toBe('fetching the deployments…');
    const failed = text({ error: { kind: 'network', message: 'connection refused' } });
    expect(failed[0]).toMatch(/^deployments {2}✖ connection refused +sort attention ↓$/);
    expect(failed[1]).toBe('no list yet');
    expect(text({ deployments: [], fetchedAt: T0 })[1]).toBe('no deployments');
  });

  test('filters by name, status or image, says so in the header, and counts what it shows', () => {
    const plan = (filter: string) => planList({ state: { deployments: DEPLOYMENTS, fetchedAt: T0 }, selected: undefined, now: T0, size: { columns: 80, rows: 10 }, theme: PLAIN, intervalMs: 2_000, view: { filter } });
    expect(plan('AT').keys).toEqual(['dep-batch']); // name
    expect(plan('fail').keys).toEqual(['dep-batch']); // status
    expect(plan('@1111').keys).toEqual(['dep-api', 'dep-web']); // image
    expect(plain(plan('AT').lines)[1]).toBe('/AT  1 of 3');
    expect(plain(plan('zzz').lines)).toContain('  nothing matches /zzz');
    expect(plain(plan('zzz').lines)[0]).toMatch(/^3 deployments/); // the summary counts them all
  });

  test('sorts by each column in turn, and reversed', () => {
    const deployments = [
      named('b-late', { ...deployment(), updated_at: iso(T0 - 60_000) }),
      named('a-early', { ...deployment(), updated_at: iso(T0 - 7_200_000) }),
      named('c-half', { ...deployment(), status: 'Updating', ready_replicas: 1 }),
    ];
    const keys = (sort: ListSort, reverse = false) => planList({ state: { deployments, fetchedAt: T0 }, selected: undefined, now: T0, size: { columns: 80, rows: 10 }, theme: PLAIN, intervalMs: 2_000, view: { sort, reverse } }).keys;
    expect(keys('attention')).toEqual(['dep-c-half', 'dep-a-early', 'dep-b-late']);
    expect(keys('name')).toEqual(['dep-a-early', 'dep-b-late', 'dep-c-half']);
    expect(keys('name', true)).toEqual(['dep-c-half', 'dep-b-late', 'dep-a-early']);
    expect(keys('ready')[0]).toBe('dep-c-half');
    expect(keys('updated').filter((k) => k !== 'dep-c-half')).toEqual(['dep-b-late', 'dep-a-early']); // newest first
    expect(keys('status')).toEqual(['dep-a-early', 'dep-b-late', 'dep-c-half']);
  });

  test('marks show in their own column, and marking moves no other column', () => {
    const lines = (marks: string[]) => text2({ deployments: DEPLOYMENTS, fetchedAt: T0 }, { marks: new Set(marks) });
    const unmarked = lines([]);
    const marked = lines(['dep-web']);
    expect(marked.find((l) => l.includes('web'))).toMatch(/^ ✔ web /);
    expect(marked.slice(1, 4).map((l) => l.slice(3))).toEqual(unmarked.slice(1, 4).map((l) => l.slice(3)));
    expect(marked.at(-1)).toContain('enter open 1');
  });
});

describe('the list at 40×12, 80×24 and 250×80', () => {
  const crowd = [
    ...Array.from({ length: 40 }, (_, i) => named(`service-with-a-longish-name-${String(i).padStart(2, '0')}`)),
    named('batch', failedDeployment()),
    named('rolling', { ...deployment(), status: 'Updating', ready_replicas: 1 }),
  ];
  test.each([[40, 12], [80, 24], [250, 80]])('%i×%i: every line within the width, name, status and ready/desired on every row', (columns, rows) => {
    const plan = planList({ state: { deployments: crowd, fetchedAt: T0 }, selected: 'dep-rolling', now: T0, size: { columns, rows }, theme: PLAIN, intervalMs: 2_000 });
    const lines = plain(plan.lines);
    expect(lines).toHaveLength(rows);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(columns);
    expect(lines[1]).toMatch(/NAME +STATUS +READY/);
    const table = lines.slice(2, -1).filter((l) => l.trim() !== '');
    expect(table.length).toBe(Math.min(crowd.length, rows - 3));
    for (const line of table) expect(line).toMatch(/^.{3}\S.* +[●✖] (Ready|Failed|Updating) +\d\/\d/);
    expect(lines[2]).toMatch(/batch +✖ Failed +2\/3/); // failing first
    expect(lines.find((l) => l.startsWith('›'))).toMatch(/rolling +● Updating +1\/3/);
    if (columns >= 250) expect(lines[1]).toMatch(/NAME +STATUS +READY +SCALE +GPU +IMAGE +ROLLOUT +UPDATED/);
    if (columns === 80) expect(lines[1]).toMatch(/ROLLOUT/);
  });

  test('40×12: names too long for the column are cut in the middle, keeping the ends that tell siblings apart', () => {
    const siblings = ['deepseek-32b-batch', 'deepseek-32b-canary', 'deepseek-32b-chat-west'].map((n) => named(n));
    const lines = text({ deployments: [...siblings, named('web')], fetchedAt: T0 }, undefined, 12, 40);
    const names = lines.slice(2, 5).map((l) => l.slice(3).split('  ')[0]!);
    expect(names.every((n) => n.includes('…'))).toBe(true);
    expect(new Set(names).size).toBe(3);
    for (const n of names) {
      const [head, tail] = n.split('…') as [string, string];
      const whole = siblings.map((d) => d.name!).find((full) => full.startsWith(head) && full.endsWith(tail) && tail.length >= 3);
      expect(whole, n).toBeDefined();
    }
  });

  test('columns keep their widths across a crash cycle', () => {
    const header = (d: Deployment) => text({ deployments: [named('loop', d), named('web')], fetchedAt: T0 }, undefined, 10, 100)[1];
    const seen = new Set(crashLoopSteps().map(([, d]) => header(d)));
    expect(seen.size).toBe(1);
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
      seen.push(/progressing \d\/\d|failed|stalled|complete/.exec(loop!)?.[0] ?? '');
      expect(web).toMatch(/^ {3}web +● Ready +3\/3 /);
      expect(web).not.toMatch(/progressing|failed|stalled|complete/); // steady: blank
    }
    // Judged one snapshot at a time, the Running polls between crashes would read progressing.
    expect(seen.slice(0, 2)).toEqual(['progressing 0/3', 'progressing 0/3']);
    expect(new Set(seen.slice(2))).toEqual(new Set(['failed']));
  });

  test('sized for the widest progress its deployments can show, the same width all through the rollout', () => {
    const NEW = 'registry.together.ai/acme/llm@sha256:3333333333333333333333333333333333333333333333333333333333333333';
    const thirty = (newReady: number) => named('big', deployment({
      status: newReady === 0 ? 'Ready' : 'Updating', desired_replicas: 30, ready_replicas: 30, min_replicas: 30, max_replicas: 30,
      ...(newReady === 0 ? {} : { image: NEW }),
      replica_events: Object.fromEntries(Array.from({ length: 30 }, (_, i) => i < newReady
        ? [`big-rev-2-${i}`, replica({ image: NEW, revision_id: 'rev-2' })]
        : [`big-rev-1-${i}`, replica()])),
    }));
    let progress: ListState['progress'];
    const headers = new Set<string>();
    const cells: string[] = [];
    for (const [i, ready] of [0, 2, 16, 29].entries()) {
      const deployments = [thirty(ready), named('web')];
      progress = trackList(progress, deployments, T0 + i * 2_000);
      const lines = text({ deployments, fetchedAt: T0 + i * 2_000, progress }, undefined, 10, 120);
      headers.add(lines[1]!);
      cells.push(/progressing \S*/.exec(lines.find((l) => l.includes('big'))!)?.[0] ?? '');
    }
    expect(cells).toEqual(['', 'progressing 2/30', 'progressing 16/30', 'progressing 29/30']);
    expect(headers.size).toBe(1); // no column moved
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

/** A list controller over a state the test sets: the polls and pauses it was asked for are counted. */
function fakeList(initial: ListState) {
  let state = initial;
  const listeners = new Set<() => void>();
  const calls = { polls: 0, paused: [] as boolean[] };
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
  const set = (next: ListState) => {
    state = next;
    for (const l of listeners) l();
  };
  return { list, set, state: () => state, calls };
}

describe('the list, and a watch from it', () => {
  function setup() {
    const { list, set, calls: listCalls } = fakeList({ deployments: DEPLOYMENTS, fetchedAt: T0 });
    const calls = Object.assign(listCalls, { opened: [] as string[], stopped: [] as string[] });
    const closed = { lines: [], seen: 0 };
    const noLogs: LogsController = { getState: () => closed, subscribe: () => () => undefined, open: () => undefined, close: () => undefined, pollNow: () => undefined, setPaused: () => undefined };
    const open = (key: string): OpenedWatch => {
      calls.opened.push(key);
      const d = DEPLOYMENTS.find((x) => x.id === key)!;
      return { controller: fakeController(watchState(d)), logs: noLogs, stop: () => { calls.stopped.push(key); } };
    };
    const app = renderAt(<Browser list={list} open={open} theme={PLAIN} now={() => T0} />, 80, 24);
    const frame = () => app.lastFrame() ?? '';
    return { app, frame, calls, set };
  }

  test('↓ and enter watch the selected deployment; Esc comes back to the list, the same one selected', async () => {
    const { app, frame, calls } = setup();
    await until(() => frame().includes('3 deployments'), 'the list');
    app.stdin.write('j');
    await until(() => linesOf(frame()).some((l) => l.startsWith('›  api')), 'api selected');
    app.stdin.write('\r');
    await until(() => frame().includes('REPLICA'), 'the watch of api');
    expect(calls.opened).toEqual(['dep-api']);
    expect(calls.paused).toEqual([true]);
    expect(linesOf(frame())[0]).toMatch(/^api +dep-api/);
    expect(linesOf(frame()).at(-1)).toMatch(/^Esc list +/);
    app.stdin.write('\x1b');
    await until(() => frame().includes('3 deployments'), 'back to the list');
    expect(calls.stopped).toEqual(['dep-api']);
    expect(calls.paused).toEqual([true, false]);
    expect(linesOf(frame()).find((l) => l.startsWith('›'))).toMatch(/^› {2}api/);
  });

  test('the selection follows its deployment when the list changes; r refreshes it', async () => {
    const { app, frame, calls, set } = setup();
    await until(() => frame().includes('3 deployments'), 'the list');
    app.stdin.write('j');
    await until(() => linesOf(frame()).some((l) => l.startsWith('›  api')), 'api selected');
    set({ deployments: [named('aaa'), ...DEPLOYMENTS], fetchedAt: T0 });
    await until(() => frame().includes('4 deployments'), 'a new deployment listed first');
    expect(linesOf(frame()).find((l) => l.startsWith('›'))).toMatch(/^› {2}api/);
    app.stdin.write('r');
    await until(() => calls.polls === 1, 'a refresh');
  });

  test('keys bunched in one read: an Enter among them opens, a second Enter does not open a second watch', async () => {
    const { app, frame, calls } = setup();
    await until(() => frame().includes('3 deployments'), 'the list');
    app.stdin.write('j\r');
    await until(() => frame().includes('REPLICA'), 'the watch, opened by the Enter after j');
    expect(calls.opened).toEqual(['dep-api']);
    app.stdin.write('\x1b');
    await until(() => frame().includes('3 deployments'), 'back to the list');
    app.stdin.write('\r\x1b[A\r');
    await until(() => frame().includes('REPLICA'), 'a watch');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls.opened).toEqual(['dep-api', 'dep-api']);
  });

  test('Esc followed at once by a key (one read: meta) still goes back', async () => {
    const { app, frame } = setup();
    await until(() => frame().includes('3 deployments'), 'the list');
    app.stdin.write('\r');
    await until(() => frame().includes('REPLICA'), 'the watch');
    app.stdin.write('\x1bj');
    await until(() => frame().includes('3 deployments'), 'back to the list');
    expect(linesOf(frame()).find((l) => l.startsWith('›'))).toMatch(/^› {2}batch/);
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
      await until(() => frame().includes('3 deployments'), 'the list');
      app.stdin.write('j\r'); // api, after batch (failing, listed first)
      await until(() => frame().includes('watching api: Ready, 3/3 ready'), 'the first watch of api');
      served.set('dep-api', { ...served.get('dep-api')!, status: 'Updating' });
      app.stdin.write('r');
      await until(() => frame().includes('status Ready → Updating'), 'a change seen by the first watch');

      app.stdin.write('\x1b');
      await until(() => frame().includes('3 deployments'), 'back to the list');
      app.stdin.write('k\r'); // batch
      await until(() => frame().includes('watching batch'), 'a watch of another deployment');
      expect(frame()).not.toContain('status Ready → Updating');
      app.stdin.write('\x1b');
      await until(() => frame().includes('3 deployments'), 'back to the list again');
      served.set('dep-api', { ...served.get('dep-api')!, ready_replicas: 2 }); // while no watch of api runs

      app.stdin.write('j\r'); // api again
      await until(() => frame().includes('── recent changes') && frame().includes('api  dep-api'), 'the second watch of api');
      app.stdin.write('t');
      await until(() => pane().length === 4, 'the timeline: the first watch\'s events, then the second\'s');
      // Newest first: what changed while away (the second watch's first poll, against what the first
      // saw: no second first look), then what the first watch saw (the status change, which the
      // rollout tracker reads as a rollout beginning), then its first look.
      expect(pane()).toEqual([
        '▲ WARN ready 3/3 → 2/3',
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

describe('the list\'s keys', () => {
  const MANY = [...DEPLOYMENTS, ...Array.from({ length: 20 }, (_, i) => named(`svc-${String(i).padStart(2, '0')}`, { ...deployment(), image: `registry.example.com/acme/svc:v${i}` }))];

  function setup(deployments: Deployment[] = DEPLOYMENTS, rows = 24) {
    const { list, set, state, calls: listCalls } = fakeList({ deployments, fetchedAt: T0 });
    const calls = Object.assign(listCalls, { fleets: [] as string[][], fleetsStopped: 0 });
    const open = (): OpenedWatch => { throw new Error('no watch in these tests'); };
    const openFleet = (keys: string[]): OpenedFleet => {
      calls.fleets.push(keys);
      const fleetState = reduceFleet(initialFleet(keys), { ok: true, data: state().deployments!, at: T0, latencyMs: 0 });
      const fleet: FleetController = { intervalMs: 2_000, getState: () => fleetState, subscribe: () => () => undefined, pollNow: () => undefined, setPaused: () => undefined, focus: () => undefined };
      return { fleet, stop: () => { calls.fleetsStopped++; } };
    };
    const app = renderAt(<Browser list={list} open={open} openFleet={openFleet} theme={PLAIN} now={() => T0} />, 80, rows);
    const frame = () => app.lastFrame() ?? '';
    const lines = () => linesOf(frame());
    const cursor = () => lines().find((l) => l.startsWith('›'))?.slice(3).split(' ')[0];
    const names = () => lines().slice(1).filter((l) => /^[› ][ ✔] \S/.test(l) && !/^ +NAME /.test(l)).map((l) => l.slice(3).split(' ')[0]);
    return { app, frame, lines, cursor, names, calls, set };
  }

  test('/ filters live as you type, the header shows it, Backspace edits it, Esc clears it; the selection comes back', async () => {
    const { app, frame, lines, cursor, names } = setup();
    await until(() => frame().includes('3 deployments'), 'the list');
    app.stdin.write('j');
    await until(() => cursor() === 'api', 'api selected');
    app.stdin.write('/');
    await until(() => lines()[1] === '/_  3 of 3', 'the filter line');
    app.stdin.write('w');
    await until(() => lines()[1] === '/w_  1 of 3', 'one typed');
    expect(names()).toEqual(['web']);
    expect(cursor()).toBe('web'); // api is hidden: the first shown is selected
    app.stdin.write('x');
    await until(() => names().length === 0, 'nothing matching wx');
    app.stdin.write('\x7f');
    await until(() => lines()[1] === '/w_  1 of 3', 'Backspace');
    app.stdin.write('\x1b');
    await until(() => !frame().includes('of 3'), 'the filter cleared');
    expect(names()).toEqual(['batch', 'api', 'web']);
    expect(cursor()).toBe('api'); // by id: the same one as before the filter
  });

  test('Backspace takes back a typed emoji whole, not half of it', async () => {
    const { app, frame, lines } = setup();
    await until(() => frame().includes('3 deployments'), 'the list');
    app.stdin.write('/w');
    await until(() => lines()[1] === '/w_  1 of 3', 'one typed');
    app.stdin.write('👍🏽');
    await until(() => lines()[1]?.startsWith('/w👍🏽_') === true, 'the emoji typed');
    app.stdin.write('\x7f');
    await until(() => lines()[1] === '/w_  1 of 3', 'the emoji gone whole');
    app.stdin.write('\x7f');
    await until(() => lines()[1] === '/_  3 of 3', 'the letter gone');
  });

  test('Enter keeps the filter and the keys work again; Esc then clears it', async () => {
    const { app, frame, lines, names } = setup();
    await until(() => frame().includes('3 deployments'), 'the list');
    app.stdin.write('/b\r'); // batch, web
    await until(() => lines()[1] === '/b  2 of 3', 'the filter kept');
    expect(names()).toEqual(['batch', 'web']);
    app.stdin.write('S'); // a key again, not text
    await until(() => frame().includes('sort attention ↑'), 'reversed');
    expect(names()).toEqual(['web', 'batch']);
    app.stdin.write('\x1b');
    await until(() => names().length === 3, 'the filter cleared');
  });

  test('s cycles the sort column, S reverses it; the selection stays on its deployment', async () => {
    const { app, frame, names, cursor } = setup();
    await until(() => frame().includes('3 deployments'), 'the list');
    expect(names()).toEqual(['batch', 'api', 'web']); // failing first, then by name
    app.stdin.write('G');
    await until(() => cursor() === 'web', 'the last one');
    app.stdin.write('s');
    await until(() => frame().includes('sort name ↓'), 'by name');
    expect(names()).toEqual(['api', 'batch', 'web']);
    app.stdin.write('S');
    await until(() => frame().includes('sort name ↑'), 'reversed');
    expect(names()).toEqual(['web', 'batch', 'api']);
    expect(cursor()).toBe('web');
    app.stdin.write('sss');
    await until(() => frame().includes('sort updated'), 'status, ready, then updated');
    app.stdin.write('s');
    await until(() => frame().includes('sort attention'), 'round to the start');
  });

  test('the selection follows its id across a refresh that reorders the list', async () => {
    const { app, frame, cursor, names, set } = setup();
    await until(() => frame().includes('3 deployments'), 'the list');
    app.stdin.write('G');
    await until(() => cursor() === 'web', 'web selected');
    // web starts failing: it moves up among the failing, renamed too (same id).
    set({ deployments: [DEPLOYMENTS[1]!, DEPLOYMENTS[2]!, { ...failedDeployment(), name: 'web-2', id: 'dep-web' }], fetchedAt: T0 + 2_000 });
    await until(() => names().join() === 'batch,web-2,api', 'the new order');
    expect(cursor()).toBe('web-2');
    app.stdin.write('j');
    await until(() => cursor() === 'api', 'moves on from where it is now');
  });

  test('g G Home End PgUp PgDn move through a list longer than the screen', async () => {
    const { app, frame, cursor } = setup(MANY, 12); // 9 rows of table
    await until(() => frame().includes('23 deployments') && frame().split('\n').length === 12, 'the list, 12 rows high');
    app.stdin.write('\x1b[6~'); // PgDn
    await until(() => cursor() === 'svc-07', 'a page down (batch, api, then svc-00…)');
    app.stdin.write('\x1b[6~');
    await until(() => cursor() === 'svc-16', 'another');
    app.stdin.write('\x1b[5~'); // PgUp
    await until(() => cursor() === 'svc-07', 'a page up');
    app.stdin.write('G');
    await until(() => cursor() === 'web', 'the last');
    app.stdin.write('g');
    await until(() => cursor() === 'batch', 'the first');
    app.stdin.write('\x1b[F'); // End
    await until(() => cursor() === 'web', 'End');
    app.stdin.write('\x1b[H'); // Home
    await until(() => cursor() === 'batch', 'Home');
  });

  test('m marks; Enter opens the marked ones in panels; Esc comes back with the marks kept', async () => {
    const { app, frame, lines, cursor, calls } = setup();
    await until(() => frame().includes('3 deployments'), 'the list');
    app.stdin.write('m');
    await until(() => lines().some((l) => l.startsWith('›✔ batch')), 'batch marked');
    app.stdin.write('jjm');
    await until(() => lines().some((l) => l.startsWith('›✔ web')), 'web marked');
    app.stdin.write('kmm');
    await until(() => frame().includes('enter open 2') && cursor() === 'api', 'api marked and unmarked');
    app.stdin.write('\r\r');
    await until(() => frame().includes('watching 2'), 'the panels');
    expect(linesOf(frame()).at(-1)).toContain('esc list');
    expect(calls.fleets).toEqual([['dep-batch', 'dep-web']]); // in the order shown, opened once
    expect(calls.paused).toEqual([true]);
    app.stdin.write('\x1b');
    await until(() => frame().includes('3 deployments'), 'back to the list');
    expect(calls.fleetsStopped).toBe(1);
    expect(calls.paused).toEqual([true, false]);
    expect(lines().filter((l) => /^[› ]✔/.test(l)).map((l) => l.slice(3).split(' ')[0])).toEqual(['batch', 'web']);
    expect(cursor()).toBe('api');
  });

  test('? shows the list\'s keys; ? or Esc closes them', async () => {
    const { app, frame } = setup();
    await until(() => frame().includes('3 deployments'), 'the list');
    app.stdin.write('?');
    await until(() => frame().includes('keys on the list'), 'help');
    expect(frame()).toContain('? close help');
    app.stdin.write('\x1b');
    await until(() => frame().includes('NAME'), 'help closed');
  });
});
