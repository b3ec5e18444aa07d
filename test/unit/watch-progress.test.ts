// The rollout progress tracker over recorded snapshot sequences, with time given explicitly.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Deployment, ReplicaEvent } from '../../src/api/schema.js';
import { initialProgress, nextProgressChangeAt, progressOnce, progressView, trackProgress, type ProgressEvent, type ProgressState } from '../../src/watch/progress.js';
import { deployment, failedDeployment, iso, replica, rollingDeployment, T0 } from '../helpers/fixtures.js';
import { formatDuration } from '../../src/watch/duration.js';

const NEW_IMAGE = 'registry.together.ai/acme/llm@sha256:2222222222222222222222222222222222222222222222222222222222222222';
const SEC = 1000;
const MIN = 60 * SEC;

/** A replica of rev-2 (the new image), created (preload started) a few seconds before T0. */
function rev2(overrides: Partial<ReplicaEvent> = {}): ReplicaEvent {
  return replica({ image: NEW_IMAGE, revision_id: 'rev-2', volume_preload_started_at: iso(T0 - 5 * SEC), ...overrides });
}
const creating = (createdAt: number) => rev2({
  replica_status: 'Waiting', replica_status_reason: 'ContainerCreating', replica_ready_since: undefined,
  volume_preload_status: 'InProgress', volume_preload_started_at: iso(createdAt), volume_preload_completed_at: undefined,
});
const ready = (createdAt: number, readyAt: number) => rev2({ replica_ready_since: iso(readyAt), volume_preload_started_at: iso(createdAt) });

function updating(events: Record<string, ReplicaEvent>, extra: Partial<Deployment> = {}): Deployment {
  const readyCount = Object.values(events).filter((e) => e.replica_status === 'Running' && e.replica_ready_since).length;
  return deployment({ status: 'Updating', image: NEW_IMAGE, ready_replicas: readyCount, replica_events: events, ...extra });
}

/** Feeds `steps` (time, deployment or error) in order; returns the final state and every event. */
function play(steps: Array<[number, Deployment | 'error']>, options = {}) {
  let state: ProgressState = initialProgress();
  const events: ProgressEvent[] = [];
  for (const [at, d] of steps) {
    const snap = d === 'error'
      ? { ok: false as const, error: { kind: 'server' as const, message: 'server error (500)' }, at, latencyMs: 1 }
      : { ok: true as const, data: d, at, latencyMs: 1 };
    const r = trackProgress(state, snap, options);
    state = r.state;
    events.push(...r.events);
  }
  return { state, events, texts: events.map((e) => `${e.kind} ${e.severity} ${e.text}`) };
}

// A rollout of three replicas seen from its start: rev-1 → rev-2, one at a time.
const a = 'llama-chat-rev-1-a';
const b = 'llama-chat-rev-1-b';
const c = 'llama-chat-rev-1-c';
const ROLLOUT: Array<[number, Deployment]> = [
  [T0, deployment()],
  [T0 + 2 * SEC, updating({ [a]: replica(), [b]: replica(), [c]: replica(), n1: creating(T0 + 1 * SEC) })],
  [T0 + 62 * SEC, updating({ [a]: replica({ replica_status: 'Terminated', replica_status_reason: 'Completed', replica_ready_since: undefined }), [b]: replica(), [c]: replica(), n1: ready(T0 + SEC, T0 + 61 * SEC), n2: creating(T0 + 62 * SEC) })],
  [T0 + 122 * SEC, updating({ [c]: replica(), n1: ready(T0 + SEC, T0 + 61 * SEC), n2: ready(T0 + 62 * SEC, T0 + 122 * SEC), n3: creating(T0 + 122 * SEC) })],
  [T0 + 182 * SEC, updating({ n1: ready(T0 + SEC, T0 + 61 * SEC), n2: ready(T0 + 62 * SEC, T0 + 122 * SEC), n3: ready(T0 + 122 * SEC, T0 + 180 * SEC) }, { status: 'Ready' })],
];

describe('a rollout seen from its start', () => {
  it('is steady, then progressing with counts, elapsed and an estimate, then complete', () => {
    const { texts, state } = play(ROLLOUT);
    expect(texts).toEqual([
      'phase ok steady on rev-1: Ready, 3/3 ready',
      'phase info rollout of rev-2 replacing rev-1 began: acme/llm@111111111111 → acme/llm@222222222222',
      // n1 became ready a second before this poll saw it: the estimate has counted a second down.
      'progress info 1/3 ready · 1m00s · ~1m59s left',
      'progress info 2/3 ready · 2m00s · ~1m00s left',
      'phase ok rollout of rev-2 complete in 3m00s: 3/3 ready',
    ]);
    const view = progressView(state, T0 + 10 * MIN)!;
    expect(view).toMatchObject({ phase: 'complete', target: 'rev-2', targetReady: 3, previous: [] });
    // Elapsed stops at completion; no estimate once done.
    expect(view.rollout).toMatchObject({ from: 'rev-1', startedAt: T0 + 2 * SEC, elapsedMs: 180 * SEC, fromImage: 'acme/llm@111111111111', toImage: 'acme/llm@222222222222' });
    expect(view.rollout!.estimateMs).toBeUndefined();
  });

  it('gives no estimate until a replica of the new revision has become ready', () => {
    const { state } = play(ROLLOUT.slice(0, 2));
    const view = progressView(state, T0 + 30 * SEC)!;
    expect(view.phase).toBe('progressing');
    expect(view.rollout).toMatchObject({ elapsedMs: 28 * SEC });
    expect(view.rollout!.estimateMs).toBeUndefined();
  });

  it('takes the median pace, not the mean: one slow replica does not skew it', () => {
    const steps: Array<[number, Deployment]> = [
      [T0, deployment({ desired_replicas: 4 })],
      [T0 + 301 * SEC, updating({ [a]: replica(), p: ready(T0, T0 + 10 * SEC), q: ready(T0, T0 + 20 * SEC), r: ready(T0, T0 + 300 * SEC), s: creating(T0) }, { desired_replicas: 4 })],
    ];
    const view = progressView(play(steps).state, T0 + 301 * SEC)!;
    expect(view.targetReady).toBe(3);
    // Made when r became ready (T0+300s), a second ago: 20s less 1s.
    expect(view.rollout!.estimateMs).toBe(19 * SEC);
  });
});

describe('the estimate counts down between ready events', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const left = (state: ProgressState) => `~${formatDuration(progressView(state, Date.now())!.rollout!.estimateMs!)} left`;

  it('from the estimate made at the last readiness, less the time since; 0 when overdue, never negative; afresh at the next', () => {
    vi.useFakeTimers({ now: T0 + 62 * SEC });
    // n1 became ready at T0+61s, a minute after its creation: two to come, ~2m00s from then.
    let state = play(ROLLOUT.slice(0, 3)).state;
    expect(left(state)).toBe('~1m59s left');
    vi.advanceTimersByTime(13 * SEC);
    expect(left(state)).toBe('~1m46s left');
    vi.advanceTimersByTime(60 * SEC);
    expect(left(state)).toBe('~46s left');
    vi.advanceTimersByTime(46 * SEC);
    expect(left(state)).toBe('~0s left');
    vi.advanceTimersByTime(30 * SEC);
    expect(progressView(state, Date.now())!.rollout).toMatchObject({ estimateMs: 0, estimateEndsAt: T0 + 181 * SEC });
    expect(progressView(state, Date.now())!.phase).toBe('progressing');
    // n2 ready at T0+122s (pace still a minute): one to come, a minute from its readiness.
    vi.setSystemTime(T0 + 122 * SEC);
    state = play(ROLLOUT.slice(0, 4)).state;
    expect(left(state)).toBe('~1m00s left');
    vi.advanceTimersByTime(19 * SEC);
    expect(left(state)).toBe('~41s left');
  });
});

describe('stalled', () => {
  const start: Array<[number, Deployment]> = [
    [T0, deployment()],
    [T0 + SEC, updating({ [a]: replica(), [b]: replica(), [c]: replica(), n1: creating(T0 + SEC) })],
  ];

  it('when nothing progresses for the deadline (default 10 minutes), and again progressing after', () => {
    const { state } = play(start);
    expect(progressView(state, T0 + SEC + 10 * MIN - 1)!.phase).toBe('progressing');
    const stalled = progressView(state, T0 + SEC + 10 * MIN)!;
    expect(stalled).toMatchObject({ phase: 'stalled', reason: 'no progress for 10m00s, 0/3 ready' });

    // Polls that bring nothing new report it once; a replica becoming ready makes it progress again.
    const { texts } = play([
      ...start,
      [T0 + 5 * MIN, start[1]![1]],
      [T0 + 11 * MIN, start[1]![1]],
      [T0 + 12 * MIN, 'error'],
      [T0 + 13 * MIN, updating({ [a]: replica(), [b]: replica(), [c]: replica(), n1: ready(T0 + SEC, T0 + 13 * MIN) })],
    ]);
    expect(texts.slice(2)).toEqual([
      'phase error rollout of rev-2 stalled: no progress for 10m59s, 0/3 ready',
      'phase info rollout of rev-2 in progress: 1/3 ready · 12m59s · ~25m58s left ← rev-1 (3 live)',
    ]);
  });

  it('says when the view will change by itself: the deadline, then nothing until the next snapshot', () => {
    const { state } = play(start);
    expect(nextProgressChangeAt(state, T0 + 2 * SEC)).toBe(T0 + SEC + 10 * MIN);
    expect(nextProgressChangeAt(state, T0 + SEC + 10 * MIN)).toBeUndefined();
  });

  it('honours a shorter deadline', () => {
    const { texts } = play([...start, [T0 + 4 * SEC, start[1]![1]]], { progressDeadlineMs: 3 * SEC });
    expect(texts.at(-1)).toBe('phase error rollout of rev-2 stalled: no progress for 3s, 0/3 ready');
  });

  it('counts from the last progress the replicas show when joined in the middle of a rollout', () => {
    const joined = updating({ [a]: replica(), [b]: replica(), n1: ready(T0 - 20 * MIN, T0 - 15 * MIN), n2: creating(T0 - 14 * MIN) });
    const view = progressOnce(joined, T0);
    expect(view).toMatchObject({ phase: 'stalled', target: 'rev-2', targetReady: 1 });
    expect(view.rollout).toMatchObject({ startedAt: T0 - 20 * MIN, lastProgressAt: T0 - 14 * MIN, elapsedMs: 20 * MIN });
    // Two to come at 5 minutes each, estimated at the last readiness 15 minutes ago: overdue, 0, not negative.
    expect(view.rollout).toMatchObject({ estimateMs: 0, estimateEndsAt: T0 - 15 * MIN + 2 * 5 * MIN });
  });
});

describe('failed', () => {
  it('when the deployment says Failed', () => {
    expect(progressOnce(failedDeployment(), T0)).toMatchObject({ phase: 'failed', target: 'rev-2', failing: [{ name: 'llama-chat-rev-2-a', crashes: 1 }] });
    expect(progressOnce(deployment({ status: 'Failed', replica_events: {} }), T0)).toMatchObject({ phase: 'failed', reason: 'status Failed, 3/3 ready' });
  });

  it.each([
    ['CrashLoopBackOff'], ['ImagePullBackOff'], ['ErrImagePull'], ['OOMKilled'], ['CreateContainerConfigError'], ['Error'],
    // Reasons the API may add that read as failures.
    ['ErrImageNeverPull'], ['GPUAllocationFailed'], ['RunContainerPanic'],
  ])('when a replica of the new revision is %s', (reason) => {
    const d = updating({ [a]: replica(), n1: rev2({ replica_status: 'Waiting', replica_status_reason: reason, replica_status_message: 'it broke', replica_ready_since: undefined }) });
    const view = progressOnce(d, T0);
    expect(view.phase).toBe('failed');
    expect(view.reason).toMatch(new RegExp(`^n1 ${reason}: it broke$|^n1 ${reason}`));
  });

  it('not for normal states, nor for a failing replica of the old revision', () => {
    for (const reason of ['ContainerCreating', 'PodInitializing', 'Completed']) {
      const d = updating({ [a]: replica(), n1: rev2({ replica_status: 'Waiting', replica_status_reason: reason, replica_ready_since: undefined }) });
      expect(progressOnce(d, T0).phase).toBe('progressing');
    }
    const oldFails = updating({ [a]: replica({ replica_status: 'Waiting', replica_status_reason: 'CrashLoopBackOff', replica_ready_since: undefined }), n1: creating(T0) });
    const view = progressOnce(oldFails, T0);
    expect(view.phase).toBe('progressing');
    expect(view.failing.map((f) => f.name)).toEqual([a]);
  });
});

describe('replica health with memory', () => {
  // One replica of rev-2 crash-looping: the API shows it Running (not ready) between crashes.
  const loading = rev2({ replica_status: 'Running', replica_ready_since: undefined });
  const crashed = rev2({ replica_status: 'Terminated', replica_status_reason: 'Error', replica_status_message: 'CUDA out of memory', replica_ready_since: undefined });
  const backoff = rev2({ replica_status: 'Waiting', replica_status_reason: 'CrashLoopBackOff', replica_status_message: 'back-off 10s restarting failed container', replica_ready_since: undefined });
  const at = (n1: ReplicaEvent) => updating({ [a]: replica(), n1 });

  it('stays failing through back-off cycles, counting crashes and keeping the cause', () => {
    let state = initialProgress();
    const seen: Array<[string, number, string | undefined]> = [];
    const phases: string[] = [];
    const cycle = [loading, crashed, backoff, loading, crashed, backoff, loading];
    cycle.forEach((ev, i) => {
      state = trackProgress(state, { ok: true, data: at(ev), at: T0 + i * 10 * SEC, latencyMs: 1 }).state;
      const view = progressView(state, T0 + i * 10 * SEC)!;
      phases.push(view.phase);
      const f = view.failing[0];
      seen.push(f ? [f.health, f.crashes, f.cause] : ['ok', 0, undefined]);
    });
    expect(phases).toEqual(['progressing', 'failed', 'failed', 'failed', 'failed', 'failed', 'failed']);
    expect(seen.slice(1)).toEqual([
      ['failing', 1, 'Error: CUDA out of memory'],
      ['failing', 1, 'Error: CUDA out of memory'],
      ['failing', 1, 'Error: CUDA out of memory'],
      ['failing', 2, 'Error: CUDA out of memory'],
      ['failing', 2, 'Error: CUDA out of memory'],
      ['failing', 2, 'Error: CUDA out of memory'],
    ]);
    // Between crashes it says what it is doing and how often it crashed.
    expect(progressView(state, T0 + 60 * SEC)!.reason).toBe('n1 restarting (2 crashes seen): Error: CUDA out of memory');
    expect(progressView(state, T0 + 60 * SEC)!.failing[0]!.lastCrashAt).toBe(T0 + 40 * SEC);
  });

  it('recovers only after being ready for the settle time, and a later slow start is not a failure', () => {
    const readyAgain = rev2({ replica_ready_since: iso(T0 + 25 * SEC) });
    const { state } = play([[T0, at(crashed)], [T0 + 20 * SEC, at(loading)], [T0 + 30 * SEC, at(readyAgain)]]);
    expect(progressView(state, T0 + 54 * SEC)!.phase).toBe('failed');
    expect(nextProgressChangeAt(state, T0 + 30 * SEC)).toBe(T0 + 55 * SEC);
    expect(progressView(state, T0 + 55 * SEC)!).toMatchObject({ phase: 'progressing', failing: [] });
    // Ready for longer than the settle time, then not ready without crashing: not failing.
    const later = play([[T0, at(crashed)], [T0 + 30 * SEC, at(readyAgain)], [T0 + 90 * SEC, at(loading)]], { settleMs: 30 * SEC });
    expect(progressView(later.state, T0 + 90 * SEC)!.failing).toEqual([]);
    // Ready for less than the settle time, then not ready: still the crash loop.
    const early = play([[T0, at(crashed)], [T0 + 30 * SEC, at(readyAgain)], [T0 + 40 * SEC, at(loading)]]);
    expect(progressView(early.state, T0 + 40 * SEC)!.failing.map((f) => f.name)).toEqual(['n1']);
  });

  it('keeps replicas named like object properties apart', () => {
    const events = Object.fromEntries([
      ['__proto__', crashed], ['constructor', rev2()], ['toString', replica()], ['hasOwnProperty', creating(T0)],
    ]) as Record<string, ReplicaEvent>;
    const view = progressOnce(updating(events), T0);
    expect(view.replicas.map((r) => r.name).sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
    expect(view.failing.map((f) => f.name)).toEqual(['__proto__']);
    expect(view.targetReady).toBe(1);
  });
});

describe('steady, scaling and what is rolling in', () => {
  it('steady and scaling stay as they are', () => {
    expect(progressOnce(deployment(), T0).phase).toBe('steady');
    expect(progressOnce(deployment({ status: 'Scaling', desired_replicas: 5 }), T0).phase).toBe('scaling');
  });

  it('joined mid-rollout: started at the oldest creation among the new revision, from the old image', () => {
    const view = progressOnce(rollingDeployment(), T0);
    expect(view).toMatchObject({ phase: 'progressing', target: 'rev-2', targetReady: 1, previous: [{ revision: 'rev-1', live: 2 }] });
    // The fixture's rev-2 replicas started their preload an hour ago (the API has no creation time).
    expect(view.rollout).toMatchObject({ from: 'rev-1', startedAt: T0 - 3_700_000, fromImage: 'acme/llm@111111111111', toImage: 'acme/llm@222222222222' });
  });

  it('reports configuration changes seen during a rollout, by name only for environment variables', () => {
    const before = updating({ [a]: replica(), n1: creating(T0) });
    const after = updating({ [a]: replica(), n1: creating(T0) }, {
      gpu_count: 2, memory: 64, max_replicas: 6,
      environment_variables: [{ name: 'MODEL_ID', value: 'secret-looking-value' }, { name: 'NEW_FLAG', value: 'x' }],
    });
    const { texts, state } = play([[T0, before], [T0 + SEC, after]]);
    expect(texts.filter((t) => t.startsWith('change'))).toEqual([
      'change info changed: gpu h100-80gb × 1 → h100-80gb × 2',
      'change info changed: memory 32 GiB → 64 GiB',
      'change info changed: max replicas 5 → 6',
      'change info changed: env added NEW_FLAG; removed HF_TOKEN',
    ]);
    expect(progressView(state, T0 + SEC)!.rollout!.changes).toHaveLength(4);
    expect(JSON.stringify(texts)).not.toContain('secret-looking-value');
  });
});
