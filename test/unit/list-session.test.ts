import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import type { Deployment } from '../../src/api/schema.js';
import { ListSession } from '../../src/watch/list-session.js';
import { useFakeClock } from '../helpers/clock.js';
import { deployment, T0 } from '../helpers/fixtures.js';

const INTERVAL = 2_000;

useFakeClock();

describe('ListSession', () => {
  it('polls the list, keeps it through an error, and polls nothing while paused', async () => {
    let answer: Deployment[] | Error = [deployment()];
    const fetch = vi.fn(async () => {
      if (answer instanceof Error) throw answer;
      return answer;
    });
    const list = new ListSession({ fetch, intervalMs: INTERVAL, random: () => 0.5 });
    list.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(list.getState()).toMatchObject({ deployments: [{ name: 'llama-chat' }], fetchedAt: T0 });
    answer = new ApiError('server', 'server error (500)', { status: 500 });
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(list.getState()).toMatchObject({ deployments: [{ name: 'llama-chat' }], error: { kind: 'server' } });
    answer = [];
    await vi.advanceTimersByTimeAsync(4 * INTERVAL);
    expect(list.getState().error).toBeUndefined();
    expect(list.getState().deployments).toEqual([]);
    list.setPaused(true);
    const calls = fetch.mock.calls.length;
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(fetch).toHaveBeenCalledTimes(calls);
    list.setPaused(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(calls + 1);
    list.stop();
  });
});
