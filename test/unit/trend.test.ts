import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeCtx, lineWidth } from '../../src/ui/line.js';
import { squeeze, trendLine, TREND_MIN_WIDTH } from '../../src/ui/sections/trend.js';
import { initialState } from '../../src/watch/state.js';
import type { WatchState } from '../../src/watch/types.js';

const THEME = { color: false, ascii: false };
const text = (line: { text: string }[]) => line.map((seg) => seg.text).join('');
const withSeries = (ready: number[], desired: number[]): WatchState => ({ ...initialState(), readySeries: ready, desiredSeries: desired });

describe('squeeze', () => {
  it('keeps a short series as it is', () => {
    expect(squeeze([1, 2, 3], 16, Math.min)).toEqual([1, 2, 3]);
  });

  it('keeps a one-sample dip in a long series when it takes the least of each share', () => {
    const series = Array.from({ length: 120 }, (_, i) => (i === 61 ? 0 : 3));
    const cells = squeeze(series, 16, Math.min);
    expect(cells).toHaveLength(16);
    expect(cells.filter((v) => v === 0)).toHaveLength(1);
  });

  it('skips gaps and says NaN only for a share with no number at all', () => {
    expect(squeeze([Number.NaN, 2, Number.NaN, Number.NaN], 2, Math.max)).toEqual([2, Number.NaN]);
  });
});

describe('the ready/desired trend line', () => {
  it('is not shown below 100 columns, nor before a full line of samples (16)', () => {
    expect(trendLine(makeCtx(0, THEME, TREND_MIN_WIDTH - 1), withSeries([1, 2, 3], [3, 3, 3]))).toEqual([]);
    expect(trendLine(makeCtx(0, THEME, 160), withSeries(Array(15).fill(3), Array(15).fill(3)))).toEqual([]);
  });

  it('draws ready and desired on one scale', () => {
    const ready = [...Array(12).fill(0), 1, 2, 3, 3];
    const line = text(trendLine(makeCtx(0, THEME, 160), withSeries(ready, Array(16).fill(3))));
    expect(line).toBe('▁▁▁▁▁▁▁▁▁▁▁▁▃▆██ ready · ████████████████ desired');
  });

  it('spells itself in ASCII when the theme does', () => {
    const line = text(trendLine(makeCtx(0, { color: false, ascii: true }, 160), withSeries([...Array(15).fill(0), 3], Array(16).fill(3))));
    expect(line).toMatch(/^[_.=#-]+ ready \S [_.=#-]+ desired/);
  });

  it('never takes more than 60 cells, whatever the counts (negative, huge, gaps)', () => {
    const count = fc.oneof(fc.integer({ min: -5, max: 1e6 }), fc.constant(Number.NaN), fc.double());
    fc.assert(fc.property(fc.array(count, { maxLength: 200 }), fc.array(count, { maxLength: 200 }), (ready, desired) => {
      const line = trendLine(makeCtx(0, THEME, 200), withSeries(ready, desired));
      expect(lineWidth(line)).toBeLessThanOrEqual(60);
      expect(text(line)).not.toMatch(/NaN|undefined|Infinity/);
    }));
  });
});

describe('the gauge line with the trend', () => {
  it('keeps the ready count and the bounds, and puts the trend at the right end on a wide screen', async () => {
    const { gaugeWithTrend } = await import('../../src/ui/sections/trend.js');
    const { rollout } = await import('../../src/watch/rollout.js');
    const d = { name: 'd', ready_replicas: 2, desired_replicas: 3, min_replicas: 1, max_replicas: 5, replica_events: {} };
    const state = withSeries([...Array(14).fill(3), 1, 2], Array(16).fill(3));
    const wide = text(gaugeWithTrend(makeCtx(0, THEME, 160), d, rollout(d), state));
    expect(wide).toMatch(/^ready 2\/3 █+░+ {2}min 1–max 5 +\S+ ready · \S+ desired$/);
    expect(wide.length).toBe(160);
    const narrow = text(gaugeWithTrend(makeCtx(0, THEME, 80), d, rollout(d), state));
    expect(narrow).not.toContain('desired');
  });
});

describe('the trend and an idle poll', () => {
  it('a new series that draws the same trend is the same key (a steady deployment plans nothing new)', async () => {
    const { trendKey } = await import('../../src/ui/sections/trend.js');
    const steady = (n: number) => withSeries(Array(n).fill(3), Array(n).fill(3));
    expect(trendKey(steady(16))).toBe(trendKey(steady(17)));
    expect(trendKey(steady(40))).toBe(trendKey(steady(120)));
    expect(trendKey(steady(40))).not.toBe(trendKey(withSeries([...Array(39).fill(3), 1], Array(40).fill(3))));
  });
});
