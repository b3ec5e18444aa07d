// The API key is secret. Every piece of text depwatch prints passes through here: at the source
// (sanitize() redacts every server string, ApiError its message) and at the way out (the
// redacting writer on stdout and stderr, installed first thing in main()). A key can come back
// cut — by an excerpt, an ellipsis, the edge of a screen — so any run of PIECE or more
// characters of a secret counts as the secret: each such run, extended as far as it matches,
// becomes `****`. The registry is one per process (process-wide.ts): a key registered by the
// start-up is known to every lazy part's copy of this module.
import { processWide } from './process-wide.js';

/** The shortest run of a secret's characters that is taken for the secret. */
export const PIECE = 8;
const MASK = '****';
const BASE = 31;
const FILTER_BITS = 0xffff;

interface Secret {
  text: string;
  /** Rolling hash of each PIECE-long window of the secret → the offsets where it occurs. */
  windows: Map<number, number[]>;
  /** The low bits of those hashes, so most text positions are passed over without a Map look-up. */
  filter: Uint8Array;
}

const secrets = processWide<Secret[]>('secrets', () => []);
/** BASE^(PIECE-1) mod 2^32, to drop the oldest character from a rolling hash. */
const DROP = (() => {
  let p = 1;
  for (let i = 1; i < PIECE; i++) p = Math.imul(p, BASE);
  return p;
})();

function hashAt(text: string, start: number, length: number): number {
  let h = 0;
  for (let i = start; i < start + length; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  return h;
}

/** Register a secret; secrets shorter than 4 characters are too short to redact meaningfully. */
export function addSecret(secret: string | undefined): void {
  if (secret === undefined || secret.length < 4 || secrets.some((s) => s.text === secret)) return;
  const windows = new Map<number, number[]>();
  const filter = new Uint8Array(FILTER_BITS + 1);
  const size = Math.min(PIECE, secret.length);
  for (let j = 0; j + size <= secret.length; j++) {
    const h = hashAt(secret, j, size);
    filter[h & FILTER_BITS] = 1;
    const at = windows.get(h);
    if (at) at.push(j);
    else windows.set(h, [j]);
  }
  secrets.push({ text: secret, windows, filter });
}

/** Forget every secret (tests). */
export function clearSecrets(): void {
  secrets.length = 0;
}

/** The span [start, end) of text around a window at `i` that matches the secret around offset `j`. */
function extend(text: string, i: number, secret: string, j: number, size: number): [number, number] | undefined {
  if (text.slice(i, i + size) !== secret.slice(j, j + size)) return undefined; // a hash collision
  let start = i;
  let k = j;
  while (start > 0 && k > 0 && text.charCodeAt(start - 1) === secret.charCodeAt(k - 1)) {
    start--;
    k--;
  }
  let end = i + size;
  k = j + size;
  while (end < text.length && k < secret.length && text.charCodeAt(end) === secret.charCodeAt(k)) {
    end++;
    k++;
  }
  return [start, end];
}

/** Spans of `text` that are pieces of one secret, in order, not overlapping. */
function spansOf(text: string, secret: Secret, spans: [number, number][]): void {
  const size = Math.min(PIECE, secret.text.length);
  if (text.length < size) return;
  // Full-length secrets shorter than PIECE are found by plain search.
  if (size < PIECE) {
    for (let i = text.indexOf(secret.text); i >= 0; i = text.indexOf(secret.text, i + size)) spans.push([i, i + size]);
    return;
  }
  const { filter, windows } = secret;
  let h = hashAt(text, 0, size);
  for (let i = 0; ; ) {
    const offsets = filter[h & FILTER_BITS] === 0 ? undefined : windows.get(h);
    let next = i + 1;
    if (offsets) {
      for (const j of offsets) {
        const span = extend(text, i, secret.text, j, size);
        if (span) {
          spans.push(span);
          next = span[1];
          break;
        }
      }
    }
    if (next + size > text.length) return;
    if (next === i + 1) {
      h = (Math.imul(h - Math.imul(text.charCodeAt(i), DROP), BASE) + text.charCodeAt(i + size)) | 0;
    } else {
      h = hashAt(text, next, size);
    }
    i = next;
  }
}

export function redact(text: string): string {
  if (secrets.length === 0) return text;
  const spans: [number, number][] = [];
  for (const secret of secrets) spansOf(text, secret, spans);
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    if (start < at) {
      at = Math.max(at, end); // overlaps the span just masked
      continue;
    }
    out += text.slice(at, start) + MASK;
    at = end;
  }
  return out + text.slice(at);
}

type Write = (chunk: unknown, ...rest: unknown[]) => boolean;

/**
 * Make every write to `stream` redacted: the one way out for stdout and stderr (main() installs
 * it on both before anything is written) and for any file depwatch writes.
 */
export function redactWrites<S extends { write: NodeJS.WritableStream['write'] }>(stream: S): S {
  const write = stream.write.bind(stream) as Write;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (secrets.length === 0) return write(chunk, ...rest);
    if (typeof chunk === 'string') return write(redact(chunk), ...rest);
    if (chunk instanceof Uint8Array) {
      const text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8');
      const clean = redact(text);
      // An encoding argument means nothing for bytes; keep the callback wherever it was.
      return clean === text ? write(chunk, ...rest) : write(Buffer.from(clean, 'utf8'), ...rest);
    }
    return write(chunk, ...rest);
  }) as S['write'];
  return stream;
}
