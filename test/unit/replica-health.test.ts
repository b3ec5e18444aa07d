// A replica's health from one snapshot: the known reasons, and a state the API adds that reads as
// a failure (issue 8: "or a state the API adds that reads as a failure") counts as failing too.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { replicaHealth } from '../../src/watch/replica.js';
import { progressOnce } from '../../src/watch/progress.js';
import { deployment, replica, T0 } from '../helpers/fixtures.js';

const notReady = { replica_ready_since: undefined };

describe('replica health', () => {
  test.each([
    ['Running', undefined, true, 'ok'],
    ['Running', undefined, false, 'progressing'],
    ['Waiting', 'ContainerCreating', false, 'progressing'],
    ['Pending', undefined, false, 'progressing'],
    ['Waiting', 'PodInitializing', false, 'progressing'],
    ['Terminated', 'Completed', false, 'terminated'],
    ['Waiting', 'CrashLoopBackOff', false, 'failing'],
    ['Terminated', 'OOMKilled', false, 'failing'],
    // States the API may add: read by their words.
    ['Exploding', undefined, false, 'failing'],
    ['Exploding', undefined, true, 'failing'],
    ['Waiting', 'ErrImageNeverPull', false, 'failing'],
    ['Running', 'NodeOOM', true, 'failing'],
    ['Waiting', 'PreStopHookError', false, 'failing'],
    ['Panicked', undefined, false, 'failing'],
    ['Aborted', undefined, false, 'failing'],
    ['Waiting', 'PermissionDenied', false, 'failing'],
    // Unknown, but nothing says trouble: starting, as before.
    ['Waiting', 'ContainerStatusUnknown', false, 'progressing'],
    ['Zooming', undefined, false, 'progressing'],
    ['Deferred', undefined, false, 'progressing'],
    ['Warming', 'Terraforming', false, 'progressing'],
  ])('%s/%s (ready %s) is %s', (status, reason, ready, health) => {
    expect(replicaHealth(replica({ replica_status: status, replica_status_reason: reason, ...(ready ? {} : notReady) }))).toBe(health);
  });

  const FAILURE_WORDS = ['error', 'Failure', 'crash', 'BackOff', 'killed', 'Exploding', 'panic', 'Abort', 'Invalid', 'Denied', 'Evicted', 'OOM'];
  const letters = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'), maxLength: 8 });

  test('property: any status or reason with a failure word in it counts as failing, ready or not', () => {
    fc.assert(fc.property(letters, fc.constantFrom(...FAILURE_WORDS), letters, fc.boolean(), fc.boolean(), (before, word, after, inReason, ready) => {
      const text = `${before}${word}${after}`;
      const ev = replica({ ...(inReason ? { replica_status: 'Waiting', replica_status_reason: text } : { replica_status: text }), ...(ready ? {} : notReady) });
      expect(replicaHealth(ev)).toBe('failing');
    }));
  });

  test('property: a made-up status with no failure word in it reads as starting, never failing', () => {
    const calm = fc.string({ unit: fc.constantFrom(...'bghjmnqsuvwxyzBGHJMNQSUVWXYZ'), minLength: 1, maxLength: 12 });
    fc.assert(fc.property(calm, (status) => {
      expect(replicaHealth(replica({ replica_status: status, ...notReady }))).toBe('progressing');
    }));
  });

  test('a rollout whose new replica is in such a state has failed, naming it', () => {
    const d = deployment({
      status: 'Updating',
      replica_events: { a: replica(), b: replica({ revision_id: 'rev-2', replica_status: 'Exploding', ...notReady }) },
    });
    const view = progressOnce(d, T0);
    expect(view.failing.map((f) => f.name)).toEqual(['b']);
    expect(view.phase).toBe('failed');
    expect(view.reason).toContain('b Exploding');
  });
});
