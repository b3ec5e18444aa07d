import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaEvent } from '../../src/api/schema.js';
import { diffDeployments, statusSeverity } from '../../src/watch/diff.js';
import { deployment, failedDeployment, replica, rollingDeployment, T0 } from '../helpers/fixtures.js';

const AT = T0 + 5_000;
const NEW_IMAGE = 'registry.together.ai/acme/llm@sha256:2222222222222222222222222222222222222222222222222222222222222222';

/** The events as compact rows, easy to read in a failure. */
function rows(prev: Deployment | undefined, next: Deployment) {
  return diffDeployments(prev, next, AT).map((e) => {
    expect(e.at).toBe(AT);
    return e.replica === undefined ? [e.severity, e.text] : [e.severity, e.text, e.replica];
  });
}

/** A one-replica deployment, for replica-level changes. */
function one(ev: Partial<ReplicaEvent>): Deployment {
  return deployment({ desired_replicas: 1, ready_replicas: 1, replica_events: { r: replica(ev) } });
}

describe('diffDeployments', () => {
  it('summarises the first snapshot in one event', () => {
    expect(rows(undefined, deployment())).toEqual([['ok', 'watching llama-chat: Ready, 3/3 ready']]);
    expect(rows(undefined, failedDeployment())).toEqual([['error', 'watching llama-chat: Failed, 2/3 ready']]);
  });

  it('reports nothing when nothing changed', () => {
    expect(rows(deployment(), deployment())).toEqual([]);
  });

  it('tells the start of a rollout: status, the new revision, and each replica', () => {
    expect(rows(deployment(), rollingDeployment())).toEqual([
      ['info', 'status Ready → Updating'],
      ['info', 'revision rev-2 rolling in (acme/llm@222222222222)'],
      ['info', 'Running → Terminated/Completed', 'llama-chat-rev-1-a'],
      ['ok', 'created (rev-2), ready', 'llama-chat-rev-2-a'],
      ['info', 'created (rev-2)', 'llama-chat-rev-2-b'],
      ['info', 'volume preload started', 'llama-chat-rev-2-b'],
    ]);
  });

  it('tells a rollout failing: status, ready count, the crash loop and the replicas gone', () => {
    expect(rows(rollingDeployment(), failedDeployment())).toEqual([
      ['error', 'status Updating → Failed'],
      ['warn', 'ready 3/3 → 2/3'],
      ['info', 'gone', 'llama-chat-rev-1-a'],
      ['error', 'CrashLoopBackOff: back-off 40s restarting failed container=model pod=llama-chat-rev-2-a', 'llama-chat-rev-2-a'],
      ['info', 'gone', 'llama-chat-rev-2-b'],
    ]);
  });

  it('reports a change of desired replicas as scaling, saying which way', () => {
    expect(rows(deployment({ desired_replicas: 1, ready_replicas: 1 }), deployment({ desired_replicas: 5, ready_replicas: 1 }))).toEqual([
      ['info', 'scaling up 1 → 5 replicas'],
    ]);
    expect(rows(deployment({ desired_replicas: 2, ready_replicas: 2 }), deployment({ desired_replicas: 1, ready_replicas: 2 }))).toEqual([
      ['info', 'scaling down 2 → 1 replicas'],
    ]);
  });

  it('does not warn when fewer replicas are ready because fewer were asked for (a scale-down is no loss)', () => {
    expect(rows(deployment({ desired_replicas: 5, ready_replicas: 5 }), deployment({ desired_replicas: 2, ready_replicas: 3 }))).toEqual([
      ['info', 'scaling down 5 → 2 replicas'],
      ['info', 'ready 5/5 → 3/2'],
    ]);
    expect(rows(deployment({ desired_replicas: 2, ready_replicas: 2 }), deployment({ desired_replicas: 2, ready_replicas: 1 }))).toEqual([
      ['warn', 'ready 2/2 → 1/2'],
    ]);
  });

  it('shows counts that cannot be true marked, and as an error', () => {
    expect(rows(deployment({ ready_replicas: 3 }), deployment({ ready_replicas: -168 }))).toEqual([['error', 'ready 3/3 → ?-168/3']]);
    expect(rows(deployment({ desired_replicas: 3 }), deployment({ desired_replicas: 1e15 }))).toEqual([['info', 'scaling 3 → ?1e15 replicas']]);
  });

  it('reports the ready count, ok once all desired replicas are ready', () => {
    expect(rows(deployment({ ready_replicas: 1 }), deployment({ ready_replicas: 2 }))).toEqual([['info', 'ready 1/3 → 2/3']]);
    expect(rows(deployment({ ready_replicas: 2 }), deployment({ ready_replicas: 3 }))).toEqual([['ok', 'ready 2/3 → 3/3']]);
  });

  it('reports an image change without a new revision by its short digest or tag', () => {
    expect(rows(deployment(), deployment({ image: NEW_IMAGE }))).toEqual([['info', 'image → acme/llm@222222222222']]);
    expect(rows(deployment(), deployment({ image: 'ghcr.io/acme/llm:v2' }))).toEqual([['info', 'image → acme/llm:v2']]);
  });

  it('reports a new revision first seen even when the image did not change', () => {
    const next = deployment({ replica_events: { ...deployment().replica_events, 'llama-chat-rev-2-a': replica({ revision_id: 'rev-2', replica_status: 'Pending', replica_ready_since: undefined }) } });
    expect(rows(deployment(), next)).toEqual([
      ['info', 'revision rev-2 rolling in'],
      ['info', 'created (rev-2)', 'llama-chat-rev-2-a'],
    ]);
  });

  it('reports a replica status and reason change', () => {
    const waiting = { replica_status: 'Waiting', replica_status_reason: 'ContainerCreating', replica_ready_since: undefined };
    expect(rows(one(waiting), one({ replica_ready_since: undefined }))).toEqual([['info', 'Waiting/ContainerCreating → Running', 'r']]);
  });

  it('reports a replica becoming ready as ok, alone or with its status change', () => {
    expect(rows(one({ replica_ready_since: undefined }), one({}))).toEqual([['ok', 'ready', 'r']]);
    expect(rows(one({ replica_status: 'Waiting', replica_status_reason: 'ContainerCreating', replica_ready_since: undefined }), one({}))).toEqual([
      ['ok', 'Waiting/ContainerCreating → Running, ready', 'r'],
    ]);
  });

  it('warns when a ready replica stops being ready', () => {
    expect(rows(one({}), one({ replica_ready_since: undefined }))).toEqual([['warn', 'not ready', 'r']]);
  });

  it('reports a failing replica with its reason and message, once', () => {
    const crash = { replica_status: 'Waiting', replica_status_reason: 'CrashLoopBackOff', replica_status_message: 'back-off 40s restarting', replica_ready_since: undefined };
    expect(rows(one({}), one(crash))).toEqual([['error', 'CrashLoopBackOff: back-off 40s restarting', 'r']]);
    // The kubelet rewrites the back-off message on every restart; that is not news.
    expect(rows(one(crash), one({ ...crash, replica_status_message: 'back-off 1m20s restarting' }))).toEqual([]);
    expect(rows(one(crash), one({ ...crash, replica_status_reason: 'OOMKilled', replica_status_message: undefined }))).toEqual([['error', 'OOMKilled', 'r']]);
  });

  it('tells a volume preload starting and ending, with how long it took, and a failed preload once as an error', () => {
    const waiting = { replica_status: 'Waiting', replica_status_reason: 'ContainerCreating', replica_ready_since: undefined };
    const preloading = { ...waiting, volume_preload_status: 'InProgress', volume_preload_started_at: '2026-11-27T10:00:00Z', volume_preload_completed_at: undefined };
    expect(rows(one({ ...waiting, volume_preload_status: undefined }), one(preloading))).toEqual([['info', 'volume preload started', 'r']]);
    const done = { ...preloading, volume_preload_status: 'Completed', volume_preload_completed_at: '2026-11-27T10:01:20Z' };
    expect(rows(one(preloading), one(done))).toEqual([['ok', 'volume preload done in 1m20s', 'r']]);
    // Times the server did not send, or that run backwards, give no duration rather than a wrong one.
    expect(rows(one(preloading), one({ ...done, volume_preload_completed_at: '2026-11-27T09:00:00Z' }))).toEqual([['ok', 'volume preload done', 'r']]);
    expect(rows(one(preloading), one({ ...preloading, volume_preload_status: 'Failed' }))).toEqual([['error', 'volume preload failed', 'r']]);
    expect(rows(one(preloading), one({ ...preloading, volume_preload_status: 'Paused' }))).toEqual([['info', 'volume preload InProgress → Paused', 'r']]);
  });

  it('reports a replica message that changed in words, but not one whose numbers moved', () => {
    const pulling = { replica_status: 'Waiting', replica_status_reason: 'ContainerCreating', replica_ready_since: undefined, replica_status_message: 'pulling image' };
    expect(rows(one(pulling), one({ ...pulling, replica_status_message: 'downloading weights 10%' }))).toEqual([['info', 'message: downloading weights 10%', 'r']]);
    expect(rows(one({ ...pulling, replica_status_message: 'downloading weights 10%' }), one({ ...pulling, replica_status_message: 'downloading weights 85.5%' }))).toEqual([]);
    expect(rows(one(pulling), one({ ...pulling, replica_status_message: undefined }))).toEqual([['info', 'message cleared', 'r']]);
    // A message gone with the status that had it: the status change says it.
    expect(rows(one(pulling), one({ replica_ready_since: undefined }))).toEqual([['info', 'Waiting/ContainerCreating → Running', 'r']]);
    // A failing replica's new cause, in words, is a failure again.
    const crash = { replica_status: 'Waiting', replica_status_reason: 'Error', replica_status_message: 'CUDA out of memory', replica_ready_since: undefined };
    expect(rows(one(crash), one({ ...crash, replica_status_message: 'weights not found' }))).toEqual([['error', 'Error: weights not found', 'r']]);
  });

  it('reports each configuration change (environment variable names only, never values)', () => {
    const before = deployment({ gpu_count: 1, memory: 32, environment_variables: [{ name: 'HF_TOKEN', value: 'secret-1' }] });
    const after = deployment({ gpu_count: 2, memory: 64, environment_variables: [{ name: 'NEW_FLAG', value: 'secret-2' }] });
    const events = rows(before, after);
    expect(events).toEqual([
      ['info', expect.stringMatching(/^changed: gpu .* × 1 → .* × 2$/)],
      ['info', 'changed: memory 32 GiB → 64 GiB'],
      ['info', 'changed: env added NEW_FLAG; removed HF_TOKEN'],
    ]);
    expect(JSON.stringify(events)).not.toMatch(/secret/);
    expect(rows(before, deployment({ ...before, environment_variables: [{ name: 'HF_TOKEN', value: 'rotated' }] }))).toEqual([]);
  });

  it('reports a replica that appears already failing with its reason', () => {
    const next = one({ revision_id: 'rev-1', replica_status: 'Waiting', replica_status_reason: 'ImagePullBackOff', replica_status_message: 'pull access denied', replica_ready_since: undefined });
    expect(rows(deployment({ desired_replicas: 1, ready_replicas: 1, replica_events: {} }), next)).toEqual([
      ['info', 'created (rev-1)', 'r'],
      ['error', 'ImagePullBackOff: pull access denied', 'r'],
    ]);
  });

  it('keeps long server messages short', () => {
    const [event] = diffDeployments(one({}), one({ replica_status_reason: 'Error', replica_status_message: 'x'.repeat(5_000) }), AT);
    expect(event!.text.length).toBeLessThanOrEqual(160);
    expect(event!.text.endsWith('…')).toBe(true);
  });

  it('grades deployment statuses by what they mean for the on-call engineer', () => {
    expect(['Ready', 'Failed', 'Updating', 'Stopped', undefined].map(statusSeverity)).toEqual(['ok', 'error', 'info', 'warn', 'warn']);
  });
});
