// The keys, shown in place of the body while `?` is open: two columns where the width allows,
// scrolled (j/k) where the height does not.
import { repeatText } from '../format.js';
import { fitLine, lineWidth, ruleLine, s, type Ctx, type Line, type Section } from '../line.js';

type Group = { title: string; keys: [string, string][] };

/** The widest a column is drawn; two fit side by side from twice this (and a gap). */
const COLUMN = 78;
const GAP = 2;

function groups(ctx: Ctx): Group[] {
  const { g } = ctx;
  return [
    {
      title: 'keys',
      keys: [
        ['q  Ctrl-C', 'quit'],
        ['Ctrl-Z', 'suspend; fg comes back'],
        ['r', 'poll now'],
        ['p', 'pause / resume polling'],
        [`${g.up} ${g.down}  j k`, 'move the cursor in the replicas'],
        ['PgUp PgDn', 'the same, ten at a time'],
        ['Enter  d', 'describe the replica under the cursor'],
        ['l', "the replica's logs; l again closes"],
        ['t', 'the timeline, full height; t again closes'],
        ['?', 'this help; ? or Esc closes it'],
        ['Esc', 'back: closes a pane, then to the list'],
      ],
    },
    {
      title: 'in the logs',
      keys: [
        [`${g.left} ${g.right}`, "the previous / next replica's logs"],
        [`${g.up} ${g.down}  j k`, 'back / forward (PgUp PgDn ten; g G the oldest / newest)'],
        ['/  n N', 'search as you type (Enter keeps, Esc clears); n N next / previous'],
        ['f  w  s', 'pause / follow; wrap long lines / cut them; save them to a file'],
      ],
    },
    {
      title: 'in the timeline',
      keys: [
        [`${g.up} ${g.down}  j k`, 'older / newer events; PgUp PgDn ten'],
        ['g  G', 'the newest / the oldest'],
        ['/', 'filter as you type; Enter keeps, Esc clears'],
        ['t  Esc', 'close (Esc clears the filter first)'],
      ],
    },
  ];
}

function groupLines(ctx: Ctx, group: Group): Line[] {
  const row = ([k, what]: [string, string]): Line => [s(`  ${k.padEnd(12)}`, 'accent'), s(what)];
  return [ruleLine(ctx, [s(group.title, 'strong')]), ...group.keys.map(row)];
}

export interface HelpSection extends Section {
  offset: number;
  maxOffset: number;
}

/** The help in `rows` lines from line `offset`; the last line says how much is below when it does not all fit. */
export function helpSection(ctx: Ctx, rows: number, offset = 0): HelpSection {
  const [first, ...rest] = groups(ctx);
  let lines: Line[];
  if (ctx.width >= 2 * COLUMN + GAP) {
    const width = Math.floor((ctx.width - GAP) / 2);
    const col = { ...ctx, width };
    const left = groupLines(col, first!);
    const right = rest.flatMap((group) => groupLines(col, group));
    lines = Array.from({ length: Math.max(left.length, right.length) }, (_, i) => {
      const l = fitLine(left[i] ?? [], width, ctx.g.ellipsis);
      return [...l, s(repeatText(' ', Math.max(0, width - lineWidth(l)) + GAP)), ...(right[i] ?? [])];
    });
  } else {
    lines = [first!, ...rest].flatMap((group) => groupLines(ctx, group));
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
