import { describe, expect, it } from 'vitest';
import { FaultError, Faults, parseFault, parseFaultSpec } from '../../src/sim/faults.js';

describe('parseFault', () => {
  it('accepts the documented shape', () => {
    expect(parseFault({ mode: 'rate-limit', count: 3, retryAfterSeconds: 2 })).toEqual({ mode: 'rate-limit', count: 3, retryAfterSeconds: 2 });
    expect(parseFault({ mode: 'slow', delayMs: 250, extra: 'ignored' })).toEqual({ mode: 'slow', delayMs: 250 });
    expect(parseFault({ mode: 'none' })).toEqual({ mode: 'none' });
  });

  it.each([
    [null, /JSON object/],
    [['error500'], /JSON object/],
    [{ mode: 'explode' }, /"mode" must be one of none, error500/],
    [{ mode: 'error500', count: 0 }, /"count"/],
    [{ mode: 'error500', count: 1.5 }, /"count"/],
    [{ mode: 'rate-limit', retryAfterSeconds: -1 }, /"retryAfterSeconds"/],
    [{ mode: 'slow', delayMs: 'soon' }, /"delayMs"/],
  ])('rejects %j with a one-line reason', (body, reason) => {
    expect(() => parseFault(body)).toThrow(FaultError);
    expect(() => parseFault(body)).toThrow(reason);
  });
});

describe('Faults', () => {
  it('applies a counted fault to that many requests, then none', () => {
    const faults = new Faults({ mode: 'error500', count: 2 });
    expect(faults.take()?.mode).toBe('error500');
    expect(faults.current()).toEqual({ mode: 'error500', count: 1 });
    expect(faults.take()?.mode).toBe('error500');
    expect(faults.take()).toBeUndefined();
    expect(faults.current()).toEqual({ mode: 'none' });
  });

  it('keeps an uncounted fault until replaced', () => {
    const faults = new Faults(undefined);
    faults.set({ mode: 'hang' });
    for (let i = 0; i < 5; i++) expect(faults.take()?.mode).toBe('hang');
    faults.set({ mode: 'none' });
    expect(faults.take()).toBeUndefined();
  });

  it('fails a fraction of requests at random', () => {
    const rolls = [0.05, 0.5, 0.09, 0.95];
    const faults = new Faults(undefined, 0.1, () => rolls.shift() ?? 1);
    expect([faults.take(), faults.take(), faults.take(), faults.take()].map((f) => f?.mode)).toEqual(['error500', undefined, 'error500', undefined]);
    expect(() => new Faults(undefined, 1.5)).toThrow(/failRate/);
  });

  it('serves different kinds of garbage in turn', () => {
    const faults = new Faults(undefined);
    const bodies = [faults.garbage(), faults.garbage(), faults.garbage()];
    expect(new Set(bodies).size).toBe(3);
    expect(() => JSON.parse(bodies[0]!)).toThrow();
    expect(Array.isArray(JSON.parse(bodies[1]!))).toBe(true);
    expect(() => JSON.parse(bodies[2]!)).toThrow();
  });
});

describe('parseFaultSpec (sim --fault)', () => {
  it('takes MODE or MODE:COUNT', () => {
    expect(parseFaultSpec('drift')).toEqual({ mode: 'drift' });
    expect(parseFaultSpec('error503:3')).toEqual({ mode: 'error503', count: 3 });
    expect(parseFaultSpec('hostile-names:1')).toEqual({ mode: 'hostile-names', count: 1 });
  });

  it.each([
    ['meteor', /MODE one of none, error500, .*redirect, got "meteor"/],
    ['drift:0', /COUNT must be a whole number ≥ 1/],
    ['drift:-1', /MODE or MODE:COUNT/],
    ['drift:1.5', /MODE or MODE:COUNT/],
    ['', /MODE or MODE:COUNT/],
  ])('refuses %j with one line', (text, reason) => {
    expect(() => parseFaultSpec(text)).toThrow(FaultError);
    expect(() => parseFaultSpec(text)).toThrow(reason);
  });
});

describe('Faults numbering', () => {
  it('numbers the answers under a fault from 0, starting over when a fault is set', () => {
    const faults = new Faults({ mode: 'drift', count: 3 });
    expect([faults.take()?.nth, faults.take()?.nth]).toEqual([0, 1]);
    faults.set({ mode: 'echo-key' });
    expect([faults.take(), faults.take()].map((f) => [f?.mode, f?.nth])).toEqual([['echo-key', 0], ['echo-key', 1]]);
  });
});
