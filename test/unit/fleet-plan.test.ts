// The panels screen (`depwatch watch a b c`) as a plan: the grid at each size, a missing
// deployment, the focus, `+N more`, and exact rows within the width at every size.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../src/api/schema.js';
import { planFleet, type FleetInput } from '../../src/ui/fleet-plan.js';
import { lineWidth, type Line } from '../../src/ui/line.js';
import { MISSING_TEXT } from '../../src/ui/sections/panel.js';
import type { Theme } from '../../src/ui/theme.js';
import { initialFleet, reduceFleet, type FleetState } from '../../src/watch/fleet-session.js';
import { deployment, failedDeployment, replica, rollingDeployment, T0 } from '../helpers/fixtures.js';

const PLAIN: Theme = { color: false, ascii: false };
const named = (name: string, d: Deployment = deployment()): Deployment => ({ ...d, name, id: `dep-${name}` });
const OOM = 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.15 GiB total capacity)';
const crashing = (): Deployment => {
  const d = failedDeployment();
  return { ...d, replica_events: { ...d.replica_events, 'llama-chat-rev-2-a': replica({ revision_id: 'rev-2', replica_status: 'Terminated', replica_status_reason: 'Error', replica_status_message: OOM, replica_ready_since: undefined }) } };
};
const LIST = [named('web'), named('batch', crashing()), named('api', rollingDeployment()), named('cache')];

function fleetOf(targets: string[], list: Deployment[] = LIST): FleetState {
  return reduceFleet(initialFleet(targets), { ok: true, data: list, at: T0, latencyMs: 4 });
}

function plan(state: FleetState, columns: number, rows: number, focused?: string, theme = PLAIN) {
  const input: FleetInput = { state, focused, now: T0, size: { columns, rows }, theme, intervalMs: 2_000 };
  return planFleet(input);
}

const text = (line: Line) => line.map((seg) => seg.text).join('');
const texts = (lines: readonly Line[]) => lines.map(text);

describe('the panels plan', () => {
  it('at 80x24, four panels two by two: status words, gauges, phases and the crash cause; the summary and the keys', () => {
    const p = plan(fleetOf(['web', 'batch', 'api', 'cache']), 80, 24);
    const lines = texts(p.lines);
    expect(lines).toHaveLength(24);
    expect(p.perRow).toBe(2);
    expect(lines[0]).toBe('watching 4 · 1 failing · 1 rolling out · 2 ready');
    expect(lines[1]).toMatch(/^›1 web ─+ ● Ready {3,}2 batch ─+ ✖ Failed$/);
    expect(lines[2]).toMatch(/^ready 3\/3 █+ {2}min 1–max 5 {2,}ready 2\/3 █+░+ {2}min 1–max 5$/);
    expect(lines[3]).toMatch(/^stable rev-1 3\/3 ready +failed rev-2 0\/3 ready ← rev-1 \(2/);
    const screen = lines.join('\n');
    expect(screen).toContain('✖ llama-chat-rev-2-a  Error');
    // The cause is wrapped under the replica, not cut to a few characters.
    expect(screen.replace(/\n */g, ' ')).toContain('→ Error: torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB');
    expect(lines.find((l) => l.includes(' 3 api '))).toMatch(/^ 3 api ─+ ● Updating/);
    expect(lines.at(-1)).toMatch(/^tab focus {2}1-9 pick {2}enter open {2}\? help {2}q quit +every 2s · fetched \d\d:\d\d:\d\d$/);
  });

  it('a cause longer than its three lines: broken between words (a word that fits a row is never cut), the last line ending in an ellipsis', () => {
    const path = '/models/meta-llama/Llama-3.3-70B-Instruct/model-00001-of-00030.safetensors';
    const long = `cannot open ${path}: ${OOM} ${'then a much longer explanation of what went wrong '.repeat(20)}`;
    const d = crashing();
    const list = [named('batch', { ...d, replica_events: { ...d.replica_events, 'llama-chat-rev-2-a': { ...d.replica_events!['llama-chat-rev-2-a']!, replica_status_message: long } } })];
    const lines = texts(plan(fleetOf(['batch'], list), 80, 24).lines);
    const at = lines.findIndex((l) => l.startsWith('  → Error: '));
    const cause = lines.slice(at, at + 3).map((l) => l.trim());
    expect(lines[at + 3]).not.toMatch(/^ {4}\S/);
    expect(cause).toContain(`${path}:`); // a word as wide as most of the row goes whole to the next
    expect(cause.join(' ')).toMatch(/^→ Error: cannot open \/models\/.* torch\.OutOfMemoryError: .*…$/);
    // The message's words in order, none cut but the last one shown, where the ellipsis is.
    const words = `→ Error: ${long}`.split(' ').filter((w) => w !== '');
    const shown = cause.join(' ').replace(/…$/, '').split(' ');
    expect(shown.slice(0, -1)).toEqual(words.slice(0, shown.length - 1));
    expect(words[shown.length - 1]!.startsWith(shown.at(-1)!)).toBe(true);
  });

  it('a deployment missing from the list says so in its panel; the summary counts it', () => {
    const lines = texts(plan(fleetOf(['web', 'typo']), 60, 24).lines);
    expect(lines[0]).toBe('watching 2 · 1 ready · 1 missing');
    const at = lines.findIndex((l) => / 2 typo ─+ ✖ missing$/.test(l));
    expect(lines.slice(at + 1, at + 3).join(' ').replace(/\s+/g, ' ')).toContain(MISSING_TEXT);
  });

  it('before the first list, and after a failed poll', () => {
    expect(texts(plan(initialFleet(['web']), 60, 10).lines)[2]).toBe('  fetching the deployments…');
    const failed = reduceFleet(initialFleet(['web']), { ok: false, error: { kind: 'network', message: 'connection refused' }, at: T0, latencyMs: 1 });
    const lines = texts(plan(failed, 60, 10).lines);
    expect(lines[0]).toBe('watching 1  ✖ connection refused');
    expect(lines[1]).toMatch(/web ─+ · no data$/);
  });

  it('the focus: the panel named is marked, the others not; an unknown focus falls back to the first', () => {
    const state = fleetOf(['web', 'batch', 'api']);
    const focused = plan(state, 120, 30, 'api');
    expect(focused.focused).toBe(2);
    expect(texts(focused.lines).join('\n').match(/›\d \w+/g)).toEqual(['›3 api']);
    expect(plan(state, 120, 30, 'nope').focused).toBe(0);
  });

  it('40x12: the focused panel keeps its essentials - name, status, ready/desired, the worst replica and its cause', () => {
    const lines = texts(plan(fleetOf(['web', 'batch', 'api', 'cache']), 40, 12, 'batch').lines);
    const at = lines.findIndex((l) => l.startsWith('›2 batch'));
    expect(lines[at]).toMatch(/✖ Failed/);
    const panel = lines.slice(at, at + 3).join('\n');
    expect(panel).toMatch(/2\/3/);
    expect(panel).toMatch(/✖ llam\S*…\S+ {2}Error: torch\.OutOfMemoryE/);
    expect(lines.every((l) => l.length <= 40)).toBe(true);
  });

  it('40x12: titles too long for a panel are cut in the middle, keeping the ends that tell siblings apart', () => {
    const names = ['deepseek-r1-distill-qwen-32b-batch', 'deepseek-r1-distill-qwen-32b-canary'];
    const lines = texts(plan(fleetOf(names, names.map((n) => named(n))), 40, 12).lines);
    const titles = lines.filter((l) => /^.\d /.test(l)).map((l) => l.slice(3).split(' ')[0]!);
    expect(titles).toHaveLength(2);
    titles.forEach((title, i) => {
      const [head, tail] = title.split('…') as [string, string | undefined];
      expect(tail, title).toBeDefined();
      expect(names[i]!.startsWith(head) && names[i]!.endsWith(tail!) && tail!.length >= 5).toBe(true);
    });
  });

  it('more deployments than fit a line each: a window around the focus and `+N more`', () => {
    const many = Array.from({ length: 60 }, (_, i) => named(`d${String(i).padStart(2, '0')}`));
    const state = fleetOf(many.map((d) => d.name!), many);
    const top = texts(plan(state, 80, 12).lines);
    expect(top[0]).toMatch(/\+40 more$/);
    const focused = texts(plan(state, 80, 12, 'd55').lines);
    expect(focused.some((l) => l.includes('d55'))).toBe(true);
    expect(focused.join('\n')).not.toContain('d00');
    expect(focused[0]).toMatch(/\+\d+ more$/);
  });

  it('below 20x5 one line says the terminal is too small', () => {
    expect(texts(plan(fleetOf(['web']), 19, 10).lines)).toEqual(['terminal too small', ...Array(9).fill('')]);
    expect(texts(plan(fleetOf(['web']), 30, 4).lines)).toEqual(['terminal too small', '', '', '']);
    expect(texts(plan(fleetOf(['web']), 10, 1).lines)).toEqual(['terminal …']);
  });

  it('at any size from 1x0 to 250x80, with any number of panels and any focus: exactly the rows, none wider than the screen', () => {
    const kinds = [deployment(), failedDeployment(), rollingDeployment(), crashing(), { ...deployment(), name: 'n'.repeat(300), ready_replicas: -168 }];
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 250 }), fc.integer({ min: 0, max: 80 }),
      fc.array(fc.tuple(fc.nat(kinds.length - 1), fc.boolean()), { maxLength: 30 }),
      fc.nat(40), fc.boolean(),
      (columns, rows, picks, focus, ascii) => {
        const list = picks.map(([k], i) => named(`dep${i}`, kinds[k]));
        const targets = picks.map(([, listed], i) => (listed ? `dep${i}` : `gone${i}`));
        const p = plan(fleetOf(targets, list), columns, rows, targets[focus], { color: true, ascii });
        expect(p.lines).toHaveLength(rows);
        for (const line of p.lines) expect(lineWidth(line)).toBeLessThanOrEqual(columns);
        if (ascii) for (const line of p.lines) expect(text(line)).toMatch(/^[\x20-\x7e]*$/);
      },
    ), { numRuns: 300 });
  });
});
