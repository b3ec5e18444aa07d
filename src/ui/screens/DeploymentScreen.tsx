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
    // re-slice each row cell by cell on every frame.
    <Box flexDirection="column" width={Math.max(1, Math.floor(props.size.columns))} height={lines.length}>
      <Lines lines={lines} width={Math.max(1, Math.floor(props.size.columns))} />
    </Box>
  );
}
