// Reads a recording back. The file is as untrusted as a server answer (it may be hand-edited,
// cut short by a killed session, or written by a newer depwatch): every poll's data goes through
// the API's own tolerant schema (shape and sanitizing), and a line that is not JSON, not a poll,
// or carries fields this format does not know is skipped and counted, never fatal. An answer
// written against its stream's last (format 2: same, parts) is read back as that answer whole,
// sharing the unchanged deployments' objects; one whose last answer could not be read is skipped.
import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { DeploymentSchema, type Deployment } from '../api/schema.js';
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
  // One of data (the answer whole), same or parts (written against the stream's last answer: format.ts).
  z.strictObject({ deployment: z.optional(text), at: z.number(), latencyMs: z.number(), ok: z.literal(true), data: z.optional(z.unknown()), same: z.optional(z.literal(true)), parts: z.optional(z.array(z.unknown())) }),
  z.strictObject({ deployment: z.optional(text), at: z.number(), latencyMs: z.number(), ok: z.literal(false), error: ErrorSchema }),
]);

export type DeploymentRecording = Recording<Deployment> | Recording<Deployment[]>;

const isList = (kind: RecordingHeader['kind']) => kind === 'list' || kind === 'fleet';

/** A stream's last answer, which the next may be written against: one deployment, or the list's items by position (undefined where one is not a deployment). */
type Answer = { one: Deployment } | { items: (Deployment | undefined)[]; list: Deployment[] };

function deploymentOf(value: unknown): Deployment | undefined {
  const r = DeploymentSchema.safeParse(value);
  return r.success ? r.data : undefined;
}

/** Items that are not deployments are dropped from the list, as the API's list schema drops them. */
const listOf = (items: (Deployment | undefined)[]): Answer => ({ items, list: items.filter((d) => d !== undefined) });

/** A run [from, to] of the last answer's items, or undefined when it is not one inside it. */
function runOf(part: unknown[], count: number): [number, number] | undefined {
  const [from, to] = part;
  return part.length === 2 && Number.isInteger(from) && Number.isInteger(to) && (from as number) >= 0 && (to as number) >= (from as number) && (to as number) < count ? [from as number, to as number] : undefined;
}

/** An ok poll's answer read against its stream's last; undefined when it cannot be (not a deployment, nothing to refer to). */
function answerOf(list: boolean, poll: { data?: unknown; same?: true; parts?: unknown[] }, last: Answer | undefined): Answer | undefined {
  const { data, same, parts } = poll;
  if ([data, same, parts].filter((f) => f !== undefined).length !== 1) return undefined;
  if (same) return last !== undefined && ('items' in last) === list ? last : undefined;
  if (!list) {
    const one = deploymentOf(data);
    return one === undefined ? undefined : { one };
  }
  if (parts === undefined) return Array.isArray(data) ? listOf(data.map(deploymentOf)) : undefined;
  if (last === undefined || !('items' in last)) return undefined;
  const items: (Deployment | undefined)[] = [];
  // Runs refer to the last list at most once over: runs naming the same items again and again would
  // double a list line by line (a 3 KB file filling the memory); a writer never sends that.
  let reused = 0;
  for (const part of parts) {
    if (!Array.isArray(part)) {
      items.push(deploymentOf(part));
      continue;
    }
    const run = runOf(part, last.items.length);
    if (run === undefined) return undefined;
    reused += run[1] - run[0] + 1;
    if (reused > last.items.length) return undefined;
    for (let i = run[0]; i <= run[1]; i++) items.push(last.items[i]);
  }
  return listOf(items);
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
  /** Each stream's last answer read (undefined: the untagged polls). */
  const last = new Map<string | undefined, Answer>();
  let skipped = 0;
  for (const line of lines.slice(1)) {
    const value = json(line);
    // A header again: the same file appended to by a later session, which wrote its answers whole first.
    if (HeaderSchema.safeParse(value).success) {
      last.clear();
      continue;
    }
    const poll = PollSchema.safeParse(value);
    if (!poll.success) {
      skipped++;
      // Whose answer it was is unknown: no stream's next answer is read against an older one.
      last.clear();
      continue;
    }
    const { deployment, ...p } = poll.data;
    // Only a list or fleet recording holds the polls of deployments opened from it.
    if (deployment !== undefined && !isList(header.kind)) {
      skipped++;
      continue;
    }
    if (!p.ok) {
      if (deployment === undefined) polls.push(p);
      else visits.push({ deployment, ...p });
      continue;
    }
    const answer = answerOf(isList(header.kind) && deployment === undefined, p, last.get(deployment));
    if (answer === undefined) {
      skipped++;
      last.delete(deployment);
      continue;
    }
    last.set(deployment, answer);
    const data = 'one' in answer ? answer.one : answer.list;
    if (deployment === undefined) polls.push({ ok: true, at: p.at, latencyMs: p.latencyMs, data });
    else visits.push({ deployment, ok: true, at: p.at, latencyMs: p.latencyMs, data: data as Deployment });
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
