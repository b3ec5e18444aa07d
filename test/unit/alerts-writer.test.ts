// The bytes --bell and --notify write, and when: exact sequences, tmux passthrough, hostile text.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseDeployment, type Deployment, type ReplicaEvent } from '../../src/api/schema.js';
import { addSecret, clearSecrets } from '../../src/redact.js';
import { alertBytes, tmuxPassthrough, watchAlerts } from '../../src/ui/alerts-writer.js';
import { initialState, reduce } from '../../src/watch/state.js';
import { TIMELINE_CAP } from '../../src/watch/history.js';
import { StateStore } from '../../src/watch/store.js';
import type { WatchController, WatchState } from '../../src/watch/types.js';
import { deployment, replica, T0 } from '../helpers/fixtures.js';

const ESC = '\x1b';
const BEL = '\x07';
const plain = { notify: false, tmux: false };
const notify = { notify: true, tmux: false };

afterEach(() => {
  clearSecrets();
  vi.useRealTimers();
});

describe('alertBytes', () => {
  it('is the bell alone without --notify', () => {
    expect(alertBytes({ at: T0, reasons: ['a: Error'] }, 'web', plain)).toBe(BEL);
  });

  it('adds OSC 777 and OSC 9 notifications with --notify', () => {
    expect(alertBytes({ at: T0, reasons: ['a: Error: CUDA out of memory'] }, 'web', notify)).toBe(
      `${BEL}${ESC}]777;notify;depwatch web;a: Error: CUDA out of memory${BEL}${ESC}]9;depwatch web: a: Error: CUDA out of memory${BEL}`,
    );
  });

  it('says how many more happened at once', () => {
    expect(alertBytes({ at: T0, reasons: ['deployment Failed', 'a: Error', 'b: Error'] }, 'web', notify)).toBe(
      `${BEL}${ESC}]777;notify;depwatch web;deployment Failed (+2 more)${BEL}${ESC}]9;depwatch web: deployment Failed (+2 more)${BEL}`,
    );
  });

  it('wraps the notifications (not the bell) for tmux passthrough, every ESC doubled', () => {
    expect(tmuxPassthrough(`${ESC}]9;hi${BEL}`)).toBe(`${ESC}Ptmux;${ESC}${ESC}]9;hi${BEL}${ESC}\\`);
    expect(alertBytes({ at: T0, reasons: ['x'] }, 'web', { notify: true, tmux: true })).toBe(
      `${BEL}${ESC}Ptmux;${ESC}${ESC}]777;notify;depwatch web;x${BEL}${ESC}\\${ESC}Ptmux;${ESC}${ESC}]9;depwatch web: x${BEL}${ESC}\\`,
    );
  });

  it('lets no server text end a sequence early, start one, or split the fields', () => {
    const hostile = `evil${ESC}]0;pwned${BEL}${ESC}\\\x9c a;b\nc \x9d\x90junk${ESC}[2J: Error`;
    const bytes = alertBytes({ at: T0, reasons: [hostile] }, `t;${BEL}`, notify);
    expect(bytes).toBe(`${BEL}${ESC}]777;notify;depwatch t,;evil a,b c : Error${BEL}${ESC}]9;depwatch t,: evil a,b c : Error${BEL}`);
    // In tmux too: only our own three bells and four escapes (each inner one doubled).
    const wrapped = alertBytes({ at: T0, reasons: [hostile] }, 'web', { notify: true, tmux: true });
    expect(wrapped.split(BEL)).toHaveLength(4);
    expect(wrapped.replaceAll(`${ESC}${ESC}`, '').split(ESC)).toHaveLength(5);
  });

  it('never shows the API key, whole or in pieces', () => {
    addSecret('tk-live-0123456789abcdef');
    const bytes = alertBytes({ at: T0, reasons: ['a: auth failed for tk-live-0123456789abcdef'] }, 'web', notify);
    expect(bytes).not.toContain('0123456789');
    expect(bytes).toContain('a: auth failed for ****');
  });
});

/** A watch whose states the test feeds, through the real reducer. */
class FakeWatch extends StateStore<WatchState> {
  constructor() {
    super(initialState());
  }
  poll(data: Deployment, at: number): void {
    this.set(reduce(this.state, { ok: true, data, at, latencyMs: 5 }));
  }
}

const crashed: Partial<ReplicaEvent> = { replica_status: 'Terminated', replica_status_reason: 'Error', replica_ready_since: undefined };
const running: Partial<ReplicaEvent> = { replica_status: 'Running', replica_ready_since: undefined };
const withA = (ev: Partial<ReplicaEvent>, b: Partial<ReplicaEvent> = running) => deployment({ replica_events: { a: replica(ev), b: replica(b) } });

describe('watchAlerts', () => {
  function start(options: { notify?: boolean; env?: NodeJS.ProcessEnv } = {}) {
    vi.useFakeTimers({ now: T0 });
    const fake = new FakeWatch();
    const written: string[] = [];
    const stop = watchAlerts(fake as unknown as WatchController, { bell: true, notify: options.notify ?? false, target: 'web', env: options.env ?? {}, write: (b) => written.push(b) });
    return { fake, written, stop };
  }

  it('rings for the first change after the first snapshot, and writes nothing else', () => {
    const { fake, written } = start();
    fake.poll(withA(running), Date.now());
    expect(written).toEqual([]);
    fake.poll(withA(crashed), Date.now());
    expect(written).toEqual([BEL]);
  });

  it('rings what the rate limit held back when the gap has passed, even with no poll after it', () => {
    const { fake, written } = start();
    fake.poll(withA(running), Date.now());
    fake.poll(withA(crashed), Date.now());
    vi.advanceTimersByTime(1_000);
    fake.poll(withA(crashed, crashed), Date.now());
    expect(written).toEqual([BEL]);
    vi.advanceTimersByTime(3_999);
    expect(written).toEqual([BEL]);
    vi.advanceTimersByTime(1);
    expect(written).toEqual([BEL, BEL]);
  });

  it('wraps notifications for tmux when $TMUX is set', () => {
    const { fake, written } = start({ notify: true, env: { TMUX: '/tmp/tmux-1000/default,123,0' } });
    fake.poll(withA(running), Date.now());
    fake.poll(withA(crashed), Date.now());
    expect(written.join('')).toContain(`${ESC}Ptmux;${ESC}${ESC}]9;depwatch web: a: Error${BEL}${ESC}\\`);
  });

  it('writes only its own sequences for a replica whose name and message carry escapes', () => {
    const { fake, written } = start({ notify: true });
    const name = `r${ESC}]777;notify;pwned;gotcha${BEL}\x9d0;title\x9c${ESC}[2J`;
    const body = (ev: object) => parseDeployment({ id: 'd', name: 'web', status: 'Updating', replica_events: { [name]: ev } });
    fake.poll(body({ replica_status: 'Running' }), Date.now());
    fake.poll(body({ replica_status: 'Terminated', replica_status_reason: 'Error', replica_status_message: `boom${BEL}${ESC}]9;injected${BEL}` }), Date.now());
    const bytes = written.join('');
    expect(bytes.startsWith(`${BEL}${ESC}]777;notify;depwatch web;r`)).toBe(true);
    expect(bytes.split(ESC)).toHaveLength(3);
    expect(bytes.split(BEL)).toHaveLength(4);
    expect(bytes).not.toMatch(/pwned|injected|\x9c|\x9d/);
  });

  it('rings for exactly what a poll added when it added more events than the timeline keeps', () => {
    const { fake, written } = start({ notify: true });
    // Replicas r0000… sort before x and y, so their events come first in a poll's diff.
    const fleet = (n: number, named: Record<string, Partial<ReplicaEvent>>) => deployment({
      replica_events: Object.fromEntries([
        ...Array.from({ length: n }, (_, i) => [`r${String(i).padStart(4, '0')}`, replica()] as const),
        ...Object.entries(named).map(([name, ev]) => [name, replica(ev)] as const),
      ]),
    });
    fake.poll(fleet(TIMELINE_CAP + 100, { x: running }), Date.now());
    vi.advanceTimersByTime(10_000);
    const second = Date.now();
    fake.poll(fleet(TIMELINE_CAP + 100, { x: crashed }), second);
    expect(written).toHaveLength(1);
    expect(written[0]).toContain('depwatch web;x: Error');
    vi.advanceTimersByTime(10_000);
    // Stamped as the last poll (a clock that did not move tells nothing new apart by time): every r replica goes (more "gone" lines than the cap keeps: x's crash is dropped) and y crashes.
    fake.poll(fleet(0, { x: crashed, y: crashed }), second);
    expect(fake.getState().timelineDropped).toBeGreaterThan(0);
    expect(written).toHaveLength(2);
    expect(written[1]).toContain('depwatch web;y: Error' + BEL);
  });

  it('stops ringing when stopped, held-back alerts included', () => {
    const { fake, written, stop } = start();
    fake.poll(withA(running), Date.now());
    fake.poll(withA(crashed), Date.now());
    fake.poll(withA(crashed, crashed), Date.now());
    stop();
    vi.advanceTimersByTime(10_000);
    fake.poll(withA(running, running), Date.now());
    fake.poll(withA(crashed, crashed), Date.now() + 60_000);
    expect(written).toEqual([BEL]);
  });
});
