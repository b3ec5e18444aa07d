import { afterEach, describe, expect, test, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { App } from '../../src/ui/app.js';
import type { Deployment } from '../../src/api/schema.js';
import type { LogSaveRequest, LogSaver } from '../../src/ui/log-save.js';
import { LogsWatch, MAX_LOG_LINES } from '../../src/watch/logs.js';
import { initialState, reduce } from '../../src/watch/state.js';
import { crashLoopSteps } from '../helpers/crash-loop.js';
import { deployment, failedDeployment, replica, T0 } from '../helpers/fixtures.js';
import { event, fakeController, linesOf, PLAIN, renderAt, watchState, type FakeController } from './helpers.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** Let Ink, React's scheduler and effects run, until `ok()` holds; no fixed sleeps. */
async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (ok()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The same, for what waits on a timer (a lone Esc is emitted after Ink's escape-sequence delay). */
async function untilTimed(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (ok()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function manyReplicas(n: number): Deployment {
  const events: Record<string, ReturnType<typeof replica>> = {};
  for (let i = 0; i < n; i++) events[`llama-chat-rev-1-${String(i).padStart(2, '0')}`] = replica();
  return deployment({ replica_events: events, desired_replicas: n, ready_replicas: n });
}

function start(controller: FakeController, opts: { now?: () => number; onExit?: () => void; logs?: LogsWatch; saveLogs?: LogSaver } = {}) {
  const r = renderAt(<App controller={controller} target="llama-chat" theme={PLAIN} now={opts.now ?? (() => T0)} {...(opts.onExit ? { onExit: opts.onExit } : {})} {...(opts.logs ? { logs: opts.logs } : {})} {...(opts.saveLogs ? { saveLogs: opts.saveLogs } : {})} />, 80, 24);
  const frame = () => r.lastFrame() ?? '';
  /** The frame drawn at 80x24: 24 lines, the footer's key hints ending in column 80. */
  const sized = () => linesOf(frame()).length === 24 && (linesOf(frame()).at(-1) ?? '').length === 80;
  return { ...r, frame, sized };
}

describe('keys', () => {
  test('r asks the controller to poll now', async () => {
    const c = fakeController(watchState(deployment()));
    const app = start(c);
    await until(() => app.frame().includes('llama-chat'), 'first frame');
    app.stdin.write('r');
    await until(() => c.polls === 1, 'pollNow');
    expect(c.polls).toBe(1);
  });

  test('p pauses and resumes, and the footer says so', async () => {
    const c = fakeController(watchState(deployment()));
    const app = start(c);
    app.stdin.write('p');
    await until(() => linesOf(app.frame()).at(-1)!.includes('paused'), 'paused in the footer');
    expect(c.isPaused()).toBe(true);
    expect(app.frame()).toContain('p resume');
    app.stdin.write('p');
    await until(() => !linesOf(app.frame()).at(-1)!.includes('paused'), 'resumed');
    expect(c.pauses).toBe(2);
  });

  test('j and ↓ move the cursor down, k and ↑ up, clamped at both ends; the table scrolls with it', async () => {
    const c = fakeController(watchState(manyReplicas(30)));
    const app = start(c);
    const rule = () => linesOf(app.frame()).find((l) => l.startsWith('── replicas')) ?? '';
    const cursor = () => linesOf(app.frame()).find((l) => l.startsWith('› '))?.split(/\s+/)[1];
    await until(() => /↓ \d+ more/.test(rule()), 'the table to be clipped');
    expect(cursor()).toBe('llama-chat-rev-1-00');
    app.stdin.write('k');
    app.stdin.write('j');
    await until(() => cursor() === 'llama-chat-rev-1-01', 'one row down');
    app.stdin.write('\u001B[B');
    await until(() => cursor() === 'llama-chat-rev-1-02', 'down arrow');
    expect(rule()).not.toContain('↑');
    for (let i = 0; i < 40; i++) app.stdin.write('j');
    await until(() => cursor() === 'llama-chat-rev-1-29', 'the last replica');
    expect(rule()).not.toContain('↓');
    const hidden = Number(/↑ (\d+) more/.exec(rule())?.[1]);
    expect(hidden).toBeGreaterThan(2);
    // Moving up inside the window moves the cursor, not the window.
    app.stdin.write('k');
    await until(() => cursor() === 'llama-chat-rev-1-28', 'one row back up');
    expect(rule()).toContain(`↑ ${hidden} more`);
    for (let i = 0; i < 40; i++) app.stdin.write('\u001B[A');
    await until(() => cursor() === 'llama-chat-rev-1-00', 'the first replica');
    expect(rule()).not.toContain('↑');
  });

  test('Enter and d describe the replica under the cursor: its fields and its own history; Esc goes back', async () => {
    const timeline = [
      event(30, 'became ready', 'ok', 'llama-chat-rev-1-b'),
      event(20, 'CrashLoopBackOff: back-off 40s', 'error', 'llama-chat-rev-2-a'),
    ];
    const c = fakeController(watchState(failedDeployment(), { timeline }));
    const app = start(c);
    await until(() => app.frame().includes('REPLICA'), 'the table');
    app.stdin.write('j');
    app.stdin.write('\r');
    await until(() => app.frame().includes('── replica llama-chat-rev-1-b'), 'the describe view');
    const lines = linesOf(app.frame());
    expect(lines.find((l) => l.startsWith('status '))).toMatch(/^status +Running/);
    expect(lines.find((l) => l.startsWith('revision '))).toMatch(/^revision +rev-1/);
    expect(lines.some((l) => l.startsWith('preload '))).toBe(true);
    expect(lines.some((l) => l.includes('became ready'))).toBe(true);
    // Only its own history.
    expect(lines.some((l) => l.includes('back-off 40s'))).toBe(false);
    expect(lines.at(-1)).toMatch(/^Esc back/);
    app.stdin.write('\x1b');
    await untilTimed(() => app.frame().includes('REPLICA'), 'the table again');
    expect(linesOf(app.frame()).find((l) => l.startsWith('› '))).toContain('llama-chat-rev-1-b');
    app.stdin.write('k');
    app.stdin.write('d');
    await until(() => app.frame().includes('── replica llama-chat-rev-2-a'), 'd describes too');
    expect(app.frame()).toContain('back-off 40s');
  });

  test('opened from the list, the footer leads with Esc list, and Esc goes back once nothing else is open', async () => {
    const onBack = vi.fn();
    const r = renderAt(<App controller={fakeController(watchState(failedDeployment()))} target="llama-chat" theme={PLAIN} now={() => T0} back={{ to: 'list', go: onBack }} />, 80, 24);
    const footer = () => linesOf(r.lastFrame() ?? '').at(-1) ?? '';
    await until(() => footer().startsWith('Esc list'), 'the way back in the footer');
    r.stdin.write('d');
    await until(() => footer().startsWith('Esc back'), 'the describe view');
    r.stdin.write('\x1b');
    await untilTimed(() => footer().startsWith('Esc list'), 'the table again');
    expect(onBack).not.toHaveBeenCalled();
    r.stdin.write('\x1b');
    await untilTimed(() => onBack.mock.calls.length === 1, 'back to the list');
  });

  test('Ctrl-Z hands the terminal back and stops the process; SIGCONT takes it again', async () => {
    const c = fakeController(watchState(deployment()));
    const app = start(c);
    await until(() => app.frame().includes('REPLICA'), 'the table');
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    app.stdin.write('\x1a');
    await until(() => kill.mock.calls.length === 1, 'SIGTSTP sent');
    expect(kill).toHaveBeenCalledWith(0, 'SIGTSTP');
    expect(process.listenerCount('SIGCONT')).toBeGreaterThan(0);
    process.emit('SIGCONT', 'SIGCONT');
    await until(() => process.listenerCount('SIGCONT') === 0, 'resumed');
    kill.mockRestore();
  });

  test('? opens the help overlay and closes it again', async () => {
    const c = fakeController(watchState(deployment()));
    const app = start(c);
    await until(() => app.frame().includes('REPLICA'), 'the table');
    app.stdin.write('?');
    await until(() => app.frame().includes('move the cursor'), 'help');
    expect(app.frame()).not.toContain('REPLICA');
    app.stdin.write('?');
    await until(() => app.frame().includes('REPLICA'), 'help closed');
  });

  test('q exits and tells the caller', async () => {
    const onExit = vi.fn();
    const app = start(fakeController(watchState(deployment())), { onExit });
    app.stdin.write('q');
    await until(() => onExit.mock.calls.length === 1, 'onExit');
    expect(onExit).toHaveBeenCalledTimes(1);
  });

  test('Ctrl-C exits and tells the caller', async () => {
    const onExit = vi.fn();
    const app = start(fakeController(watchState(deployment())), { onExit });
    app.stdin.write('\u0003');
    await until(() => onExit.mock.calls.length === 1, 'onExit');
  });
});

describe('state', () => {
  test('a new state from the controller is drawn; the same state again draws nothing', async () => {
    const c = fakeController(watchState(undefined));
    const app = start(c);
    await until(() => app.frame().startsWith('connecting to llama-chat'), 'connecting');
    c.set(watchState(deployment()));
    await until(() => app.frame().includes('● Ready'), 'the deployment');
    const frames = app.frames.length;
    c.set(c.getState());
    await new Promise((resolve) => setImmediate(resolve));
    expect(app.frames.length).toBe(frames);
  });

  test('the frame fits the terminal and follows a resize', async () => {
    const c = fakeController(watchState(manyReplicas(30)));
    const app = start(c);
    await until(() => linesOf(app.frame()).length === 24, '80x24');
    Object.defineProperty(app.stdout, 'columns', { value: 120, configurable: true });
    Object.defineProperty(app.stdout, 'rows', { value: 40, configurable: true });
    app.stdout.emit('resize');
    await until(() => linesOf(app.frame()).length === 40, '120x40');
    expect(Math.max(...linesOf(app.frame()).map((l) => l.length))).toBeLessThanOrEqual(120);
  });
});

describe('the clock', () => {
  test('with nothing time-like on screen it never ticks', async () => {
    vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'Date'] });
    const app = start(fakeController(watchState(undefined)), { now: () => Date.now() });
    await until(() => app.frame().startsWith('connecting') && app.sized(), 'first frame at 80x24');
    const frames = app.frames.length;
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(3_600_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(app.frames.length).toBe(frames);
  });

  test('it sleeps until data turns stale, then the stale age ticks', async () => {
    vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'Date'] });
    // Fetched 1s before T0 with a 2s interval: stale after T0 + 4s. The other ages on screen are hours old.
    const app = start(fakeController(watchState(deployment())), { now: () => Date.now() });
    const footer = () => linesOf(app.frame()).at(-1) ?? '';
    await until(() => app.sized() && vi.getTimerCount() === 1, 'the first frame at 80x24 and one timer');
    const frames = app.frames.length;
    vi.advanceTimersByTime(3_900);
    await new Promise((resolve) => setImmediate(resolve));
    expect(app.frames.length).toBe(frames);
    expect(footer()).not.toContain('stale');
    vi.advanceTimersByTime(200);
    await until(() => footer().includes('stale 5s'), 'stale 5s');
    await until(() => vi.getTimerCount() === 1, 'the next tick to be scheduled');
    vi.advanceTimersByTime(1_000);
    await until(() => footer().includes('stale 6s'), 'stale 6s');
  });
});

describe('the logs pane', () => {
  /** A real follower whose server answers with two lines naming the replica asked for. */
  function follower() {
    const asked: string[] = [];
    const logs = new LogsWatch({
      intervalMs: 60_000,
      fetch: async (name) => {
        asked.push(name);
        return [`${name} starting`, `torch.OutOfMemoryError: CUDA out of memory (${name})`];
      },
    });
    return { logs, asked };
  }
  const title = (frame: string) => linesOf(frame).find((l) => l.startsWith('── logs ')) ?? '';

  test('l opens on the failing replica, ← → move between replicas, Esc and l close it', async () => {
    const c = fakeController(watchState(failedDeployment()));
    const { logs, asked } = follower();
    const app = start(c, { logs });
    await until(() => app.frame().includes('REPLICA'), 'the table');
    app.stdin.write('l');
    await until(() => app.frame().includes('OutOfMemoryError: CUDA out of memory (llama-chat-rev-2-a)'), 'the failing replica\'s logs');
    expect(title(app.frame())).toMatch(/^── logs llama-chat-rev-2-a \(1\/3\) ─+ following {2}fetched \d\d:\d\d:\d\d ──$/);
    expect(app.frame()).not.toContain('REPLICA');
    expect(asked).toEqual(['llama-chat-rev-2-a']);

    app.stdin.write('\x1b[C'); // →
    await until(() => title(app.frame()).includes('(2/3)'), 'the next replica');
    expect(title(app.frame())).toContain('llama-chat-rev-1-b');
    app.stdin.write('\x1b[D'); // ←
    await until(() => title(app.frame()).includes('(1/3)'), 'back');
    app.stdin.write('\x1b[D'); // ← wraps around
    await until(() => title(app.frame()).includes('(3/3)'), 'the last replica');

    app.stdin.write('\x1b'); // Esc: Ink waits a moment for the rest of a possible escape sequence
    await untilTimed(() => app.frame().includes('REPLICA'), 'the table again');
    expect(logs.getState().replica).toBeUndefined();
    app.stdin.write('l');
    await until(() => title(app.frame()).includes('(1/3)'), 'opened again');
    app.stdin.write('l');
    await until(() => app.frame().includes('REPLICA'), 'closed by l');
  });

  test('l opens the replica under the cursor, not the first row; the footer says how to go back', async () => {
    const c = fakeController(watchState(failedDeployment()));
    const { logs, asked } = follower();
    const app = start(c, { logs });
    await until(() => app.frame().includes('REPLICA'), 'the table');
    app.stdin.write('j');
    app.stdin.write('j');
    app.stdin.write('l');
    await until(() => title(app.frame()).includes('llama-chat-rev-1-c'), 'the selected replica\'s logs');
    expect(asked).toEqual(['llama-chat-rev-1-c']);
    expect(linesOf(app.frame()).at(-1)).toMatch(/^←→ replica {2}\/ search {2}f pause {2}s save {2}Esc back/);
  });

  test('↑ and ↓ scroll the logs back and forth; another replica starts from the newest again', async () => {
    const many = Array.from({ length: 60 }, (_, i) => `line ${i}`);
    const logs = new LogsWatch({ intervalMs: 60_000, fetch: async () => [...many] });
    const c = fakeController(watchState(failedDeployment()));
    const app = start(c, { logs });
    await until(() => app.frame().includes('REPLICA'), 'the table');
    app.stdin.write('l');
    const lastLogLine = () => linesOf(app.frame()).at(-2);
    await until(() => lastLogLine() === 'line 59', 'the newest line at the bottom');
    app.stdin.write('\x1b[A'); // ↑
    app.stdin.write('k');
    await until(() => lastLogLine() === 'line 57', 'two lines back');
    expect(title(app.frame())).toContain('2 back');
    app.stdin.write('\x1b[B'); // ↓
    await until(() => lastLogLine() === 'line 58', 'one line forward');
    many.push('line 60', 'line 61', 'line 62'); // new lines arrive: the view holds still
    app.stdin.write('r');
    await until(() => title(app.frame()).includes('4 back'), 'the new lines counted');
    expect(lastLogLine()).toBe('line 58');
    app.stdin.write('\x1b[C'); // → another replica: following again
    await until(() => title(app.frame()).includes('(2/3)') && lastLogLine() === 'line 62', 'the next replica, newest line');
    expect(title(app.frame())).not.toContain('back');
  });

  test('r fetches the logs now too, and p pauses them with the watch', async () => {
    const c = fakeController(watchState(failedDeployment()));
    const { logs, asked } = follower();
    const app = start(c, { logs });
    await until(() => app.frame().includes('REPLICA'), 'the table');
    app.stdin.write('l');
    await until(() => asked.length === 1, 'the first fetch');
    app.stdin.write('r');
    await until(() => asked.length === 2 && c.polls === 1, 'r: logs and deployment fetched again');
    app.stdin.write('p');
    await until(() => c.isPaused(), 'paused');
    app.stdin.write('\x1b[C'); // another replica while paused: nothing is fetched
    await until(() => title(app.frame()).includes('(2/3)'), 'the next replica');
    expect(asked).toHaveLength(2);
    expect(app.frame()).toContain('paused: no logs fetched yet');
  });

  test('keys arriving together (a slow link) are taken one at a time', async () => {
    const c = fakeController(watchState(failedDeployment()));
    const { logs } = follower();
    const app = start(c, { logs });
    await until(() => app.frame().includes('REPLICA'), 'the table');
    app.stdin.write('pl');
    await until(() => c.isPaused() && title(app.frame()).includes('(1/3)'), 'paused, and the logs pane open');
  });

  test('without a logs follower l does nothing', async () => {
    const c = fakeController(watchState(failedDeployment()));
    const app = start(c);
    await until(() => app.frame().includes('REPLICA'), 'the table');
    app.stdin.write('l');
    app.stdin.write('r');
    await until(() => c.polls === 1, 'the next key handled');
    expect(app.frame()).toContain('REPLICA');
  });
});

describe('the logs pane: search, wrap, follow, save', () => {
  /** A follower whose server answers with `lines` as they are when asked. */
  const serving = (lines: string[]) => new LogsWatch({ intervalMs: 60_000, fetch: async () => [...lines] });
  /** 60 lines; 5, 25 and 45 say OutOfMemory. */
  const sixty = () => Array.from({ length: 60 }, (_, i) => (i % 20 === 5 ? `step ${i} OutOfMemory` : `step ${i} ok`));
  const title = (frame: string) => linesOf(frame).find((l) => l.startsWith('── logs ')) ?? '';

  async function opened(lines: string[], opts: { saveLogs?: LogSaver; state?: Parameters<typeof fakeController>[0] } = {}) {
    const c = fakeController(opts.state ?? watchState(failedDeployment()));
    const app = start(c, { logs: serving(lines), ...(opts.saveLogs ? { saveLogs: opts.saveLogs } : {}) });
    await until(() => app.frame().includes('REPLICA'), 'the table');
    app.stdin.write('l');
    await until(() => title(app.frame()) !== '' && !app.frame().includes('fetching logs'), 'the logs pane');
    /** The row above the footer: the search and the save's note, or the newest line shown. */
    const last = () => linesOf(app.frame()).at(-2) ?? '';
    return { app, c, last, title: () => title(app.frame()) };
  }

  test('/ searches as you type, the count under the lines, matches bracketed without colour; n N go between them; Esc clears, Esc again closes', async () => {
    const { app, last, title: rule } = await opened(sixty());
    app.stdin.write('/');
    app.stdin.write('memory');
    await until(() => last() === '/memory_  3/3 matches', 'the search typed, on the newest match');
    expect(app.frame()).toContain('step 45 OutOf[Memory]');
    expect(linesOf(app.frame()).at(-1)).toMatch(/^enter keep search {2}esc clear/);
    app.stdin.write('\r');
    await until(() => last() === '/memory  3/3 matches', 'Enter keeps it');
    expect(linesOf(app.frame()).at(-1)).toMatch(/^←→ replica {2}n N next\/prev/);
    app.stdin.write('N');
    await until(() => last() === '/memory  2/3 matches' && app.frame().includes('step 25 OutOf[Memory]'), 'N: the previous match, scrolled to');
    expect(rule()).toContain('paused');
    app.stdin.write('N');
    await until(() => last() === '/memory  1/3 matches' && app.frame().includes('step 5 OutOf[Memory]'), 'the first match');
    app.stdin.write('N');
    await until(() => last() === '/memory  3/3 matches', 'round to the last');
    app.stdin.write('n');
    await until(() => last() === '/memory  1/3 matches', 'n: round to the first');
    app.stdin.write('\x1b');
    await untilTimed(() => !last().startsWith('/') && !app.frame().includes('['), 'Esc clears the search');
    expect(app.frame()).not.toContain('REPLICA');
    app.stdin.write('\x1b');
    await untilTimed(() => app.frame().includes('REPLICA'), 'Esc again closes the pane');
  });

  test('w wraps a long line onto the rows below and back', async () => {
    const { app } = await opened(['x'.repeat(150)]);
    const xs = () => linesOf(app.frame()).filter((l) => /^(x|↪ x)/.test(l));
    expect(xs()).toEqual([`${'x'.repeat(79)}…`]);
    app.stdin.write('w');
    await until(() => xs().length === 2, 'wrapped');
    expect(xs()).toEqual(['x'.repeat(80), `↪ ${'x'.repeat(70)}`]);
    app.stdin.write('w');
    await until(() => xs().length === 1, 'cut again');
  });

  test('f pauses: new lines are counted, not shown; G follows again; g goes to the oldest, after the dropped count', async () => {
    const lines = sixty();
    const { app, last, title: rule } = await opened(lines);
    expect(rule()).toContain('following');
    app.stdin.write('f');
    await until(() => rule().includes('paused'), 'paused');
    lines.push('step 60 ok', 'step 61 ok', 'step 62 ok');
    app.stdin.write('r');
    await until(() => rule().includes('paused · ↑ 3 back · 3 new'), 'the new lines counted');
    expect(last()).toBe('step 59 ok');
    app.stdin.write('G');
    await until(() => last() === 'step 62 ok' && rule().includes('following'), 'G: following the newest');
    app.stdin.write('g');
    await until(() => linesOf(app.frame()).some((l) => l === 'step 0 ok'), 'g: the oldest');

    const many = Array.from({ length: MAX_LOG_LINES }, (_, i) => `line ${i}`);
    const full = await opened(many);
    many.push('line 10000', 'line 10001', 'line 10002', 'line 10003', 'line 10004');
    full.app.stdin.write('r');
    await until(() => full.last() === 'line 10004', 'five more: five older ones let go');
    full.app.stdin.write('g');
    await until(() => linesOf(full.app.frame()).some((l) => l === '… 5 older lines dropped'), 'the dropped count above the oldest line');
    const rows = linesOf(full.app.frame());
    expect(rows[rows.indexOf('… 5 older lines dropped') + 1]).toBe('line 5');
  });

  test('s saves what the pane holds and says where; a failure is one line; the note goes with the next key', async () => {
    const asked: LogSaveRequest[] = [];
    let answer: Awaited<ReturnType<LogSaver>> = { ok: true, path: '/work/here/x.log', shown: './x.log', lines: 60 };
    const saveLogs: LogSaver = async (request) => {
      asked.push(request);
      return answer;
    };
    const lines = sixty();
    const { app, last } = await opened(lines, { saveLogs });
    app.stdin.write('s');
    await until(() => last() === 'saved 60 lines → ./x.log', 'where it went');
    expect(asked).toEqual([{ deployment: 'llama-chat', replica: 'llama-chat-rev-2-a', lines, dropped: 0, at: T0 }]);
    app.stdin.write('w');
    await until(() => last() !== 'saved 60 lines → ./x.log', 'the note gone');
    answer = { ok: false, message: 'EACCES: permission denied here, ENOSPC: no space left on device in /tmp' };
    app.stdin.write('s');
    await until(() => linesOf(app.frame()).slice(-3, -1).join('') === 'cannot save the logs: EACCES: permission denied here, ENOSPC: no space left on device in /tmp', 'why not');
  });

  test('s with no lines yet saves nothing and says so', async () => {
    const asked: LogSaveRequest[] = [];
    const { app } = await opened([], { saveLogs: async (request) => { asked.push(request); return { ok: true, path: '/x', shown: './x', lines: 0 }; } });
    app.stdin.write('s');
    await until(() => app.frame().includes('no log lines to save yet'), 'said');
    expect(asked).toEqual([]);
  });

  test('← → go through the replicas in the table\'s order, crash-remembered ones first', async () => {
    // rev-2-a crash-loops and is now Running (not ready): remembered as failing, it sorts by name
    // with rev-2-z, which is failing now; the health of this poll alone would put rev-2-z first.
    const z = replica({ revision_id: 'rev-2', replica_status: 'Waiting', replica_status_reason: 'CrashLoopBackOff', replica_ready_since: undefined });
    const state = crashLoopSteps().reduce((s, [at, d]) => reduce(s, { ok: true, data: { ...d, replica_events: { ...d.replica_events, 'llama-chat-rev-2-z': z } }, at, latencyMs: 5 }), initialState());
    const { app, title: rule } = await opened(['a line'], { state });
    expect(rule()).toMatch(/logs llama-chat-rev-2-a \(1\/\d\)/);
    app.stdin.write('\x1b[C'); // →
    await until(() => /logs llama-chat-rev-2-z \(2\/\d\)/.test(rule()), 'the next in the table');
  });
});

describe('the timeline pane', () => {
  /** 40 events a second apart, the newest last; every tenth a failure of replica r-9, and 1,234 dropped before them. */
  function busy() {
    const timeline = Array.from({ length: 40 }, (_, i) => event(40 - i, i % 10 === 9 ? `CrashLoopBackOff ${i}` : `ready change ${i}`, i % 10 === 9 ? 'error' : 'info', i % 10 === 9 ? 'r-9' : undefined));
    return fakeController(watchState(deployment(), { timeline, timelineDropped: 1_234 }));
  }
  const rule = (frame: string) => linesOf(frame).find((l) => l.startsWith('── timeline ')) ?? '';
  /** The events shown, newest first, without their clock times. */
  const shown = (frame: string) => linesOf(frame).filter((l) => /^\d\d:\d\d:\d\d /.test(l)).map((l) => l.slice(9));

  test('t opens it full height in place of the table and the recent changes, newest first; t closes it', async () => {
    const app = start(busy());
    await until(() => app.frame().includes('REPLICA') && app.frame().includes('recent changes'), 'the watch');
    expect(linesOf(app.frame()).at(-1)).toMatch(/t timeline/);
    app.stdin.write('t');
    await until(() => rule(app.frame()) !== '', 'the timeline pane');
    expect(app.frame()).not.toContain('REPLICA');
    expect(app.frame()).not.toContain('recent changes');
    expect(rule(app.frame())).toMatch(/^── timeline 40 events ─+ ↓ \d+ older {2}\/ filter ──$/);
    expect(shown(app.frame()).slice(0, 2)).toEqual(['✖ FAIL r-9 CrashLoopBackOff 39', '• info ready change 38']);
    expect(linesOf(app.frame()).at(-1)).toMatch(/^\/ filter {2}.*t close/);
    app.stdin.write('t');
    await until(() => app.frame().includes('REPLICA'), 'the table again');
    expect(rule(app.frame())).toBe('');
  });

  test('↓ j PgDn go back in time, ↑ k PgUp forward, G to the oldest and the dropped count, g to the newest', async () => {
    const app = start(busy());
    await until(() => app.frame().includes('REPLICA'), 'the watch');
    app.stdin.write('t');
    await until(() => rule(app.frame()) !== '', 'the timeline pane');
    app.stdin.write('j');
    await until(() => rule(app.frame()).includes('↑ 1 newer'), 'one down');
    app.stdin.write('\x1b[B');
    await until(() => rule(app.frame()).includes('↑ 2 newer'), 'down arrow');
    app.stdin.write('\x1b[6~'); // PgDn
    await until(() => rule(app.frame()).includes('↑ 12 newer'), 'a page down');
    app.stdin.write('k');
    await until(() => rule(app.frame()).includes('↑ 11 newer'), 'one up');
    app.stdin.write('\x1b[5~'); // PgUp
    await until(() => rule(app.frame()).includes('↑ 1 newer'), 'a page up');
    app.stdin.write('\x1b[A');
    await until(() => !rule(app.frame()).includes('newer'), 'the top');
    app.stdin.write('G');
    await until(() => !rule(app.frame()).includes('older'), 'the bottom');
    expect(linesOf(app.frame()).filter((l) => l.trim() !== '').at(-2)).toBe('… 1,234 older events dropped');
    expect(shown(app.frame()).at(-1)).toBe('• info ready change 0');
    app.stdin.write('k'); // from the bottom, one up: G does not leave the offset past the end
    await until(() => rule(app.frame()).includes('↓ 1 older'), 'one up from the bottom');
    app.stdin.write('g');
    await until(() => !rule(app.frame()).includes('newer'), 'the newest again');
  });

  test('scrolled back, the view stays on its events while newer ones arrive', async () => {
    const c = busy();
    const app = start(c);
    await until(() => app.frame().includes('REPLICA'), 'the watch');
    app.stdin.write('tjj');
    await until(() => rule(app.frame()).includes('↑ 2 newer'), 'two down');
    const before = shown(app.frame());
    expect(before[0]).toBe('• info ready change 37');
    const s = c.getState();
    c.set({ ...s, timeline: [...s.timeline, event(0, 'status Updating → Ready', 'ok'), event(0, 'ready 2/3 → 3/3', 'ok')] });
    await until(() => rule(app.frame()).includes('42 events'), 'two more events');
    expect(rule(app.frame())).toContain('↑ 4 newer');
    expect(shown(app.frame())).toEqual(before);
    app.stdin.write('k');
    await until(() => rule(app.frame()).includes('↑ 3 newer'), 'one up from where it was drawn');
    expect(shown(app.frame())[0]).toBe('• info ready change 38');
  });

  test('/ filters live as you type, shown in the rule with the match count; Esc clears it, Esc again closes', async () => {
    const app = start(busy());
    await until(() => app.frame().includes('REPLICA'), 'the watch');
    app.stdin.write('t');
    await until(() => rule(app.frame()) !== '', 'the timeline pane');
    app.stdin.write('/');
    await until(() => rule(app.frame()).includes('/_ 40 matches'), 'the filter prompt');
    expect(linesOf(app.frame()).at(-1)).toMatch(/^enter keep filter {2}esc clear/);
    // Typed keys go to the filter, even those bound elsewhere (t, q, j): one key at a time, and bunched.
    app.stdin.write('c');
    await until(() => rule(app.frame()).includes('/c_ 40 matches'), 'one letter (every event has a c)');
    app.stdin.write('rash');
    await until(() => rule(app.frame()).includes('/crash_ 4 matches'), 'a word');
    expect(shown(app.frame())).toEqual(['✖ FAIL r-9 CrashLoopBackOff 39', '✖ FAIL r-9 CrashLoopBackOff 29', '✖ FAIL r-9 CrashLoopBackOff 19', '✖ FAIL r-9 CrashLoopBackOff 9']);
    app.stdin.write('\x7f'.repeat(5)); // Backspace
    await until(() => rule(app.frame()).includes('/_ 40 matches'), 'the filter taken back');
    app.stdin.write('off 1');
    await until(() => rule(app.frame()).includes('/off 1_ 1 match'), 'narrowed to one');
    app.stdin.write('\x7f');
    await until(() => rule(app.frame()).includes('/off _ 4 matches'), 'one letter taken back');
    app.stdin.write('\r');
    await until(() => rule(app.frame()).includes('/off  4 matches'), 'the filter kept, typing done');
    app.stdin.write('\x1b');
    await untilTimed(() => rule(app.frame()).includes('/ filter') && shown(app.frame()).length > 4, 'the filter cleared');
    app.stdin.write('\x1b');
    await untilTimed(() => app.frame().includes('REPLICA'), 'the pane closed');
  });

  test('Esc while typing clears the filter and keeps the pane; q then quits', async () => {
    const onExit = vi.fn();
    const app = start(busy(), { onExit });
    await until(() => app.frame().includes('REPLICA'), 'the watch');
    app.stdin.write('t/rq');
    await until(() => rule(app.frame()).includes('/rq_ 0 matches'), 'q typed into the filter');
    expect(onExit).not.toHaveBeenCalled();
    expect(app.frame()).toContain('no event contains "rq"');
    app.stdin.write('\x1b');
    await untilTimed(() => rule(app.frame()).includes('/ filter'), 'the filter cleared');
    expect(app.frame()).not.toContain('REPLICA');
    app.stdin.write('q');
    await until(() => onExit.mock.calls.length === 1, 'quit');
  });
});
