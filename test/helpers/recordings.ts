// A recording as --record writes it, without recording anything live: the rollout scenario watched
// for a minute, a poll every 2 s (the header first, then one JSON line per poll).
import { scenarioState } from '../../src/sim/scenarios.js';

export const STEP_MS = 2000;

export function rolloutRecordingLines(started: number): string[] {
  const header = { recording: 'depwatch-recording', format: 1, depwatch: '0.1.0', host: 'api.together.ai', started: new Date(started).toISOString(), kind: 'watch', targets: ['rollout'], intervalMs: STEP_MS };
  const lines = [JSON.stringify(header)];
  for (let t = 0; t <= 60_000; t += STEP_MS) {
    lines.push(JSON.stringify({ at: started + t, latencyMs: 40, ok: true, data: scenarioState('rollout', t, { startedAt: started }) }));
  }
  return lines;
}
