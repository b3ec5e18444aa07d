import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import type { Deployment } from '../../src/api/schema.js';
import { WatchSession } from '../../src/watch/session.js';
import type { WatchState } from '../../src/watch/types.js';
import { deployment, failedDeployment, rollingDeployment, T0 } from '../helpers/fixtures.js';

const INTERVAL = 2_000;

/** A session plus every distinct state its subscriber was told about. */
function watch(fetch: (signal: AbortSignal) => Promise<Deployment>) {
  const session = new WatchSession({ fetch, intervalMs: INTERVAL, random: () => 0.5 });
  const seen: WatchState[] = [];
  const unsubscribe = session.subscribe(() => seen.push(session.getState()));
  return { session, seen, unsubscribe };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('WatchSession', () => {
  it('resolves firstResult with the first snapshot and notifies subscribers of the new state', async () => {
    const { session, seen } = watch(async () => deployment());
    session.start();
    const first = await session.firstResult();
    expect(first).toMatchObject({ ok: true, at: T0 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(session.getState());
    expect(session.getState().deployment?.name).toBe('llama-chat');
    session.stop();
  });

  it('resolves firstResult with the error when the first poll fails, so the CLI can exit early', async () => {
    const { session } = watch(() => Promise.reject(new ApiError('auth', 'the API key was rejected', { status: 401 })));
    session.start();
    const first = await session.firstResult();
    expect(first.ok).toBe(false);
    expect(!first.ok && first.error.kind).toBe('auth');
    session.stop();
  });

  it('rejects firstResult when stopped before any result', async () => {
    const { session } = watch(() => new Promise<Deployment>(() => undefined));
    session.start();
    session.stop();
    await expect(session.firstResult()).rejects.toThrow(/stopped/);
  });

  it('notifies once per poll and hands out a stable state object between notifications', async () => {
    let n = 0;
    const { session, seen } = watch(async () => (n++ < 2 ? deployment() : rollingDeployment()));
    session.start();
    await vi.advanceTimersByTimeAsync(2 * INTERVAL);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    expect(session.getState()).toBe(session.getState());
    // The second poll returned the same data: the deployment object is shared.
    expect(seen[1]!.deployment).toBe(seen[0]!.deployment);
    expect(seen[2]!.deployment).not.toBe(seen[1]!.deployment);
    expect(seen[2]!.timeline.map((e) => e.text)).toContain('status Ready → Updating');
    session.stop();
  });

  it('notifies on pause and resume, and polls nothing while paused', async () => {
    const fetch = vi.fn(async () => deployment());
    const { session, seen } = watch(fetch);
    session.start();
    await vi.advanceTimersByTimeAsync(0);
    session.togglePause();
    expect(session.isPaused()).toBe(true);
    expect(seen.at(-1)?.paused).toBe(true);
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(fetch).toHaveBeenCalledTimes(1);
    session.togglePause();
    expect(session.isPaused()).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(seen.map((s) => s.paused)).toEqual([false, true, false, false]);
    session.stop();
  });

  it('pollNow polls at once but never doubles a request in flight', async () => {
    const fetch = vi.fn(() => new Promise<Deployment>((resolve) => setTimeout(() => resolve(deployment()), 300)));
    const { session } = watch(fetch);
    session.start();
    session.pollNow();
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(300);
    session.pollNow();
    expect(fetch).toHaveBeenCalledTimes(2);
    session.stop();
  });

  it('stops notifying after unsubscribe and after stop', async () => {
    const { session, seen, unsubscribe } = watch(async () => deployment());
    const other: number[] = [];
    session.subscribe(() => other.push(session.getState().polls));
    session.start();
    await vi.advanceTimersByTimeAsync(0);
    unsubscribe();
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(seen).toHaveLength(1);
    expect(other).toEqual([1, 2]);
    session.stop();
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(other).toEqual([1, 2]);
  });

  it('exposes its interval and when the next poll is due', async () => {
    const { session } = watch(async () => deployment());
    expect(session.intervalMs).toBe(INTERVAL);
    session.start();
    expect(session.isPolling()).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(session.isPolling()).toBe(false);
    expect(session.nextPollAt()).toBe(T0 + INTERVAL);
    session.stop();
  });

  describe('why a replica fails, from its logs', () => {
    const TRACEBACK = [
      '2026-11-27T11:59:00.000Z INFO starting',
      '2026-11-27T11:59:01.000Z Traceback (most recent call last):',
      '2026-11-27T11:59:01.000Z   File "x.py", line 1, in <module>',
      '2026-11-27T11:59:01.000Z torch.OutOfMemoryError: CUDA out of memory',
      '2026-11-27T11:59:01.000Z ERROR worker exited with code 1',
    ];

    function crashing(message = 'back-off 40s restarting failed container') {
      const d = failedDeployment();
      const events = { ...d.replica_events! };
      events['llama-chat-rev-2-a'] = { ...events['llama-chat-rev-2-a']!, replica_status: 'Waiting', replica_status_reason: 'CrashLoopBackOff', replica_status_message: message };
      return { ...d, replica_events: events };
    }

    it('reads a failing replica\'s logs once when its cause is not known, and remembers the crash line', async () => {
      const logs = vi.fn(async (_replica: string, _signal: AbortSignal) => TRACEBACK);
      const session = new WatchSession({ fetch: async () => crashing(), logs, intervalMs: INTERVAL, random: () => 0.5 });
      session.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(session.getState().causes.get('llama-chat-rev-2-a')).toBe('log: torch.OutOfMemoryError: CUDA out of memory');
      await vi.advanceTimersByTimeAsync(5 * INTERVAL);
      expect(logs.mock.calls.map((c) => c[0])).toEqual(['llama-chat-rev-2-a']); // once, and only for the failing one
      expect(session.getState().causes.get('llama-chat-rev-2-a')).toBe('log: torch.OutOfMemoryError: CUDA out of memory');
      session.stop();
    });

    it('asks at most two at a time (the rest on later polls), and again after a replica recovered and failed anew', async () => {
      const many = crashing();
      const events = { ...many.replica_events! };
      for (const n of ['b', 'c', 'd']) events[`llama-chat-rev-2-${n}`] = { ...events['llama-chat-rev-2-a']! };
      let d: Deployment = { ...many, replica_events: events };
      const release: Array<() => void> = [];
      const asked: string[] = [];
      const logs = (replica: string) => new Promise<string[]>((resolve) => {
        asked.push(replica);
        release.push(() => resolve(['ValueError: bad config']));
      });
      const session = new WatchSession({ fetch: async () => d, logs, intervalMs: INTERVAL, random: () => 0.5 });
      session.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(asked).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(INTERVAL);
      expect(asked).toHaveLength(2); // both still out
      for (const r of release.splice(0)) r();
      await vi.advanceTimersByTimeAsync(INTERVAL);
      expect(asked).toHaveLength(4);
      for (const r of release.splice(0)) r();
      await vi.advanceTimersByTimeAsync(0);
      expect([...session.getState().causes.values()]).toEqual(Array(4).fill('log: ValueError: bad config'));
      // Between two crashes (Running, not ready) it is the same spell of failing: not asked again.
      const between = { ...events, 'llama-chat-rev-2-a': { ...events['llama-chat-rev-2-a']!, replica_status: 'Running', replica_status_reason: undefined, replica_status_message: undefined } };
      d = { ...many, replica_events: between };
      await vi.advanceTimersByTimeAsync(INTERVAL);
      d = { ...many, replica_events: events };
      await vi.advanceTimersByTimeAsync(INTERVAL);
      expect(asked.filter((r) => r === 'llama-chat-rev-2-a')).toHaveLength(1);
      // rev-2-a recovers (ready for the settle time), then fails again: its logs are read again.
      const healthy = { ...events, 'llama-chat-rev-2-a': { ...between['llama-chat-rev-2-a']!, replica_ready_since: new Date(Date.now()).toISOString() } };
      d = { ...many, replica_events: healthy };
      await vi.advanceTimersByTimeAsync(16 * INTERVAL);
      d = { ...many, replica_events: events };
      await vi.advanceTimersByTimeAsync(INTERVAL);
      expect(asked.filter((r) => r === 'llama-chat-rev-2-a')).toHaveLength(2);
      for (const r of release.splice(0)) r();
      session.stop();
    });

    it('leaves the cause to the API when it says one, and to nobody when the logs cannot be read', async () => {
      let d = crashing();
      const logs = vi.fn(async () => {
        throw new ApiError('server', 'server error (500)', { status: 500 });
      });
      const session = new WatchSession({ fetch: async () => d, logs, intervalMs: INTERVAL, random: () => 0.5 });
      session.start();
      await vi.advanceTimersByTimeAsync(0);
      expect(session.getState().causes).toEqual(new Map());
      // The next crash says why: Terminated/Error with a message.
      const events = { ...d.replica_events! };
      events['llama-chat-rev-2-a'] = { ...events['llama-chat-rev-2-a']!, replica_status: 'Terminated', replica_status_reason: 'Error', replica_status_message: 'CUDA out of memory (exit code 1)' };
      d = { ...d, replica_events: events };
      await vi.advanceTimersByTimeAsync(INTERVAL);
      expect(session.getState().causes.get('llama-chat-rev-2-a')).toBe('Error: CUDA out of memory (exit code 1)');
      expect(logs).toHaveBeenCalledTimes(1);
      session.stop();
    });
  });
});

