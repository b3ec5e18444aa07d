// `sim --replay`: a recording made a while ago is served as if it were happening now, every time in
// its documents moved by the same shift, so ages read as they did live.
import { afterEach, describe, expect, it } from 'vitest';
import type { Deployment } from '../../src/api/schema.js';
import { parseRecording } from '../../src/record/reader.js';
import { startSimulator, type Simulator } from '../../src/sim/server.js';

const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A recording whose first poll was received at `t0`: the deployment as it was then, and 2 s later. */
function recordingFrom(t0: number, kind: 'watch' | 'list') {
  const doc = (at: number) => ({
    id: 'dep-1', name: 'web', status: 'Updating', ready_replicas: 1, desired_replicas: 2,
    created_at: iso(t0 - 60 * MINUTE), updated_at: iso(at - 1000),
    replica_events: {
      'web-a': { replica_status: 'Running', replica_ready_since: iso(t0 - 30_000), volume_preload_started_at: iso(t0 - 40_000), volume_preload_completed_at: iso(t0 - 35_000) },
      'web-b': { replica_status: 'Pending', replica_ready_since: 'not a date' },
    },
  });
  const header = { recording: 'depwatch-recording', format: 1, depwatch: 'test', host: 'h', started: iso(t0), kind, targets: ['web'], intervalMs: 2000 };
  const poll = (at: number) => ({ at, latencyMs: 5, ok: true, data: kind === 'list' ? [doc(at)] : doc(at) });
  return parseRecording([header, poll(t0), poll(t0 + 2000)].map((l) => JSON.stringify(l)).join('\n'))!;
}

async function serve(kind: 'watch' | 'list', recordedAgoMs: number) {
  let now = Date.parse('2026-11-29T10:00:00Z');
  const sim = await startSimulator({ recording: recordingFrom(now - recordedAgoMs, kind), now: () => now });
  sims.push(sim);
  const get = async (path: string) => (await fetch(`${sim.url}${path}`, { headers: { authorization: 'Bearer x' } })).json() as Promise<unknown>;
  return { get, now: () => now, advance: (ms: number) => { now += ms; } };
}

/** How long before `now` each time in `d` is, in seconds. */
function ages(d: Deployment, now: number) {
  const age = (value: string | undefined) => (now - Date.parse(value!)) / 1000;
  const a = d.replica_events!['web-a']!;
  return { created: age(d.created_at), updated: age(d.updated_at), readySince: age(a.replica_ready_since), preloadStarted: age(a.volume_preload_started_at), preloadDone: age(a.volume_preload_completed_at) };
}

describe('sim --replay of a recording made 10 minutes ago', () => {
  it('serves ages as they were at the first poll, not 10 minutes older', async () => {
    const sim = await serve('watch', 10 * MINUTE);
    const d = await sim.get('/deployments/web') as Deployment;
    expect(ages(d, sim.now())).toEqual({ created: 3600, updated: 1, readySince: 30, preloadStarted: 40, preloadDone: 35 });
    // What is not a date is served as it came.
    expect(d.replica_events!['web-b']!.replica_ready_since).toBe('not a date');
  });

  it('moves every poll by the same shift: the next poll, 2 s on, is 2 s on', async () => {
    const sim = await serve('watch', 10 * MINUTE);
    const first = await sim.get('/deployments/web') as Deployment;
    sim.advance(2000);
    const second = await sim.get('/deployments/web') as Deployment;
    expect(Date.parse(second.updated_at!) - Date.parse(first.updated_at!)).toBe(2000);
    expect(second.created_at).toBe(first.created_at);
    expect(ages(second, sim.now()).updated).toBe(1);
  });

  it('does the same for a list recording, in the list and for each deployment in it', async () => {
    const sim = await serve('list', 10 * MINUTE);
    const list = await sim.get('/deployments') as { data: Deployment[] };
    expect(ages(list.data[0]!, sim.now()).updated).toBe(1);
    expect(ages(await sim.get('/deployments/web') as Deployment, sim.now()).readySince).toBe(30);
  });
});
