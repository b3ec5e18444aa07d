// Colours and glyphs, and their NO_COLOR and ASCII fallbacks: the only place either is chosen.
// Every state is also spelled out in words, so nothing depends on colour to be read.
import type { ReplicaHealth, Severity } from '../watch/types.js';
import type { ProgressPhase } from '../watch/progress.js';

export interface Theme {
  /** Colours and text styles; false renders no escape sequence at all. */
  color: boolean;
  /** Only 7-bit ASCII characters on screen. */
  ascii: boolean;
}

export const defaultTheme: Theme = { color: true, ascii: false };

export interface Glyphs {
  dot: string;
  hollow: string;
  cross: string;
  check: string;
  warn: string;
  info: string;
  idle: string;
  full: string;
  empty: string;
  rule: string;
  arrow: string;
  from: string;
  ellipsis: string;
  up: string;
  down: string;
  left: string;
  right: string;
  times: string;
  dash: string;
  sep: string;
}

const UNICODE: Glyphs = {
  dot: '●', hollow: '○', cross: '✖', check: '✔', warn: '▲', info: '•', idle: '·',
  full: '█', empty: '░', rule: '─', arrow: '→', from: '←', ellipsis: '…',
  up: '↑', down: '↓', left: '←', right: '→', times: '×', dash: '–', sep: '·',
};

const ASCII: Glyphs = {
  dot: '*', hollow: 'o', cross: 'x', check: '+', warn: '!', info: '-', idle: '-',
  full: '#', empty: '-', rule: '-', arrow: '->', from: '<-', ellipsis: '...',
  up: '^', down: 'v', left: '<', right: '>', times: 'x', dash: '-', sep: '|',
};

export function glyphs(theme: Theme): Glyphs {
  return theme.ascii ? ASCII : UNICODE;
}

/** What a piece of text means; the theme decides what that looks like. */
export type Role = 'plain' | 'ok' | 'warn' | 'error' | 'dim' | 'accent' | 'strong' | 'match';

/**
 * Each role's style as SGR sequences (what chalk writes at its 16-colour level: green, yellow,
 * red, gray, cyan, bold), so a whole line can be one <Text>: a 40-line frame is then 40 text
 * nodes rather than a few hundred.
 */
const SGR: Record<Role, [open: string, close: string] | undefined> = {
  plain: undefined,
  ok: ['\x1b[32m', '\x1b[39m'],
  warn: ['\x1b[33m', '\x1b[39m'],
  error: ['\x1b[31m', '\x1b[39m'],
  dim: ['\x1b[90m', '\x1b[39m'],
  accent: ['\x1b[36m', '\x1b[39m'],
  strong: ['\x1b[1m', '\x1b[22m'],
  // Reverse video: a search match stands out inside a line of any colour.
  match: ['\x1b[7m', '\x1b[27m'],
};

/** `text` styled for `role`; unchanged without colour or without a role. */
export function paint(theme: Theme, role: Role | undefined, text: string): string {
  const codes = theme.color && role ? SGR[role] : undefined;
  return codes && text ? codes[0] + text + codes[1] : text;
}

/** Around a search match, the marks that show it without colour (brackets); none with colour, where the `match` role shows it. */
export function matchMarks(theme: Theme): [open: string, close: string] {
  return theme.color ? ['', ''] : ['[', ']'];
}

export interface Mark {
  glyph: string;
  role: Role;
}

/** The deployment's status badge; an unknown status is shown as it came, uncoloured. */
export function statusMark(theme: Theme, status: string): Mark {
  const g = glyphs(theme);
  switch (status) {
    case 'Ready': return { glyph: g.dot, role: 'ok' };
    case 'Updating':
    case 'Scaling': return { glyph: g.dot, role: 'warn' };
    case 'Failed': return { glyph: g.cross, role: 'error' };
    default: return { glyph: g.dot, role: 'plain' };
  }
}

export function healthMark(theme: Theme, health: ReplicaHealth): Mark {
  const g = glyphs(theme);
  switch (health) {
    case 'ok': return { glyph: g.dot, role: 'ok' };
    case 'progressing': return { glyph: g.hollow, role: 'warn' };
    case 'failing': return { glyph: g.cross, role: 'error' };
    case 'terminated': return { glyph: g.idle, role: 'dim' };
  }
}

/**
 * A timeline event's mark. The four severities read as failure (`error`), warning (`warn`),
 * progress (`ok`: something became ready, completed or came back) and info; each has its own glyph
 * and colour, and a word of the same width for screens without colour.
 */
export interface SeverityMark extends Mark {
  word: string;
}

export function severityMark(theme: Theme, severity: Severity): SeverityMark {
  const g = glyphs(theme);
  switch (severity) {
    case 'error': return { glyph: g.cross, role: 'error', word: 'FAIL' };
    case 'warn': return { glyph: g.warn, role: 'warn', word: 'WARN' };
    case 'ok': return { glyph: g.check, role: 'ok', word: 'ok  ' };
    case 'info': return { glyph: g.info, role: 'dim', word: 'info' };
  }
}

/** The colour of a rollout phase word (watch/progress.ts): trouble red, under way yellow, done green. */
export function progressRole(phase: ProgressPhase): Role {
  switch (phase) {
    case 'steady':
    case 'complete': return 'ok';
    case 'progressing':
    case 'scaling': return 'warn';
    case 'failed':
    case 'stalled': return 'error';
  }
}
