import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../src/api/schema.js';
import { appendCapped, pushCapped, READY_SERIES_CAP, TIMELINE_CAP } from '../../src/watch/history.js';
import { rollout } from '../../src/watch/rollout.js';
import { initialProgress, progressView } from '../../src/watch/progress.js';
import { initialState, isStale, reduce, sameData, setPaused, STALE_SLACK_MS, staleForMs } from '../../src/watch/state.js';
import type { Snapshot, SnapshotError, WatchState } from '../../src/watch/types.js';
import { deployment, failedDeployment, replica, rollingDeployment, T0 } from '../helpers/fixtures.js';

const INTERVAL = 2_000;

const ok = (data: Deployment, at: number, latencyMs = 40): Snapshot<Deployment> => ({ ok: true, data, at, latencyMs });
const bad = (at: number, kind: SnapshotError['kind'] = 'network', message = 'connect ECONNREFUSED 127.0.0.1:443'): Snapshot<Deployment> => ({
  ok: false,
  error: { kind, message, nextRetryAt: at + 4_000 },
  at,
  latencyMs: 3,
});

function run(snaps: Snapshot<Deployment>[], from: WatchState = initialState()): WatchState {
  return snaps.reduce(reduce, from);
}

describe('reduce', () => {
  it('starts empty and unpaused', () => {
    expect(initialState()).toEqual({
      consecutiveFailures: 0, timeline: [], readySeries: [], desiredSeries: [], revisionOrder: [], causes: new Map(), polls: 0, paused: false,
      progress: initialProgress(), progressOptions: { progressDeadlineMs: 600_000, settleMs: 30_000 },
    });
  });

  it('takes in the first deployment with a summary event', () => {
    const s = reduce(initialState(), ok(deployment(), T0, 120));
    expect(s).toMatchObject({ lastSuccessAt: T0, lastAttemptAt: T0, latencyMs: 120, consecutiveFailures: 0, readySeries: [3], revisionOrder: ['rev-1'], polls: 1 });
    expect(s.deployment).toEqual(deployment());
    expect(s.timeline).toEqual([{ at: T0, severity: 'ok', text: 'watching llama-chat: Ready, 3/3 ready' }]);
  });

  it('keeps the previous deployment object when the new one is deep-equal', () => {
    const first = reduce(initialState(), ok(deployment(), T0));
    const second = reduce(first, ok(structuredClone(deployment()), T0 + INTERVAL));
    expect(second.deployment).toBe(first.deployment);
    expect(second.timeline).toBe(first.timeline);
    expect(second.revisionOrder).toBe(first.revisionOrder);
    expect(second.lastSuccessAt).toBe(T0 + INTERVAL);
    expect(second.polls).toBe(2);
  });

  it('replaces the deployment and records what changed when it differs', () => {
    const first = reduce(initialState(), ok(deployment(), T0));
    const second = reduce(first, ok(rollingDeployment(), T0 + INTERVAL));
    expect(second.deployment).not.toBe(first.deployment);
    expect(second.timeline.slice(1).map((e) => e.text)).toContain('status Ready → Updating');
    expect(second.revisionOrder).toEqual(['rev-1', 'rev-2']);
  });

  it('keeps the last good deployment through an error and marks when the streak began', () => {
    const good = reduce(initialState(), ok(deployment(), T0));
    const s = run([bad(T0 + 2_000), bad(T0 + 6_000)], good);
    expect(s.deployment).toBe(good.deployment);
    expect(s.lastSuccessAt).toBe(T0);
    expect(s.lastAttemptAt).toBe(T0 + 6_000);
    expect(s.consecutiveFailures).toBe(2);
    expect(s.error).toEqual({ kind: 'network', message: 'connect ECONNREFUSED 127.0.0.1:443', nextRetryAt: T0 + 10_000, since: T0 + 2_000 });
    expect(s.readySeries).toEqual([3]);
  });

  it('writes one timeline line per outage and one per change of error kind, not one per poll', () => {
    const good = reduce(initialState(), ok(deployment(), T0));
    const outage = Array.from({ length: 50 }, (_, i) => bad(T0 + 1_000 * (i + 1)));
    const s = run([...outage, bad(T0 + 60_000, 'rate-limited', 'HTTP 429'), bad(T0 + 61_000, 'rate-limited', 'HTTP 429')], good);
    expect(s.timeline.slice(1)).toEqual([
      { at: T0 + 1_000, severity: 'warn', text: 'network error: connect ECONNREFUSED 127.0.0.1:443' },
      { at: T0 + 60_000, severity: 'warn', text: 'rate limited: HTTP 429' },
    ]);
    expect(s.error?.since).toBe(T0 + 1_000);
  });

  it('says when the connection is restored and clears the error', () => {
    const good = reduce(initialState(), ok(deployment(), T0));
    const s = run([bad(T0 + 1_000), bad(T0 + 2_000), bad(T0 + 3_000), ok(deployment(), T0 + 4_000)], good);
    expect(s.error).toBeUndefined();
    expect('error' in s).toBe(false);
    expect(s.consecutiveFailures).toBe(0);
    expect(s.deployment).toBe(good.deployment);
    expect(s.timeline.at(-1)).toEqual({ at: T0 + 4_000, severity: 'ok', text: 'connection restored after 3 failed polls' });
    // The next outage is a new streak with its own start.
    expect(reduce(s, bad(T0 + 9_000)).error?.since).toBe(T0 + 9_000);
  });

  it('grades errors a person must fix above transient ones', () => {
    const s = reduce(initialState(), bad(T0, 'auth', 'the API key was rejected (HTTP 401)'));
    expect(s.timeline).toEqual([{ at: T0, severity: 'error', text: 'authentication failed: the API key was rejected (HTTP 401)' }]);
    expect(s.deployment).toBeUndefined();
  });

  it('words the timeline error lines as the banner does, never with internal kind names', () => {
    const s = run([bad(T0, 'invalid-response', 'redirected to https://example.com/login'), bad(T0 + 1_000, 'not-found', 'HTTP 404')], initialState());
    expect(s.timeline.map((e) => e.text)).toEqual(['unexpected response: redirected to https://example.com/login', 'deployment not found: HTTP 404']);
  });

  it('holds the timeline and ready series to their caps, newest last, counting the events dropped', () => {
    let s = reduce(initialState(), ok(deployment(), T0));
    // One event per poll: each failed poll's error is of another kind than the last one's.
    for (let i = 1; i < 1_500; i++) s = reduce(s, bad(T0 + i * INTERVAL, i % 2 === 0 ? 'network' : 'timeout'));
    expect(TIMELINE_CAP).toBe(1_000);
    expect(s.timeline).toHaveLength(TIMELINE_CAP);
    expect(s.timeline.at(-1)?.at).toBe(T0 + 1_499 * INTERVAL);
    expect(s.timeline[0]?.at).toBe(T0 + 500 * INTERVAL);
    expect(s.timelineDropped).toBe(500);
    expect(s.polls).toBe(1_500);
    // Good polls add to the same count once the timeline is full (the first one back says so).
    s = reduce(s, ok(deployment(), T0 + 1_500 * INTERVAL));
    expect(s.timelineDropped).toBe(501);
    for (let i = 0; i < READY_SERIES_CAP + 10; i++) s = reduce(s, ok(deployment({ ready_replicas: i % 4 }), T0 + (1_501 + i) * INTERVAL));
    expect(s.readySeries).toHaveLength(READY_SERIES_CAP);
    expect(s.readySeries.at(-1)).toBe((READY_SERIES_CAP + 9) % 4);
  });

  it('counts nothing dropped while the timeline is under its cap', () => {
    let s = reduce(initialState(), ok(deployment(), T0));
    for (let i = 1; i < 10; i++) s = reduce(s, bad(T0 + i * INTERVAL, i % 2 === 0 ? 'network' : 'timeout'));
    expect(s.timeline).toHaveLength(10);
    expect(s.timelineDropped).toBeUndefined();
  });

  it('orders revisions present on the first snapshot so the one running the deployment image is newest', () => {
    const rolling = rollingDeployment();
    // rev-2 listed first: object order must not decide which revision is the target.
    const events = Object.entries(rolling.replica_events!).reverse();
    const s = reduce(initialState(), ok({ ...rolling, replica_events: Object.fromEntries(events) }, T0));
    expect(s.revisionOrder).toEqual(['rev-1', 'rev-2']);
    expect(rollout(s.deployment!, s.revisionOrder).target).toBe('rev-2');
  });

  it('picks the same target as its rollout tracker when a revision runs both images', () => {
    const [older, newer] = ['registry.example/llm:1', 'registry.example/llm:2'];
    // rev-x first on the old image, then rev-y and rev-x on the deployment's image.
    const d = deployment({ status: 'Updating', image: newer, replica_events: {
      x1: replica({ revision_id: 'rev-x', image: older }),
      y1: replica({ revision_id: 'rev-y', image: newer }),
      x2: replica({ revision_id: 'rev-x', image: newer }),
    } });
    const s = reduce(initialState(), ok(d, T0));
    const tracked = progressView(s.progress, T0, s.progressOptions)!.target;
    expect(tracked).toBeDefined();
    expect(rollout(s.deployment!, s.revisionOrder).target).toBe(tracked);
  });

  it('appends revisions in the order they are first seen', () => {
    const s = run([ok(deployment(), T0), ok(rollingDeployment(), T0 + 2_000), ok(failedDeployment(), T0 + 4_000)]);
    expect(s.revisionOrder).toEqual(['rev-1', 'rev-2']);
  });

  it('counts ready replicas from replica health when the API omits ready_replicas', () => {
    const s = reduce(initialState(), ok(deployment({ ready_replicas: undefined }), T0));
    expect(s.readySeries).toEqual([3]);
  });

  it('keeps the paused flag through snapshots, and setPaused returns the same state when unchanged', () => {
    const paused = setPaused(initialState(), true);
    expect(reduce(paused, ok(deployment(), T0)).paused).toBe(true);
    expect(setPaused(paused, true)).toBe(paused);
    expect(setPaused(paused, false).paused).toBe(false);
  });
});

describe('staleness', () => {
  const fresh = reduce(initialState(), ok(deployment(), T0));

  it('is not stale before the first result or within two intervals', () => {
    expect(isStale(initialState(), T0, INTERVAL)).toBe(false);
    expect(isStale(fresh, T0 + 2 * INTERVAL + STALE_SLACK_MS, INTERVAL)).toBe(false);
  });

  it('is stale once the data is older than two intervals and a little', () => {
    expect(isStale(fresh, T0 + 2 * INTERVAL + STALE_SLACK_MS + 1, INTERVAL)).toBe(true);
  });

  it('is stale as soon as a poll fails', () => {
    expect(isStale(reduce(fresh, bad(T0 + 100)), T0 + 100, INTERVAL)).toBe(true);
  });

  it('measures the age of the data on screen', () => {
    expect(staleForMs(initialState(), T0)).toBeUndefined();
    expect(staleForMs(reduce(fresh, bad(T0 + 5_000)), T0 + 7_000)).toBe(7_000);
  });
});

describe('history', () => {
  it('appends into a new array and drops the oldest beyond the cap', () => {
    const list = [1, 2, 3];
    const next = appendCapped(list, [4, 5], 4);
    expect(next).toEqual([2, 3, 4, 5]);
    expect(list).toEqual([1, 2, 3]);
    expect(pushCapped(next, 6, 4)).toEqual([3, 4, 5, 6]);
    expect(appendCapped([1], [2, 3, 4, 5, 6], 2)).toEqual([5, 6]);
    expect(appendCapped([1], [2], 0)).toEqual([]);
  });
});

describe('causes', () => {
  it('keeps why a replica crashed while it only says it is backing off', () => {
    const crashedAt = deployment({ replica_events: { a: replica({ replica_status: 'Terminated', replica_status_reason: 'Error', replica_status_message: 'CUDA out of memory', replica_ready_since: undefined }) } });
    const backingOff = deployment({ replica_events: { a: replica({ replica_status: 'Waiting', replica_status_reason: 'CrashLoopBackOff', replica_status_message: 'back-off 10s', replica_ready_since: undefined }) } });
    const s = reduce(reduce(initialState(), ok(crashedAt, T0, 5)), ok(backingOff, T0 + 2000, 5));
    expect(s.causes).toEqual(new Map([['a', 'Error: CUDA out of memory']]));
  });
});

describe('sameData', () => {
  it('agrees with isDeepStrictEqual on parsed JSON', () => {
    const values: unknown[] = [
      {}, { a: 1 }, { a: 1, b: undefined }, { b: undefined, a: 1 }, { a: '1' }, { a: [1, 2] }, { a: [2, 1] }, { a: [1, 2, 3] },
      [], [{}], [{ a: null }], [{ a: undefined }], null, undefined, 0, -0, 1, '', 'x', true, false,
      { n: { m: { k: ['deep'] } } }, { n: { m: { k: ['deeper'] } } }, Object.create(null), [undefined], [null],
    ];
    for (const a of values) {
      for (const b of values) {
        expect(sameData(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(isDeepStrictEqual(a, b));
        expect(sameData(structuredClone(a), b)).toBe(isDeepStrictEqual(structuredClone(a), b));
      }
    }
  });
});
