// Draws prepared lines: one <Text> row each, cut to the width (never wrapped), roles mapped to the
// theme's colours. A row is redrawn by React only when its text changes, so a poll that changes
// the footer's clock re-renders one row, not the screen.
import { Text } from 'ink';
import { memo } from 'react';
import { fitLine, type Line } from '../line.js';
import { glyphs, paint, useTheme, type Theme } from '../theme.js';

const Row = memo(function Row({ text }: { text: string }) {
  return <Text wrap="truncate-end">{text}</Text>;
});

function rowText(line: Line, theme: Theme): string {
  let text = '';
  for (const seg of line) text += paint(theme, seg.role, seg.text);
  // An empty <Text> takes no row at all; a blank line must still take its row.
  return text === '' ? ' ' : text;
}

export const Lines = memo(function Lines({ lines, width }: { lines: readonly Line[]; width: number }) {
  const theme = useTheme();
  const { ellipsis } = glyphs(theme);
  return (
    <>
      {lines.map((line, i) => (
        <Row key={i} text={rowText(fitLine(line, width, ellipsis), theme)} />
      ))}
    </>
  );
});
