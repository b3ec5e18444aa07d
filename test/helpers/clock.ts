// Fake timers for a test file, the clock set to T0 before each test and real timers back after.
import { afterEach, beforeEach, vi } from 'vitest';
import { T0 } from './fixtures.js';

export function useFakeClock(at = T0): void {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(at);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}
