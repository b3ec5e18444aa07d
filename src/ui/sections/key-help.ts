// A screen's keys, shown in place of its body while `?` is open (the watch, the list, the panels, and
// a replay's own keys after theirs): groups of
// `key  what it does`, two columns where the width allows, descriptions wrapped where it does not,
// scrolled where the height does not.
import { padEnd, repeatText, textWidth } from '../format.js';
import { fitLine, lineWidth, ruleLine, s, type Ctx, type Line, type Section } from '../line.js';
import { wrapLine } from '../wrap-line.js';

export interface KeyGroup {
  title: string;
  keys: readonly (readonly [key: string, what: string])[];
}

/** The widest a column is drawn; two fit side by side from twice this (and a gap). */
const COLUMN = 78;
const GAP = 2;
const INDENT = 2;
/** Narrower than this beside its key, a description goes under it. */
const MIN_WHAT = 20;

function groupLines(ctx: Ctx, group: KeyGroup, keyWidth: number): Line[] {
  const pad = repeatText(' ', INDENT + keyWidth);
  const row = ([k, what]: readonly [string, string]): Line[] => {
    const key = s(`${repeatText(' ', INDENT)}${padEnd(k, keyWidth)}`, 'accent');
    const room = ctx.width - INDENT - keyWidth;
    if (room >= MIN_WHAT) return wrapLine([s(what)], room, { words: true }).map((line, i) => [i === 0 ? key : s(pad), ...line]);
    // Too narrow to stand beside its key: the description under it, indented a little more.
    const under = repeatText(' ', 2 * INDENT);
    return [[key], ...wrapLine([s(what)], ctx.width - 2 * INDENT, { words: true }).map((line) => [s(under), ...line])];
  };
  return [ruleLine(ctx, [s(group.title, 'strong')]), ...group.keys.flatMap(row)];
}

export interface HelpSection extends Section {
  offset: number;
  maxOffset: number;
}

/**
 * The groups in `rows` lines from line `offset` (the first group on the left, the rest on the
 * right when two columns fit); the last line says how much is below when it does not all fit.
 */
export function keyHelpSection(ctx: Ctx, groups: readonly KeyGroup[], rows: number, offset = 0): HelpSection {
  const [first, ...rest] = groups;
  // The keys' column: wide enough for the longest key, and the same in every group.
  const keyWidth = Math.max(12, ...groups.flatMap((g) => g.keys.map(([k]) => textWidth(k) + 2)));
  let lines: Line[];
  if (first && rest.length > 0 && ctx.width >= 2 * COLUMN + GAP) {
    const width = Math.floor((ctx.width - GAP) / 2);
    const col = { ...ctx, width };
    const left = groupLines(col, first, keyWidth);
    const right = rest.flatMap((group) => groupLines(col, group, keyWidth));
    lines = Array.from({ length: Math.max(left.length, right.length) }, (_, i) => {
      const l = fitLine(left[i] ?? [], width, ctx.g.ellipsis);
      return [...l, s(repeatText(' ', Math.max(0, width - lineWidth(l)) + GAP)), ...(right[i] ?? [])];
    });
  } else {
    lines = groups.flatMap((group) => groupLines(ctx, group, keyWidth));
  }
  const height = Math.max(0, rows);
  if (lines.length <= height) return { lines, times: [], offset: 0, maxOffset: 0 };
  // Room for the last line's hint.
  const room = Math.max(0, height - 1);
  const maxOffset = lines.length - room;
  const from = Math.min(Math.max(0, Math.floor(offset) || 0), maxOffset);
  const shown = lines.slice(from, from + room);
  const below = lines.length - from - shown.length;
  const hint = below > 0 ? `${ctx.g.down} ${below} more (j k scroll)` : `${ctx.g.up} top: k`;
  return { lines: height > 0 ? [...shown, [s(hint, 'accent')]] : [], times: [], offset: from, maxOffset };
}
