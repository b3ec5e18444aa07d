// The keys, shown in place of the body while `?` is open.
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
    ['?  Esc', 'close help; Esc also closes logs, and goes back to the list if you came from it'],
  ];
  const lines: Line[] = [
    ruleLine(ctx, [s('keys', 'strong')]),
    ...keys.map(([k, what]): Line => [s(`  ${k.padEnd(12)}`, 'accent'), s(what)]),
  ];
  return { lines: lines.slice(0, Math.max(0, rows)), times: [] };
}
