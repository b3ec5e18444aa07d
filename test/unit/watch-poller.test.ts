import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import { backoffDelay, classifyError, MAX_RETRY_AFTER_MS, Poller, type PollerOptions } from '../../src/watch/poller.js';
import type { Snapshot } from '../../src/watch/types.js';
import { T0 } from '../helpers/fixtures.js';

const INTERVAL = 2_000;

interface Call {
  signal: AbortSignal;
  resolve: (value: number) => void;
  reject: (error: unknown) => void;
}

/** A poller whose requests stay pending until the test settles them. */
function manual(options: Partial<PollerOptions<number>> = {}) {
  const calls: Call[] = [];
  const snapshots: Snapshot<number>[] = [];
  const poller = new Poller<number>({
    fetch: (signal) => new Promise<number>((resolve, reject) => calls.push({ signal, resolve, reject })),
    intervalMs: INTERVAL,
    random: () => 0.5,
    onSnapshot: (s) => snapshots.push(s),
    ...options,
  });
  return { poller, calls, snapshots };
}

/** A poller whose requests settle at once with what `respond` says. */
function scripted(respond: (n: number) => Promise<number>, options: Partial<PollerOptions<number>> = {}) {
  let n = 0;
  const callTimes: number[] = [];
  const snapshots: Snapshot<number>[] = [];
  const poller = new Poller<number>({
    fetch: () => {
      callTimes.push(Date.now());
      return respond(n++);
    },
    intervalMs: INTERVAL,
    random: () => 0.5,
    onSnapshot: (s) => snapshots.push(s),
    ...options,
  });
  return { poller, callTimes, snapshots };
}

const down = () => Promise.reject(new ApiError('server', 'HTTP 503 from the server', { status: 503 }));

function lastError(snapshots: Snapshot<number>[]) {
  const s = snapshots.at(-1);
  if (!s || s.ok) throw new Error(`expected a failed snapshot, got ${JSON.stringify(s)}`);
  return s;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Poller', () => {
  it('keeps one request in flight: pollNow during a poll does not start another', async () => {
    const { poller, calls, snapshots } = manual();
    poller.start();
    expect(calls).toHaveLength(1);
    expect(poller.inFlight).toBe(true);
    poller.pollNow();
    poller.pollNow();
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(calls).toHaveLength(1);
    calls[0]!.resolve(7);
    await vi.advanceTimersByTimeAsync(0);
    expect(snapshots).toHaveLength(1);
    expect(poller.inFlight).toBe(false);
  });

  it('schedules the next poll one interval after the previous one finished', async () => {
    const { poller, calls, snapshots } = manual();
    poller.start();
    await vi.advanceTimersByTimeAsync(700); // a slow request
    calls[0]!.resolve(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(snapshots[0]).toEqual({ ok: true, data: 1, at: T0 + 700, latencyMs: 700 });
    expect(poller.nextPollAt).toBe(T0 + 700 + INTERVAL);
    await vi.advanceTimersByTimeAsync(INTERVAL - 1);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(poller.nextPollAt).toBeUndefined();
  });

  it('pollNow polls at once between polls and restarts the interval from its completion', async () => {
    const { poller, callTimes } = scripted(async (n) => n);
    poller.start();
    await vi.advanceTimersByTimeAsync(500);
    poller.pollNow();
    expect(callTimes).toEqual([T0, T0 + 500]);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(callTimes).toEqual([T0, T0 + 500, T0 + 500 + INTERVAL]);
  });

  it('backs off exponentially with equal jitter and caps at 30 s', async () => {
    for (const [random, expected] of [
      [0, [2_000, 4_000, 8_000, 15_000, 15_000, 15_000]],
      [0.999_999, [4_000, 8_000, 16_000, 30_000, 30_000, 30_000]],
    ] as const) {
      vi.setSystemTime(T0);
      const { poller, callTimes, snapshots } = scripted(down, { random: () => random });
      poller.start();
      await vi.advanceTimersByTimeAsync(0);
      const gaps: number[] = [];
      for (let i = 0; i < expected.length; i++) {
        const s = lastError(snapshots);
        const wait = s.error.nextRetryAt! - s.at;
        gaps.push(wait);
        await vi.advanceTimersByTimeAsync(wait - 1);
        expect(callTimes).toHaveLength(i + 1);
        await vi.advanceTimersByTimeAsync(1);
        expect(callTimes).toHaveLength(i + 2);
      }
      poller.stop();
      expect(gaps).toEqual(expected);
    }
  });

  it('keeps every backoff delay within [max(interval, ceiling / 2), ceiling]', () => {
    for (let failures = 1; failures <= 12; failures++) {
      const ceiling = Math.min(30_000, INTERVAL * 2 ** failures);
      for (const random of [0, 0.25, 0.5, 0.75, 0.999_999]) {
        const delay = backoffDelay({ failures, intervalMs: INTERVAL, maxBackoffMs: 30_000, random });
        expect(delay).toBeGreaterThanOrEqual(Math.max(INTERVAL, ceiling / 2));
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('never waits less than the interval, even when the interval exceeds the backoff cap', () => {
    expect(backoffDelay({ failures: 5, intervalMs: 60_000, maxBackoffMs: 30_000, random: 0 })).toBe(60_000);
  });

  it('honours Retry-After when it asks for longer than the backoff', async () => {
    const rateLimited = () => Promise.reject(new ApiError('rate-limited', 'HTTP 429', { status: 429, retryAfterMs: 20_000 }));
    const { poller, callTimes, snapshots } = scripted(rateLimited);
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(lastError(snapshots).error).toEqual({ kind: 'rate-limited', message: 'HTTP 429', status: 429, nextRetryAt: T0 + 20_000 });
    await vi.advanceTimersByTimeAsync(19_999);
    expect(callTimes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(callTimes).toHaveLength(2);
  });

  it('caps an absurd Retry-After at five minutes', () => {
    const delay = backoffDelay({ failures: 1, intervalMs: INTERVAL, maxBackoffMs: 30_000, random: 0.5, retryAfterMs: 36_000_000 });
    expect(delay).toBe(MAX_RETRY_AFTER_MS);
  });

  it('returns to the normal interval after a success, and starts the next outage from the bottom', async () => {
    const { poller, callTimes, snapshots } = scripted((n) => (n < 3 || n === 4 ? down() : Promise.resolve(n)), { random: () => 0 });
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(2_000 + 4_000); // failures 1 and 2 back off 2 s, 4 s
    await vi.advanceTimersByTimeAsync(8_000); // failure 3 backs off 8 s; poll 4 succeeds
    expect(snapshots.at(-1)).toMatchObject({ ok: true, data: 3 });
    await vi.advanceTimersByTimeAsync(INTERVAL); // poll 5 fails: backoff restarts at 2 s
    expect(lastError(snapshots).error.nextRetryAt).toBe(Date.now() + 2_000);
    const gaps = callTimes.slice(1).map((t, i) => t - callTimes[i]!);
    expect(gaps).toEqual([2_000, 4_000, 8_000, INTERVAL]);
  });

  it('never gives up: polls again after 100 consecutive failures and recovers', async () => {
    let failing = true;
    const { poller, callTimes, snapshots } = scripted((n) => (failing ? down() : Promise.resolve(n)));
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 99; i++) await vi.advanceTimersByTimeAsync(lastError(snapshots).error.nextRetryAt! - Date.now());
    expect(callTimes).toHaveLength(100);
    expect(snapshots.every((s) => !s.ok)).toBe(true);
    const s = lastError(snapshots);
    expect(s.error.nextRetryAt! - s.at).toBeLessThanOrEqual(30_000);
    failing = false;
    await vi.advanceTimersByTimeAsync(s.error.nextRetryAt! - Date.now());
    expect(snapshots.at(-1)).toMatchObject({ ok: true, data: 100 });
  });

  it('classifies a rejection that is not an ApiError as a network error instead of crashing', async () => {
    const { poller, snapshots } = scripted((n) => {
      if (n === 0) return Promise.reject(new TypeError('fetch failed'));
      if (n === 1) throw new Error('thrown synchronously');
      return Promise.reject('a bare string');
    });
    poller.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(snapshots.slice(0, 3).map((s) => (s.ok ? s : { kind: s.error.kind, message: s.error.message }))).toEqual([
      { kind: 'network', message: 'fetch failed' },
      { kind: 'network', message: 'thrown synchronously' },
      { kind: 'network', message: 'a bare string' },
    ]);
  });

  it('classifies a TimeoutError as a timeout and keeps ApiError kinds', () => {
    expect(classifyError(new DOMException('The operation timed out.', 'TimeoutError')).kind).toBe('timeout');
    expect(classifyError(new ApiError('auth', 'the API key was rejected', { status: 401 }))).toEqual({ kind: 'auth', message: 'the API key was rejected', status: 401 });
  });

  it('stops polling while paused and resumes at once when a poll fell due', async () => {
    const { poller, callTimes } = scripted(async (n) => n);
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    poller.pause();
    expect(poller.paused).toBe(true);
    expect(poller.nextPollAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(callTimes).toHaveLength(1);
    poller.resume();
    expect(callTimes).toHaveLength(2);
    expect(poller.paused).toBe(false);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(callTimes).toHaveLength(3);
  });

  it('resuming before the next poll is due waits only for the rest of the interval', async () => {
    const { poller, callTimes } = scripted(async (n) => n);
    poller.start();
    await vi.advanceTimersByTimeAsync(500);
    poller.togglePause();
    await vi.advanceTimersByTimeAsync(500);
    poller.togglePause();
    expect(callTimes).toHaveLength(1);
    expect(poller.nextPollAt).toBe(T0 + INTERVAL);
    await vi.advanceTimersByTimeAsync(999);
    expect(callTimes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(callTimes).toHaveLength(2);
  });

  it('pollNow while paused polls once and stays paused', async () => {
    const { poller, callTimes, snapshots } = scripted(async (n) => n);
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    poller.pause();
    poller.pollNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(snapshots).toHaveLength(2);
    expect(poller.paused).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(callTimes).toHaveLength(2);
  });

  it('a poll in flight when paused completes but schedules nothing until resumed', async () => {
    const { poller, calls, snapshots } = manual();
    poller.start();
    poller.pause();
    calls[0]!.resolve(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(snapshots).toHaveLength(1);
    expect(calls).toHaveLength(1);
    poller.resume();
    expect(calls).toHaveLength(2);
  });

  it('stop aborts the request in flight and emits nothing afterwards', async () => {
    const { poller, calls, snapshots } = manual();
    poller.start();
    const { signal, reject } = calls[0]!;
    expect(signal.aborted).toBe(false);
    poller.stop();
    expect(signal.aborted).toBe(true);
    expect(poller.inFlight).toBe(false);
    reject(new DOMException('This operation was aborted', 'AbortError'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(snapshots).toEqual([]);
    expect(calls).toHaveLength(1);
    poller.pollNow();
    poller.start();
    expect(calls).toHaveLength(1);
  });

  it('stop between polls cancels the scheduled poll', async () => {
    const { poller, callTimes, snapshots } = scripted(async (n) => n);
    poller.start();
    await vi.advanceTimersByTimeAsync(0);
    poller.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(callTimes).toHaveLength(1);
    expect(snapshots).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a request that resolves after stop is ignored', async () => {
    const { poller, calls, snapshots } = manual();
    poller.start();
    poller.stop();
    calls[0]!.resolve(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(snapshots).toEqual([]);
  });
});
