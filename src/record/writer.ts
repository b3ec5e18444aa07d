// `--record FILE`: appends one JSON line per poll with a synchronous write on a file opened for
// appending, so a killed session loses at most the line being written; every line is scrubbed
// (scrub.ts) and redacted (the key, however cut) before it is written; past `maxBytes` the file
// is moved to FILE.1 and a new one begins with its own header. An answer is written against the
// stream's previous one (answer-memory.ts): a steady list of 500 costs a few dozen bytes a poll.
import { closeSync, fstatSync, openSync, renameSync, writeSync } from 'node:fs';
import type { RecordArgs } from '../cli-options.js';
import { ConfigError } from '../config.js';
import { redact } from '../redact.js';
import type { Snapshot, SnapshotError } from '../watch/types.js';
import { AnswerMemory } from './answer-memory.js';
import { FORMAT, MAGIC, parseSize, urlHost, type RecordedPoll, type RecordingHeader, type RecordingKind } from './format.js';
import { scrubData } from './scrub.js';

export const DEFAULT_RECORD_MAX = '100MB';

export interface RecorderOptions {
  path: string;
  maxBytes: number;
  kind: RecordingKind;
  targets: readonly string[];
  baseUrl: string;
  intervalMs: number;
  version: string;
  progressDeadlineMs?: number;
  now?: () => number;
}

export class Recorder {
  private fd: number;
  private size = 0;
  /** Why recording stopped early (a full disk, the file gone); said on close, once the screen is gone. */
  private failure: string | undefined;
  private readonly answers = new AnswerMemory();

  constructor(private readonly options: RecorderOptions) {
    this.fd = -1;
    this.open();
  }

  /** Record one poll (a Poller's snapshot). */
  readonly poll = (snap: Snapshot<unknown>): void => {
    this.write(undefined, snap);
  };

  /** What records the polls of one deployment opened from the list or the panels, marked with its key. */
  pollsOf(deployment: string): (snap: Snapshot<unknown>) => void {
    return (snap) => this.write(deployment, snap);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    if (this.failure !== undefined) process.stderr.write(`depwatch: --record stopped early: ${this.failure}\n`);
    this.failure = undefined;
  }

  private header(): RecordingHeader {
    const { kind, targets, baseUrl, intervalMs, version, progressDeadlineMs, now = Date.now } = this.options;
    return { recording: MAGIC, format: FORMAT, depwatch: version, host: urlHost(baseUrl), started: new Date(now()).toISOString(), kind, targets: [...targets], intervalMs, ...(progressDeadlineMs === undefined ? {} : { progressDeadlineMs }) };
  }

  private open(): void {
    const { path } = this.options;
    let fd: number;
    try {
      fd = openSync(path, 'a', 0o600);
    } catch (error) {
      throw new ConfigError(`--record: cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    this.fd = fd;
    this.size = fstatSync(fd).size;
    this.answers.forget();
    try {
      this.append(lineBytes(JSON.stringify(this.header())));
    } catch (error) {
      closeSync(fd);
      this.fd = -1;
      throw new ConfigError(`--record: cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }

  /** A poll's line; a failure stops the recording, never the watch. */
  private write(deployment: string | undefined, snap: Snapshot<unknown>): void {
    if (this.fd < 0) return;
    try {
      let bytes = this.pollBytes(deployment, snap);
      if (this.size > 0 && this.size + bytes.length > this.options.maxBytes) {
        this.rotate();
        // The new file knows no previous answer: written again, whole.
        bytes = this.pollBytes(deployment, snap);
      }
      this.append(bytes);
    } catch (error) {
      this.failure = `${this.options.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
      if (this.fd >= 0) closeSync(this.fd);
      this.fd = -1;
    }
  }

  private pollBytes(deployment: string | undefined, snap: Snapshot<unknown>): Buffer {
    const head = { ...(deployment === undefined ? {} : { deployment }), at: snap.at, latencyMs: snap.latencyMs, ok: snap.ok };
    if (!snap.ok) return lineBytes(JSON.stringify({ ...head, error: pickError(snap.error) }));
    // The answer's text joined on by hand: an unchanged deployment's text is kept, not made again.
    return lineBytes(`${JSON.stringify(head).slice(0, -1)},${this.answers.field(deployment, scrubData(snap.data))}}`);
  }

  private append(bytes: Buffer): void {
    writeSync(this.fd, bytes);
    this.size += bytes.length;
  }

  private rotate(): void {
    closeSync(this.fd);
    this.fd = -1;
    renameSync(this.options.path, `${this.options.path}.1`);
    this.open();
  }
}

/** A line as written: redacted (the key, however cut), then ended. */
function lineBytes(json: string): Buffer {
  return Buffer.from(`${redact(json)}\n`, 'utf8');
}

function pickError(e: SnapshotError): Extract<RecordedPoll, { ok: false }>['error'] {
  return { kind: e.kind, message: e.message, ...(e.status === undefined ? {} : { status: e.status }), ...(e.nextRetryAt === undefined ? {} : { nextRetryAt: e.nextRetryAt }) };
}

/** The recorder the flags ask for, or undefined without --record. */
export function recorderFor(args: Partial<RecordArgs>, opts: Omit<RecorderOptions, 'path' | 'maxBytes'>): Recorder | undefined {
  if (args.record === undefined) return undefined;
  if (args.record === '') throw new ConfigError('--record: give a file to write, e.g. --record watch.jsonl');
  const maxText = args['record-max'] ?? DEFAULT_RECORD_MAX;
  const maxBytes = parseSize(maxText);
  if (maxBytes === undefined) throw new ConfigError(`--record-max: expected a size such as 100MB, 512KB or 1G, got ${JSON.stringify(maxText)}`);
  return new Recorder({ ...opts, path: args.record, maxBytes });
}
