// Which deployments the list shows and in what order: each one read once (its standing, rollout
// progress, short image), filtered by `/` text and sorted by the `s` column. Pure.
import { displayName, type Deployment } from '../../api/schema.js';
import { byCodeUnit } from '../../watch/compare.js';
import { shortImage } from '../../watch/image.js';
import { listKey, type ListState } from '../../watch/list-session.js';
import { nextProgressChangeAt, progressOnce, progressView, type ProgressState, type ProgressView } from '../../watch/progress.js';
import { rollout } from '../../watch/rollout.js';
import type { Rollout } from '../../watch/types.js';
import { parseTime } from '../format.js';
import type { Line } from '../line.js';
import { guarded } from './guard.js';

/** The sort columns `s` cycles through; `attention` (failing, rolling out, the rest) comes first. */
export const LIST_SORTS = ['attention', 'name', 'status', 'ready', 'updated'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

/** What the summary line counts: a deployment is one of these. */
export type Standing = 'failing' | 'rolling' | 'ready' | 'other';

export interface ListRow {
  d: Deployment;
  key: string;
  name: string;
  status: string;
  /** The image without its registry (what `/` matches), and the part the column shows: its last path part, tag or digest. */
  image: string;
  imageTag: string;
  /** Undefined only when the row is broken. */
  rollout: Rollout | undefined;
  /**
   * The progress as of when the row was read (rows are kept while nothing they show can change):
   * its phase and counts hold until the next change by time alone; its elapsed times are not for showing.
   */
  view: ProgressView | undefined;
  standing: Standing;
  updated: number | undefined;
  /** Why this deployment cannot be shown, when it cannot. */
  broken?: Line;
}

function standingOf(status: string, view: ProgressView | undefined, r: Rollout | undefined): Standing {
  if (status === 'Failed' || view?.phase === 'failed' || view?.phase === 'stalled' || r?.phase === 'failing') return 'failing';
  if (status === 'Updating' || status === 'Scaling' || view?.phase === 'progressing' || view?.phase === 'scaling') return 'rolling';
  return status === 'Ready' ? 'ready' : 'other';
}

function readRow(d: Deployment, key: string, state: ListState, now: number): ListRow {
  const tracked = state.progress?.get(key);
  // Read in the tracker's revision order: the rollout its reducer worked out for this very deployment, from the cache.
  const r = rollout(d, tracked?.deployment === d ? tracked.revisionOrder : undefined);
  // Not tracked yet (a list drawn before its session saw it): judged from this snapshot alone.
  const view = tracked?.deployment ? progressView(tracked, now, state.progressOptions) : progressOnce(d, now, state.progressOptions);
  const status = d.status ?? 'Unknown';
  const image = d.image === undefined ? '' : shortImage(d.image);
  return { d, key, name: displayName(d), status, image, imageTag: image.slice(image.lastIndexOf('/') + 1), rollout: r, view, standing: standingOf(status, view, r), updated: parseTime(d.updated_at ?? d.created_at) };
}

/** A tracked deployment's row, from the instant it was read until its progress can next change by time alone (a stall, a settle). */
const ROWS = new WeakMap<ProgressState, { row: ListRow; from: number; until: number | undefined; options: ListState['progressOptions'] }>();

/** The row of a deployment, again while its data, its progress and what time alone can change are the same. */
function rowOf(d: Deployment, key: string, state: ListState, now: number): ListRow {
  const tracked = state.progress?.get(key);
  if (tracked?.deployment !== d) return readRow(d, key, state, now);
  const cached = ROWS.get(tracked);
  if (cached && cached.options === state.progressOptions && cached.row.key === key && now >= cached.from && (cached.until === undefined || now < cached.until)) return cached.row;
  const row = readRow(d, key, state, now);
  ROWS.set(tracked, { row, from: now, until: nextProgressChangeAt(tracked, now, state.progressOptions), options: state.progressOptions });
  return row;
}

let lastRows: ListRow[] | undefined;

/** Every listed deployment read once; the first of two with the same id is the one shown. The same array while every row is the same. */
export function listRows(state: ListState, now: number): ListRow[] {
  const seen = new Set<string>();
  const rows: ListRow[] = [];
  for (const d of state.deployments ?? []) {
    const key = listKey(d);
    if (seen.has(key)) continue;
    seen.add(key);
    // A deployment that cannot be read says so in its own row; the others are listed as usual.
    rows.push(guarded(() => rowOf(d, key, state, now), (why) => ({ d, key, name: displayName(d), status: 'Unknown', image: '', imageTag: '', rollout: undefined, view: undefined, standing: 'other', updated: undefined, broken: why })));
  }
  if (lastRows?.length === rows.length && rows.every((row, i) => row === lastRows![i])) return lastRows;
  lastRows = rows;
  return rows;
}

/** The rows whose name, status or image holds the text (case-insensitive); all when it is empty. */
export function filterRows(rows: readonly ListRow[], filter: string): ListRow[] {
  const want = filter.trim().toLowerCase();
  if (want === '') return [...rows];
  return rows.filter((row) => [row.name, row.status, row.image].some((field) => field.toLowerCase().includes(want)));
}

const STANDING_ORDER: Record<Standing, number> = { failing: 0, rolling: 1, ready: 2, other: 2 };

/** Least ready first: a deployment at 0/3 needs a look before one at 3/3. */
function readyShare(row: ListRow): number {
  const r = row.rollout;
  if (!r || r.doubtful) return -1;
  return r.desired === 0 ? 1 : r.ready / r.desired;
}

const COMPARE: Record<ListSort, (a: ListRow, b: ListRow) => number> = {
  attention: (a, b) => STANDING_ORDER[a.standing] - STANDING_ORDER[b.standing],
  name: () => 0,
  status: (a, b) => byCodeUnit(a.status, b.status),
  ready: (a, b) => readyShare(a) - readyShare(b),
  // Newest first; never updated last.
  updated: (a, b) => (b.updated ?? -Infinity) - (a.updated ?? -Infinity) || 0,
};

/** The rows in the sort's order, ties by name then key; `reverse` turns the whole order round. */
export function sortRows(rows: readonly ListRow[], sort: ListSort, reverse: boolean): ListRow[] {
  const by = COMPARE[sort];
  const sorted = [...rows].sort((a, b) => by(a, b) || byCodeUnit(a.name, b.name) || byCodeUnit(a.key, b.key));
  return reverse ? sorted.reverse() : sorted;
}

/** How many deployments stand each way, for the summary line. */
export function countStandings(rows: readonly ListRow[]): Record<Standing, number> {
  const counts: Record<Standing, number> = { failing: 0, rolling: 0, ready: 0, other: 0 };
  for (const row of rows) counts[row.standing]++;
  return counts;
}
