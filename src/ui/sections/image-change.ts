// Old → new image of a rollout, said the same way by the rollout line and the details: the new
// image in the old one's repository is said by its digest or tag alone (`acme/llm@1111 → @2222`).
import type { ProgressView } from '../../watch/progress.js';
import { textWidth, truncateMiddle, widthUpTo } from '../format.js';

/** `acme/llm` of `acme/llm@1111…` or `acme/llm:v2` (a short image, watch/image.ts). */
function repository(image: string): string {
  const at = image.search(/[@]|:[^/]*$/);
  return at < 0 ? image : image.slice(0, at);
}

/** The new image as said after the old one: its digest or tag alone when the repository is the same. */
export function newImageAfter(from: string, to: string): string {
  const repo = repository(to);
  return repo !== to && repository(from) === repo ? to.slice(repo.length) : to;
}

/** The shortened images a rollout under way replaces and rolls in, when they differ. */
export function rollingImages(view: ProgressView): { from: string; to: string } | undefined {
  const ro = view.rollout;
  if (view.phase !== 'progressing' && view.phase !== 'stalled' && view.phase !== 'failed') return undefined;
  if (ro?.fromImage === undefined || ro.toImage === undefined || ro.fromImage === ro.toImage) return undefined;
  return { from: ro.fromImage, to: ro.toImage };
}

/** Narrower than this, the old image is left out rather than cut to a stub. */
const MIN_OLD = 8;

/**
 * `old → new` in at most `width` cells: whole when it fits, else the old one cut in the middle
 * (its digest or tag stays), else the new one alone (`→ new`, cut in the middle if it must be).
 */
export function imageChangeText(from: string, to: string, arrow: string, ellipsis: string, width: number): string {
  const after = newImageAfter(from, to);
  const sep = ` ${arrow} `;
  // Measured only as far as the room: a server's 16 KB image name costs no more than a short one.
  const room = width - textWidth(sep) - widthUpTo(after, width + 1);
  if (widthUpTo(from, room + 1) <= room) return `${from}${sep}${after}`;
  if (room >= MIN_OLD) return `${truncateMiddle(from, room, ellipsis)}${sep}${after}`;
  return `${arrow} ${truncateMiddle(to, Math.max(1, width - textWidth(arrow) - 1), ellipsis)}`;
}
