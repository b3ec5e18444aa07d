// The pure render step between data and screen: a line is a list of text segments with roles,
// already cut to the width it will be drawn at, so Ink never wraps and never has to truncate.
import { formatAge, formatCountdown, headFor, padEnd, repeatText, textWidth, toAscii, truncate, widthUpTo } from './format.js';
import { glyphs, paint, type Glyphs, type Role, type Theme } from './theme.js';
import type { TimeText } from './time-texts.js';

export interface Segment {
  text: string;
  role?: Role;
}

export type Line = Segment[];

/** A block of lines, plus the times shown in it as ages or countdowns (so the clock knows when to tick). */
export interface Section {
  lines: Line[];
  times: TimeText[];
}

/** What every builder needs: the frozen clock, the theme and its glyphs, and the width to fill. */
export interface Ctx {
  now: number;
  theme: Theme;
  g: Glyphs;
  width: number;
}

export function makeCtx(now: number, theme: Theme, width: number): Ctx {
  return { now, theme, g: glyphs(theme), width };
}

export const s = (text: string, role?: Role): Segment => (role === undefined ? { text } : { text, role });

/** The line as one string, each segment in its role's colour (SGR codes; none without colour). */
export function paintLine(line: Line, theme: Theme): string {
  let text = '';
  for (const seg of line) text += paint(theme, seg.role, seg.text);
  return text;
}

export function lineWidth(line: Line): number {
  return line.reduce((n, seg) => n + textWidth(seg.text), 0);
}

/** Cells of the line, but at most `cap`: bounded work however long its segments. */
export function lineWidthUpTo(line: Line, cap: number): number {
  let used = 0;
  for (const seg of line) if ((used += widthUpTo(seg.text, cap - used)) >= cap) return cap;
  return used;
}

/**
 * Each segment cut to what `width` cells could show (marked `…` when cut), so spelling a line
 * holding a 16 KB server string in ASCII costs no more than one that fits.
 */
export function clipLine(line: Line, width: number): Line {
  let out: Line | undefined;
  line.forEach((seg, i) => {
    const head = headFor(seg.text, width);
    if (head === seg.text) return;
    out ??= [...line];
    out[i] = { ...seg, text: `${head}…` };
  });
  return out ?? line;
}

/** The line cut to `width` cells, the cut marked with the ellipsis. */
export function fitLine(line: Line, columns: number, ellipsis: string): Line {
  const width = Math.max(0, Math.floor(columns) || 0);
  // Each segment measured once, and only as far as the line could show it.
  const widths = line.map((seg) => widthUpTo(seg.text, width + 1));
  if (widths.reduce((n, w) => n + w, 0) <= width) return line;
  const out: Line = [];
  const ellWidth = textWidth(ellipsis);
  let left = width;
  for (const [i, seg] of line.entries()) {
    const w = widths[i]!;
    if (w <= left - ellWidth) {
      out.push(seg);
      left -= w;
      continue;
    }
    // The cut falls in this segment: keep what fits before the ellipsis.
    const room = left - ellWidth;
    const text = room > 0 ? truncate(seg.text, room, '') + ellipsis : truncate(ellipsis, left, '');
    if (text) out.push({ ...seg, text });
    break;
  }
  return out;
}

/** Items joined by a separator, e.g. `a · b · c`. */
export function joinLines(items: readonly Line[], sep: Segment): Line {
  const out: Line = [];
  items.forEach((item, i) => {
    if (i > 0) out.push(sep);
    out.push(...item);
  });
  return out;
}

/** `left`, then as much space as fits, then `right`; `right` is dropped when both do not fit. */
export function spread(left: Line, right: Line, width: number, gap = 2): Line {
  const lw = lineWidthUpTo(left, width + 1);
  const rw = lineWidthUpTo(right, width + 1);
  if (rw === 0 || lw + gap + rw > width) return left;
  return [...left, s(repeatText(' ', width - lw - rw)), ...right];
}

/** A key hint in a footer: the key bright, what it does dim. */
export const keyHint = (k: string, what: string): Line => [s(k, 'accent'), s(` ${what}`, 'dim')];

/** The footer's hints while a help screen is open, most first. */
export const HELP_HINTS: readonly Line[][] = [[keyHint('j k', 'scroll'), keyHint('?', 'close help'), keyHint('q', 'quit')], [keyHint('?', 'close help'), keyHint('q', 'quit')], [keyHint('?', 'close')]];

/**
 * A footer: the first hint set (most first) that fits beside one of `statuses` (preferred first),
 * the status spread to the right edge; undefined when none fits.
 */
export function fitHints(sets: readonly Line[][], statuses: readonly Line[], width: number): Line | undefined {
  for (const shown of sets) {
    const hints = joinLines(shown, s('  '));
    for (const status of statuses) {
      const line = spread(hints, status, width);
      if (line !== hints) return line;
    }
  }
  return undefined;
}

/** `── title ────────── right ──` across the width. */
export function ruleLine(ctx: Ctx, title: Line, right: Line = []): Line {
  const { g, width } = ctx;
  const lead = g.rule.repeat(2);
  const head: Line = [s(`${lead} `, 'dim'), ...title, s(' ')];
  const tail: Line = right.length > 0 ? [s(' '), ...right, s(' '), s(lead, 'dim')] : [];
  // Bounded: a logs pane titled by a 16 KB replica name costs no more than a short one.
  const used = lineWidthUpTo(head, width + 1) + lineWidthUpTo(tail, width + 1);
  if (used > width) return fitLine([...head, ...tail], width, g.ellipsis);
  const fill = Math.floor((width - used) / textWidth(g.rule));
  return [...head, s(repeatText(g.rule, fill), 'dim'), ...tail];
}

/** A cell padded or cut to exactly `width` cells (spelled in ASCII first when the theme wants it, so widths hold). */
export function cell(text: string, width: number, ctx: Ctx, role?: Role): Segment {
  const head = headFor(text, width);
  const shown = head === text ? text : `${head}…`;
  return s(padEnd(ctx.theme.ascii ? toAscii(shown) : shown, width, ctx.g.ellipsis), role);
}

/** The line with every segment spelled in ASCII. */
export function asciiLine(line: Line): Line {
  return line.map((seg) => ({ ...seg, text: toAscii(seg.text) }));
}

/** A finished screen line: spelled in ASCII when the theme wants it, and cut to `columns`. */
export function screenLine(line: Line, columns: number, theme: Theme): Line {
  const { ellipsis } = glyphs(theme);
  return fitLine(theme.ascii ? asciiLine(clipLine(line, columns)) : line, columns, ellipsis);
}

/** An age (`12s`) that the clock must refresh when it changes. */
export function age(ctx: Ctx, times: TimeText[], from: number): string {
  times.push({ kind: 'age', from });
  return formatAge(ctx.now - from);
}

/** A countdown (`12s`) that the clock must refresh when it changes. */
export function countdown(ctx: Ctx, times: TimeText[], to: number): string {
  times.push({ kind: 'countdown', to });
  return formatCountdown(to - ctx.now);
}
