import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import { GAP_LINE } from '../../src/watch/log-merge.js';
import { droppedLines, LogsWatch, MAX_LOG_LINES } from '../../src/watch/logs.js';
import { useFakeClock } from '../helpers/clock.js';
import { T0 } from '../helpers/fixtures.js';

const INTERVAL = 2_000;

useFakeClock();

/** A follower whose server answers from `logs` (per replica) and records every request. */
function follower(logs: Record<string, string[] | Error>) {
  const asked: string[] = [];
  const aborted: string[] = [];
  const watch = new LogsWatch({
    intervalMs: INTERVAL,
    random: () => 0.5,
    fetch: async (replica, signal) => {
      asked.push(replica);
      signal.addEventListener('abort', () => aborted.push(replica));
      const answer = logs[replica];
      if (answer instanceof Error) throw answer;
      return answer ?? [];
    },
  });
  return { watch, asked, aborted };
}

describe('LogsWatch', () => {
  it('is closed until opened, then follows the replica every interval', async () => {
    const { watch, asked } = follower({ a: ['one', 'two'] });
    expect(watch.getState()).toEqual({ lines: [], seen: 0 });
    watch.open('a');
    expect(watch.getState().replica).toBe('a');
    await vi.advanceTimersByTimeAsync(0);
    expect(watch.getState()).toMatchObject({ replica: 'a', lines: ['one', 'two'], fetchedAt: T0 });
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(asked).toEqual(['a', 'a']);
    watch.close();
  });

  it('moving to another replica stops the first and starts over with no lines', async () => {
    const { watch, asked } = follower({ a: ['from a'], b: ['from b'] });
    watch.open('a');
    await vi.advanceTimersByTimeAsync(0);
    watch.open('b');
    expect(watch.getState()).toEqual({ replica: 'b', lines: [], seen: 0 });
    await vi.advanceTimersByTimeAsync(INTERVAL * 3);
    expect(watch.getState().lines).toEqual(['from b']);
    expect(asked.filter((r) => r === 'a')).toHaveLength(1);
    watch.close();
  });

  it('closing aborts the request in flight and polls no more', async () => {
    let release: () => void = () => undefined;
    const asked: string[] = [];
    const watch = new LogsWatch({
      intervalMs: INTERVAL,
      fetch: (replica, signal) => {
        asked.push(replica);
        return new Promise((resolve, reject) => {
          release = () => resolve(['late']);
          signal.addEventListener('abort', () => reject(new Error('aborted')));
        });
      },
    });
    const seen: unknown[] = [];
    watch.subscribe(() => seen.push(watch.getState()));
    watch.open('a');
    watch.close();
    release();
    await vi.advanceTimersByTimeAsync(INTERVAL * 5);
    expect(asked).toEqual(['a']);
    expect(watch.getState()).toEqual({ lines: [], seen: 0 });
    expect(seen.at(-1)).toEqual({ lines: [], seen: 0 });
  });

  it('keeps the lines through a failed request, with the error, until the next good one', async () => {
    const logs: Record<string, string[] | Error> = { a: ['kept'] };
    const { watch } = follower(logs);
    watch.open('a');
    await vi.advanceTimersByTimeAsync(0);
    logs.a = new ApiError('server', 'server error (500)', { status: 500 });
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(watch.getState()).toMatchObject({ lines: ['kept'], error: { kind: 'server' } });
    logs.a = ['kept', 'new'];
    await vi.advanceTimersByTimeAsync(INTERVAL * 4);
    expect(watch.getState().lines).toEqual(['kept', 'new']);
    expect(watch.getState().error).toBeUndefined();
    watch.close();
  });

  it('keeps only the newest lines, counting those let go, and the same array while nothing changed', async () => {
    const many = Array.from({ length: MAX_LOG_LINES + 50 }, (_, i) => `line ${i}`);
    const logs: Record<string, string[]> = { a: many };
    const { watch } = follower(logs);
    watch.open('a');
    await vi.advanceTimersByTimeAsync(0);
    const first = watch.getState().lines;
    expect(first).toHaveLength(MAX_LOG_LINES);
    expect(first.at(-1)).toBe(`line ${MAX_LOG_LINES + 49}`);
    expect(watch.getState()).toMatchObject({ seen: MAX_LOG_LINES });
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(watch.getState().lines).toBe(first);
    expect(watch.getState().fetchedAt).toBe(T0 + INTERVAL);
    logs.a = [...many.slice(-100), 'newer 1', 'newer 2'];
    await vi.advanceTimersByTimeAsync(INTERVAL);
    const { lines, seen } = watch.getState();
    expect(lines).toHaveLength(MAX_LOG_LINES);
    expect(lines.slice(-3)).toEqual([`line ${MAX_LOG_LINES + 49}`, 'newer 1', 'newer 2']);
    // Line numbers hold: lines[i] is line `seen - lines.length + i`, the first kept is line `dropped`.
    expect({ seen, dropped: droppedLines(watch.getState()) }).toEqual({ seen: MAX_LOG_LINES + 2, dropped: 2 });
    watch.close();
  });

  it('pauses with the watch: no requests while paused, even for a replica opened then; r still fetches once', async () => {
    const { watch, asked } = follower({ a: ['a'], b: ['b'] });
    watch.open('a');
    await vi.advanceTimersByTimeAsync(0);
    watch.setPaused(true);
    await vi.advanceTimersByTimeAsync(INTERVAL * 5);
    expect(asked).toEqual(['a']);
    watch.open('b');
    await vi.advanceTimersByTimeAsync(INTERVAL * 5);
    expect(asked).toEqual(['a']);
    watch.pollNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(asked).toEqual(['a', 'b']);
    expect(watch.getState().lines).toEqual(['b']);
    watch.setPaused(false);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(asked).toEqual(['a', 'b', 'b']);
    watch.close();
  });

  it('keeps every line once as the window of newest lines slides, repeated identical lines included', async () => {
    const logs: Record<string, string[]> = { a: ['1', '2', '3'] };
    const { watch } = follower(logs);
    watch.open('a');
    await vi.advanceTimersByTimeAsync(0);
    expect(watch.getState().seen).toBe(3);
    logs.a = ['2', '3', '3', '4']; // the server's window moved on by two, one of them a repeat
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(watch.getState()).toMatchObject({ lines: ['1', '2', '3', '3', '4'], seen: 5 });
    logs.a = [];
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(watch.getState()).toMatchObject({ lines: ['1', '2', '3', '3', '4'], seen: 5 });
    watch.close();
  });

  it('marks a gap when an answer no longer overlaps the lines held, and numbers the mark as a line', async () => {
    const logs: Record<string, string[]> = { a: ['1', '2'] };
    const { watch } = follower(logs);
    watch.open('a');
    await vi.advanceTimersByTimeAsync(0);
    logs.a = ['7', '8']; // polled too slowly: lines 3 to 6 were never seen
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(watch.getState()).toMatchObject({ lines: ['1', '2', GAP_LINE, '7', '8'], seen: 5 });
    expect(droppedLines(watch.getState())).toBe(0);
    watch.close();
  });
});
