// Reads a recording back. The file is as untrusted as a server answer (it may be hand-edited,
// cut short by a killed session, or written by a newer depwatch): every poll's data goes through
// the API's own tolerant schema (shape and sanitizing), and a line that is not JSON, not a poll,
// or carries fields this format does not know is skipped and counted, never fatal.
import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { DeploymentListSchema, DeploymentSchema, type Deployment } from '../api/schema.js';
import { ConfigError } from '../config.js';
import { sanitize } from '../sanitize.js';
import type { Snapshot } from '../watch/types.js';
import { MAGIC, type RecordingHeader } from './format.js';

/** In a list or fleet recording: a poll of one deployment opened from the list or the panels (its key). */
export type Visit = Snapshot<Deployment> & { deployment: string };

export interface Recording<T> {
  header: RecordingHeader;
  /** The polls of what the header names (the list's, for a list or fleet recording). */
  polls: Snapshot<T>[];
  /** The polls of deployments opened from the list or the panels, in the order recorded. */
  visits?: Visit[];
  /** Lines that could not be read (cut short, not JSON, unknown fields, not a poll). */
  skipped: number;
}

const KINDS = ['auth', 'not-found', 'rate-limited', 'server', 'network', 'timeout', 'invalid-response'] as const;
const text = z.pipe(z.string(), z.transform((s) => sanitize(s.slice(0, 4096))));

const HeaderSchema = z.object({
  recording: z.literal(MAGIC),
  format: z.number(),
  depwatch: text,
  host: text,
  started: text,
  kind: z.enum(['watch', 'rollout', 'list', 'fleet']),
  targets: z.array(text),
  intervalMs: z.number(),
  progressDeadlineMs: z.optional(z.number()),
});

const ErrorSchema = z.strictObject({
  kind: z.enum(KINDS),
  message: text,
  status: z.optional(z.number()),
  nextRetryAt: z.optional(z.number()),
});

const PollSchema = z.union([
  z.strictObject({ deployment: z.optional(text), at: z.number(), latencyMs: z.number(), ok: z.literal(true), data: z.unknown() }),
  z.strictObject({ deployment: z.optional(text), at: z.number(), latencyMs: z.number(), ok: z.literal(false), error: ErrorSchema }),
]);

export type DeploymentRecording = Recording<Deployment> | Recording<Deployment[]>;

const isList = (kind: RecordingHeader['kind']) => kind === 'list' || kind === 'fleet';

/** A deployment recording's data is one deployment; a list recording's, the list. */
function parseData(list: boolean, data: unknown): Deployment | Deployment[] | undefined {
  if (list) {
    const r = DeploymentListSchema.safeParse({ data });
    return r.success && Array.isArray(data) ? r.data.data ?? [] : undefined;
  }
  const r = DeploymentSchema.safeParse(data);
  return r.success ? r.data : undefined;
}

function json(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** A recording from its text; undefined when its first line is not a recording's header. */
export function parseRecording(source: string): Recording<Deployment | Deployment[]> | undefined {
  const lines = source.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const first = HeaderSchema.safeParse(json(lines[0] ?? ''));
  if (!first.success) return undefined;
  const header = first.data as RecordingHeader;
  const polls: Snapshot<Deployment | Deployment[]>[] = [];
  const visits: Visit[] = [];
  let skipped = 0;
  for (const line of lines.slice(1)) {
    const value = json(line);
    // A header again: the same file appended to by a later session.
    if (HeaderSchema.safeParse(value).success) continue;
    const poll = PollSchema.safeParse(value);
    if (!poll.success) {
      skipped++;
      continue;
    }
    const { deployment, ...p } = poll.data;
    // Only a list or fleet recording holds the polls of deployments opened from it.
    if (deployment !== undefined && !isList(header.kind)) {
      skipped++;
      continue;
    }
    const data = p.ok ? parseData(isList(header.kind) && deployment === undefined, p.data) : undefined;
    if (p.ok && data === undefined) skipped++;
    else if (deployment !== undefined) visits.push({ deployment, ...(p.ok ? { ok: true, at: p.at, latencyMs: p.latencyMs, data: data as Deployment } : p) });
    else polls.push(p.ok ? { ok: true, at: p.at, latencyMs: p.latencyMs, data: data! } : p);
  }
  return { header, polls, skipped, ...(visits.length > 0 ? { visits } : {}) };
}

/** The recording in a file, or the one line saying why it cannot be replayed. */
export function readRecording(path: string): Recording<Deployment | Deployment[]> {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read it (${code ?? String(error)})`);
  }
  const recording = parseRecording(source);
  if (!recording) throw new ConfigError(`${path}: not a depwatch recording (make one with --record FILE)`);
  if (recording.polls.length === 0) throw new ConfigError(`${path}: the recording holds no polls${recording.skipped > 0 ? ` (${skippedText(recording.skipped)})` : ''}`);
  return recording;
}

/** `3 lines skipped`, or nothing. */
export function skippedText(skipped: number): string {
  return skipped === 0 ? '' : `${skipped} line${skipped === 1 ? '' : 's'} skipped`;
}
