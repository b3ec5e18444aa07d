// --record and replay, end to end in process: the simulator, the real client, a WatchSession with
// a Recorder; the file read back and folded through the same reducer.
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/api/client.js';
import type { Deployment } from '../../src/api/schema.js';
import { ConfigError } from '../../src/config.js';
import { clearSecrets } from '../../src/redact.js';
import { parseRecording, readRecording, type Recording } from '../../src/record/reader.js';
import { watchPlayer } from '../../src/record/replay-controllers.js';
import { Recorder, recorderFor } from '../../src/record/writer.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';
import { progressView } from '../../src/watch/progress.js';
import { WatchSession } from '../../src/watch/session.js';
import type { WatchState } from '../../src/watch/types.js';

const KEY = 'tok-RECOGNISABLE-fake-key-7f3c2a91d84e6b05';
const sims: Simulator[] = [];
const sessions: WatchSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) s.stop();
  await Promise.all(sims.splice(0).map((s) => s.close()));
  clearSecrets();
});

const dir = () => mkdtempSync(join(tmpdir(), 'depwatch-record-'));

/** Resolves once the session's state passes `done`. */
function until(session: WatchSession, done: (s: WatchState) => boolean): Promise<WatchState> {
  return new Promise((resolve) => {
    const off = session.subscribe(() => {
      const s = session.getState();
      if (done(s)) {
        off();
        resolve(s);
      }
    });
  });
}

/** A rollout watched live against the simulator and recorded; `polls` lets a test change the simulator between polls. */
async function recordRollout(file: string, opts: { maxBytes?: number; echoKeyFrom?: number } = {}) {
  const sim = await startSimulator({ scenarios: ['rollout'], speed: 40 });
  sims.push(sim);
  const client = createClient({ baseUrl: sim.url, apiKey: KEY, timeoutMs: 5000 });
  const recorder = new Recorder({ path: file, maxBytes: opts.maxBytes ?? 100 * 1024 * 1024, kind: 'watch', targets: ['rollout'], baseUrl: `${sim.url}?secret=query`, intervalMs: 25, version: 'test' });
  let polls = 0;
  const session = new WatchSession({
    fetch: (signal) => client.get('rollout', { signal }),
    intervalMs: 25,
    record: (snap) => {
      recorder.poll(snap);
      if (++polls === opts.echoKeyFrom) sim.setFault({ mode: 'echo-key', count: 6 });
    },
  });
  sessions.push(session);
  session.start();
  const live = await until(session, (s) => s.timeline.some((e) => /complete/.test(e.text)));
  session.stop();
  recorder.close();
  return live;
}

describe('a recorded rollout, replayed', () => {
  it('rebuilds the timeline and rollout progress exactly as they were live', async () => {
    const file = join(dir(), 'rollout.jsonl');
    const live = await recordRollout(file);
    const recording = readRecording(file) as Recording<Deployment>;
    expect(recording.skipped).toBe(0);
    expect(recording.polls.length).toBe(live.polls);
    const player = watchPlayer(recording, 10);
    player.toEnd();
    const replayed = player.getState();
    expect(replayed.timeline.map((e) => [e.at, e.text])).toEqual(live.timeline.map((e) => [e.at, e.text]));
    expect(replayed.timeline).toEqual(live.timeline);
    const { deployment: _liveDoc, ...liveProgress } = live.progress;
    const { deployment: _replayedDoc, ...replayedProgress } = replayed.progress;
    expect(replayedProgress).toEqual(liveProgress);
    expect(replayedProgress.rollout?.completedAt).toBeDefined();
    expect(progressView(replayed.progress, live.lastAttemptAt!)).toEqual(progressView(live.progress, live.lastAttemptAt!));
    expect(replayed.readySeries).toEqual(live.readySeries);
    // Stepping back folds again from the start: the state after poll 3 is the fold of the first 3.
    player.toStart();
    player.step(1);
    player.step(1);
    expect(player.getView().position).toBe(3);
    player.step(-1);
    expect(player.getState().polls).toBe(2);
  });

  it('keeps no key, no environment value and no secret reference, and the host without its query', async () => {
    const file = join(dir(), 'rollout.jsonl');
    await recordRollout(file, { echoKeyFrom: 3 });
    const text = readFileSync(file, 'utf8');
    // The simulator echoed the key in an error body, a description and a replica message.
    expect(text).toContain('****');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('RECOGNISABLE');
    expect(text).not.toContain('hf-token');
    expect(text).not.toContain('value_from_secret');
    expect(text).not.toContain('secret=query');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ recording: 'depwatch-recording', format: 2, depwatch: 'test', kind: 'watch', targets: ['rollout'], intervalMs: 25 });
    expect(lines[0]!.host).toMatch(/^127\.0\.0\.1:\d+$/);
    const envs = lines.slice(1).flatMap((l) => ((l.data as Deployment | undefined)?.environment_variables ?? []));
    expect(envs.length).toBeGreaterThan(0);
    for (const e of envs) expect(Object.keys(e)).toEqual(['name']);
    expect(lines.some((l) => l.ok === false)).toBe(true);
  });

  it('rotates to FILE.1 past --record-max, each file starting with its header', async () => {
    const file = join(dir(), 'small.jsonl');
    const live = await recordRollout(file, { maxBytes: 20_000 });
    expect(existsSync(`${file}.1`)).toBe(true);
    for (const f of [file, `${file}.1`]) {
      const first = readFileSync(f, 'utf8').split('\n')[0]!;
      expect(JSON.parse(first)).toMatchObject({ recording: 'depwatch-recording' });
      expect(readFileSync(f).length).toBeLessThanOrEqual(20_000 + 8_000);
    }
    // The newest polls are in FILE, and none is lost between the two.
    const older = readRecording(`${file}.1`).polls;
    const newer = readRecording(file).polls;
    expect(newer.at(-1)!.at).toBe(live.lastAttemptAt);
    expect(older.at(-1)!.at).toBeLessThan(newer[0]!.at);
  });

  it('is served again by the simulator (sim --replay) at its recorded offsets', async () => {
    const file = join(dir(), 'rollout.jsonl');
    await recordRollout(file);
    const recording = readRecording(file) as Recording<Deployment>;
    let now = 1_000_000;
    const sim = await startSimulator({ recording, now: () => now });
    sims.push(sim);
    const get = async (path: string) => (await fetch(`${sim.url}${path}`, { headers: { authorization: 'Bearer x' } })).json() as Promise<Deployment>;
    const polls = recording.polls.filter((p) => p.ok);
    const id = polls[0]!.data.id!;
    expect((await get(`/deployments/${id}`)).status).toBe(polls[0]!.data.status);
    // Past the end: the last document is held.
    now += 10 * 60_000;
    const last = await get(`/deployments/rollout`);
    expect(last.ready_replicas).toBe(polls.at(-1)!.data.ready_replicas);
    expect(last.status).toBe(polls.at(-1)!.data.status);
  });
});

describe('reading a damaged recording', () => {
  const header = JSON.stringify({ recording: 'depwatch-recording', format: 1, depwatch: 'test', host: 'h', started: '2026-11-29T03:00:00.000Z', kind: 'watch', targets: ['d'], intervalMs: 2000 });
  const poll = (at: number, ready: number) => JSON.stringify({ at, latencyMs: 5, ok: true, data: { id: 'd', name: 'd', status: 'Updating', ready_replicas: ready, desired_replicas: 3 } });

  it('replays what is valid and counts a truncated last line, a non-JSON line and a newer format\'s line', () => {
    const text = [
      header,
      poll(1000, 1),
      'this is not json',
      JSON.stringify({ at: 2000, latencyMs: 5, ok: true, data: {}, trace: 'a field from format 2' }),
      poll(3000, 2),
      JSON.stringify({ at: 3500, latencyMs: 9, ok: false, error: { kind: 'timeout', message: 'timed out after 10s' } }),
      poll(4000, 3).slice(0, 40),
    ].join('\n');
    const recording = parseRecording(text)!;
    expect(recording.skipped).toBe(3);
    expect(recording.polls.map((p) => p.at)).toEqual([1000, 3000, 3500]);
    const player = watchPlayer(recording as Recording<Deployment>, 1);
    player.toEnd();
    expect(player.getState().deployment?.ready_replicas).toBe(2);
    expect(player.getState().error?.kind).toBe('timeout');
  });

  it('a file appended to by a second session reads on through its second header', () => {
    const file = join(dir(), 'twice.jsonl');
    writeFileSync(file, `${header}\n${poll(1000, 1)}\n`);
    appendFileSync(file, `${header}\n${poll(9000, 3)}\n`);
    expect(readRecording(file).polls.map((p) => p.at)).toEqual([1000, 9000]);
  });

  it('refuses a missing file and a file that is not a recording with one line', () => {
    const d = dir();
    expect(() => readRecording(join(d, 'nope.jsonl'))).toThrow(new ConfigError(`${join(d, 'nope.jsonl')}: no such file`));
    writeFileSync(join(d, 'notes.txt'), 'hello\n');
    expect(() => readRecording(join(d, 'notes.txt'))).toThrow(/not a depwatch recording/);
    writeFileSync(join(d, 'empty.jsonl'), `${header}\nnot json\n`);
    expect(() => readRecording(join(d, 'empty.jsonl'))).toThrow(/holds no polls \(1 line skipped\)/);
  });

  it('a file that cannot be written is one line at start; a failure later stops the recording, not the watch, and is said on close', () => {
    const opts = { kind: 'watch' as const, targets: [], baseUrl: 'http://h', intervalMs: 1, version: 't' };
    expect(() => new Recorder({ ...opts, path: '/dev/full', maxBytes: 1000 })).toThrow(new ConfigError('--record: cannot write /dev/full: ENOSPC'));
    const d = dir();
    const file = join(d, 'r.jsonl');
    mkdirSync(join(d, 'r.jsonl.1', 'in-the-way'), { recursive: true }); // the rotation's rename fails
    const recorder = new Recorder({ ...opts, path: file, maxBytes: 500 });
    const said = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      for (let i = 0; i < 5; i++) recorder.poll({ ok: false, at: i, latencyMs: 1, error: { kind: 'timeout', message: 'x'.repeat(100) } });
      recorder.close();
      expect(said).toHaveBeenCalledWith(expect.stringMatching(/^depwatch: --record stopped early: .*r\.jsonl: E[A-Z]+\n$/));
    } finally {
      said.mockRestore();
    }
    expect(readRecording(file).polls.length).toBeGreaterThan(0);
  });

  it('refuses a --record-max that is not a size', () => {
    expect(() => recorderFor({ record: join(dir(), 'x'), 'record-max': 'lots' }, { kind: 'watch', targets: [], baseUrl: 'http://h', intervalMs: 1, version: 't' })).toThrow(/--record-max: expected a size/);
  });
});
