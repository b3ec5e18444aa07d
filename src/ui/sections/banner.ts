// One line while polls fail: what went wrong, since when, when the next try is, and how old the data is.
import { causeText } from '../../api/error-causes.js';
import type { WatchState } from '../../watch/types.js';
import { formatClock, truncate } from '../format.js';
import { age, countdown, lineWidth, s, type Ctx, type Line, type Section } from '../line.js';
import type { TimeText } from '../time-texts.js';

/** At most this share of the width goes to the cause, so when and how old stay in sight. */
const CAUSE_SHARE = 0.7;

/** `✖ rate limited (429): slow down · retrying in 12s · showing data from 12:03:04 (45s old) · 3 failures since 12:02:10` */
export function bannerSection(ctx: Ctx, state: WatchState, paused: boolean): Section {
  const err = state.error;
  if (!err) return { lines: [], times: [] };
  const { g } = ctx;
  const times: TimeText[] = [];
  const sep = s(` ${g.sep} `, 'dim');
  const rest: Line = [];
  if (paused) rest.push(sep, s('paused', 'warn'));
  else if (err.nextRetryAt !== undefined) {
    rest.push(sep, s(err.nextRetryAt > ctx.now ? `retrying in ${countdown(ctx, times, err.nextRetryAt)}` : 'retrying now'));
  }
  if (state.lastSuccessAt !== undefined) {
    rest.push(sep, s(`showing data from ${formatClock(state.lastSuccessAt)} (${age(ctx, times, state.lastSuccessAt)} old)`, 'warn'));
  } else {
    rest.push(sep, s('no data yet', 'warn'));
  }
  const failures = state.consecutiveFailures;
  rest.push(sep, s(`${failures > 1 ? `${failures} failures` : 'failing'} since ${formatClock(err.since)}`));
  // The cause gets what the rest leaves, and never less than its share: when and how old stay in sight.
  const room = Math.max(ctx.width - lineWidth(rest), Math.floor(ctx.width * CAUSE_SHARE)) - 2;
  const line: Line = [s(`${g.cross} ${truncate(causeText(err.kind, err.status, err.message), room, g.ellipsis)}`, 'error'), ...rest];
  return { lines: [line], times };
}
