// The watch's keys, shown in place of the body while `?` is open (laid out by key-help.ts: two
// columns where the width allows, scrolled (j/k) where the height does not).
import type { Ctx } from '../line.js';
import { keyHelpSection, type HelpSection, type KeyGroup } from './key-help.js';

function groups(ctx: Ctx): KeyGroup[] {
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

/** The help in `rows` lines from line `offset` (`more`: a wrapper's keys, after the watch's); the last line says how much is below when it does not all fit. */
export function helpSection(ctx: Ctx, rows: number, offset = 0, more: readonly KeyGroup[] = []): HelpSection {
  return keyHelpSection(ctx, [...groups(ctx), ...more], rows, offset);
}
