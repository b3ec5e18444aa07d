// Several deployments from one list poll: each named one picked out by id or name and reduced like
// a watch of its own, the missing ones flagged, logs read only for the focused one.
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/api/errors.js';
import type { Deployment } from '../../src/api/schema.js';
import { FleetSession, initialFleet, reduceFleet } from '../../src/watch/fleet-session.js';
import type { Snapshot } from '../../src/watch/types.js';
import { useFakeClock } from '../helpers/clock.js';
import { deployment, failedDeployment, iso, replica, T0 } from '../helpers/fixtures.js';

const INTERVAL = 2_000;
const named = (name: string, d: Deployment = deployment()): Deployment => ({ ...d, name, id: `dep-${name}` });
const ok = (data: Deployment[], at = T0) => ({ ok: true as const, data, at, latencyMs: 5 });

const NEW = 'registry.together.ai/acme/llm@sha256:2222222222222222222222222222222222222222222222222222222222222222';
/** A rollout of rev-2 begun at T0 + 2 s, its first replica not ready. */
const begun = deployment({
  status: 'Updating', image: NEW,
  replica_events: { ...deployment().replica_events, 'llama-chat-rev-2-a': replica({ image: NEW, revision_id: 'rev-2', replica_status: 'Waiting', replica_status_reason: 'ContainerCreating', replica_ready_since: undefined, volume_preload_started_at: iso(T0 + 2_000) }) },
});

describe('reduceFleet', () => {
  it('picks each named deployment out of the list by id or by name, in the order named, and flags the missing', () => {
    const state = reduceFleet(initialFleet(['web', 'dep-batch', 'gone', 'web']), ok([named('batch', failedDeployment()), named('web')]));
    expect(state.panels.map((p) => [p.target, p.key, p.missing, p.watch.deployment?.name])).toEqual([
      ['web', 'dep-web', false, 'web'],
      ['dep-batch', 'dep-batch', false, 'batch'],
      ['gone', 'gone', true, undefined],
    ]);
    expect(state.fetchedAt).toBe(T0);
  });

  it('remembers a crash cause across polls, as a watch does', () => {
    const crashed = failedDeployment();
    const said = { ...crashed, replica_events: { ...crashed.replica_events, 'llama-chat-rev-2-a': { ...crashed.replica_events!['llama-chat-rev-2-a']!, replica_status: 'Terminated', replica_status_reason: 'Error', replica_status_message: 'CUDA out of memory' } } };
    let state = reduceFleet(initialFleet(['batch']), ok([named('batch', said)]));
    state = reduceFleet(state, ok([named('batch', crashed)], T0 + INTERVAL));
    expect(state.panels[0]!.watch.causes.get('llama-chat-rev-2-a')).toBe('Error: CUDA out of memory');
  });

  it('a panel judges its rollout by the progress deadline it was given (--progress-deadline), as a watch does', () => {
    const phases = (progress: { progressDeadlineMs?: number }) => {
      const polls = [ok([named('web')], T0), ok([named('web', begun)], T0 + 2_000), ok([named('web', begun)], T0 + 62_000)];
      return polls.reduce(reduceFleet, initialFleet(['web'], progress)).panels[0]!.watch.progress.phase;
    };
    expect(phases({ progressDeadlineMs: 60_000 })).toBe('stalled');
    expect(phases({})).toBe('progressing'); // the default deadline is 10 minutes
  });

  it('a failed poll marks every panel stale and keeps its data; the next good one clears it', () => {
    let state = reduceFleet(initialFleet(['web']), ok([named('web')]));
    state = reduceFleet(state, { ok: false, error: { kind: 'server', message: 'server error (500)' }, at: T0 + INTERVAL, latencyMs: 5 });
    expect(state.error?.kind).toBe('server');
    expect(state.panels[0]!.watch.error?.kind).toBe('server');
    expect(state.panels[0]!.watch.deployment?.name).toBe('web');
    state = reduceFleet(state, ok([named('web')], T0 + 2 * INTERVAL));
    expect(state.error).toBeUndefined();
    expect(state.panels[0]!.watch.error).toBeUndefined();
  });

  it('a deployment that leaves the list is flagged, and comes back when it is listed again', () => {
    let state = reduceFleet(initialFleet(['web']), ok([named('web')]));
    state = reduceFleet(state, ok([], T0 + INTERVAL));
    expect(state.panels[0]!.missing).toBe(true);
    state = reduceFleet(state, ok([named('web')], T0 + 2 * INTERVAL));
    expect(state.panels[0]!.missing).toBe(false);
  });
});

describe('FleetSession', () => {
  useFakeClock();

  it('one list request per tick for every deployment named, none while paused', async () => {
    const fetch = vi.fn(async () => [named('a'), named('b'), named('c'), named('d')]);
    const fleet = new FleetSession({ targets: ['a', 'b', 'c', 'd'], fetch, intervalMs: INTERVAL, random: () => 0.5 });
    fleet.list.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(9 * INTERVAL);
    expect(fetch).toHaveBeenCalledTimes(10);
    expect(fleet.getState().panels.every((p) => p.watch.deployment !== undefined)).toBe(true);
    fleet.setPaused(true);
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(fetch).toHaveBeenCalledTimes(10);
    fleet.setPaused(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(11);
    fleet.stop();
  });

  it('reads logs only for the focused panel\'s unexplained crash, once, and learns the cause from them', async () => {
    const logs = vi.fn(async () => ['loading weights', 'torch.OutOfMemoryError: CUDA out of memory']);
    const fleet = new FleetSession({ targets: ['web', 'batch'], fetch: async () => [named('web'), named('batch', failedDeployment())], logs, intervalMs: INTERVAL });
    fleet.list.start();
    await vi.advanceTimersByTimeAsync(3 * INTERVAL);
    expect(logs).not.toHaveBeenCalled();
    fleet.focus('dep-web');
    await vi.advanceTimersByTimeAsync(INTERVAL);
    expect(logs).not.toHaveBeenCalled();
    fleet.focus('dep-batch');
    await vi.advanceTimersByTimeAsync(0);
    expect(logs).toHaveBeenCalledTimes(1);
    expect(logs).toHaveBeenCalledWith('dep-batch', 'llama-chat-rev-2-a', expect.any(AbortSignal));
    const batch = fleet.getState().panels[1]!;
    expect(batch.watch.causes.get('llama-chat-rev-2-a')).toBe('log: torch.OutOfMemoryError: CUDA out of memory');
    await vi.advanceTimersByTimeAsync(5 * INTERVAL);
    expect(logs).toHaveBeenCalledTimes(1);
    fleet.stop();
  });

  it('its panels judge rollouts by the progress deadline the session was given', async () => {
    vi.setSystemTime(T0);
    let polls = 0;
    const fetch = async () => [named('web', polls++ === 0 ? deployment() : begun)];
    const fleet = new FleetSession({ targets: ['web'], fetch, intervalMs: INTERVAL, progress: { progressDeadlineMs: 60_000 } });
    fleet.list.start();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(40 * INTERVAL);
    expect(fleet.getState().panels[0]!.watch.progress.phase).toBe('stalled');
    fleet.stop();
  });

  it('records every list poll, and the recording replays to the very panels the live session showed', async () => {
    const lists = [[named('web')], [named('web', failedDeployment())], [named('web', failedDeployment())]];
    let poll = 0;
    // Each answer takes 30 ms: the panels' watches hold the list request's real latency, as a replay of it does.
    const fetch = () => new Promise<Deployment[]>((resolve) => setTimeout(() => resolve(lists[Math.min(poll++, lists.length - 1)]!), 30));
    const recorded: Snapshot<Deployment[]>[] = [];
    const fleet = new FleetSession({ targets: ['web'], fetch, intervalMs: INTERVAL, record: (snap) => recorded.push(snap) });
    fleet.list.start();
    await vi.advanceTimersByTimeAsync(30 + 2 * (INTERVAL + 30));
    fleet.stop();
    expect(recorded.map((snap) => snap.latencyMs)).toEqual([30, 30, 30]);
    expect(fleet.getState()).toEqual(recorded.reduce(reduceFleet, initialFleet(['web'])));
  });

  it('the first answer is the first list, good or bad', async () => {
    const fleet = new FleetSession({ targets: ['web'], fetch: async () => { throw new ApiError('auth', 'the API key was refused (401)', { status: 401 }); }, intervalMs: INTERVAL });
    fleet.list.start();
    const first = await fleet.list.first;
    expect(first.ok ? undefined : first.error.kind).toBe('auth');
    fleet.stop();
  });
});
