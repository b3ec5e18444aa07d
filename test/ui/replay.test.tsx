// The replay wrapper: the list recorded, drawn in the list screen one row shorter, with the bar
// on the last row and the replay's keys (space , . [ ] < >: none a screen uses); the screen has the
// first claim on every key, so a filter being typed takes them; a watch recorded, whose timeline pane keeps its own g/G.
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../src/api/schema.js';
import type { Recording } from '../../src/record/reader.js';
import { parseRecording } from '../../src/record/reader.js';
import { fleetController, fleetPlayer, listController, listPlayer, openRecorded, watchController, watchPlayer } from '../../src/record/replay-controllers.js';
import { replayRoot } from '../../src/ui/replay.js';
import { T0 } from '../helpers/fixtures.js';
import { rolloutRecordingLines } from '../helpers/recordings.js';
import { PLAIN, renderAt } from './helpers.js';

const deployment = (name: string, ready: number): Deployment => ({ id: `dep-${name}`, name, status: ready === 3 ? 'Ready' : 'Updating', ready_replicas: ready, desired_replicas: 3 });
const recording: Recording<Deployment[]> = {
  header: { recording: 'depwatch-recording', format: 1, depwatch: 't', host: 'h', started: new Date(T0).toISOString(), kind: 'list', targets: [], intervalMs: 2000 },
  polls: [1, 2, 3].map((ready, i) => ({ ok: true, at: T0 + i * 2000, latencyMs: 5, data: [deployment('alpha', ready), deployment('beta', 3)] })),
  skipped: 2,
};
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** The list recording played at 100x12, after the resize renderAt announces. */
async function playList(skipped = 0) {
  const player = listPlayer(recording, 1);
  const ui = renderAt(replayRoot({ player, skipped, theme: PLAIN, now: player.now, screen: { kind: 'list', list: listController(player, 2000), open: openRecorded(player, 2000) } }), 100, 12);
  await tick();
  return { player, ui, bar: () => ui.lastFrame()!.split('\n').at(-1)! };
}

describe('Replay of a list recording', () => {
  it('draws the list above the bar within the terminal, and ] . > , < move the replay', async () => {
    const { player, ui } = await playList(2);
    const lines = () => ui.lastFrame()!.split('\n');
    expect(lines()).toHaveLength(12);
    expect(lines().at(-1)).toMatch(/^replay \d\d:\d\d:\d\d ❚❚ ×1 +1\/3 .* 2 lines skipped$/);
    expect(ui.lastFrame()).toMatch(/alpha +● Updating +1\/3/);
    ui.stdin.write(']');
    await tick();
    expect(lines().at(-1)).toContain('×2');
    ui.stdin.write('.');
    await tick();
    expect(lines().at(-1)).toContain('2/3');
    expect(ui.lastFrame()).toMatch(/alpha +● Updating +2\/3/);
    ui.stdin.write('>');
    await tick();
    expect(ui.lastFrame()).toMatch(/alpha +● Ready +3\/3/);
    ui.stdin.write(',');
    await tick();
    expect(lines().at(-1)).toContain('2/3');
    ui.stdin.write('<');
    await tick();
    expect(lines().at(-1)).toContain('1/3');
    ui.stdin.write(' ');
    await tick();
    expect(lines().at(-1)).toMatch(/^replay \d\d:\d\d:\d\d ▶ ×2 +1\/3 {2}space pause {2}, \. step {2}\[ \] speed {2}< > start\/end/);
    ui.unmount();
    player.stop();
  });

  it('a filter being typed takes space, [ ] , . < >: the replay stays where it was; Enter keeps the filter and space pauses again', async () => {
    const { player, ui, bar } = await playList();
    const before = bar();
    expect(before).toMatch(/❚❚ ×1 +1\/3/);
    ui.stdin.write('/');
    await tick();
    for (const key of ['a', ' ', '[', ']', ',', '.', '<', '>', ' ']) {
      ui.stdin.write(key);
      await tick();
    }
    expect(bar()).toBe(before);
    expect(ui.lastFrame()).toContain('a [],.<> ');
    ui.stdin.write('\r');
    await tick();
    ui.stdin.write(' ');
    await tick();
    expect(bar()).toMatch(/▶ ×1 +1\/3/);
    ui.unmount();
    player.stop();
  });

  it('Home and End are the list\'s: they move the selection, not the recording', async () => {
    const { player, ui, bar } = await playList();
    ui.stdin.write('.');
    await tick();
    expect(bar()).toContain('2/3');
    expect(ui.lastFrame()).toMatch(/› +alpha/);
    ui.stdin.write('\x1b[F'); // End
    await tick();
    expect(ui.lastFrame()).toMatch(/› +beta/);
    expect(bar()).toContain('2/3');
    ui.stdin.write('\x1b[H'); // Home
    await tick();
    expect(ui.lastFrame()).toMatch(/› +alpha/);
    expect(bar()).toContain('2/3');
    ui.unmount();
    player.stop();
  });
});

const rolloutRecording = () => parseRecording(rolloutRecordingLines(T0).join('\n')) as Recording<Deployment>;

describe('Replay of a watch recording, the timeline pane open', () => {
  it('g and G move the pane (newest / oldest), not the recording; > and < jump it; the pane\'s filter takes the replay\'s keys', async () => {
    const player = watchPlayer(rolloutRecording(), 1);
    const ui = renderAt(replayRoot({ player, skipped: 0, theme: PLAIN, now: player.now, screen: { kind: 'watch', controller: watchController(player, 2000), target: 'rollout' } }), 100, 14);
    const bar = () => ui.lastFrame()!.split('\n').at(-1)!;
    await tick();
    ui.stdin.write('>'); // the whole rollout played
    await tick();
    expect(bar()).toContain('31/31');
    ui.stdin.write('t');
    await tick();
    const newest = ui.lastFrame()!;
    expect(newest).not.toContain('watching rollout'); // the oldest event: below the pane's first screen
    ui.stdin.write('G');
    await tick();
    expect(ui.lastFrame()).toContain('watching rollout');
    expect(bar()).toContain('31/31');
    ui.stdin.write('g');
    await tick();
    expect(ui.lastFrame()).toBe(newest);
    ui.stdin.write('<'); // back to the first poll, the pane still open
    await tick();
    expect(bar()).toContain('1/31');
    expect(bar()).toContain('< > start/end');
    const atStart = bar();
    ui.stdin.write('/');
    await tick();
    for (const key of [' ', '>', '[', '.']) {
      ui.stdin.write(key);
      await tick();
    }
    expect(bar()).toBe(atStart);
    expect(ui.lastFrame()).toContain(' >[.');
    ui.unmount();
    player.stop();
  });
});

describe('Replay of a watch recording, no pane open', () => {
  it('g and G, which the watch leaves, jump the recording to its start and end', async () => {
    const player = watchPlayer(rolloutRecording(), 1);
    const ui = renderAt(replayRoot({ player, skipped: 0, theme: PLAIN, now: player.now, screen: { kind: 'watch', controller: watchController(player, 2000), target: 'rollout' } }), 100, 14);
    const bar = () => ui.lastFrame()!.split('\n').at(-1)!;
    await tick();
    expect(bar()).toContain('1/31');
    ui.stdin.write('G');
    await tick();
    expect(bar()).toContain('31/31');
    ui.stdin.write('g');
    await tick();
    expect(bar()).toContain('1/31');
    ui.unmount();
    player.stop();
  });
});

describe('Replay of several at once', () => {
  it('← → move the panels\' focus, not the recording; . still steps it', async () => {
    const fleetRecording: Recording<Deployment[]> = { ...recording, header: { ...recording.header, kind: 'fleet', targets: ['alpha', 'beta'] } };
    const player = fleetPlayer(fleetRecording, 1);
    const ui = renderAt(replayRoot({ player, skipped: 0, theme: PLAIN, now: player.now, screen: { kind: 'fleet', fleet: fleetController(player, 2000), open: openRecorded(player, 2000) } }), 100, 16);
    const bar = () => ui.lastFrame()!.split('\n').at(-1)!;
    const focused = () => /›(\d) (\w+)/.exec(ui.lastFrame()!)?.slice(1).join(' ');
    await tick();
    expect(focused()).toBe('1 alpha');
    ui.stdin.write('\x1b[C');
    await tick();
    expect(focused()).toBe('2 beta');
    expect(bar()).toContain('1/3');
    ui.stdin.write('\x1b[D');
    await tick();
    expect(focused()).toBe('1 alpha');
    expect(bar()).toContain('1/3');
    ui.stdin.write('.');
    await tick();
    expect(bar()).toContain('2/3');
    ui.unmount();
    player.stop();
  });
});

describe('`?` during a replay', () => {
  /** The replay group's rows as the help draws them (key, then what it does). */
  const REPLAY_ROWS = [/space +pause \/ play the recording/, /, +\. +one poll back \/ on/, /\[ +\] +half \/ twice as fast/, /< +> +the first \/ the last poll/, /g +G +the same, where the screen does not use them/];
  const showsReplayKeys = (frame: string) => {
    expect(frame).toMatch(/─ replay ─/);
    for (const row of REPLAY_ROWS) expect(frame).toMatch(row);
  };
  /** `?` pressed: the screen's own keys (under `heading`), then the replay's. */
  const helpShows = async (ui: { stdin: { write(keys: string): void }; lastFrame(): string | undefined }, heading: RegExp) => {
    ui.stdin.write('?');
    await tick();
    expect(ui.lastFrame()).toMatch(heading);
    showsReplayKeys(ui.lastFrame()!);
  };
  const fleetRecording: Recording<Deployment[]> = { ...recording, header: { ...recording.header, kind: 'fleet', targets: ['alpha', 'beta'] } };

  it('the list\'s help adds the replay\'s keys after the list\'s own', async () => {
    const player = listPlayer(recording, 1);
    const ui = renderAt(replayRoot({ player, skipped: 0, theme: PLAIN, now: player.now, screen: { kind: 'list', list: listController(player, 2000), open: openRecorded(player, 2000) } }), 100, 40);
    await tick();
    expect(ui.lastFrame()).not.toMatch(/─ replay ─/);
    await helpShows(ui, /─ keys on the list ─/);
    ui.unmount();
    player.stop();
  });

  it('the watch\'s help adds them, and space still pauses the recording with the help open', async () => {
    const player = watchPlayer(rolloutRecording(), 1);
    const ui = renderAt(replayRoot({ player, skipped: 0, theme: PLAIN, now: player.now, screen: { kind: 'watch', controller: watchController(player, 2000), target: 'rollout' } }), 100, 45);
    const bar = () => ui.lastFrame()!.split('\n').at(-1)!;
    await tick();
    await helpShows(ui, /─ in the timeline ─/);
    expect(bar()).toMatch(/❚❚/);
    ui.stdin.write(' ');
    await tick();
    expect(bar()).toMatch(/▶/);
    showsReplayKeys(ui.lastFrame()!);
    ui.unmount();
    player.stop();
  });

  it('the panels\' help adds them too', async () => {
    const player = fleetPlayer(fleetRecording, 1);
    const ui = renderAt(replayRoot({ player, skipped: 0, theme: PLAIN, now: player.now, screen: { kind: 'fleet', fleet: fleetController(player, 2000), open: openRecorded(player, 2000) } }), 100, 40);
    await tick();
    await helpShows(ui, /─ keys on the panels ─/);
    ui.unmount();
    player.stop();
  });
});
