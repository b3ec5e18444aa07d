// The panels' `?` help (`depwatch watch a b c`): laid out like the watch's and the list's, within
// 40×12 (wrapped, scrolled) and 80×24 (whole); its keys scroll it and leave the focus alone.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { Deployment } from '../../src/api/schema.js';
import { Fleet } from '../../src/ui/fleet.js';
import { planFleet } from '../../src/ui/fleet-plan.js';
import { textWidth } from '../../src/ui/format.js';
import { initialFleet, reduceFleet, type FleetController, type FleetState } from '../../src/watch/fleet-session.js';
import { deployment, T0 } from '../helpers/fixtures.js';
import { PLAIN, renderAt } from './helpers.js';

afterEach(() => cleanup());

const named = (name: string): Deployment => ({ ...deployment(), name, id: `dep-${name}` });
const STATE: FleetState = reduceFleet(initialFleet(['web', 'api']), { ok: true, data: [named('web'), named('api')], at: T0, latencyMs: 4 });
/** Every key the help names, and the last word of its description. */
const KEYS: [string, string][] = [
  ['enter', 'comes back'], ['r', 'now'], ['?', 'closes it'], ['Ctrl-Z', 'comes back'], ['q  Ctrl-C', 'quit'],
  ['tab  shift-tab', 'previous panel'], ['1-9', 'that panel'], ['← →', 'beside'], ['↑ ↓  j k', 'below'], ['Home End', 'the last'],
];

function helpPlan(columns: number, rows: number, help = 0) {
  const plan = planFleet({ state: STATE, focused: undefined, now: T0, size: { columns, rows }, theme: PLAIN, intervalMs: 2_000, help });
  return { ...plan, text: plan.lines.map((l) => l.map((seg) => seg.text).join('')) };
}

describe('the panels help, planned', () => {
  test('80×24: all of it, nothing cut, the summary above and the help keys below', () => {
    const { text, help } = helpPlan(80, 24);
    expect(text).toHaveLength(24);
    expect(text.every((l) => textWidth(l) <= 80)).toBe(true);
    expect(help?.maxScroll).toBe(0);
    expect(text[0]).toMatch(/^watching 2/);
    const all = text.join('\n');
    for (const [key, end] of KEYS) expect(all).toMatch(new RegExp(`  ${key} .*${end}`));
    expect(all).not.toContain('…');
    expect(text.at(-1)).toMatch(/^j k scroll {2}\? close help {2}q quit/);
  });

  test('40×12: wrapped, never cut; what is below is a scroll away', () => {
    const first = helpPlan(40, 12);
    const max = first.help!.maxScroll;
    expect(max).toBeGreaterThan(0);
    const seen: string[] = [];
    for (let at = 0; at <= max; at++) {
      const { text } = helpPlan(40, 12, at);
      expect(text).toHaveLength(12);
      expect(text.every((l) => textWidth(l) <= 40)).toBe(true);
      expect(text.join('\n')).not.toContain('…');
      seen.push(...text);
    }
    for (const [key, end] of KEYS) {
      expect(seen.join('\n')).toContain(`  ${key}`);
      expect(seen.join('\n')).toContain(end);
    }
  });
});

describe('the panels help, on screen', () => {
  test('? opens it, j and G scroll it, Esc closes it; the focus stays where it was', async () => {
    const fleet: FleetController = { intervalMs: 2_000, getState: () => STATE, subscribe: () => () => undefined, pollNow: () => undefined, setPaused: () => undefined, focus: () => undefined };
    const app = renderAt(<Fleet fleet={fleet} open={() => { throw new Error('not opened'); }} theme={PLAIN} now={() => T0} />, 40, 12);
    const frame = () => app.lastFrame() ?? '';
    const until = (ok: () => boolean, what: string) => vi.waitFor(() => {
      if (!ok()) throw new Error(`timed out waiting for ${what}\n${frame()}`);
    }, { timeout: 2_000, interval: 5 });
    await until(() => frame().includes('›1 web'), 'the panels');
    app.stdin.write('\t');
    await until(() => frame().includes('›2 api'), 'the second focused');
    app.stdin.write('?');
    await until(() => frame().includes('── keys on the panels'), 'the help');
    app.stdin.write('j');
    await until(() => !frame().includes('── keys on the panels'), 'a line down');
    app.stdin.write('G');
    await until(() => frame().includes('↑ top: k'), 'the bottom');
    expect(frame()).toContain('Home End');
    app.stdin.write('\x1b');
    await until(() => frame().includes('›2 api'), 'the panels again, the focus kept');
  });
});
