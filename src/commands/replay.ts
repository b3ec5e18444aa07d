// `depwatch replay FILE [--speed 10]`: a recording (--record) played in the screens it was
// recorded from — the watch, the list, the panels — with the replay bar and its keys.
import type { ScreenArgs } from '../cli-options.js';
import type { Deployment } from '../api/schema.js';
import type { Player } from '../record/player.js';
import type { Recording } from '../record/reader.js';
import type { ReplayScreen } from '../ui/replay.js';
import { display, needTerminal } from './startup.js';
import { checkSpeed } from './sim.js';

export interface ReplayArgs extends Pick<ScreenArgs, 'color' | 'ascii' | 'alt-screen'> {
  speed: number;
}

export const DEFAULT_REPLAY_SPEED = 10;

export async function replay(file: string, args: ReplayArgs): Promise<number> {
  const speed = checkSpeed(args.speed);
  const { readRecording } = await import('../record/reader.js');
  const recording = readRecording(file);
  needTerminal(`replay needs a terminal`);
  const theme = display(args); // before Ink (and chalk) load
  const [rc, ui] = await Promise.all([import('../record/replay-controllers.js'), import('../ui/terminal.js')]);
  const { header, skipped } = recording;
  const intervalMs = header.intervalMs;
  const altScreen = args['alt-screen'];
  const run = <T, S>(player: Player<T, S>, screen: ReplayScreen) => {
    player.start();
    return ui.runReplayUi({ player, skipped, theme, altScreen, screen, now: player.now }).finally(() => player.stop());
  };
  if (header.kind === 'watch' || header.kind === 'rollout') {
    const p = rc.watchPlayer(recording as Recording<Deployment>, speed);
    return run(p, { kind: 'watch', controller: rc.watchController(p, intervalMs), target: header.targets[0] ?? header.host });
  }
  if (header.kind === 'list') {
    const p = rc.listPlayer(recording as Recording<Deployment[]>, speed);
    return run(p, { kind: 'list', list: rc.listController(p, intervalMs), open: rc.openRecorded(p, intervalMs, rc.recordedProgress(recording)) });
  }
  const p = rc.fleetPlayer(recording as Recording<Deployment[]>, speed);
  return run(p, { kind: 'fleet', fleet: rc.fleetController(p, intervalMs), open: rc.openRecorded(p, intervalMs, rc.recordedProgress(recording)) });
}
