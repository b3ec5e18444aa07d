// The recording format (`--record FILE`, `depwatch replay FILE`): JSON lines, a header first,
// then one line per poll as the poller stamped it. Kept free of heavy imports: the writer sits on
// every watch's start-up path.
//
// Format 2 writes an answer against the previous answer of its stream (the untagged polls, or one
// deployment's tag) in the same file: `same: true` when it is that answer again, and for the list
// `parts`, where a deployment unchanged since then is `[from, to]` (a run of that answer's items).
// The first answer of each stream in a file is written whole (`data`). A format 1 reader skips and
// counts the `same` and `parts` lines (fields it does not know): it plays the polls written whole.
import type { SnapshotError } from '../watch/types.js';

/** Bumped when a line changes meaning; a reader skips (and counts) lines it does not know. */
export const FORMAT = 2;
export const MAGIC = 'depwatch-recording';

/** What was watched: a deployment (watch, rollout), or the list (the list screen, several at once). */
export type RecordingKind = 'watch' | 'rollout' | 'list' | 'fleet';

export interface RecordingHeader {
  recording: typeof MAGIC;
  format: number;
  depwatch: string;
  /** The API's host (and port): never the full URL, which may carry a query. */
  host: string;
  /** ISO time the recording (or this file, after a rotation) started. */
  started: string;
  kind: RecordingKind;
  /** The deployments named (empty for the list). */
  targets: string[];
  intervalMs: number;
  /** The --progress-deadline the watch judged by, so the replay judges the same (absent: the default). */
  progressDeadlineMs?: number;
}

/** An item of a list answer written against the stream's previous one: a deployment, or [from, to] (inclusive) of that answer's items. */
type ListPart = object | [from: number, to: number];

/**
 * One poll: when it was received, how long it took, and the parsed answer or the error. In a list
 * or fleet recording, `deployment` marks a poll of that one deployment (a watch opened from the
 * list or the panels, its data one deployment); the list's own polls carry none.
 */
export type RecordedPoll = { at: number; latencyMs: number; deployment?: string } & (
  | { ok: true; data: unknown }
  | { ok: true; same: true }
  | { ok: true; parts: ListPart[] }
  | { ok: false; error: Pick<SnapshotError, 'kind' | 'message' | 'status' | 'nextRetryAt'> });

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** `100MB`, `512KB`, `1G`, or a bare number of bytes; undefined when it is none of these. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) return undefined;
  const bytes = Math.floor(Number(m[1]) * unit);
  return bytes > 0 ? bytes : undefined;
}

/** The host of a base URL, for the header: no scheme, path, query or credentials. */
export function urlHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return '';
  }
}
