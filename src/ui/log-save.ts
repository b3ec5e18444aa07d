// Key `s` in the logs pane: the lines held written to a new file, so they can be attached to a bug
// report after the incident. Created exclusively (never over an existing file) in the current
// directory, else in the temporary directory when that one cannot be written; readable by its owner
// only (logs can hold secrets; recordings are 0600 too); every line passes sanitize (and so redact)
// on its way out, like every other byte depwatch writes.
import { open, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { GAP_LINE } from '../watch/log-merge.js';
import { sanitize } from '../sanitize.js';
import type { LogNote } from './log-view.js';

export interface LogSaveRequest {
  deployment: string;
  replica: string;
  /** The buffer, oldest first (GAP_LINE where lines may be missing). */
  lines: readonly string[];
  /** Older lines the buffer let go. */
  dropped: number;
  /** When (epoch ms): in the header and the file's name. */
  at: number;
}

export type LogSaveResult = { ok: true; path: string; shown: string; lines: number } | { ok: false; message: string };

export type LogSaver = (request: LogSaveRequest) => Promise<LogSaveResult>;

export interface SaveDirs {
  cwd: string;
  tmp: string;
}

/** A name the server chose, safe in a file name: no separators, no leading dot, not too long. */
function namePart(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_').slice(0, 64) || '_';
}

/** `20261129T084141Z`: UTC, sortable, no colons (Windows and scp dislike them). */
function stamp(at: number): string {
  return new Date(at).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

const count = (n: number) => n.toLocaleString('en-US');

/** `depwatch-crashloop-ngb8ffshq-cp7d7-<time>`: a replica's name starts with its deployment's, said once. */
function fileBase(request: Pick<LogSaveRequest, 'deployment' | 'replica' | 'at'>): string {
  const { deployment, replica } = request;
  const own = replica.startsWith(`${deployment}-`) && replica.length > deployment.length + 1 ? replica.slice(deployment.length + 1) : replica;
  return `depwatch-${namePart(deployment)}-${namePart(own)}-${stamp(request.at)}`;
}

/** What the pane says of a save: `saved 1,234 lines` and where (the pane cuts a long path in the middle), or why not. */
export function saveNote(result: LogSaveResult): LogNote {
  if (!result.ok) return { ok: false, text: `cannot save the logs: ${result.message}` };
  return { ok: true, text: `saved ${count(result.lines)} line${result.lines === 1 ? '' : 's'}`, path: result.shown };
}

/** The file's text: a header comment, then one line each; a gap is a comment too. */
function logFileText(request: LogSaveRequest): string {
  const { deployment, replica, lines, dropped, at } = request;
  const held = lines.filter((l) => l !== GAP_LINE).length;
  const head = [
    `# depwatch logs: deployment ${sanitize(deployment)}, replica ${sanitize(replica)}, saved ${new Date(at).toISOString()}`,
    `# ${count(held)} line${held === 1 ? '' : 's'}${dropped > 0 ? `; ${count(dropped)} older line${dropped === 1 ? '' : 's'} dropped before them` : ''}`,
  ];
  return [...head, ...lines.map((l) => (l === GAP_LINE ? `# ${GAP_LINE}` : sanitize(l)))].join('\n') + '\n';
}

/** Errors that say this directory cannot take the file (try the next one). */
const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR']);
/** Saves in the same second get `-2`, `-3`…; past this many the directory is taken as full of them. */
const TRIES = 9;

async function createIn(dir: string, base: string, text: string): Promise<string> {
  for (let n = 1; ; n++) {
    const path = join(dir, `${base}${n === 1 ? '' : `-${n}`}.log`);
    let file;
    try {
      file = await open(path, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && n < TRIES) continue;
      throw err;
    }
    try {
      await file.writeFile(text);
    } catch (err) {
      // A half-written file (a full disk) is no record to attach: it goes.
      await file.close().catch(() => undefined);
      await unlink(path).catch(() => undefined);
      throw err;
    }
    await file.close();
    return path;
  }
}

/** One line for the pane: `EACCES: permission denied`, without the path (the pane says where). */
function reason(err: unknown): string {
  const text = err instanceof Error ? err.message.split(', ')[0]! : String(err);
  return sanitize(text).slice(0, 200);
}

/** Saves in `dirs.cwd`, else `dirs.tmp`; says where (`./name` in the current directory) or why not. */
export async function saveLogs(request: LogSaveRequest, dirs: SaveDirs = { cwd: process.cwd(), tmp: tmpdir() }): Promise<LogSaveResult> {
  const base = fileBase(request);
  const text = logFileText(request);
  const lines = request.lines.filter((l) => l !== GAP_LINE).length;
  try {
    const path = await createIn(dirs.cwd, base, text);
    return { ok: true, path, shown: `./${basename(path)}`, lines };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === undefined || !NOT_WRITABLE.has(code)) return { ok: false, message: reason(err) };
    try {
      const path = await createIn(dirs.tmp, base, text);
      return { ok: true, path, shown: sanitize(path), lines };
    } catch (again) {
      return { ok: false, message: `${reason(err)} here, ${reason(again)} in ${sanitize(dirs.tmp)}` };
    }
  }
}
