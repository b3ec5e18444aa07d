// Reading planned frames in tests: the lines as plain text.
import type { Line } from '../../src/ui/line.js';
import type { Theme } from '../../src/ui/theme.js';

export const PLAIN_THEME: Theme = { color: false, ascii: false };

/** The frame's lines, each as the text it shows, joined by newlines. */
export function planText(lines: readonly Line[]): string {
  return lines.map((line) => line.map((seg) => seg.text).join('')).join('\n');
}
