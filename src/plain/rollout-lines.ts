// `depwatch rollout`'s output: a timestamped line per event and a summary line, or the same as
// NDJSON (one JSON object a line) for machines. Every line passes redaction on its way out.
import { toAscii } from '../ui/format.js';
import { formatDuration } from '../watch/duration.js';
import { phaseText, type ProgressView } from '../watch/progress.js';
import type { Severity } from '../watch/types.js';
import { progressJson } from './progress-view.js';

/** One line of the run: a timeline event (diff.ts), a tracker event (progress.ts) or a poll failure. */
export interface RolloutEvent {
  at: number;
  kind: 'timeline' | 'phase' | 'progress' | 'change' | 'connection';
  severity: Severity;
  replica?: string;
  text: string;
}

export type RolloutResult = 'complete' | 'no-rollout' | 'failed' | 'stalled' | 'timeout' | 'interrupted';

export const EXIT_CODES: Readonly<Record<Exclude<RolloutResult, 'interrupted'>, number>> = {
  complete: 0, 'no-rollout': 0, failed: 1, stalled: 1, timeout: 3,
};

export interface RolloutEnd {
  result: RolloutResult;
  exitCode: number;
  deployment: string;
  /** Wall time the command ran. */
  waitedMs: number;
  /** Where things stood last; undefined when no answer came at all. */
  view?: ProgressView;
}

/** `2026-11-29T06:12:03Z`: whole seconds, UTC, the same in every CI log. */
function stamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The severities in the issue's words, for machines and logs (the screen's short colour-off words are theme.ts's). */
export const SEVERITY_WORDS = { error: 'failure', warn: 'warning', ok: 'progress', info: 'info' } as const satisfies Record<Severity, string>;

export function eventLine(e: RolloutEvent): string {
  return `${stamp(e.at)} ${SEVERITY_WORDS[e.severity].padEnd(8)} ${e.replica === undefined ? '' : `${e.replica}: `}${e.text}`;
}

export function eventJson(e: RolloutEvent): string {
  return JSON.stringify({ type: 'event', at: new Date(e.at).toISOString(), kind: e.kind, severity: SEVERITY_WORDS[e.severity], ...(e.replica === undefined ? {} : { replica: e.replica }), text: e.text });
}

/** The verdict in one sentence: `rollout of rev-2 complete in 4m12s: 3/3 ready`. */
export function summaryText(end: RolloutEnd): string {
  const { view } = end;
  const waited = formatDuration(end.waitedMs);
  switch (end.result) {
    case 'no-rollout':
      return `no rollout in progress: ${view ? `${end.deployment} is ${view.status ?? 'Ready'} on ${view.target ?? 'an unknown revision'}, ${view.ready}/${view.desired} ready` : end.deployment}`;
    case 'timeout':
      return `timed out after ${waited}: ${view ? phaseText(view) : `no answer about ${end.deployment}`}`;
    case 'interrupted':
      return `interrupted after ${waited}: ${view ? phaseText(view) : `no answer about ${end.deployment} yet`}`;
    default:
      return view ? phaseText(view) : `${end.deployment}: ${end.result}`;
  }
}

export function summaryJson(end: RolloutEnd): string {
  return JSON.stringify({
    type: 'summary',
    result: end.result,
    exit_code: end.exitCode,
    deployment: end.deployment,
    waited_ms: end.waitedMs,
    text: summaryText(end),
    depwatch: end.view === undefined ? null : progressJson(end.view),
  });
}

/** Writes lines as the run goes: plain (ASCII when the locale wants it) or NDJSON. */
export function rolloutWriter(opts: { json: boolean; ascii: boolean; write: (line: string) => void }) {
  const plain = (text: string) => opts.write(opts.ascii ? toAscii(text) : text);
  return {
    event: (e: RolloutEvent) => (opts.json ? opts.write(eventJson(e)) : plain(eventLine(e))),
    end: (end: RolloutEnd) => (opts.json ? opts.write(summaryJson(end)) : plain(summaryText(end))),
  };
}
