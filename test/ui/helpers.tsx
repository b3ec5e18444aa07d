// A fake WatchController around a WatchState, and renders at a chosen terminal size.
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import type { Deployment } from '../../src/api/schema.js';
import type { ScreenInput } from '../../src/ui/screen-plan.js';
import { DeploymentScreen } from '../../src/ui/screens/DeploymentScreen.js';
import type { Theme } from '../../src/ui/theme.js';
import { ThemeProvider } from '../../src/ui/theme-context.js';
import { DEFAULT_PROGRESS_OPTIONS, initialProgress, trackProgress } from '../../src/watch/progress.js';
import type { TimelineEvent, WatchController, WatchState } from '../../src/watch/types.js';
import { T0 } from '../helpers/fixtures.js';

export const COLOR: Theme = { color: true, ascii: false };
export const PLAIN: Theme = { color: false, ascii: false };
export const ASCII: Theme = { color: false, ascii: true };

/** A watch that has seen `deployment` once, fetched a second before T0. */
export function watchState(deployment?: Deployment, overrides: Partial<WatchState> = {}): WatchState {
  const progress = deployment ? trackProgress(initialProgress(), { ok: true, data: deployment, at: T0 - 1_000, latencyMs: 83 }).state : initialProgress();
  return {
    ...(deployment ? { deployment, lastSuccessAt: T0 - 1_000, lastAttemptAt: T0 - 1_000, latencyMs: 83 } : {}),
    consecutiveFailures: 0,
    timeline: [],
    readySeries: [],
    revisionOrder: ['rev-1', 'rev-2'],
    causes: new Map(),
    polls: deployment ? 1 : 0,
    paused: false,
    progress,
    progressOptions: DEFAULT_PROGRESS_OPTIONS,
    ...overrides,
  };
}

export function event(secondsAgo: number, text: string, severity: TimelineEvent['severity'] = 'info', replica?: string): TimelineEvent {
  return { at: T0 - secondsAgo * 1000, text, severity, ...(replica === undefined ? {} : { replica }) };
}

export interface FakeController extends WatchController {
  set(state: WatchState): void;
  polls: number;
  pauses: number;
}

export function fakeController(initial: WatchState, intervalMs = 2_000): FakeController {
  let state = initial;
  let paused = false;
  const listeners = new Set<() => void>();
  const c: FakeController = {
    polls: 0,
    pauses: 0,
    intervalMs,
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pollNow() { c.polls++; },
    togglePause() {
      c.pauses++;
      paused = !paused;
      c.set({ ...state, paused });
    },
    isPaused: () => paused,
    set(next) {
      state = next;
      for (const l of listeners) l();
    },
  };
  return c;
}

/** ink-testing-library's stdout says 100 columns and no rows; give it a real size and tell Ink. */
export function renderAt(tree: ReactElement, columns: number, rows: number) {
  const result = render(tree);
  Object.defineProperty(result.stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(result.stdout, 'rows', { value: rows, configurable: true });
  result.stdout.emit('resize');
  // Rendered again so Ink lays the frame out at this width (the screens take the terminal's width, and
  // Ink, not interactive under test, does not re-lay out on `resize`).
  result.rerender(tree);
  return result;
}

export function renderScreen(state: WatchState, opts: Partial<Omit<ScreenInput, 'state'>> & { columns?: number; rows?: number } = {}) {
  const columns = opts.columns ?? opts.size?.columns ?? 100;
  const rows = opts.rows ?? opts.size?.rows ?? 30;
  const theme = opts.theme ?? PLAIN;
  const input: ScreenInput = {
    state,
    ui: opts.ui ?? { scroll: 0, help: false },
    now: opts.now ?? T0,
    size: { columns, rows },
    theme,
    intervalMs: opts.intervalMs ?? 2_000,
    paused: opts.paused ?? false,
    target: opts.target ?? 'llama-chat',
    ...(opts.logs ? { logs: opts.logs } : {}),
  };
  return renderAt(<ThemeProvider theme={theme}><DeploymentScreen {...input} /></ThemeProvider>, columns, rows);
}

/** The frame's lines (the frame is never empty once rendered). */
export function linesOf(frame: string | undefined): string[] {
  if (frame === undefined) throw new Error('nothing rendered yet');
  return frame.split('\n');
}
