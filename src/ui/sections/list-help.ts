// The list's keys, shown in place of the table while `?` is open (laid out like the watch's help:
// key-help.ts).
import type { Ctx } from '../line.js';
import { keyHelpSection, type HelpSection, type KeyGroup } from './key-help.js';

function groups(ctx: Ctx): KeyGroup[] {
  const { g } = ctx;
  return [
    {
      title: 'keys on the list',
      keys: [
        ['enter', 'watch the selected one, or the marked ones side by side'],
        ['m', 'mark / unmark (Esc in the panels comes back, marks kept)'],
        ['/', 'filter by name, status or image as you type; enter keeps it'],
        ['esc', 'clear the filter'],
        ['s  S', 'sort by the next column / reverse the order'],
        ['r', 'refresh now'],
        ['?', 'this help; ? or Esc closes it'],
        ['Ctrl-Z', 'suspend; fg comes back'],
        ['q  Ctrl-C', 'quit'],
      ],
    },
    {
      title: 'moving',
      keys: [
        [`${g.up} ${g.down}  j k`, 'move the selection'],
        ['PgUp PgDn', 'a screen at a time'],
        ['g G  Home End', 'the first / the last'],
      ],
    },
  ];
}

/** The list's help in `rows` lines from line `offset` (`more`: a wrapper's keys, after the list's). */
export function listHelpSection(ctx: Ctx, rows: number, offset = 0, more: readonly KeyGroup[] = []): HelpSection {
  return keyHelpSection(ctx, [...groups(ctx), ...more], rows, offset);
}
