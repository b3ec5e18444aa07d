// The deployment screen: the planned frame (screen-plan.ts) drawn by Ink, one row per line.
import { Box } from 'ink';
import { memo } from 'react';
import { Lines } from '../components/Lines.js';
import { ScreenBoundary } from '../components/ScreenBoundary.js';
import { planScreen, type ScreenInput } from '../screen-plan.js';

export const DeploymentScreen = memo(function DeploymentScreen(props: ScreenInput) {
  return (
    <ScreenBoundary resetKey={props.state}>
      <Frame {...props} />
    </ScreenBoundary>
  );
});

function Frame(props: ScreenInput) {
  const { lines } = planScreen(props);
  return (
    // No overflow="hidden": every line is already cut to the width, and clipping would make Ink
    // re-slice each row cell by cell on every frame. No width either: the box takes the terminal's,
    // so the frame Ink redraws on a resize, before this one is re-planned, is cut to the new width
    // (one planned for the old width would wrap on the last row and scroll the screen under Ink's diff).
    <Box flexDirection="column" height={lines.length}>
      <Lines lines={lines} width={Math.max(1, Math.floor(props.size.columns))} />
    </Box>
  );
}
