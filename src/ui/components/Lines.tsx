// Draws prepared lines: one <Text> per row (one styled string: the theme's colours as SGR codes),
// cut to the width (never wrapped), and one empty box per run of blank rows. A row is redrawn by
// React only when its text changes, so a poll that changes the footer's clock re-renders one row.
import { Box, Text } from 'ink';
import { memo, type ReactNode } from 'react';
import { fitLine, paintLine, type Line } from '../line.js';
import { glyphs, type Theme } from '../theme.js';
import { useTheme } from '../theme-context.js';

const Row = memo(function Row({ text }: { text: string }) {
  return <Text wrap="truncate-end">{text}</Text>;
});

/** Rows already drawn, by line object: a plan reuses the lines that did not change, so most rows are found here. */
const drawn = new WeakMap<Line, { width: number; color: boolean; ellipsis: string; text: string }>();

function rowText(line: Line, width: number, theme: Theme, ellipsis: string): string {
  const known = drawn.get(line);
  if (known && known.width === width && known.color === theme.color && known.ellipsis === ellipsis) return known.text;
  const text = paintLine(fitLine(line, width, ellipsis), theme);
  drawn.set(line, { width, color: theme.color, ellipsis, text });
  return text;
}

export const Lines = memo(function Lines({ lines, width }: { lines: readonly Line[]; width: number }) {
  const theme = useTheme();
  const { ellipsis } = glyphs(theme);
  const rows: ReactNode[] = [];
  for (let i = 0; i < lines.length; ) {
    const text = rowText(lines[i]!, width, theme, ellipsis);
    if (text !== '') {
      rows.push(<Row key={i} text={text} />);
      i++;
      continue;
    }
    // A run of blank rows (the filler above the footer, mostly) is one empty box of that height:
    // no text for Ink to measure, squash and tokenize on every frame.
    let end = i + 1;
    while (end < lines.length && rowText(lines[end]!, width, theme, ellipsis) === '') end++;
    rows.push(<Box key={i} height={end - i} flexShrink={0} />);
    i = end;
  }
  return <>{rows}</>;
});
