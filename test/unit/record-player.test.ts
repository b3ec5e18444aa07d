// The replay's player (fake timers) and what the recorder scrubs from a command line.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Player } from '../../src/record/player.js';
import { scrubArgs } from '../../src/record/scrub.js';
import type { Snapshot } from '../../src/watch/types.js';

const polls: Snapshot<number>[] = [0, 2000, 4000, 10_000].map((at, i) => ({ ok: true, data: i, at: 1_000_000 + at, latencyMs: 1 }));
const player = (speed = 1) => new Player<number, number[]>({ polls, initial: () => [], reduce: (s, snap) => [...s, snap.ok ? snap.data : -1], speed, wall: Date.now });

describe('Player', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('plays the polls at their recorded spacing divided by the speed, its clock the recorded time', () => {
    const p = player(2);
    p.start();
    expect(p.getState()).toEqual([0]);
    vi.advanceTimersByTime(500);
    expect(p.now()).toBe(1_001_000);
    vi.advanceTimersByTime(500);
    expect(p.getState()).toEqual([0, 1]);
    vi.advanceTimersByTime(1000);
    expect(p.getState()).toEqual([0, 1, 2]);
    // ] doubles the speed: the 6 s to the last poll take 1.5 s.
    p.scaleSpeed(2);
    vi.advanceTimersByTime(1499);
    expect(p.getState()).toHaveLength(3);
    vi.advanceTimersByTime(1);
    expect(p.getState()).toEqual([0, 1, 2, 3]);
    // The end holds the last poll, paused.
    expect(p.getView()).toMatchObject({ position: 4, total: 4, paused: true, speed: 4 });
  });

  it('steps, pauses and jumps; going back folds again from the start', () => {
    const p = player();
    p.start();
    p.step(1);
    expect(p.getView()).toMatchObject({ position: 2, paused: true, at: 1_002_000 });
    vi.advanceTimersByTime(60_000);
    expect(p.getState()).toEqual([0, 1]);
    p.toEnd();
    expect(p.getState()).toEqual([0, 1, 2, 3]);
    p.step(-1);
    expect(p.getState()).toEqual([0, 1, 2]);
    p.toStart();
    expect(p.getState()).toEqual([0]);
    p.step(-1);
    expect(p.getState()).toEqual([0]);
    p.togglePause();
    vi.advanceTimersByTime(2000);
    expect(p.getState()).toEqual([0, 1]);
  });

  it('keeps its speed between 1/16 and 1024', () => {
    const p = player();
    for (let i = 0; i < 20; i++) p.scaleSpeed(2);
    expect(p.getView().speed).toBe(1024);
    for (let i = 0; i < 40; i++) p.scaleSpeed(0.5);
    expect(p.getView().speed).toBe(1 / 16);
  });
});

describe('scrubArgs', () => {
  it('masks secret-named flag values and token-like words, and keeps model names and ports', () => {
    expect(scrubArgs(['--model', 'mistralai/Mistral-7B-Instruct-v0.3', '--api-key', 'abc', '--hf-token=hf_xyz', '--port', '8000', 'sk2f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c'])).toEqual(
      ['--model', 'mistralai/Mistral-7B-Instruct-v0.3', '--api-key', '****', '--hf-token=****', '--port', '8000', '****'],
    );
  });
});
