// The keys, shown in place of the body while `?` is open: the watch's, then the timeline pane's.
import { ruleLine, s, type Ctx, type Line, type Section } from '../line.js';

export function helpSection(ctx: Ctx, rows: number): Section {
  const { g } = ctx;
  const keys: [string, string][] = [
    ['q  Ctrl-C', 'quit'],
    ['r', 'poll now'],
    ['p', 'pause / resume polling'],
    [`${g.up} ${g.down}  j k`, 'scroll replicas; in logs, back / forward'],
    ['PgUp PgDn', 'the same, ten at a time'],
    ['l', 'logs of a replica (failing ones first); l again closes'],
    [`${g.left} ${g.right}`, "the previous / next replica's logs"],
    ['t', 'the timeline, full height; t again closes'],
    ['?  Esc', 'close help; Esc also closes logs, and goes back to the list if you came from it'],
  ];
  const timeline: [string, string][] = [
    [`${g.up} ${g.down}  j k`, 'older / newer events; PgUp PgDn ten at a time'],
    ['g  G', 'the newest / the oldest'],
    ['/', 'filter by text, live as you type; Enter keeps it, Esc clears it'],
    ['t  Esc', 'close (Esc clears the filter first)'],
  ];
  const row = ([k, what]: [string, string]): Line => [s(`  ${k.padEnd(12)}`, 'accent'), s(what)];
  const lines: Line[] = [ruleLine(ctx, [s('keys', 'strong')]), ...keys.map(row), ruleLine(ctx, [s('in the timeline', 'strong')]), ...timeline.map(row)];
  return { lines: lines.slice(0, Math.max(0, rows)), times: [] };
}
