// Ready and desired replicas over the last minutes (the last 120 polls), as two sparklines on one
// scale, for the header of a wide screen: `▁▃▅▇█ ready · ▅▅▇▇▇ desired`. A dip in ready, or desired climbing ahead of
// it, reads at a glance.
import type { Deployment } from '../../api/schema.js';
import type { Rollout, WatchState } from '../../watch/types.js';
import { lineWidth, s, spread, type Ctx, type Line } from '../line.js';
import { sparkline } from '../sparkline.js';
import { gaugeLine } from './gauge.js';

/** The header shows the trend from this width on. */
export const TREND_MIN_WIDTH = 100;
/** Cells per sparkline. */
const CELLS = 16;

/**
 * `series` squeezed into at most `cells` values, oldest first: each cell the least (`pick` min) or
 * the greatest (max) of its share of the samples, so a short dip or spike still shows.
 */
export function squeeze(series: readonly number[], cells: number, pick: (a: number, b: number) => number): number[] {
  const n = Math.max(0, Math.floor(cells));
  if (series.length <= n) return [...series];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const from = Math.floor((i * series.length) / n);
    const to = Math.floor(((i + 1) * series.length) / n);
    let v = Number.NaN;
    for (let j = from; j < to; j++) {
      const x = series[j]!;
      if (Number.isFinite(x)) v = Number.isFinite(v) ? pick(v, x) : x;
    }
    out.push(v);
  }
  return out;
}

/** The two series as cells on one scale; undefined before there are CELLS samples. */
function trendCells(state: WatchState, ascii: boolean): { ready: string; desired: string } | undefined {
  const ready = state.readySeries;
  // Drawn once a full line of samples is in: a line that grew every poll would redraw every poll.
  if (ready.length < CELLS) return undefined;
  const r = squeeze(ready, CELLS, Math.min);
  const d = squeeze(state.desiredSeries ?? [], CELLS, Math.max);
  // One scale for both, so "ready below desired" is visible as a gap between the two lines.
  const finite = [...r, ...d].filter((v) => Number.isFinite(v) && v >= 0);
  const opts = { ascii, min: 0, max: Math.max(1, ...finite) };
  return { ready: sparkline(r, CELLS, opts), desired: sparkline(d, CELLS, opts) };
}

/**
 * What the trend shows, as one string: equal for two states, the same trend is drawn. (The series
 * are new arrays every poll; a steady deployment's trend does not change, and nor may its frame.)
 */
export function trendKey(state: WatchState): string {
  const cells = trendCells(state, false);
  return cells ? `${cells.ready}|${cells.desired}` : '';
}

/** The trend line, or nothing when the screen is narrow or there is nothing to draw yet. */
export function trendLine(ctx: Ctx, state: WatchState): Line {
  const cells = ctx.width < TREND_MIN_WIDTH ? undefined : trendCells(state, ctx.theme.ascii);
  if (!cells) return [];
  return [s(cells.ready, 'ok'), s(' ready', 'dim'), s(` ${ctx.g.sep} `, 'dim'), s(cells.desired), s(' desired', 'dim')];
}

/** The gauge line, with the trend at its right end on a wide screen (the bar gives up what the trend needs). */
export function gaugeWithTrend(ctx: Ctx, d: Deployment, r: Rollout, state: WatchState): Line {
  const trend = trendLine(ctx, state);
  if (trend.length === 0) return gaugeLine(ctx, d, r);
  const gap = 3;
  return spread(gaugeLine({ ...ctx, width: ctx.width - lineWidth(trend) - gap }, d, r), trend, ctx.width, gap);
}
