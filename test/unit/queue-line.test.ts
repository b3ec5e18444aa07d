import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineWidth, makeCtx, type Line } from '../../src/ui/line.js';
import { queueLine } from '../../src/ui/sections/queue.js';
import type { Theme } from '../../src/ui/theme.js';
import type { QueueState } from '../../src/watch/queue.js';
import { T0 } from '../helpers/fixtures.js';

const PLAIN: Theme = { color: false, ascii: false };
const ASCII: Theme = { color: false, ascii: true };
const text = (line: Line) => line.map((seg) => seg.text).join('');
const at = (width: number, q: QueueState, theme = PLAIN) => queueLine(makeCtx(T0, theme, width), q);

const busy: QueueState = {
  model: 'batch',
  target: 2,
  metrics: { messages_waiting: 12, messages_running: 3, total_jobs: 15 },
  backlog: 5,
  history: [1, 1, 2, 3, 5],
  lastSuccessAt: T0 - 1_000,
};

describe('queue line', () => {
  it('says jobs waiting and running, jobs per ready replica against the target, and their sparkline', () => {
    expect(text(at(100, busy))).toBe('queue 12 waiting · 3 running · 5.0/replica (target 2) ▂▂▄▅█');
  });

  it('marks a backlog over the target as a warning (the autoscaler is about to add replicas)', () => {
    const over = at(100, busy).find((seg) => seg.text === '5.0');
    const under = at(100, { ...busy, backlog: 1 }).find((seg) => seg.text === '1.0');
    expect(over?.role).toBe('warn');
    expect(under?.role).toBe('plain');
  });

  it('spells the sparkline in ASCII for the ascii theme', () => {
    expect(text(at(100, busy, ASCII))).toMatch(/ \.\.--#$/);
  });

  it('shows a failed poll as a quiet mark beside the last good numbers', () => {
    const stale = at(100, { ...busy, error: { kind: 'server', message: 'server error (500)', since: T0 } });
    expect(text(stale)).toContain('12 waiting');
    expect(text(stale)).toContain('▲ stale');
    expect(stale.find((seg) => seg.text.includes('stale'))?.role).toBe('dim');
  });

  it('says why there are no numbers yet when the first poll failed, and … before any answer', () => {
    expect(text(at(100, { model: 'batch', history: [], error: { kind: 'not-found', message: 'queue metrics for "batch" not found (404)', since: T0 } })))
      .toBe('queue ▲ queue metrics for "batch" not found (404)');
    expect(text(at(100, { model: 'batch', history: [] }))).toBe('queue …');
  });

  it('marks counts that cannot be true, the way every screen does', () => {
    const line = at(100, { ...busy, metrics: { messages_waiting: -3, messages_running: 1e15 }, history: [] });
    expect(text(line)).toBe('queue ?-3 waiting · ?1e15 running · 5.0/replica (target 2)');
    expect(line.find((seg) => seg.text === '?-3')?.role).toBe('error');
    const missing = text(at(100, { model: 'batch', metrics: {}, history: [] }));
    expect(missing).toBe('queue ? waiting · ? running · ?/replica');
  });

  it('gives up the sparkline, then the target, as the width shrinks; the sparkline takes room the target cannot use', () => {
    expect(text(at(60, busy))).toBe('queue 12 waiting · 3 running · 5.0/replica (target 2) ▂▂▄▅█');
    expect(text(at(56, busy))).toBe('queue 12 waiting · 3 running · 5.0/replica (target 2)');
    expect(text(at(50, busy))).toBe('queue 12 waiting · 3 running · 5.0/replica ▂▂▄▅█');
    expect(text(at(46, busy))).toBe('queue 12 waiting · 3 running · 5.0/replica');
    expect(text(at(20, busy))).toBe('queue 12 waiting · …');
  });

  it('fits every width from 20 to 250 columns, whatever the numbers', () => {
    const count = fc.option(fc.oneof(fc.integer(), fc.double()), { nil: undefined });
    const state = fc.record({
      model: fc.string(),
      target: fc.option(fc.double(), { nil: undefined }),
      metrics: fc.option(fc.record({ messages_waiting: count, messages_running: count, total_jobs: count }), { nil: undefined }),
      backlog: fc.option(fc.double({ min: 0, noNaN: true }), { nil: undefined }),
      history: fc.array(fc.double(), { maxLength: 80 }),
      error: fc.option(fc.record({ kind: fc.constant('server' as const), message: fc.string(), since: fc.constant(T0) }), { nil: undefined }),
    }, { requiredKeys: ['model', 'history'] });
    fc.assert(fc.property(state, fc.integer({ min: 20, max: 250 }), fc.boolean(), (q, width, ascii) => {
      expect(lineWidth(at(width, q as QueueState, ascii ? ASCII : PLAIN))).toBeLessThanOrEqual(width);
    }));
  });
});
