// A list (or fleet) recording also holds the polls of the deployments opened from it (--record on
// `depwatch` and `depwatch watch a b c`): written marked with the deployment's key, read back as
// visits, played in the order recorded without moving the list, and folded into the deployment
// when it is opened in the replay.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../src/api/schema.js';
import { parseRecording, type Recording } from '../../src/record/reader.js';
import { fleetPlayer, listPlayer, openRecorded, recordedProgress } from '../../src/record/replay-controllers.js';
import { Recorder } from '../../src/record/writer.js';
import { deployment, failedDeployment, replica, T0 } from '../helpers/fixtures.js';

const web = deployment({ id: 'dep-web', name: 'web' });
const header = (kind: string) => JSON.stringify({ recording: 'depwatch-recording', format: 1, depwatch: 't', host: 'h', started: new Date(T0).toISOString(), kind, targets: [], intervalMs: 2000 });
const line = (at: number, data: unknown, deployment?: string) => JSON.stringify({ ...(deployment === undefined ? {} : { deployment }), at, latencyMs: 5, ok: true, data });

/** Two list polls, web opened for three polls of its own (it fails in the second), then the list again. */
const LIST = [
  header('list'),
  line(T0, [web]),
  line(T0 + 2000, [web]),
  line(T0 + 2500, web, 'dep-web'),
  line(T0 + 4500, { ...failedDeployment(), id: 'dep-web', name: 'web' }, 'dep-web'),
  JSON.stringify({ deployment: 'dep-web', at: T0 + 6500, latencyMs: 5, ok: false, error: { kind: 'timeout', message: 'timed out' } }),
  line(T0 + 8000, [web]),
].join('\n');

describe('a list recording with a deployment opened from it', () => {
  it('the writer marks the opened deployment\'s polls with its key; the list\'s own carry none', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'depwatch-visits-')), 'list.jsonl');
    const recorder = new Recorder({ path: file, maxBytes: 1e9, kind: 'list', targets: [], baseUrl: 'http://127.0.0.1:1/v1', intervalMs: 2000, version: 't' });
    recorder.poll({ ok: true, at: T0, latencyMs: 5, data: [web] });
    recorder.pollsOf('dep-web')({ ok: true, at: T0 + 1000, latencyMs: 5, data: web });
    recorder.close();
    const [, list, visit] = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(list).not.toHaveProperty('deployment');
    expect(visit).toMatchObject({ deployment: 'dep-web', at: T0 + 1000, ok: true, data: { id: 'dep-web' } });
  });

  it('reads the list\'s polls as polls and the deployment\'s as visits, nothing skipped', () => {
    const r = parseRecording(LIST)!;
    expect(r.skipped).toBe(0);
    expect(r.polls.map((p) => p.at)).toEqual([T0, T0 + 2000, T0 + 8000]);
    expect(r.visits?.map((v) => [v.deployment, v.at, v.ok])).toEqual([['dep-web', T0 + 2500, true], ['dep-web', T0 + 4500, true], ['dep-web', T0 + 6500, false]]);
  });

  it('a deployment-marked line in a one-deployment recording is skipped and counted', () => {
    const r = parseRecording([header('watch'), line(T0, web), line(T0 + 2000, web, 'dep-web')].join('\n'))!;
    expect(r.polls).toHaveLength(1);
    expect(r.skipped).toBe(1);
  });

  it('plays every poll in the order recorded: the list stands still through the visit, and the deployment opened shows what was seen of it', () => {
    const player = listPlayer(parseRecording(LIST) as Recording<Deployment[]>, 1);
    expect(player.getView().total).toBe(6);
    const listAfter = (n: number) => {
      while (player.getView().position < n) player.step(1);
      return player.getState();
    };
    const beforeVisit = listAfter(2);
    expect(listAfter(5)).toBe(beforeVisit);
    const opened = openRecorded(player, 2000)('dep-web');
    const state = opened.controller.getState();
    expect(state.deployment?.status).toBe('Failed'); // from its own poll, newer than the list's
    expect(state.error?.kind).toBe('timeout');
    expect(state.lastSuccessAt).toBe(T0 + 4500);
    opened.stop();
    expect(listAfter(6)).not.toBe(beforeVisit);
    player.stop();
  });

  it('several at once: the panels stand still through a panel opened full-screen, which shows what was seen of it', () => {
    const recording = parseRecording(LIST.replace('"kind":"list","targets":[]', '"kind":"fleet","targets":["web"]')) as Recording<Deployment[]>;
    expect(recording.header.kind).toBe('fleet');
    const player = fleetPlayer(recording, 1);
    player.step(1);
    const before = player.getState();
    while (player.getView().position < 5) player.step(1);
    expect(player.getState()).toBe(before);
    expect(before.panels[0]!.watch.deployment?.status).toBe('Ready');
    const opened = openRecorded(player, 2000)('dep-web');
    expect(opened.controller.getState().deployment?.status).toBe('Failed');
    opened.stop();
    player.stop();
  });
});

describe('a replay judges rollouts by the recorded --progress-deadline', () => {
  const NEW = 'registry.together.ai/acme/llm@sha256:2222222222222222222222222222222222222222222222222222222222222222';
  const begun = deployment({
    id: 'dep-web', name: 'web', status: 'Updating', image: NEW,
    replica_events: { ...deployment().replica_events, 'llama-chat-rev-2-a': replica({ image: NEW, revision_id: 'rev-2', replica_status: 'Waiting', replica_status_reason: 'ContainerCreating', replica_ready_since: undefined }) },
  });
  /** A fleet recording: web steady, then rolling with no progress for 62 s; its header with or without a 60 s deadline. */
  const recording = (deadline: boolean) => parseRecording([
    JSON.stringify({ recording: 'depwatch-recording', format: 1, depwatch: 't', host: 'h', started: new Date(T0).toISOString(), kind: 'fleet', targets: ['web'], intervalMs: 2000, ...(deadline ? { progressDeadlineMs: 60_000 } : {}) }),
    line(T0, [web]),
    line(T0 + 2000, [begun]),
    line(T0 + 64_000, [begun]),
  ].join('\n')) as Recording<Deployment[]>;
  const phaseAtEnd = (deadline: boolean) => {
    const player = fleetPlayer(recording(deadline), 1);
    while (player.getView().position < 3) player.step(1);
    const panel = player.getState().panels[0]!;
    const opened = openRecorded(player, 2000, recordedProgress(recording(deadline)))('dep-web');
    const phases = [panel.watch.progress.phase, opened.controller.getState().progress.phase];
    opened.stop();
    player.stop();
    return phases;
  };

  it('the panels and a deployment opened from them read stalled past the recorded deadline, not the 10-minute default', () => {
    expect(phaseAtEnd(true)).toEqual(['stalled', 'stalled']);
    expect(phaseAtEnd(false)).toEqual(['progressing', 'progressing']);
  });
});
