// Plain-text columns: each cell padded to its column's widest, two spaces between, no padding
// after the last column. The first row is the header.
// Widths are terminal cells (wide and combining characters counted as the terminal does).
import { textWidth } from '../ui/format.js';

export function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => textWidth(r[c]!))));
  const pad = (cell: string, width: number) => cell + ' '.repeat(Math.max(0, width - textWidth(cell)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : pad(cell, widths[c]!))).join('  ').trimEnd());
}
