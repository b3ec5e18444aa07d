// Image, resources, autoscaling, ages, env var names and volumes, packed into as many lines as
// the screen can spare; what does not fit is dropped from the end of the priority list.
import type { Deployment } from '../../api/schema.js';
import { formatAgo, formatGiB, formatMeasure, formatPort, parseTime, shortImage } from '../format.js';
import { age, lineWidthUpTo, s, type Ctx, type Line, type Section } from '../line.js';
import type { TimeText } from '../time-texts.js';
import { imageChangeText } from './image-change.js';

export interface DetailItem {
  line: Line;
  times: TimeText[];
}

const GAP = '  ';

const item = (label: string, ...value: Line): DetailItem => ({ line: [s(`${label} `, 'dim'), ...value], times: [] });

/**
 * Detail items in priority order, for lines of `width`. While a rollout is under way the image is
 * what it replaces and what it rolls in (`image acme/llm@1111 → @2222`, the new one kept when cut).
 * Environment variable values are never shown, only their names.
 */
export function detailItems(ctx: Ctx, d: Deployment, rolling?: { from: string; to: string }, width = ctx.width): DetailItem[] {
  const { g } = ctx;
  const items: DetailItem[] = [];
  if (rolling) items.push(item('image', s(imageChangeText(rolling.from, rolling.to, g.arrow, g.ellipsis, width - 'image '.length))));
  else if (d.image) items.push(item('image', s(shortImage(d.image))));
  if (d.gpu_type !== undefined || d.gpu_count !== undefined) {
    items.push(item('gpu', s(`${d.gpu_type ?? '?'} ${g.times} ${d.gpu_count === undefined ? '?' : formatMeasure(d.gpu_count, 'gpus', true)}`)));
  }
  if (d.cpu !== undefined) items.push(item('cpu', s(formatMeasure(d.cpu, 'cpu'))));
  if (d.memory !== undefined) items.push(item('mem', s(formatGiB(d.memory))));
  // The API documents no unit for storage ("MB or units as defined by the platform"): no guess.
  if (d.storage !== undefined) items.push(item('storage', s(formatMeasure(d.storage, 'storage'))));
  if (d.port !== undefined) items.push(item('port', s(formatPort(d.port))));
  if (d.health_check_path) items.push(item('health', s(d.health_check_path)));
  const a = d.autoscaling;
  if (a?.metric || a?.custom_metric_name) {
    const metric = a.custom_metric_name ? `${a.metric ?? 'custom'}(${a.custom_metric_name})` : a.metric ?? '';
    const target = a.target === undefined ? '' : ` target ${formatMeasure(a.target, 'target')}`;
    const over = a.time_interval_minutes === undefined ? '' : ` over ${formatMeasure(a.time_interval_minutes, 'minutes')}m`;
    items.push(item('autoscale', s(`${metric}${target}${over}`)));
  }
  for (const [label, iso] of [['created', d.created_at], ['updated', d.updated_at]] as const) {
    const t = parseTime(iso);
    if (t === undefined) continue;
    const times: TimeText[] = [];
    age(ctx, times, t);
    items.push({ line: [s(`${label} `, 'dim'), s(formatAgo(ctx.now - t))], times });
  }
  const env = d.environment_variables ?? [];
  if (env.length > 0) {
    const names = env.map((v) => (v.value_from_secret !== undefined ? `${v.name}${g.from}secret:${v.value_from_secret}` : v.name));
    items.push(item('env', s(names.join(' '))));
  }
  const volumes = d.volumes ?? [];
  if (volumes.length > 0) {
    const text = volumes.map((v) => `${v.name}${g.arrow}${v.mount_path ?? '?'}${v.version === undefined ? '' : ` (v${formatMeasure(v.version, 'version', true)})`}`);
    items.push(item('volumes', s(text.join(' '))));
  }
  return items;
}

/** Items packed in order into lines of `width`; an item wider than a line gets a line of its own (cut when drawn). */
export function packDetails(items: readonly DetailItem[], width: number): DetailItem[][] {
  const lines: DetailItem[][] = [];
  let current: DetailItem[] = [];
  let used = 0;
  for (const it of items) {
    // Measured as far as a line could show it: an item of 16 KB names costs no more than a short one.
    const w = lineWidthUpTo(it.line, width + 1);
    if (current.length > 0 && used + GAP.length + w > width) {
      lines.push(current);
      current = [];
      used = 0;
    }
    used += (current.length > 0 ? GAP.length : 0) + w;
    current.push(it);
  }
  if (current.length > 0) lines.push(current);
  return lines;
}

/** The first `height` packed lines, and the ages shown in them. */
export function detailsSection(packed: readonly DetailItem[][], height: number): Section {
  const kept = packed.slice(0, Math.max(0, height));
  return {
    lines: kept.map((items) => items.flatMap((it, i) => (i > 0 ? [s(GAP), ...it.line] : it.line))),
    times: kept.flatMap((items) => items.flatMap((it) => it.times)),
  };
}
