// `?` help on the list and on the panels (`depwatch watch a b c`), laid out like the watch's
// (sections/key-help.ts): two columns where wide, descriptions wrapped under themselves where
// narrow instead of cut, scrolled with the moving keys where short; every line within the terminal.
import type { ReactElement } from 'react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { Deployment } from '../../src/api/schema.js';
import { Browser } from '../../src/ui/browser.js';
import { Fleet } from '../../src/ui/fleet.js';
import { planFleet } from '../../src/ui/fleet-plan.js';
import { textWidth } from '../../src/ui/format.js';
import { planList } from '../../src/ui/list-plan.js';
import { makeCtx, type Line } from '../../src/ui/line.js';
import { keyHelpSection } from '../../src/ui/sections/key-help.js';
import { initialFleet, reduceFleet, type FleetController, type FleetState } from '../../src/watch/fleet-session.js';
import type { ListController, ListState } from '../../src/watch/list-session.js';
import { deployment, T0 } from '../helpers/fixtures.js';
import { PLAIN, renderAt } from './helpers.js';

afterEach(() => cleanup());

const named = (name: string): Deployment => ({ ...deployment(), name, id: `dep-${name}` });
const LIST: ListState = { deployments: [named('web'), named('api'), named('batch')], fetchedAt: T0 };
const FLEET: FleetState = reduceFleet(initialFleet(['web', 'api']), { ok: true, data: [named('web'), named('api')], at: T0, latencyMs: 4 });
const noOpen = () => {
  throw new Error('not opened');
};

interface Screen {
  name: string;
  /** Every key its help names, and words from the end of its description (gone if the line were cut). */
  keys: [string, string][];
  title: string;
  /** The plan with help open from line `at`: its lines, and how far it scrolls. */
  plan(columns: number, rows: number, at: number): { lines: Line[]; maxScroll: number };
  /** The screen as React, and what shows which one is selected or focused. */
  element: ReactElement;
  selection: RegExp;
  /** Moves the selection before help opens, so that it is seen to stay. */
  move: string;
}

const SCREENS: Screen[] = [
  {
    name: 'the list',
    keys: [
      ['enter', 'side by side'], ['m', 'kept)'], ['/', 'keeps it'], ['esc', 'filter'], ['s  S', 'order'], ['r', 'now'],
      ['?', 'closes it'], ['Ctrl-Z', 'fg comes back'], ['q  Ctrl-C', 'quit'], ['↑ ↓  j k', 'selection'], ['PgUp PgDn', 'a time'], ['g G  Home End', 'the last'],
    ],
    title: 'keys on the list',
    plan: (columns, rows, at) => {
      const p = planList({ state: LIST, selected: undefined, now: T0, size: { columns, rows }, theme: PLAIN, intervalMs: 2_000, view: { help: true, helpScroll: at } });
      return { lines: p.lines, maxScroll: p.maxHelpScroll };
    },
    element: <Browser list={{ intervalMs: 2_000, getState: () => LIST, subscribe: () => () => undefined, pollNow: () => undefined, setPaused: () => undefined } satisfies ListController} open={noOpen} theme={PLAIN} now={() => T0} />,
    selection: /^› +(\w+)/m,
    move: 'j',
  },
  {
    name: 'the panels',
    keys: [
      ['enter', 'Esc there comes back'], ['r', 'now'], ['?', 'closes it'], ['Ctrl-Z', 'fg comes back'], ['q  Ctrl-C', 'quit'],
      ['tab  shift-tab', 'previous panel'], ['1-9', 'that panel'], ['← →', 'beside'], ['↑ ↓  j k', 'below'], ['Home End', 'the last'],
    ],
    title: 'keys on the panels',
    plan: (columns, rows, at) => {
      const p = planFleet({ state: FLEET, focused: undefined, now: T0, size: { columns, rows }, theme: PLAIN, intervalMs: 2_000, help: at });
      return { lines: p.lines, maxScroll: p.help!.maxScroll };
    },
    element: <Fleet fleet={{ intervalMs: 2_000, getState: () => FLEET, subscribe: () => () => undefined, pollNow: () => undefined, setPaused: () => undefined, focus: () => undefined } satisfies FleetController} open={noOpen} theme={PLAIN} now={() => T0} />,
    selection: /›(\d \w+)/,
    move: '\t',
  },
];

const texts = (lines: Line[]) => lines.map((l) => l.map((seg) => seg.text).join(''));

/** Every help line shown from the top to the bottom, each screen checked to fit. */
function scrolledThrough(screen: Screen, columns: number, rows: number): string {
  const seen: string[] = [];
  const { maxScroll } = screen.plan(columns, rows, 0);
  for (let at = 0; at <= maxScroll; at++) {
    const text = texts(screen.plan(columns, rows, at).lines);
    expect(text).toHaveLength(rows);
    expect(text.every((l) => textWidth(l) <= columns)).toBe(true);
    expect(text.join('\n')).not.toContain('…');
    seen.push(...text);
  }
  return seen.join('\n');
}

describe.each(SCREENS)('$name: the help, planned', (screen) => {
  test('80×24: all of it in one column, nothing cut, nothing to scroll', () => {
    expect(screen.plan(80, 24, 0).maxScroll).toBe(0);
    const help = scrolledThrough(screen, 80, 24);
    for (const [key, end] of screen.keys) expect(help).toMatch(new RegExp(`^  ${key.replace(/[?/]/g, '\\$&')} +.*${end.replace(/[()]/g, '\\$&')}`, 'm'));
    expect(help).not.toMatch(/more \(j k scroll\)/);
    expect(help.split('\n').at(-1)).toMatch(/^j k scroll {2}\? close help {2}q quit/);
  });

  test('40×12: descriptions wrap under themselves instead of being cut, and the rest is a scroll away', () => {
    const top = texts(screen.plan(40, 12, 0).lines);
    expect(top.at(-2)).toMatch(/^↓ \d+ more \(j k scroll\)$/);
    const help = scrolledThrough(screen, 40, 12);
    for (const [key, end] of screen.keys) {
      expect(help).toContain(`  ${key}`);
      for (const word of end.split(' ')) expect(help).toContain(word);
    }
    // Past the end it stays at the end.
    const { maxScroll } = screen.plan(40, 12, 0);
    expect(screen.plan(40, 12, 999).lines).toEqual(screen.plan(40, 12, maxScroll).lines);
  });

  test('wide: the first group on the left, the others beside it', () => {
    const text = texts(screen.plan(170, 24, 0).lines);
    expect(text.some((l) => new RegExp(`── ${screen.title} ─+ +── \\w+ ─+$`).test(l))).toBe(true);
    expect(text.every((l) => textWidth(l) <= 170)).toBe(true);
  });
});

describe.each(SCREENS)('$name: the help, on screen at 40×12', (screen) => {
  test('? opens it; j, G, g and PgDn scroll it and leave the selection where it was; Esc closes it', async () => {
    const app = renderAt(screen.element, 40, 12);
    const frame = () => app.lastFrame() ?? '';
    const until = (ok: () => boolean, what: string) => vi.waitFor(() => {
      if (!ok()) throw new Error(`timed out waiting for ${what}\n${frame()}`);
    }, { timeout: 2_000, interval: 5 });
    const selected = () => screen.selection.exec(frame())?.[1];
    await until(() => selected() !== undefined, 'the screen');
    const first = selected();
    app.stdin.write(screen.move);
    await until(() => selected() !== first, 'another one selected');
    const before = selected();
    const top = `── ${screen.title}`;
    app.stdin.write('?');
    await until(() => frame().includes(top), 'the help, from its top');
    app.stdin.write('j');
    await until(() => !frame().includes(top), 'a line down');
    app.stdin.write('G');
    await until(() => frame().includes('↑ top: k'), 'the bottom');
    app.stdin.write('g');
    await until(() => frame().includes(top), 'the top again');
    app.stdin.write('\x1b[6~'); // PgDn
    await until(() => !frame().includes(top), 'a page down');
    app.stdin.write('\x1b');
    await until(() => selected() !== undefined, 'help closed');
    expect(selected()).toBe(before);
  });
});

describe('the help layout', () => {
  test('too narrow for a description beside its key: it goes under the key, wrapped, nothing cut', () => {
    const groups = [{ title: 'keys', keys: [['tab  shift-tab', 'the next / the previous panel'], ['q', 'quit']] as const }];
    const { lines } = keyHelpSection(makeCtx(T0, PLAIN, 24), groups, 10);
    expect(texts(lines).map((l) => l.trimEnd())).toEqual([expect.stringMatching(/^── keys ─+$/), '  tab  shift-tab', '    the next / the', '    previous panel', '  q', '    quit']);
  });
});
