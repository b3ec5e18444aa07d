// The reducer feeds every good poll to the progress tracker: its events join the timeline (each
// said once), and a poll that changes nothing keeps the tracker's state, the timeline and the
// screen body by reference, so an idle watch stays cheap.
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../src/api/schema.js';
import { planScreen, type ScreenInput } from '../../src/ui/screen-plan.js';
import { initialState, learnCause, reduce, unexplained } from '../../src/watch/state.js';
import type { Snapshot, WatchState } from '../../src/watch/types.js';
import { crashing, crashLoopSteps } from '../helpers/crash-loop.js';
import { deployment, iso, replica, T0 } from '../helpers/fixtures.js';
import { PLAIN_THEME } from '../helpers/plan.js';

const ok = (data: Deployment, at: number): Snapshot<Deployment> => ({ ok: true, data, at, latencyMs: 10 });
const NEW = 'registry.together.ai/acme/llm@sha256:2222222222222222222222222222222222222222222222222222222222222222';
const begun = () => deployment({
  status: 'Updating', image: NEW,
  replica_events: { ...deployment().replica_events, 'llama-chat-rev-2-a': replica({ image: NEW, revision_id: 'rev-2', replica_status: 'Waiting', replica_status_reason: 'ContainerCreating', replica_ready_since: undefined, volume_preload_started_at: iso(T0 + 2_000) }) },
});
const input = (state: WatchState, now: number): ScreenInput => ({ state, ui: { scroll: 0, help: false }, now, size: { columns: 120, rows: 40 }, theme: PLAIN_THEME, intervalMs: 2_000, paused: false, target: 'x' });

describe('the reducer and the progress tracker', () => {
  it('appends the tracker\'s events beside the differences, the rollout\'s start said once', () => {
    const s = [ok(deployment(), T0), ok(begun(), T0 + 2_000)].reduce(reduce, initialState());
    const texts = s.timeline.map((e) => e.text);
    expect(texts[0]).toBe('watching llama-chat: Ready, 3/3 ready'); // a steady first look is not said twice
    expect(texts).toEqual([texts[0], 'status Ready → Updating', 'created (rev-2)', texts[3]]);
    expect(texts).toContain('status Ready → Updating');
    expect(texts).toContain('rollout of rev-2 replacing rev-1 began: acme/llm@111111111111 → acme/llm@222222222222');
    expect(texts.some((t) => t.startsWith('revision rev-2 rolling in'))).toBe(false);
    // Plain timeline lines; a phase change keeps its kind and phase (alerts ring on them).
    expect(s.timeline.every((e) => Object.keys(e).every((k) => ['at', 'severity', 'text', 'replica', 'kind', 'phase'].includes(k)))).toBe(true);
    expect(s.timeline.filter((e) => e.kind !== undefined).every((e) => e.kind === 'phase' && e.phase !== undefined)).toBe(true);
    expect(s.progress.rollout).toMatchObject({ from: 'rev-1', startedAt: T0 + 2_000 });
  });

  it('a rollout joined before its new revision shows is said once, by the poll that names the revision', () => {
    const updating = deployment({ status: 'Updating', image: NEW });
    const s = [ok(updating, T0), ok(begun(), T0 + 2_000), ok(begun(), T0 + 4_000)].reduce(reduce, initialState());
    const said = s.timeline.map((e) => e.text).filter((t) => /rolling in|rollout of|in progress|began/.test(t));
    expect(said).toEqual(['revision rev-2 rolling in']);
    expect(s.progress.phase).toBe('progressing');
  });

  it('a poll that changes nothing keeps the tracker state, the timeline and the screen body by reference', () => {
    const a = [ok(deployment(), T0), ok(begun(), T0 + 2_000)].reduce(reduce, initialState());
    const b = reduce(a, ok(structuredClone(begun()), T0 + 4_000));
    expect(b.progress).toBe(a.progress);
    expect(b.timeline).toBe(a.timeline);
    // The elapsed time on the rollout line reads the same within the second: the same body lines.
    const first = planScreen(input(a, T0 + 4_100)).lines;
    const second = planScreen(input(b, T0 + 4_200)).lines;
    expect(second.slice(0, -1)).toEqual(first.slice(0, -1));
    for (let i = 0; i < first.length - 1; i++) expect(second[i]).toBe(first[i]);
  });

  it('stalls on an unchanged poll once the progress deadline has passed, and says so once', () => {
    let s = [ok(deployment(), T0), ok(begun(), T0 + 2_000)].reduce(reduce, initialState({ progressDeadlineMs: 60_000 }));
    const before = s.progress;
    s = reduce(s, ok(begun(), T0 + 60_000));
    expect(s.progress).toBe(before); // not due yet
    s = reduce(s, ok(begun(), T0 + 62_000));
    expect(s.progress.phase).toBe('stalled');
    const stalled = s.timeline.filter((e) => e.text.includes('stalled'));
    expect(stalled).toEqual([{ at: T0 + 62_000, severity: 'error', text: 'rollout of rev-2 stalled: no progress for 1m00s, 0/3 ready', kind: 'phase', phase: 'stalled' }]);
    const after = reduce(s, ok(begun(), T0 + 64_000));
    expect(after.progress).toBe(s.progress);
    expect(after.timeline).toBe(s.timeline);
  });

  it('a crash loop is one failure: the phase is said failed once, not again at every back-off', () => {
    const s = crashLoopSteps().map(([at, d]) => ok(d, at)).reduce(reduce, initialState());
    expect(s.timeline.filter((e) => /^rollout of rev-2 (failed|in progress)/.test(e.text)).map((e) => e.text.split(':')[0])).toEqual(['rollout of rev-2 failed after 4s']);
  });

  it('a cause read from the logs is kept between crashes, and the replica is not asked about again', () => {
    let s = [ok(deployment(), T0), ok(crashing('backoff'), T0 + 2_000)].reduce(reduce, initialState());
    expect(unexplained(s)).toEqual(['llama-chat-rev-2-a']);
    s = learnCause(s, 'llama-chat-rev-2-a', 'log: torch.OutOfMemoryError');
    s = reduce(s, ok(crashing('running'), T0 + 4_000));
    expect(unexplained(s)).toEqual([]);
    expect(s.causes.has('llama-chat-rev-2-a')).toBe(false); // the API's word is gone between crashes…
    const lines = planScreen(input(s, T0 + 4_000)).lines.map((l) => l.map((x) => x.text).join(''));
    const row = lines.findIndex((l) => /^[ ›] llama-chat-rev-2-a/.test(l));
    // …the tracker's memory is not (the cause in its cell, or on the line under the row).
    expect(`${lines[row]}\n${lines[row + 1]}`).toMatch(/✖ failing[\s\S]*log: torch\.OutOfMemoryError/);
  });
});
