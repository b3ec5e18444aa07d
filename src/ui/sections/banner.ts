// One line while polls fail: what went wrong, since when, when the next try is, and how old the data is.
import type { ApiErrorKind } from '../../api/errors.js';
import type { WatchState } from '../../watch/types.js';
import { formatClock } from '../format.js';
import { age, countdown, s, type Ctx, type Line, type Section } from '../line.js';
import type { TimeText } from '../time-texts.js';

const CAUSES: Record<ApiErrorKind, string> = {
  auth: 'authentication failed',
  'not-found': 'deployment not found',
  'rate-limited': 'rate limited',
  server: 'server error',
  network: 'network error',
  timeout: 'request timed out',
  'invalid-response': 'unexpected response',
};

/** `✖ rate limited (429) · retrying in 12s · showing data from 12:03:04 (45s old) · 3 failures since 12:02:10 · <message>` */
export function bannerSection(ctx: Ctx, state: WatchState, paused: boolean): Section {
  const err = state.error;
  if (!err) return { lines: [], times: [] };
  const { g } = ctx;
  const times: TimeText[] = [];
  const sep = s(` ${g.sep} `, 'dim');
  const cause = `${CAUSES[err.kind] ?? err.kind}${err.status === undefined ? '' : ` (${err.status})`}`;
  const line: Line = [s(`${g.cross} ${cause}`, 'error')];

  if (paused) line.push(sep, s('paused', 'warn'));
  else if (err.nextRetryAt !== undefined) {
    line.push(sep, s(err.nextRetryAt > ctx.now ? `retrying in ${countdown(ctx, times, err.nextRetryAt)}` : 'retrying now'));
  }
  if (state.lastSuccessAt !== undefined) {
    line.push(sep, s(`showing data from ${formatClock(state.lastSuccessAt)} (${age(ctx, times, state.lastSuccessAt)} old)`, 'warn'));
  } else {
    line.push(sep, s('no data yet', 'warn'));
  }
  const failures = state.consecutiveFailures;
  line.push(sep, s(`${failures > 1 ? `${failures} failures` : 'failing'} since ${formatClock(err.since)}`));
  const message = err.message.trim();
  if (message && message.toLowerCase() !== CAUSES[err.kind]) line.push(sep, s(message, 'dim'));
  return { lines: [line], times };
}
