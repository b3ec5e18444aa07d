// The moving keys of a list of things (the deployments list's rows, a help's lines): ↑↓ j k one,
// PgUp PgDn a page, g G Home End the first and the last.
import type { Key } from 'ink';

/** Where a movement key takes a position among `count`; undefined for other keys. */
export function moveTo(key: string, k: Key, at: number, count: number, page: number): number | undefined {
  const clamp = (i: number) => Math.min(Math.max(0, i), count - 1);
  if (k.downArrow || key === 'j') return clamp(at + 1);
  if (k.upArrow || key === 'k') return clamp(at - 1);
  if (k.pageDown) return clamp(at + Math.max(1, page));
  if (k.pageUp) return clamp(at - Math.max(1, page));
  if (k.home || key === 'g') return 0;
  if (k.end || key === 'G') return count - 1;
  return undefined;
}
