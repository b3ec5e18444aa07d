// The list's table: which columns fit the width (the least useful dropped first; never the name,
// the status or ready/desired) and each row's cells. Widths come from every listed deployment's
// configuration, not from what changes each poll, so a crash loop does not shift the columns.
import { phaseText } from '../../watch/rollout.js';
import type { ProgressView } from '../../watch/progress.js';
import type { Rollout } from '../../watch/types.js';
import { formatAgo, truncateMiddle, widthUpTo } from '../format.js';
import { cell, s, type Ctx, type Line, type Segment } from '../line.js';
import { progressRole, statusMark } from '../theme.js';
import type { ListRow } from './list-order.js';

type ColumnId = 'name' | 'status' | 'ready' | 'scale' | 'gpu' | 'image' | 'rollout' | 'updated';

interface Column {
  id: ColumnId;
  title: string;
  width: number;
}

const GAP = 2;
const STATUS_WIDTH = 12; // a glyph, a space and the longest status word (`Initializing`, cut at 10)
/** The longest rollout cell other than progress (`scaling down`), and the most any row asks for. */
const ROLLOUT_WORDS = 12;
const ROLLOUT_MAX = 28;
const UPDATED_WIDTH = 8; // `100d ago`
/** The optional columns, the most useful first: the last ones go first when the width runs out. */
const KEEP_ORDER: readonly ColumnId[] = ['rollout', 'image', 'updated', 'gpu', 'scale'];
/** The order the columns read in, left to right. */
const SHOWN_ORDER: readonly ColumnId[] = ['name', 'status', 'ready', 'scale', 'gpu', 'image', 'rollout', 'updated'];
/** The least of a name shown, even where status and ready/desired do not fit beside it. */
const NAME_MIN = 8;
/** The name gives up width to the optional columns down to this. */
const NAME_FLOOR = 12;

const digits = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? 1 : String(Math.trunc(n)).length);

export function scaleText(row: ListRow, ctx: Ctx): string {
  const { min_replicas: min, max_replicas: max } = row.d;
  if (min === undefined && max === undefined) return '';
  return `${min ?? '?'}${ctx.g.dash}${max ?? '?'}`;
}

export function gpuText(row: ListRow, ctx: Ctx): string {
  const { gpu_type: type, gpu_count: count } = row.d;
  if (type === undefined && count === undefined) return '';
  return `${type ?? '?'}${count === undefined ? '' : `${ctx.g.times}${count}`}`;
}

/**
 * The rollout column, from the progress tracker's memory (list-session.ts), so a crash loop does
 * not flip failed → progressing → failed with each back-off: `progressing 2/3`, `failed`,
 * `stalled`, `complete`, `scaling up`; blank when steady.
 */
function rolloutText(view: ProgressView | undefined, r: Rollout | undefined): string {
  if (!view || !r) return '';
  switch (view.phase) {
    case 'progressing': return `progressing ${view.targetReady}/${r.doubtful ? '?' : view.desired}`;
    case 'scaling': return phaseText(r);
    case 'steady': return '';
    default: return view.phase;
  }
}

interface RowWidths {
  ascii: boolean;
  name: number;
  ready: number;
  scale: number;
  gpu: number;
  image: number;
  rollout: number;
}

/** What each row asks of the columns, measured once per row (list-order.ts keeps an unchanged deployment's row) and glyph set. */
const WIDTHS = new WeakMap<ListRow, RowWidths>();

function widthsOf(row: ListRow, ctx: Ctx): RowWidths {
  const known = WIDTHS.get(row);
  if (known?.ascii === ctx.theme.ascii) return known;
  const r = row.rollout;
  const widths: RowWidths = {
    ascii: ctx.theme.ascii,
    name: widthUpTo(row.name, 40),
    // Sized by the desired count's digits (twice, for `ready/desired`), a doubtful count up to 11.
    ready: r?.doubtful ? Math.min(11, r.counts.length) : 2 * Math.max(digits(row.d.desired_replicas), digits(row.d.max_replicas)) + 1,
    scale: widthUpTo(scaleText(row, ctx), 11),
    gpu: widthUpTo(gpuText(row, ctx), 20),
    image: widthUpTo(row.imageTag, 28),
    // `progressing 16/30` at the most this configuration can show, not this poll's text: the column keeps its width through a rollout.
    rollout: Math.min(ROLLOUT_MAX, Math.max(ROLLOUT_WORDS, 'progressing '.length + 2 * Math.max(digits(row.d.desired_replicas), digits(row.d.max_replicas)) + 1)),
  };
  WIDTHS.set(row, widths);
  return widths;
}

/** The columns that fit `width` after a prefix of `lead` cells, in reading order. */
export function fitColumns(rows: readonly ListRow[], ctx: Ctx, width: number, lead: number): Column[] {
  const widths = rows.map((r) => widthsOf(r, ctx));
  const widest = (key: Exclude<keyof RowWidths, 'ascii'>, title: string) => widths.reduce((w, x) => Math.max(w, x[key]), title.length);
  const name = Math.min(40, widest('name', 'NAME'));
  const ready = widest('ready', 'READY');
  const optional: Record<Exclude<ColumnId, 'name' | 'status' | 'ready'>, Column> = {
    scale: { id: 'scale', title: 'SCALE', width: widest('scale', 'SCALE') },
    gpu: { id: 'gpu', title: 'GPU', width: widest('gpu', 'GPU') },
    image: { id: 'image', title: 'IMAGE', width: widest('image', 'IMAGE') },
    rollout: { id: 'rollout', title: 'ROLLOUT', width: widest('rollout', 'ROLLOUT') },
    updated: { id: 'updated', title: 'UPDATED', width: UPDATED_WIDTH },
  };
  const base = lead + GAP + STATUS_WIDTH + GAP + ready;
  // The name keeps a few cells however narrow (the status and ready/desired are cut after it).
  const nameWidth = Math.max(Math.min(name, NAME_MIN), Math.min(name, width - base));
  let used = base + Math.min(name, Math.max(nameWidth, NAME_FLOOR));
  const kept = new Set<ColumnId>(['name', 'status', 'ready']);
  for (const id of KEEP_ORDER) {
    const col = optional[id as keyof typeof optional];
    // Strictly in order: a less useful column never shows while a more useful one is dropped.
    if (used + GAP + col.width > width) break;
    used += GAP + col.width;
    kept.add(id);
  }
  // Whatever the optional columns left over goes back to the name.
  const shownName = Math.max(1, Math.min(name, nameWidth + Math.max(0, width - used)));
  const all: Record<ColumnId, Column> = { name: { id: 'name', title: 'NAME', width: shownName }, status: { id: 'status', title: 'STATUS', width: STATUS_WIDTH }, ready: { id: 'ready', title: 'READY', width: ready }, ...optional };
  return SHOWN_ORDER.filter((id) => kept.has(id)).map((id) => all[id]);
}

export function headerRow(columns: readonly Column[], ctx: Ctx): Line {
  return columns.flatMap((c, i): Segment[] => [...(i > 0 ? [s(' '.repeat(GAP))] : []), cell(c.title, c.width, ctx, 'dim')]);
}

function rowCell(column: Column, row: ListRow, ctx: Ctx, selected: boolean): Segment[] {
  const w = column.width;
  switch (column.id) {
    // Cut in the middle: siblings (`deepseek-32b-batch`, `deepseek-32b-canary`) differ at their end.
    case 'name': return [cell(truncateMiddle(row.name, w, ctx.g.ellipsis), w, ctx, selected ? 'strong' : undefined)];
    case 'status': {
      const mark = statusMark(ctx.theme, row.status);
      return [s(`${mark.glyph} `, mark.role), cell(row.status, w - 2, ctx)];
    }
    case 'ready': return [cell(row.rollout?.counts ?? '?', w, ctx, row.rollout?.doubtful !== false ? 'error' : undefined)];
    case 'scale': return [cell(scaleText(row, ctx), w, ctx, 'dim')];
    case 'gpu': return [cell(gpuText(row, ctx), w, ctx)];
    case 'image': return [cell(row.imageTag, w, ctx, 'dim')];
    case 'rollout': return [cell(rolloutText(row.view, row.rollout), w, ctx, row.view ? progressRole(row.view.phase) : undefined)];
    case 'updated': return [cell(row.updated === undefined ? '-' : formatAgo(ctx.now - row.updated), w, ctx, 'dim')];
  }
}

export function tableRow(columns: readonly Column[], row: ListRow, ctx: Ctx, selected: boolean): Line {
  return columns.flatMap((c, i): Segment[] => [...(i > 0 ? [s(' '.repeat(GAP))] : []), ...rowCell(c, row, ctx, selected)]);
}
