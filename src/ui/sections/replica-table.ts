// Replicas, failing first: one row each, columns fitted to the width, scrolled by an offset.
import type { Deployment } from '../../api/schema.js';
import { byCodeUnit } from '../../watch/compare.js';
import type { ReplicaProgress } from '../../watch/progress.js';
import { replicaEntries, replicaHealth } from '../../watch/replica.js';
import type { ReplicaHealth } from '../../watch/types.js';
import { parseTime, repeatText, textWidth, truncateMiddle, widthUpTo } from '../format.js';
import { age, cell, ruleLine, s, type Ctx, type Line, type Section } from '../line.js';
import { healthMark, type Role } from '../theme.js';
import type { TimeText } from '../time-texts.js';

export interface ReplicaRow {
  name: string;
  /** With memory: a crash-looping replica between two crashes is still failing. */
  health: ReplicaHealth;
  status: string;
  reason: string;
  message: string;
  readySince?: number;
  revision: string;
  preload: string;
}

export type ColumnKey = 'name' | 'status' | 'reason' | 'state' | 'ready' | 'revision' | 'preload' | 'message';

export interface Column {
  key: ColumnKey;
  width: number;
}

const GAP = 2;
const HEADERS: Record<ColumnKey, string> = {
  name: 'REPLICA', status: 'STATUS', reason: 'REASON', state: 'STATUS', ready: 'READY',
  revision: 'REV', preload: 'PRELOAD', message: 'MESSAGE',
};
const CAPS: Partial<Record<ColumnKey, number>> = { name: 36, status: 14, reason: 22, state: 24, revision: 14, preload: 12 };
const MIN_NAME = 8;

/**
 * Column sets from widest to narrowest; the first that fits wins. Narrow sets fold reason into
 * status the way kubectl does (`✖ CrashLoopBackOff`), then give up preload for a message (only
 * when some replica has one), then drop the message, revision and age.
 */
const SETS: { keys: ColumnKey[]; minMessage?: number; onlyWithMessages?: boolean }[] = [
  { keys: ['name', 'status', 'reason', 'ready', 'revision', 'preload', 'message'], minMessage: 24 },
  { keys: ['name', 'state', 'ready', 'revision', 'preload', 'message'], minMessage: 20 },
  { keys: ['name', 'state', 'ready', 'revision', 'message'], minMessage: 20, onlyWithMessages: true },
  { keys: ['name', 'state', 'ready', 'revision', 'preload'] },
  { keys: ['name', 'state', 'ready', 'revision'] },
  { keys: ['name', 'state', 'ready'] },
  { keys: ['name', 'state'] },
];

/** A failing replica's message leads with why it crashed, when an earlier poll said (watch/failures.ts). */
function messageOf(message: string, cause: string | undefined): string {
  if (cause === undefined || cause === message) return message;
  return message ? `${cause} (${message})` : cause;
}

const NO_CAUSES: ReadonlyMap<string, string> = new Map();
const NO_MEMORY: ReadonlyMap<string, ReplicaProgress> = new Map();
const RANK: Record<ReplicaHealth, number> = { failing: 0, progressing: 1, ok: 2, terminated: 3 };

/**
 * The reason shown: the API's, with the crashes seen when more than one (`CrashLoopBackOff ×3`);
 * between two crashes (the API says Running, not ready) `failing ×3` instead of a healthy-looking Running.
 */
function reasonOf(raw: ReplicaHealth, reason: string, m: ReplicaProgress | undefined, times: string): string {
  if (m === undefined || m.health !== 'failing') return reason;
  const crashes = m.crashes > 1 ? ` ${times}${m.crashes}` : '';
  return raw === 'failing' ? `${reason || 'failing'}${crashes}` : `failing${crashes}`;
}

/**
 * One row per replica, failing ones first, then starting, ready, terminated; by name within.
 * `causes`: the causes said lately or read from the logs (watch/failures.ts); `memory`: the
 * progress tracker's replicas (health with memory, crashes seen, the last cause between crashes).
 */
export function replicaRows(d: Deployment, causes: ReadonlyMap<string, string> = NO_CAUSES, memory: ReadonlyMap<string, ReplicaProgress> = NO_MEMORY, times = '×'): ReplicaRow[] {
  const rows = replicaEntries(d).map(([name, ev]): ReplicaRow => {
    const readySince = parseTime(ev.replica_ready_since);
    const raw = replicaHealth(ev);
    const m = memory.get(name);
    const health = m?.health === 'failing' ? 'failing' : raw;
    return {
      name,
      health,
      status: ev.replica_status ?? '?',
      reason: reasonOf(raw, ev.replica_status_reason ?? '', m, times),
      message: messageOf(ev.replica_status_message ?? '', causes.get(name) ?? (health === 'failing' ? m?.cause : undefined)),
      ...(readySince === undefined ? {} : { readySince }),
      revision: ev.revision_id ?? '',
      preload: ev.volume_preload_status ?? '',
    };
  });
  return rows.sort((a, b) => RANK[a.health] - RANK[b.health] || byCodeUnit(a.name, b.name));
}

function cellText(ctx: Ctx, row: ReplicaRow, key: ColumnKey): string {
  const mark = healthMark(ctx.theme, row.health);
  switch (key) {
    case 'name': return row.name;
    case 'status': return `${mark.glyph} ${row.status}`;
    case 'state': return `${mark.glyph} ${row.reason || row.status}`;
    case 'reason': return row.reason || '-';
    case 'ready': return '';
    case 'revision': return row.revision || '-';
    case 'preload': return row.preload || '-';
    case 'message': return row.message || '-';
  }
}

function naturalWidth(ctx: Ctx, rows: readonly ReplicaRow[], key: ColumnKey): number {
  // Ages are at most 4 cells (`120d`); the header is wider, so the column never moves as they grow.
  if (key === 'ready') return textWidth(HEADERS.ready);
  // Measured only as far as the cap: a 16 KB reason costs no more than a short one.
  const cap = CAPS[key] ?? ctx.width;
  return rows.reduce((w, row) => Math.max(w, widthUpTo(cellText(ctx, row, key), cap)), textWidth(HEADERS[key]));
}

/** Columns for `width`: widths from every replica (not just the visible ones), so scrolling does not shift them. */
export function chooseColumns(ctx: Ctx, rows: readonly ReplicaRow[], width: number): Column[] {
  const hasMessages = rows.some((r) => r.message !== '');
  for (const set of SETS) {
    if (set.onlyWithMessages && !hasMessages) continue;
    const fixed = set.keys.filter((k) => k !== 'message').map((key) => ({ key, width: naturalWidth(ctx, rows, key) }));
    const used = fixed.reduce((n, c) => n + c.width, 0) + GAP * (set.keys.length - 1);
    if (set.minMessage !== undefined) {
      if (width - used >= set.minMessage) return [...fixed, { key: 'message', width: width - used }];
    } else if (used <= width) {
      return fixed;
    }
  }
  // Narrower still: the name gives way first (cut in the middle), then the status is cut.
  const state = naturalWidth(ctx, rows, 'state');
  const name = Math.max(MIN_NAME, Math.min(naturalWidth(ctx, rows, 'name'), width - GAP - state));
  return [{ key: 'name', width: name }, { key: 'state', width: Math.max(1, width - GAP - name) }];
}

function cellRole(row: ReplicaRow, key: ColumnKey, healthRole: Role): Role | undefined {
  if (row.health === 'terminated') return 'dim';
  switch (key) {
    case 'status':
    case 'state': return healthRole;
    case 'reason': return row.reason ? healthRole : 'dim';
    case 'message': return row.health === 'failing' ? undefined : 'dim';
    case 'preload': return row.preload === 'Failed' ? 'error' : row.preload === 'InProgress' ? 'warn' : 'dim';
    case 'ready': return 'dim';
    default: return undefined;
  }
}

function rowLine(ctx: Ctx, row: ReplicaRow, columns: readonly Column[], times: TimeText[]): Line {
  const mark = healthMark(ctx.theme, row.health);
  const line: Line = [];
  columns.forEach((col, i) => {
    if (i > 0) line.push(s(repeatText(' ', GAP)));
    let text: string;
    if (col.key === 'ready') text = row.readySince === undefined ? '-' : age(ctx, times, row.readySince);
    else if (col.key === 'name') text = truncateMiddle(row.name, col.width, ctx.g.ellipsis);
    else text = cellText(ctx, row, col.key);
    // The last column is not padded: trailing spaces would only cost bytes.
    const last = i === columns.length - 1;
    line.push(last ? s(text, cellRole(row, col.key, mark.role)) : cell(text, col.width, ctx, cellRole(row, col.key, mark.role)));
  });
  return line;
}

function headerLine(ctx: Ctx, columns: readonly Column[]): Line {
  const line: Line = [];
  columns.forEach((col, i) => {
    if (i > 0) line.push(s(repeatText(' ', GAP)));
    line.push(i === columns.length - 1 ? s(HEADERS[col.key], 'dim') : cell(HEADERS[col.key], col.width, ctx, 'dim'));
  });
  return line;
}

export interface TableSection extends Section {
  /** The offset actually used: the requested one clamped to what can scroll. */
  offset: number;
  maxOffset: number;
}

/**
 * When the width leaves no message column, a failing replica still says why: on a line of its
 * own under its row. Which rows get one.
 */
function needsWhyLine(columns: readonly Column[], row: ReplicaRow): boolean {
  return row.health === 'failing' && row.message !== '' && !columns.some((c) => c.key === 'message');
}

/** The sign before a crash count: `×3`, `x3` in ASCII. */
function crossTimes(ctx: Ctx): string {
  return ctx.theme.ascii ? 'x' : '×';
}

function whyLine(ctx: Ctx, row: ReplicaRow): Line {
  return [s(`  ${ctx.g.arrow} `, 'dim'), s(row.message, 'error')];
}

/** Lines the table body wants at this width: one per replica, plus the why-lines of failing ones. */
export function tableBodyLines(ctx: Ctx, d: Deployment, causes: ReadonlyMap<string, string> = NO_CAUSES, memory: ReadonlyMap<string, ReplicaProgress> = NO_MEMORY): number {
  const all = replicaRows(d, causes, memory, crossTimes(ctx));
  const columns = chooseColumns(ctx, all, ctx.width);
  return all.length + all.filter((row) => needsWhyLine(columns, row)).length;
}

/** Rule line, column headers and `rows` lines of replicas from `offset`; `rows` excludes the two header lines. */
export function replicaTable(
  ctx: Ctx, d: Deployment, offset: number, rows: number,
  causes: ReadonlyMap<string, string> = NO_CAUSES, memory: ReadonlyMap<string, ReplicaProgress> = NO_MEMORY,
): TableSection {
  const all = replicaRows(d, causes, memory, crossTimes(ctx));
  const columns = chooseColumns(ctx, all, ctx.width);
  const linesOf = (row: ReplicaRow) => (needsWhyLine(columns, row) ? 2 : 1);
  // The largest offset that still fills the body: count back from the end.
  let maxOffset = all.length;
  for (let used = 0; maxOffset > 0 && used + linesOf(all[maxOffset - 1]!) <= rows; ) used += linesOf(all[--maxOffset]!);
  const from = Math.min(Math.max(0, Math.floor(offset) || 0), maxOffset);
  const visible: ReplicaRow[] = [];
  for (let i = from, used = 0; i < all.length && used + linesOf(all[i]!) <= rows; i++) {
    visible.push(all[i]!);
    used += linesOf(all[i]!);
  }
  const times: TimeText[] = [];

  const count = (health: ReplicaHealth) => all.filter((r) => r.health === health).length;
  const title: Line = [s('replicas', 'strong'), s(` ${all.length}`)];
  for (const [health, word, role] of [['ok', 'ready', 'ok'], ['progressing', 'starting', 'warn'], ['failing', 'failing', 'error'], ['terminated', 'terminated', 'dim']] as const) {
    const n = count(health);
    if (n > 0) title.push(s(` ${ctx.g.sep} `, 'dim'), s(`${n} ${word}`, role));
  }
  const hints: Line = [];
  if (from > 0) hints.push(s(`${ctx.g.up} ${from} more`, 'accent'));
  const below = all.length - from - visible.length;
  if (below > 0) hints.push(...(hints.length > 0 ? [s('  ')] : []), s(`${ctx.g.down} ${below} more`, 'accent'));

  const lines: Line[] = [ruleLine(ctx, title, hints)];
  if (all.length === 0) {
    lines.push([s('no replicas reported', 'dim')]);
    return { lines, times, offset: 0, maxOffset: 0 };
  }
  lines.push(headerLine(ctx, columns));
  for (const row of visible) {
    lines.push(rowLine(ctx, row, columns, times));
    if (needsWhyLine(columns, row)) lines.push(whyLine(ctx, row));
  }
  return { lines, times, offset: from, maxOffset };
}
