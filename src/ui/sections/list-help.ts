// The list's keys, shown in place of the table while `?` is open (the watch has its own: help.ts).
import { ruleLine, s, type Ctx, type Line } from '../line.js';

export function listHelpLines(ctx: Ctx): Line[] {
  const { g } = ctx;
  const keys: [string, string][] = [
    [`${g.up} ${g.down}  j k`, 'move the selection'],
    ['PgUp PgDn', 'a screen at a time'],
    ['g G  Home End', 'the first / the last'],
    ['enter', 'watch the selected one; with marks, the marked ones side by side'],
    ['m', 'mark / unmark (Esc in the panels comes back, marks kept)'],
    ['/', 'filter by name, status or image as you type; enter keeps it'],
    ['esc', 'clear the filter'],
    ['s  S', 'sort by the next column / reverse the order'],
    ['r', 'refresh now'],
    ['?', 'close this help'],
    ['q  Ctrl-C', 'quit'],
  ];
  const row = ([k, what]: [string, string]): Line => [s(`  ${k.padEnd(14)}`, 'accent'), s(what)];
  return [ruleLine(ctx, [s('keys on the list', 'strong')]), ...keys.map(row)];
}
