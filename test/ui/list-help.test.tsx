// The list's `?` help: laid out like the watch's (two columns where wide, descriptions wrapped where
// narrow), scrolled with the moving keys where the height is short; every line within the terminal.
import { afterEach, describe, expect, test } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { Deployment } from '../../src/api/schema.js';
import { Browser } from '../../src/ui/browser.js';
import { textWidth } from '../../src/ui/format.js';
import { planList } from '../../src/ui/list-plan.js';
import type { ListController, ListState } from '../../src/watch/list-session.js';
import { deployment, T0 } from '../helpers/fixtures.js';
import { PLAIN, renderAt } from './helpers.js';

afterEach(() => cleanup());

const STATE: ListState = { deployments: ['web', 'api', 'batch'].map((name): Deployment => ({ ...deployment(), name, id: `dep-${name}` })), fetchedAt: T0 };
/** Every key the help names, and a word from the end of its description (cut or wrapped away if the line were cut). */
const KEYS: [string, string][] = [
  ['enter', 'side'], ['m', 'kept)'], ['/', 'keeps it'], ['esc', 'filter'], ['s  S', 'order'], ['r', 'now'],
  ['?', 'closes it'], ['Ctrl-Z', 'comes back'], ['q  Ctrl-C', 'quit'], ['j k', 'selection'], ['PgUp PgDn', 'a time'], ['g G  Home End', 'the last'],
];

function helpPlan(columns: number, rows: number, helpScroll = 0) {
  const plan = planList({ state: STATE, selected: undefined, now: T0, size: { columns, rows }, theme: PLAIN, intervalMs: 2_000, view: { help: true, helpScroll } });
  return { ...plan, text: plan.lines.map((l) => l.map((seg) => seg.text).join('')) };
}

describe('the list help, planned', () => {
  test('80×24: all of it in one column, nothing cut, nothing to scroll', () => {
    const { text, maxHelpScroll } = helpPlan(80, 24);
    expect(text).toHaveLength(24);
    expect(text.every((l) => textWidth(l) <= 80)).toBe(true);
    expect(maxHelpScroll).toBe(0);
    const help = text.join('\n');
    for (const [key, end] of KEYS) {
      expect(help).toContain(`  ${key}`);
      expect(help).toContain(end);
    }
    expect(help).not.toContain('…');
    expect(help).not.toMatch(/more \(j k scroll\)/);
    expect(text.at(-1)).toMatch(/^j k scroll {2}\? close help {2}q quit/);
  });

  test('40×12: descriptions wrap under themselves instead of being cut, and the rest is a scroll away', () => {
    const seen: string[] = [];
    const first = helpPlan(40, 12);
    expect(first.maxHelpScroll).toBeGreaterThan(0);
    expect(first.text[first.text.length - 2]).toMatch(/^↓ \d+ more \(j k scroll\)$/);
    for (let at = 0; at <= first.maxHelpScroll; at++) {
      const { text, helpScroll } = helpPlan(40, 12, at);
      expect(helpScroll).toBe(at);
      expect(text).toHaveLength(12);
      expect(text.every((l) => textWidth(l) <= 40)).toBe(true);
      expect(text.join('\n')).not.toContain('…');
      seen.push(...text);
    }
    const help = seen.join('\n');
    for (const [key, end] of KEYS) {
      expect(help).toContain(`  ${key}`);
      expect(help).toContain(end);
    }
    // Past the end it stays at the end.
    expect(helpPlan(40, 12, 999).helpScroll).toBe(first.maxHelpScroll);
  });

  test('wide: the list keys on the left, the moving keys beside them', () => {
    const { text } = helpPlan(170, 24);
    expect(text.some((l) => /── keys on the list ─+ +── moving ─+$/.test(l))).toBe(true);
    expect(text.every((l) => textWidth(l) <= 170)).toBe(true);
  });
});

describe('the list help, on screen', () => {
  test('at 40×12, j / G / g / PgDn scroll the help and leave the selection where it was; Esc closes it', async () => {
    const list: ListController = { intervalMs: 2_000, getState: () => STATE, subscribe: () => () => undefined, pollNow: () => undefined, setPaused: () => undefined };
    const app = renderAt(<Browser list={list} open={() => { throw new Error('not opened'); }} theme={PLAIN} now={() => T0} />, 40, 12);
    const frame = () => app.lastFrame() ?? '';
    const until = async (ok: () => boolean, what: string) => {
      for (let i = 0; i < 200 && !ok(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
      if (!ok()) throw new Error(`timed out waiting for ${what}\n${frame()}`);
    };
    await until(() => frame().includes('NAME'), 'the list');
    const selected = () => frame().split('\n').find((l) => l.startsWith('›'))?.split(/ +/)[1];
    const before = selected();
    app.stdin.write('?');
    await until(() => frame().includes('── keys on the list'), 'the help, from its top');
    app.stdin.write('j');
    await until(() => !frame().includes('── keys on the list'), 'a line down');
    app.stdin.write('G');
    await until(() => frame().includes('↑ top: k'), 'the bottom');
    expect(frame()).toContain('g G  Home End');
    app.stdin.write('g');
    await until(() => frame().includes('── keys on the list'), 'the top again');
    app.stdin.write('\x1b[6~'); // PgDn
    await until(() => !frame().includes('── keys on the list'), 'a page down');
    app.stdin.write('\x1b');
    await until(() => frame().includes('NAME'), 'help closed');
    expect(selected()).toBe(before);
  });
});
