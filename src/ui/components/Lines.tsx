// Draws prepared lines: one <Text> per row (one styled string: the theme's colours as SGR codes),
// cut to the width (never wrapped), and one empty box per run of blank rows. A row is redrawn by
// React only when its text changes, so a poll that changes the footer's clock re-renders one row.
import { Box, Text } from 'ink';
import { memo, type ReactNode } from 'react';
import { fitLine, type Line } from '../line.js';
import { glyphs, paint, useTheme, type Theme } from '../theme.js';

const Row = memo(function Row({ text }: { text: string }) {
  return <Text wrap="truncate-end">{text}</Text>;
});

function rowText(line: Line, theme: Theme): string {
  let text = '';
  for (const seg of line) text += paint(theme, seg.role, seg.text);
  return text;
}

export const Lines = memo(function Lines({ lines, width }: { lines: readonly Line[]; width: number }) {
  const theme = useTheme();
  const { ellipsis } = glyphs(theme);
  const rows: ReactNode[] = [];
  for (let i = 0; i < lines.length; ) {
    const text = rowText(fitLine(lines[i]!, width, ellipsis), theme);
    if (text !== '') {
      rows.push(<Row key={i} text={text} />);
      i++;
      continue;
    }
    // A run of blank rows (the filler above the footer, mostly) is one empty box of that height:
    // no text for Ink to measure, squash and tokenize on every frame.
    let end = i + 1;
    while (end < lines.length && rowText(fitLine(lines[end]!, width, ellipsis), theme) === '') end++;
    rows.push(<Box key={i} height={end - i} flexShrink={0} />);
    i = end;
  }
  return <>{rows}</>;
});
