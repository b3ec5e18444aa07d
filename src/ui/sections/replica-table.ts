// Replicas, failing first: one row each, columns fitted to the width by need and kept at the same
// widths poll after poll, a cursor on one row, and only the rows on screen formatted.
import type { Deployment, ReplicaEvent } from '../../api/schema.js';
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

export type ColumnKey = 'name' | 'state' | 'ready' | 'revision' | 'preload' | 'message';

export interface Column {
  key: ColumnKey;
  width: number;
}

const GAP = 2;
/** The cursor's mark before each row (`› ` on the selected one). */
const GUTTER = 2;
const HEADERS: Record<ColumnKey, string> = {
  name: 'REPLICA', state: 'STATUS', ready: 'READY', revision: 'REV', preload: 'PRELOAD', message: 'MESSAGE',
};
/**
 * Widths that do not depend on what this poll says, so columns stay put through a crash cycle:
 * the status holds `✖ CrashLoopBackOff ×12`, the preload `InProgress`, an age is at most `120d`.
 */
const FIXED: Partial<Record<ColumnKey, number>> = { state: 22, ready: 5, preload: 10 };
const CAPS: Partial<Record<ColumnKey, number>> = { name: 36, revision: 14 };
const MIN_NAME = 8;
/** The narrowest message column worth having; a failing cause wider than it gets a line of its own. */
const MIN_MESSAGE = 16;
/** Columns added after the name and status while the message keeps its room, most needed first. */
const BY_NEED: ColumnKey[] = ['message', 'ready', 'revision', 'preload'];
/** The order they are drawn in. */
const DRAWN: ColumnKey[] = ['name', 'state', 'ready', 'revision', 'preload', 'message'];

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
function reasonOf(raw: ReplicaHealth, ev: ReplicaEvent, m: ReplicaProgress | undefined, times: string): string {
  const reason = ev.replica_status_reason ?? '';
  if (m === undefined || m.health !== 'failing') return reason;
  const crashes = m.crashes > 1 ? ` ${times}${m.crashes}` : '';
  // Failing with no reason: the status says what (`Exploding`, a state the API added).
  return raw === 'failing' ? `${reason || ev.replica_status || 'failing'}${crashes}` : `failing${crashes}`;
}

/** A replica in the table's order, before any of its cells is formatted. */
export interface ReplicaEntry {
  name: string;
  ev: ReplicaEvent;
  raw: ReplicaHealth;
  /** With memory: a crash-looping replica between two crashes is still failing. */
  health: ReplicaHealth;
}

let lastOrder: { d: Deployment; memory: ReadonlyMap<string, ReplicaProgress>; entries: ReplicaEntry[] } | undefined;

/** Each event's entry, while its name and its health with memory are the same (state.ts keeps an unchanged replica's event object). */
const ENTRIES = new WeakMap<ReplicaEvent, ReplicaEntry>();

function entryOf(name: string, ev: ReplicaEvent, memory: ReadonlyMap<string, ReplicaProgress>): ReplicaEntry {
  const failing = memory.get(name)?.health === 'failing';
  const known = ENTRIES.get(ev);
  if (known?.name === name && known.health === (failing ? 'failing' : known.raw)) return known;
  const raw = replicaHealth(ev);
  const entry: ReplicaEntry = { name, ev, raw, health: failing ? 'failing' : raw };
  ENTRIES.set(ev, entry);
  return entry;
}

/** The replicas failing first, then starting, ready, terminated; by name within. Cheap: nothing is formatted; the same poll is sorted once. */
export function replicaOrder(d: Deployment, memory: ReadonlyMap<string, ReplicaProgress> = NO_MEMORY): ReplicaEntry[] {
  if (lastOrder?.d === d && lastOrder.memory === memory) return lastOrder.entries;
  const all = replicaEntries(d);
  const events = d.replica_events;
  let entries: ReplicaEntry[];
  const previous = lastOrder?.entries;
  if (previous !== undefined && events !== undefined) {
    // In the last poll's order first: the sort (TimSort) finds a rolling poll's order nearly sorted already.
    entries = [];
    for (const e of previous) if (Object.hasOwn(events, e.name)) entries.push(entryOf(e.name, events[e.name]!, memory));
    if (entries.length < all.length) {
      const placed = new Set(entries.map((e) => e.name));
      for (const [name, ev] of all) if (!placed.has(name)) entries.push(entryOf(name, ev, memory));
    }
  } else {
    entries = all.map(([name, ev]) => entryOf(name, ev, memory));
  }
  entries.sort((a, b) => RANK[a.health] - RANK[b.health] || byCodeUnit(a.name, b.name));
  lastOrder = { d, memory, entries };
  return entries;
}

/** What a replica's message cell says (a failing one leads with its cause). */
function entryMessage(e: ReplicaEntry, causes: ReadonlyMap<string, string>, memory: ReadonlyMap<string, ReplicaProgress>): string {
  return messageOf(e.ev.replica_status_message ?? '', causes.get(e.name) ?? (e.health === 'failing' ? memory.get(e.name)?.cause : undefined));
}

function rowOf(e: ReplicaEntry, causes: ReadonlyMap<string, string>, memory: ReadonlyMap<string, ReplicaProgress>, times: string): ReplicaRow {
  const readySince = parseTime(e.ev.replica_ready_since);
  return {
    name: e.name,
    health: e.health,
    status: e.ev.replica_status ?? '?',
    reason: reasonOf(e.raw, e.ev, memory.get(e.name), times),
    message: entryMessage(e, causes, memory),
    ...(readySince === undefined ? {} : { readySince }),
    revision: e.ev.revision_id ?? '',
    preload: e.ev.volume_preload_status ?? '',
  };
}

/**
 * One row per replica in the table's order. `causes`: the causes said lately or read from the
 * logs (watch/failures.ts); `memory`: the progress tracker's replicas (health with memory, crashes
 * seen, the last cause between crashes).
 */
export function replicaRows(d: Deployment, causes: ReadonlyMap<string, string> = NO_CAUSES, memory: ReadonlyMap<string, ReplicaProgress> = NO_MEMORY, times = '×'): ReplicaRow[] {
  return replicaOrder(d, memory).map((e) => rowOf(e, causes, memory, times));
}

function cellText(ctx: Ctx, row: ReplicaRow, key: ColumnKey): string {
  const mark = healthMark(ctx.theme, row.health);
  switch (key) {
    case 'name': return row.name;
    case 'state': return `${mark.glyph} ${row.reason || row.status}`;
    case 'ready': return '';
    case 'revision': return row.revision || '-';
    case 'preload': return row.preload || '-';
    case 'message': return row.message || '-';
  }
}

/** A column's width from what does not change poll to poll: fixed per kind, or the longest name or revision (capped). */
function columnWidth(key: ColumnKey, entries: readonly ReplicaEntry[]): number {
  const fixed = FIXED[key];
  if (fixed !== undefined) return fixed;
  const cap = CAPS[key] ?? 0;
  const value = key === 'name' ? (e: ReplicaEntry) => e.name : (e: ReplicaEntry) => e.ev.revision_id ?? '-';
  // Measured only as far as the cap (a 16 KB name costs no more than a short one), and once per entry (entryOf keeps an unchanged replica's).
  const widths = key === 'name' ? NAME_WIDTHS : REVISION_WIDTHS;
  let w = textWidth(HEADERS[key]);
  for (const e of entries) {
    let width = widths.get(e);
    if (width === undefined) widths.set(e, (width = widthUpTo(value(e), cap)));
    if (width > w) w = width;
  }
  return w;
}

const NAME_WIDTHS = new WeakMap<ReplicaEntry, number>();
const REVISION_WIDTHS = new WeakMap<ReplicaEntry, number>();

/**
 * Columns for `width` (the gutter excluded): the name and the status always; then the message,
 * the ready age, the revision and the preload, in that order, each only while the message keeps
 * MIN_MESSAGE cells. Narrower still, the name gives way first (cut in the middle), then the status.
 */
export function chooseColumns(entries: readonly ReplicaEntry[], width: number): Column[] {
  const name = columnWidth('name', entries);
  const state = columnWidth('state', entries);
  const chosen = new Map<ColumnKey, number>([['name', name], ['state', state]]);
  let used = name + GAP + state;
  if (used > width) {
    const cut = Math.max(MIN_NAME, Math.min(name, width - GAP - state));
    return [{ key: 'name', width: cut }, { key: 'state', width: Math.max(1, width - GAP - cut) }];
  }
  for (const key of BY_NEED) {
    if (key === 'message') {
      if (used + GAP + MIN_MESSAGE > width) break;
      used += GAP;
      chosen.set('message', 0);
      continue;
    }
    const w = columnWidth(key, entries);
    const reserve = chosen.has('message') ? MIN_MESSAGE : 0;
    if (used + GAP + w + reserve > width) break;
    used += GAP + w;
    chosen.set(key, w);
  }
  if (chosen.has('message')) chosen.set('message', width - used);
  return DRAWN.filter((k) => chosen.has(k)).map((key) => ({ key, width: chosen.get(key)! }));
}

function cellRole(row: ReplicaRow, key: ColumnKey, healthRole: Role): Role | undefined {
  if (row.health === 'terminated') return 'dim';
  switch (key) {
    case 'state': return healthRole;
    case 'message': return row.health === 'failing' ? undefined : 'dim';
    case 'preload': return row.preload === 'Failed' ? 'error' : row.preload === 'InProgress' ? 'warn' : 'dim';
    case 'ready': return 'dim';
    default: return undefined;
  }
}

/** A failing replica whose cause does not fit its cell says it on a line of its own, under its row. */
function needsWhyLine(columns: readonly Column[], health: ReplicaHealth, message: string): boolean {
  if (health !== 'failing' || message === '') return false;
  const col = columns.find((c) => c.key === 'message');
  return col === undefined || widthUpTo(message, col.width + 1) > col.width;
}

function rowLine(ctx: Ctx, row: ReplicaRow, columns: readonly Column[], selected: boolean, times: TimeText[]): Line {
  const mark = healthMark(ctx.theme, row.health);
  const line: Line = [s(selected ? `${ctx.theme.ascii ? '>' : '›'} ` : '  ', 'accent')];
  const whyBelow = needsWhyLine(columns, row.health, row.message);
  columns.forEach((col, i) => {
    if (i > 0) line.push(s(repeatText(' ', GAP)));
    let text: string;
    if (col.key === 'ready') text = row.readySince === undefined ? '-' : age(ctx, times, row.readySince);
    else if (col.key === 'name') text = truncateMiddle(row.name, col.width, ctx.g.ellipsis);
    else if (col.key === 'message' && whyBelow) text = ctx.g.down;
    else text = cellText(ctx, row, col.key);
    const role = col.key === 'name' && selected ? 'strong' : cellRole(row, col.key, mark.role);
    // The last column is not padded: trailing spaces would only cost bytes.
    line.push(i === columns.length - 1 ? s(text, role) : cell(text, col.width, ctx, role));
  });
  return line;
}

function headerLine(ctx: Ctx, columns: readonly Column[]): Line {
  const line: Line = [s(repeatText(' ', GUTTER))];
  columns.forEach((col, i) => {
    if (i > 0) line.push(s(repeatText(' ', GAP)));
    line.push(i === columns.length - 1 ? s(HEADERS[col.key], 'dim') : cell(HEADERS[col.key], col.width, ctx, 'dim'));
  });
  return line;
}

export interface TableSection extends Section {
  /** The offset actually used: the requested one clamped to what can scroll, moved to show the cursor. */
  offset: number;
  maxOffset: number;
  /** The replicas' names in the table's order, and the index of the selected one. */
  order: string[];
  cursor: number;
}

/** Where the cursor is: on the replica selected by name while it is listed, else at the same index. */
export interface TableCursor {
  selected?: string | undefined;
  index?: number | undefined;
}

/** The sign before a crash count: `×3`, `x3` in ASCII. */
function crossTimes(ctx: Ctx): string {
  return ctx.theme.ascii ? 'x' : '×';
}

function whyLine(ctx: Ctx, row: ReplicaRow): Line {
  return [s(`    ${ctx.g.arrow} `, 'dim'), s(row.message, 'error')];
}

let lastColumns: { entries: readonly ReplicaEntry[]; width: number; columns: Column[] } | undefined;

/** chooseColumns, once per order and width: a frame counts the table's lines, then draws it. */
function columnsFor(entries: readonly ReplicaEntry[], width: number): Column[] {
  if (lastColumns?.entries !== entries || lastColumns.width !== width) lastColumns = { entries, width, columns: chooseColumns(entries, width) };
  return lastColumns.columns;
}

/** Lines each replica takes at this width: 2 for a failing one whose cause goes under its row. */
function lineCounter(ctx: Ctx, entries: readonly ReplicaEntry[], causes: ReadonlyMap<string, string>, memory: ReadonlyMap<string, ReplicaProgress>) {
  const columns = columnsFor(entries, ctx.width - GUTTER);
  const linesOf = (e: ReplicaEntry) => (e.health === 'failing' && needsWhyLine(columns, e.health, entryMessage(e, causes, memory)) ? 2 : 1);
  return { columns, linesOf };
}

/** Lines the table body wants at this width: one per replica, plus the why-lines of failing ones. */
export function tableBodyLines(ctx: Ctx, d: Deployment, causes: ReadonlyMap<string, string> = NO_CAUSES, memory: ReadonlyMap<string, ReplicaProgress> = NO_MEMORY): number {
  const entries = replicaOrder(d, memory);
  const { linesOf } = lineCounter(ctx, entries, causes, memory);
  return entries.reduce((n, e) => n + linesOf(e), 0);
}

/**
 * Rule line, column headers and `rows` lines of replicas from `offset`, moved so the cursor's row
 * shows; `rows` excludes the two header lines. Only the rows shown are formatted (windowed).
 */
export function replicaTable(
  ctx: Ctx, d: Deployment, offset: number, rows: number,
  causes: ReadonlyMap<string, string> = NO_CAUSES, memory: ReadonlyMap<string, ReplicaProgress> = NO_MEMORY,
  at: TableCursor = {},
): TableSection {
  const all = replicaOrder(d, memory);
  const order = all.map((e) => e.name);
  const { columns, linesOf } = lineCounter(ctx, all, causes, memory);
  const byName = at.selected === undefined ? -1 : order.indexOf(at.selected);
  const cursor = all.length === 0 ? 0 : byName >= 0 ? byName : Math.min(Math.max(0, Math.floor(at.index ?? 0) || 0), all.length - 1);
  // The largest offset that still fills the body: count back from the end.
  let maxOffset = all.length;
  for (let used = 0; maxOffset > 0 && used + linesOf(all[maxOffset - 1]!) <= rows; ) used += linesOf(all[--maxOffset]!);
  let from = Math.min(Math.max(0, Math.floor(offset) || 0), maxOffset);
  if (cursor < from) from = cursor;
  else if (all.length > 0) {
    // The first offset from which the cursor's row (and its why-line) still shows.
    let first = cursor + 1;
    for (let used = 0; first > 0 && used + linesOf(all[first - 1]!) <= rows; ) used += linesOf(all[--first]!);
    from = Math.max(from, Math.min(first, cursor));
  }
  const visible: ReplicaEntry[] = [];
  for (let i = from, used = 0; i < all.length && used + linesOf(all[i]!) <= rows; i++) {
    visible.push(all[i]!);
    used += linesOf(all[i]!);
  }
  const times: TimeText[] = [];

  const counts = new Map<ReplicaHealth, number>();
  for (const e of all) counts.set(e.health, (counts.get(e.health) ?? 0) + 1);
  const title: Line = [s('replicas', 'strong'), s(` ${all.length}`)];
  for (const [health, word, role] of [['ok', 'ready', 'ok'], ['progressing', 'starting', 'warn'], ['failing', 'failing', 'error'], ['terminated', 'terminated', 'dim']] as const) {
    const n = counts.get(health) ?? 0;
    if (n > 0) title.push(s(` ${ctx.g.sep} `, 'dim'), s(`${n} ${word}`, role));
  }
  const hints: Line = [];
  if (from > 0) hints.push(s(`${ctx.g.up} ${from} more`, 'accent'));
  const below = all.length - from - visible.length;
  if (below > 0) hints.push(...(hints.length > 0 ? [s('  ')] : []), s(`${ctx.g.down} ${below} more`, 'accent'));

  const lines: Line[] = [ruleLine(ctx, title, hints)];
  if (all.length === 0) {
    lines.push([s('no replicas reported', 'dim')]);
    return { lines, times, offset: 0, maxOffset: 0, order, cursor: 0 };
  }
  lines.push(headerLine(ctx, columns));
  const x = crossTimes(ctx);
  visible.forEach((e, i) => {
    const row = rowOf(e, causes, memory, x);
    lines.push(rowLine(ctx, row, columns, from + i === cursor, times));
    if (needsWhyLine(columns, row.health, row.message)) lines.push(whyLine(ctx, row));
  });
  return { lines, times, offset: from, maxOffset, order, cursor };
}
