// One deployment's panel among several (`depwatch watch a b c`): its number and name with the
// status word, the ready/desired gauge, the rollout phase and progress, and its worst replicas
// with why they fail - as many of those lines as the panel's height holds, the essentials first.
import { displayName, type Deployment } from '../../api/schema.js';
import type { FleetPanel } from '../../watch/fleet-session.js';
import { progressOnce, progressView, type ProgressView } from '../../watch/progress.js';
import { phaseText, rollout } from '../../watch/rollout.js';
import type { Rollout, WatchState } from '../../watch/types.js';
import { headFor, repeatText, textWidth, truncateMiddle } from '../format.js';
import { fitLine, lineWidth, s, type Ctx, type Line } from '../line.js';
import { healthMark, progressRole, statusMark, type Role } from '../theme.js';
import { wrapLine } from '../wrap-line.js';
import { gaugeLine } from './gauge.js';
import { guarded } from './guard.js';
import { replicaRows, type ReplicaRow } from './replica-table.js';

export const MISSING_TEXT = 'not in the list: deleted, or a wrong name?';

export interface PanelView {
  panel: FleetPanel;
  /** Its place among the panels (0-based); the first nine are picked by their number. */
  index: number;
  focused: boolean;
}

/** A line with the priority it is kept by when the panel is short (0 first) and where it stands. */
interface Item {
  keep: number;
  line: Line;
}

/** `›1 name ───────── ● Updating 2/3`: the status word (and counts) are never cut; the name gives way. */
function titleLine(ctx: Ctx, view: PanelView, status: { word: string; role: Role; glyph: string }, extra: Line): Line {
  const { g } = ctx;
  const marker: Line = [s(view.focused ? (ctx.theme.ascii ? '>' : '›') : ' ', 'accent'), s(view.index < 9 ? `${view.index + 1} ` : '  ', 'dim')];
  const right: Line = [s(`${status.glyph} ${status.word}`, status.role), ...extra];
  const name = displayName(view.panel.watch.deployment ?? { name: view.panel.target });
  const room = Math.max(1, ctx.width - lineWidth(marker) - lineWidth(right) - 2);
  const shown = truncateMiddle(name, room, g.ellipsis);
  const fill = ctx.width - lineWidth(marker) - textWidth(shown) - lineWidth(right) - 2;
  const rule = fill >= 2 ? s(` ${repeatText(g.rule, fill)} `, view.focused ? 'accent' : 'dim') : s('  ');
  return [...marker, s(shown, view.focused ? 'strong' : undefined), rule, ...right];
}

/** The rollout's phase with memory (the panel's own tracker), as the watch screen judges it. */
function progressOf(watch: WatchState, d: Deployment, now: number): ProgressView {
  return watch.progress?.deployment !== undefined ? progressView(watch.progress, now, watch.progressOptions)! : progressOnce(d, now, watch.progressOptions);
}

/** `progressing rev-2 1/3 ready ← rev-1 (2 live)`: the phase first, so a narrow panel cuts the detail, not it. */
function progressLine(ctx: Ctx, r: Rollout, view: ProgressView): Line {
  const word = view.phase === 'scaling' ? phaseText(r) : view.phase === 'steady' ? 'stable' : view.phase;
  const line: Line = [s(word, progressRole(view.phase))];
  if (r.target === undefined) return [...line, s('  no replicas reported', 'dim')];
  line.push(s(' '), s(r.target, 'strong'), s(` ${view.targetReady}/${r.desired} ready`));
  for (const p of r.previous) line.push(s(` ${ctx.g.from} `, 'dim'), s(p.revision, 'strong'), s(` (${p.live} live)`));
  return line;
}

/**
 * `✖ crashloop-rev-2-a  CrashLoopBackOff`; when no line of its own is left for why, the name
 * gives way to it: `✖ crashl…2-a  Error: CUDA out of memory`.
 */
function replicaLine(ctx: Ctx, row: ReplicaRow, inline: boolean): Line {
  const mark = healthMark(ctx.theme, row.health);
  const state = row.reason || row.status;
  const why = inline && row.message ? (row.message.startsWith(state) ? row.message : `${state}: ${row.message}`) : state;
  const nameRoom = inline && row.message ? Math.max(8, Math.floor(ctx.width / 4)) : Math.max(8, ctx.width - textWidth(state) - 4);
  return [s(`${mark.glyph} `, mark.role), s(truncateMiddle(row.name, nameRoom, ctx.g.ellipsis)), s('  '), s(why, inline && row.message && row.health !== 'failing' ? 'dim' : mark.role)];
}

/** At most this many lines for a text wrapped in a panel (a cause, the missing note); the last one is cut. */
const WRAP_LINES = 3;

/** `lead` then the text wrapped under it by words, indented as far: a cause is read whole, not cut at the panel's edge. */
function wrapped(ctx: Ctx, lead: string, text: string, role: Role): Line[] {
  if (text === '') return [];
  const indent = repeatText(' ', textWidth(lead));
  const room = Math.max(1, ctx.width - textWidth(lead));
  // Only a head of the cause is wrapped (a few rows' worth, by code units: a cause may be a whole stack trace).
  const rows = wrapLine([s(headFor(text, 2 * WRAP_LINES * room), role)], room, { words: true });
  const shown = rows.slice(0, WRAP_LINES);
  // More than the lines hold: the last one ends in an ellipsis.
  if (rows.length > WRAP_LINES) shown[WRAP_LINES - 1] = fitLine([...shown[WRAP_LINES - 1]!, s(ctx.g.ellipsis, role)], room, ctx.g.ellipsis);
  return shown.map((row, i) => [s(i === 0 ? lead : indent, 'dim'), ...row]);
}

/** The panel's lines, at most `height`; each part behind its own error boundary. */
export function panelLines(ctx: Ctx, view: PanelView, height: number): Line[] {
  const { panel } = view;
  const d = panel.watch.deployment;
  const items: Item[] = [];
  if (panel.missing || !d) {
    const error = panel.watch.error;
    const word = panel.missing ? { word: 'missing', role: 'error' as const, glyph: ctx.g.cross } : { word: error ? 'no data' : 'waiting', role: 'dim' as const, glyph: ctx.g.idle };
    items.push({ keep: 0, line: titleLine(ctx, view, word, []) });
    const why = panel.missing ? MISSING_TEXT : error ? `${error.kind}: ${error.message}` : `fetching the deployments${ctx.g.ellipsis}`;
    wrapped(ctx, '  ', why, panel.missing || error ? 'error' : 'dim').forEach((line, j) => items.push({ keep: 1 + j, line }));
    return pick(items, height);
  }
  const r = guarded(() => rollout(d, panel.watch.revisionOrder), () => undefined);
  const mark = statusMark(ctx.theme, d.status ?? 'Unknown');
  const status = { word: d.status ?? 'Unknown', role: mark.role, glyph: mark.glyph };
  // Without a gauge line (a short panel), the counts stand beside the status.
  const counts: Line = r && height < 3 ? [s(` ${r.counts}`, r.doubtful ? 'error' : undefined)] : [];
  items.push({ keep: 0, line: guarded(() => titleLine(ctx, view, status, counts), (why) => why) });
  if (r) items.push({ keep: 2, line: guarded(() => gaugeLine(ctx, d, r), (why) => why) });
  items.push({ keep: 4, line: r ? guarded(() => progressLine(ctx, r, progressOf(panel.watch, d, ctx.now)), (why) => why) : [s('(cannot show: the rollout cannot be worked out)', 'error')] });
  const rows = guarded(() => replicaRows(d, panel.watch.causes), () => []);
  const troubled = rows.filter((row) => row.health === 'failing' || row.health === 'progressing');
  // The worst replica, and its cause on a line of its own when the panel has the room; then the next ones.
  const causeRoom = height >= 4;
  // Priorities: the worst replica 1, the first line of its cause 3, the rest of it 5.x; the next replicas after.
  troubled.forEach((row, i) => {
    const keep = i === 0 ? 1 : 6 + i;
    items.push({ keep, line: guarded(() => replicaLine(ctx, row, !causeRoom), (why) => why) });
    if (!causeRoom) return;
    guarded(() => wrapped(ctx, `  ${ctx.g.arrow} `, row.message, row.health === 'failing' ? 'error' : 'dim'), (why) => [why]).forEach((line, j) => {
      items.push({ keep: i === 0 ? (j === 0 ? 3 : 5 + j / 10) : keep + (j + 1) / 10, line });
    });
  });
  // Terminated replicas (an old revision's, on their way out) are not counted.
  const live = rows.filter((row) => row.health !== 'terminated');
  if (troubled.length === 0 && live.length > 0) items.push({ keep: 5, line: [s(`  ${live.length} of ${live.length} replicas ready`, 'dim')] });
  return pick(items, height);
}

/** The `height` most important items, in the order they stand. */
function pick(items: readonly Item[], height: number): Line[] {
  const n = Math.max(0, Math.floor(height));
  const kept = new Set([...items].sort((a, b) => a.keep - b.keep).slice(0, n));
  return items.filter((item) => kept.has(item)).map((item) => item.line);
}
