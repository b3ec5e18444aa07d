// Draws prepared lines: one <Text> row each, cut to the width (never wrapped), roles mapped to the theme.
import { Text } from 'ink';
import { memo } from 'react';
import { fitLine, type Line } from '../line.js';
import { glyphs, tone, useTheme } from '../theme.js';

export const Lines = memo(function Lines({ lines, width }: { lines: readonly Line[]; width: number }) {
  const theme = useTheme();
  const { ellipsis } = glyphs(theme);
  return (
    <>
      {lines.map((line, i) => {
        const fitted = fitLine(line, width, ellipsis);
        return (
          <Text key={i} wrap="truncate-end">
            {fitted.length === 0 ? ' ' : fitted.map((seg, j) => (
              <Text key={j} {...tone(theme, seg.role)}>{seg.text}</Text>
            ))}
          </Text>
        );
      })}
    </>
  );
});
