// Format 2: a poll's answer written against its stream's previous one (`same`, the list's `parts`),
// read back as the whole answer it stands for — the same polls a recording of whole answers (format
// 1, which every reader still reads) gives, in the replay and in `sim --replay`.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../src/api/schema.js';
import { parseRecording, readRecording, type Recording } from '../../src/record/reader.js';
import { listPlayer, watchPlayer } from '../../src/record/replay-controllers.js';
import { scrubData } from '../../src/record/scrub.js';
import { Recorder } from '../../src/record/writer.js';
import { asIfLive } from '../../src/sim/replay.js';
import type { Snapshot } from '../../src/watch/types.js';
import { deployment, replica, T0 } from '../helpers/fixtures.js';
import { rolloutRecordingLines } from '../helpers/recordings.js';

/** A poll of the list (no tag) or of one deployment opened from it (tagged). */
type Step = { tag?: string; snap: Snapshot<unknown> };

const dir = () => mkdtempSync(join(tmpdir(), 'depwatch-repeats-'));

function record(steps: readonly Step[], maxBytes = 1e9, kind: 'list' | 'watch' = 'list'): string {
  const file = join(dir(), 'r.jsonl');
  const recorder = new Recorder({ path: file, maxBytes, kind, targets: [], baseUrl: 'http://127.0.0.1:1/v1', intervalMs: 2000, version: 't' });
  for (const { tag, snap } of steps) (tag === undefined ? recorder.poll : recorder.pollsOf(tag))(snap);
  recorder.close();
  return file;
}

/** The same polls as a format 1 file: every answer whole, as depwatch wrote them before. */
function wholeLines(steps: readonly Step[], kind: 'list' | 'watch' = 'list'): string {
  const header = { recording: 'depwatch-recording', format: 1, depwatch: 't', host: '127.0.0.1:1', started: new Date(T0).toISOString(), kind, targets: [], intervalMs: 2000 };
  const lines = steps.map(({ tag, snap }) => ({
    ...(tag === undefined ? {} : { deployment: tag }),
    at: snap.at,
    latencyMs: snap.latencyMs,
    ...(snap.ok ? { ok: true, data: scrubData(snap.data) } : { ok: false, error: snap.error }),
  }));
  return [header, ...lines].map((l) => JSON.stringify(l)).join('\n');
}

const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

const web = deployment({ id: 'dep-web', name: 'web' });
const api = deployment({ id: 'dep-api', name: 'api', ready_replicas: 2 });
const db = deployment({ id: 'dep-db', name: 'db' });
const ok = (at: number, data: unknown, tag?: string): Step => ({ ...(tag === undefined ? {} : { tag }), snap: { ok: true, at, latencyMs: 5, data } });

/** Repeats, a change, one added, one gone, a reorder, an error between repeats, and an opened deployment's repeats. */
const STEPS: Step[] = [
  ok(T0, [web, api]),
  ok(T0 + 2000, [web, api]),
  ok(T0 + 3000, web, 'dep-web'),
  ok(T0 + 4000, [web, { ...api, ready_replicas: 3 }]),
  ok(T0 + 5000, { ...web }, 'dep-web'),
  ok(T0 + 6000, [web, { ...api, ready_replicas: 3 }, db]),
  { snap: { ok: false, at: T0 + 8000, latencyMs: 9, error: { kind: 'timeout', message: 'timed out after 10s' } } },
  ok(T0 + 10_000, [web, { ...api, ready_replicas: 3 }, db]),
  ok(T0 + 12_000, [db, web]),
  ok(T0 + 14_000, []),
  ok(T0 + 16_000, []),
  ok(T0 + 18_000, [db]),
];

describe('an answer written against the previous one of its stream', () => {
  it('reads back as every poll was, equal to the same polls written whole (format 1)', () => {
    const file = record(STEPS);
    const compact = readRecording(file) as Recording<Deployment[]>;
    const whole = parseRecording(wholeLines(STEPS)) as Recording<Deployment[]>;
    expect(compact.skipped).toBe(0);
    expect(whole.skipped).toBe(0);
    expect(compact.polls).toEqual(whole.polls);
    expect(compact.visits).toEqual(whole.visits);
    // And replayed alike: the list's state after the last poll.
    const [a, b] = [listPlayer(compact, 1), listPlayer(whole, 1)];
    a.toEnd();
    b.toEnd();
    expect(a.getState()).toEqual(b.getState());
    // `sim --replay` serves the same documents.
    expect(asIfLive(compact, T0 + 60_000).polls).toEqual(asIfLive(whole, T0 + 60_000).polls);
  });

  it('a watch replayed from it passes through the same states as from the whole answers', () => {
    // The rollout scenario, each poll answered twice (a second poll before anything changed).
    const rollout = parseRecording(rolloutRecordingLines(T0).join('\n')) as Recording<Deployment>;
    const steps = rollout.polls.flatMap((p) => [{ snap: p }, { snap: { ...p, at: p.at + 1000 } }]);
    const file = record(steps, 1e9, 'watch');
    expect(lines(file).filter((l) => l.same === true).length).toBeGreaterThanOrEqual(rollout.polls.length);
    const compact = readRecording(file) as Recording<Deployment>;
    const whole = parseRecording(wholeLines(steps, 'watch')) as Recording<Deployment>;
    const [a, b] = [watchPlayer(compact, 1), watchPlayer(whole, 1)];
    for (let i = 0; i < steps.length; i++) {
      expect(a.getState()).toEqual(b.getState());
      a.step(1);
      b.step(1);
    }
  });

  it('writes a repeat as `same`, a list with some unchanged as `parts` naming runs of the last list, and a first answer whole', () => {
    const [, ...polls] = lines(record(STEPS));
    const fields = polls.map((l) => ['data', 'same', 'parts', 'error'].find((k) => k in l));
    expect(fields).toEqual(['data', 'same', 'data', 'parts', 'same', 'parts', 'error', 'same', 'parts', 'data', 'same', 'data']);
    expect(polls[0]).not.toHaveProperty('same');
    expect(polls[4]).toEqual({ deployment: 'dep-web', at: T0 + 5000, latencyMs: 5, ok: true, same: true });
    // web kept (item 0 of the last list), api written again with its change.
    expect(polls[3]!.parts).toEqual([[0, 0], expect.objectContaining({ id: 'dep-api', ready_replicas: 3 })]);
    // [db, web] after [web, api, db]: two runs of one.
    expect(polls[8]!.parts).toEqual([[2, 2], [0, 0]]);
  });

  it('a steady list of 500 costs one short line a poll', () => {
    const list = Array.from({ length: 500 }, (_, i) => deployment({ id: `dep-${i}`, name: `d${i}` }));
    const steps = Array.from({ length: 10 }, (_, i) => ok(T0 + i * 2000, list));
    const sizes = readFileSync(record(steps), 'utf8').trim().split('\n').map((l) => Buffer.byteLength(l));
    expect(sizes[1]).toBeGreaterThan(500 * 1000);
    for (const size of sizes.slice(2)) expect(size).toBeLessThan(80);
  });

  it('starts each file again whole past --record-max, so FILE reads alone', () => {
    const list = [web, api, db];
    const steps = Array.from({ length: 12 }, (_, i) => ok(T0 + i * 2000, i % 4 === 0 ? [web, { ...api, ready_replicas: i }, db] : list));
    const file = record(steps, 12_000);
    const newer = readRecording(file);
    const older = readRecording(`${file}.1`);
    expect(newer.skipped + older.skipped).toBe(0);
    expect(lines(file)[1]).toHaveProperty('data');
    const whole = parseRecording(wholeLines(steps))!;
    expect([...older.polls, ...newer.polls]).toEqual(whole.polls.slice(-(older.polls.length + newer.polls.length)));
  });
});

describe('a compact line whose previous answer cannot be read', () => {
  const header = JSON.stringify({ recording: 'depwatch-recording', format: 2, depwatch: 't', host: 'h', started: new Date(T0).toISOString(), kind: 'list', targets: [], intervalMs: 2000 });
  const line = (at: number, rest: object) => JSON.stringify({ at, latencyMs: 5, ok: true, ...rest });

  it('is skipped and counted rather than read against an older answer, until an answer written whole', () => {
    const text = [
      header,
      line(T0, { data: [web] }),
      line(T0 + 2000, { data: [web, api] }).slice(0, 50), // cut short
      line(T0 + 4000, { same: true }),
      line(T0 + 6000, { parts: [[0, 1]] }),
      line(T0 + 8000, { data: [db] }),
      line(T0 + 10_000, { parts: [[0, 0], web] }),
      line(T0 + 12_000, { parts: [[0, 5]] }), // a run past the last list
      line(T0 + 14_000, { same: true }),
      line(T0 + 16_000, { same: true, data: [web] }), // two answers
    ].join('\n');
    const r = parseRecording(text)!;
    expect(r.skipped).toBe(6);
    expect(r.polls.map((p) => [p.at, (p.ok ? (p.data as Deployment[]) : []).map((d) => d.name)])).toEqual([[T0, ['web']], [T0 + 8000, ['db']], [T0 + 10_000, ['db', 'web']]]);
  });

  it('runs naming the last list more than once over are skipped: 39 such lines of 3 KB cannot double a list into the gigabytes', () => {
    const bomb = Array.from({ length: 39 }, (_, i) => line(T0 + 2000 * (i + 1), { parts: [[0, 0], [0, 0]] }));
    const r = parseRecording([header, line(T0, { data: [web] }), ...bomb].join('\n'))!;
    expect(r.skipped).toBe(39);
    expect(r.polls).toHaveLength(1);
  });

  it('a list holding the same deployment twice is written so that it reads back whole', () => {
    const steps = [ok(T0, [web, api]), ok(T0 + 2000, [web, web, api]), ok(T0 + 4000, [web, web, web, api])];
    const r = readRecording(record(steps));
    expect(r.skipped).toBe(0);
    expect(r.polls.map((p) => (p.ok ? (p.data as Deployment[]) : []).map((d) => d.name))).toEqual([['web', 'api'], ['web', 'web', 'api'], ['web', 'web', 'web', 'api']]);
  });

  it('a `same` opened deployment after the list\'s whole answer is not read as the list', () => {
    const text = [header, line(T0, { data: [web] }), JSON.stringify({ deployment: 'dep-web', at: T0 + 1000, latencyMs: 5, ok: true, same: true })].join('\n');
    const r = parseRecording(text)!;
    expect(r.skipped).toBe(1);
    expect(r.visits).toBeUndefined();
  });
});

describe('recordings of generated poll sequences', () => {
  /** A deployment from a small pool, each field drawn from a few values so that repeats are common. */
  const deploymentArb = fc.record({
    n: fc.integer({ min: 0, max: 5 }),
    ready: fc.integer({ min: 0, max: 2 }),
    status: fc.constantFrom('Ready', 'Updating', 'Failed'),
    crash: fc.boolean(),
  }).map(({ n, ready, status, crash }) => deployment({
    id: `dep-${n}`,
    name: `d${n}`,
    ready_replicas: ready,
    status,
    replica_events: { a: replica(crash ? { replica_status: 'CrashLoopBackOff', replica_status_message: 'exit 1' } : {}) },
  }));
  const stepArb: fc.Arbitrary<(last: Deployment[]) => Step['snap'] & { tag?: string }> = fc.oneof(
    fc.constant((last: Deployment[]) => ({ ok: true as const, at: 0, latencyMs: 5, data: last })),
    fc.array(deploymentArb, { maxLength: 6 }).map((list) => () => ({ ok: true as const, at: 0, latencyMs: 5, data: list })),
    fc.tuple(fc.nat(), deploymentArb).map(([i, d]) => (last: Deployment[]) => ({ ok: true as const, at: 0, latencyMs: 5, data: last.map((x, j) => (j === i % Math.max(1, last.length) ? d : x)) })),
    fc.constant((last: Deployment[]) => ({ ok: true as const, at: 0, latencyMs: 5, data: [...last].reverse() })),
    fc.constant(() => ({ ok: false as const, at: 0, latencyMs: 5, error: { kind: 'server' as const, message: 'HTTP 500' } })),
    fc.tuple(fc.integer({ min: 0, max: 2 }), deploymentArb).map(([t, d]) => () => ({ tag: `dep-${t}`, ok: true as const, at: 0, latencyMs: 5, data: d })),
  );

  it('read back equal to the same polls written whole', () => {
    fc.assert(fc.property(fc.array(stepArb, { minLength: 1, maxLength: 30 }), (makers) => {
      let last: Deployment[] = [];
      const steps: Step[] = makers.map((make, i) => {
        const { tag, ...snap } = make(last);
        if (snap.ok && tag === undefined) last = snap.data as Deployment[];
        return { ...(tag === undefined ? {} : { tag }), snap: { ...snap, at: T0 + i * 1000 } as Snapshot<unknown> };
      });
      const compact = parseRecording(readFileSync(record(steps), 'utf8'))!;
      const whole = parseRecording(wholeLines(steps))!;
      expect(compact.skipped).toBe(0);
      expect(compact.polls).toEqual(whole.polls);
      expect(compact.visits).toEqual(whole.visits);
    }), { numRuns: 150 });
  });
});
