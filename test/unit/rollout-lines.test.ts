// depwatch rollout's lines and status's computed view, from a deployment seen once.
import { describe, expect, it } from 'vitest';
import { addProgressLines, withProgress } from '../../src/plain/progress-view.js';
import { eventJson, eventLine, rolloutWriter, summaryJson, summaryText, type RolloutEnd } from '../../src/plain/rollout-lines.js';
import { progressOnce } from '../../src/watch/progress.js';
import { deployment, failedDeployment, rollingDeployment, T0 } from '../helpers/fixtures.js';

const AT = Date.parse('2026-11-29T06:12:03.456Z');

describe('event lines', () => {
  it('plain: UTC timestamp, severity word, replica, text; JSON: the same fields', () => {
    const e = { at: AT, kind: 'timeline' as const, severity: 'ok' as const, replica: 'r-1', text: 'Waiting → Running, ready' };
    expect(eventLine(e)).toBe('2026-11-29T06:12:03Z progress r-1: Waiting → Running, ready');
    expect(JSON.parse(eventJson(e))).toEqual({ type: 'event', at: '2026-11-29T06:12:03.456Z', kind: 'timeline', severity: 'progress', replica: 'r-1', text: 'Waiting → Running, ready' });
  });

  it.each([['error', 'failure'], ['warn', 'warning'], ['ok', 'progress'], ['info', 'info']] as const)('a %s event says %s, in the line and in JSON', (severity, word) => {
    const e = { at: AT, kind: 'timeline' as const, severity, text: 'x' };
    expect(eventLine(e)).toBe(`2026-11-29T06:12:03Z ${word.padEnd(8)} x`);
    expect(JSON.parse(eventJson(e)).severity).toBe(word);
  });

  it('spells glyphs in ASCII when the locale is not UTF-8', () => {
    const out: string[] = [];
    rolloutWriter({ json: false, ascii: true, write: (l) => out.push(l) }).event({ at: AT, kind: 'progress', severity: 'info', text: '1/3 ready · 4m12s · ~1m left ← rev-1' });
    expect(out).toEqual(['2026-11-29T06:12:03Z info     1/3 ready | 4m12s | ~1m left <- rev-1']);
  });
});

describe('summary', () => {
  const end = (over: Partial<RolloutEnd>): RolloutEnd => ({ result: 'complete', exitCode: 0, deployment: 'llama-chat', waitedMs: 2_000, ...over });

  it('one sentence per way a run ends', () => {
    expect(summaryText(end({ result: 'no-rollout', view: progressOnce(deployment(), T0) }))).toBe('no rollout in progress: llama-chat is Ready on rev-1, 3/3 ready');
    expect(summaryText(end({ result: 'failed', exitCode: 1, view: progressOnce(failedDeployment(), T0) })))
      .toMatch(/^rollout of rev-2 failed after \d+h\d\dm: llama-chat-rev-2-a CrashLoopBackOff$/);
    expect(summaryText(end({ result: 'timeout', exitCode: 3, view: progressOnce(rollingDeployment(), T0) })))
      .toBe('timed out after 2s: rollout of rev-2 in progress: 1/3 ready · 1h01m · ~2h02m left ← rev-1 (2 live)');
    expect(summaryText(end({ result: 'interrupted', exitCode: 130 }))).toBe('interrupted after 2s: no answer about llama-chat yet');
  });

  it('as JSON: result, exit code and the computed view', () => {
    const json = JSON.parse(summaryJson(end({ result: 'failed', exitCode: 1, view: progressOnce(failedDeployment(), T0) })));
    expect(json).toMatchObject({ type: 'summary', result: 'failed', exit_code: 1, depwatch: { phase: 'failed', target_revision: 'rev-2' } });
    expect(json.depwatch.failing[0]).toMatchObject({ replica: 'llama-chat-rev-2-a', state: 'Waiting/CrashLoopBackOff', crashes_seen: 1 });
  });
});

describe('status', () => {
  it('--json: the document as parsed, with depwatch\'s view under its own key', () => {
    const d = rollingDeployment();
    const out = withProgress(d, T0);
    const { depwatch, ...document } = out;
    expect(document).toEqual(d);
    expect(depwatch).toMatchObject({ phase: 'progressing', target_revision: 'rev-2', ready_replicas: 3, desired_replicas: 3, target_ready_replicas: 1, rollout: { from_revision: 'rev-1' } });
  });

  it('plain: phase and failing replicas after the header, before the replica table', () => {
    const lines = addProgressLines(['llama-chat  Failed', '  rollout:   …', '', 'REPLICA …'], failedDeployment(), T0);
    expect(lines[2]).toMatch(/^ {2}phase: {5}rollout of rev-2 failed/);
    expect(lines[3]).toBe('  failing:   llama-chat-rev-2-a CrashLoopBackOff');
    expect(lines.slice(4)).toEqual(['', 'REPLICA …']);
  });
});
