// The panels' keys (`depwatch watch a b c`), shown in place of the panels while `?` is open (laid
// out like the watch's help: key-help.ts).
import type { Ctx } from '../line.js';
import { keyHelpSection, type HelpSection, type KeyGroup } from './key-help.js';

function groups(ctx: Ctx, fromList: boolean): KeyGroup[] {
  const { g } = ctx;
  return [
    {
      title: 'keys on the panels',
      keys: [
        ['enter', 'open the focused one full-screen; Esc there comes back'],
        ...(fromList ? [['esc', 'back to the list, its marks kept'] as const] : []),
        ['r', 'refresh now'],
        ['?', 'this help; ? or Esc closes it'],
        ['Ctrl-Z', 'suspend; fg comes back'],
        ['q  Ctrl-C', 'quit'],
      ],
    },
    {
      title: 'focus',
      keys: [
        ['tab  shift-tab', 'the next / the previous panel'],
        ['1-9', 'that panel'],
        [`${g.left} ${g.right}`, 'the panel beside'],
        [`${g.up} ${g.down}  j k`, 'the panel above / below'],
        ['Home End', 'the first / the last'],
      ],
    },
  ];
}

/** The panels' help in `rows` lines from line `offset` (`more`: a wrapper's keys, after the panels'). */
export function fleetHelpSection(ctx: Ctx, rows: number, offset: number, fromList: boolean, more: readonly KeyGroup[] = []): HelpSection {
  return keyHelpSection(ctx, [...groups(ctx, fromList), ...more], rows, offset);
}
