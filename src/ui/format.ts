// Pure cell formatting: ages, clock times, image digests, units, latency and width-aware truncation.
import { cutUnits } from '../api/text-cap.js';
import { doubtfulText, isPlausible } from '../watch/plausible.js';
import stringWidth from './text-width.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One unit only (`now`, `12s`, `5m`, `3h`, `4d`), so the text changes as rarely as it can. */
export function formatAge(ms: number): string {
  if (!(ms >= SECOND)) return 'now';
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)}s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)}h`;
  return `${Math.floor(ms / DAY)}d`;
}

/** How long ago, in words: `just now`, `12s ago`, `3d ago`. */
export function formatAgo(ms: number): string {
  const age = formatAge(ms);
  return age === 'now' ? 'just now' : `${age} ago`;
}

/** Milliseconds until `formatAge(ms + x)` first differs from `formatAge(ms)`; always > 0. */
export function msUntilAgeChanges(ms: number): number {
  if (!Number.isFinite(ms)) return Infinity;
  if (ms < SECOND) return SECOND - ms;
  const unit = ms < MINUTE ? SECOND : ms < HOUR ? MINUTE : ms < DAY ? HOUR : DAY;
  return unit - (ms % unit);
}

/** Time left until a future instant: `now`, `12s`, `3m`, `2h`; rounds up, so it never says `0s` early. */
export function formatCountdown(ms: number): string {
  if (!(ms > 0)) return 'now';
  if (ms <= MINUTE) return `${Math.ceil(ms / SECOND)}s`;
  if (ms <= HOUR) return `${Math.ceil(ms / MINUTE)}m`;
  return `${Math.ceil(ms / HOUR)}h`;
}

/** Milliseconds until `formatCountdown(ms - x)` first differs; Infinity once it says `now`. */
export function msUntilCountdownChanges(ms: number): number {
  if (!(ms > 0)) return Infinity;
  const unit = ms <= MINUTE ? SECOND : ms <= HOUR ? MINUTE : HOUR;
  // The text for `ms` covers ((k-1)·unit, k·unit]; it changes when `ms` drops to (k-1)·unit.
  const floor = (Math.ceil(ms / unit) - 1) * unit;
  // Crossing from minutes into seconds happens at exactly one minute (and hours into minutes at one hour).
  const boundary = unit === MINUTE ? Math.max(floor, MINUTE) : unit === HOUR ? Math.max(floor, HOUR) : floor;
  return ms - boundary;
}

const two = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time, `12:03:04`. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  if (Number.isNaN(d.getTime())) return '--:--:--';
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** Epoch ms of an ISO timestamp from the API, or undefined when missing or unparsable. */
export function parseTime(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

export { shortImage } from '../watch/image.js';

/** Plain numbers: `8`, `0.5`, `1.25`; at most two decimals. */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(2)));
}

export { countText } from '../watch/plausible.js';

/** Largest values taken as real: cores, GiB, storage units, GPUs per replica, minutes. */
const LIMITS = { cpu: 10_000, gib: 1_000_000, storage: 1e12, gpus: 1_000, minutes: 1e6, version: 1e9, target: 1e9 };

/** A measure as sent when it can be true (`8`, `0.5`), marked when not (`?-2`, `?1e300`). */
export function formatMeasure(n: number, kind: keyof typeof LIMITS, integer = false): string {
  return isPlausible(n, LIMITS[kind], { integer }) ? formatNumber(n) : doubtfulText(n);
}

/** A TCP port, marked when it is not one (`?70000`). */
export function formatPort(n: number): string {
  return isPlausible(n, 65_535, { integer: true, min: 1 }) ? String(n) : doubtfulText(n);
}

export function formatCpu(cores: number): string {
  return `${formatMeasure(cores, 'cpu')} CPU`;
}

/** Memory and storage are given in GiB by the API. */
export function formatGiB(gib: number): string {
  return `${formatMeasure(gib, 'gib')} GiB`;
}

/**
 * Request latency to two significant digits, at most 5 cells: `83ms`, `130ms`, `1.2s`, `14s`. The
 * digits beyond say nothing about a network and would change (and be redrawn) on every poll.
 */
export function formatLatency(ms: number): string {
  const whole = Math.max(0, Math.round(ms));
  if (whole < 100) return `${whole}ms`;
  const tens = Math.round(whole / 10) * 10;
  if (tens < SECOND) return `${tens}ms`;
  if (ms < 9_950) return `${(ms / SECOND).toFixed(1)}s`;
  return `${Math.round(ms / SECOND)}s`;
}

/** A poll interval: `250ms`, `2s`, `1.5s`, `5m`. */
export function formatInterval(ms: number): string {
  if (ms < SECOND) return `${Math.round(ms)}ms`;
  if (ms < MINUTE || ms % MINUTE !== 0) return `${formatNumber(ms / SECOND)}s`;
  return `${ms / MINUTE}m`;
}

/** Terminal cells a string takes. */
export function textWidth(text: string): number {
  return stringWidth(text);
}

/** Made on first use: the first Intl.Segmenter loads ICU's break rules (~10 ms at start-up). */
let segmenter: Intl.Segmenter | undefined;

/** The graphemes of `text`, lazily (the segmenter itself reads all of `text`: pass a bounded piece). */
export function* graphemes(text: string): Generator<string> {
  segmenter ??= new Intl.Segmenter();
  for (const part of segmenter.segment(text)) yield part.segment;
}

/** Printable ASCII: one cell per character, so no grapheme work (Intl.Segmenter: a few µs a grapheme). */
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** The longest prefix of `text` that fits in `width` cells; looks at no more of it than that. */
function takeWidth(text: string, width: number): string {
  // Sliced first: Intl.Segmenter reads its whole input up front (~110 ms for 10 MB).
  const head = headFor(text, width);
  if (PLAIN_ASCII.test(head)) return head.slice(0, Math.max(0, Math.floor(width)));
  let out = '';
  let used = 0;
  for (const g of graphemes(head)) {
    const w = stringWidth(g);
    if (used + w > width) break;
    out += g;
    used += w;
  }
  return out;
}

/**
 * Code units that surely cover `width` cells (a cell is rarely more than a few units, even with
 * combining marks or emoji sequences): width work on a 10 MB string looks at this much of it.
 */
export function unitsFor(width: number): number {
  return Math.max(0, Math.floor(width)) * 8 + 32;
}

/** The start of `text`, at most enough code units for `width` cells (never half a surrogate pair). */
export function headFor(text: string, width: number): string {
  return cutUnits(text, unitsFor(width));
}

/** The end of `text`, at most enough code units for `width` cells (never half a surrogate pair). */
function tailFor(text: string, width: number): string {
  const n = unitsFor(width);
  if (text.length <= n) return text;
  const start = text.length - n;
  const code = text.charCodeAt(start);
  return text.slice(code >= 0xdc00 && code <= 0xdfff ? start + 1 : start);
}

/**
 * Terminal cells of `text`, but at most `cap`: a long text is measured grapheme by grapheme only
 * until `cap` is reached, so its length costs nothing (string-width on 16 KB of emoji: ~50 ms).
 */
export function widthUpTo(text: string, cap: number): number {
  if (text.length <= cap) return Math.min(cap, stringWidth(text));
  const head = headFor(text, cap);
  if (PLAIN_ASCII.test(head)) return Math.min(cap, head.length);
  let used = 0;
  for (const g of graphemes(head)) {
    used += stringWidth(g);
    if (used >= cap) return cap;
  }
  // More units than `cap` cells could hold yet narrower (combining marks piled up): count it as full.
  return head === text ? used : cap;
}

/** Cut `text` to at most `width` cells, ending in `ellipsis` when something was cut. */
export function truncate(text: string, width: number, ellipsis = '…'): string {
  if (!(width > 0)) return '';
  if (widthUpTo(text, width + 1) <= width) return text;
  const room = width - stringWidth(ellipsis);
  if (room <= 0) return takeWidth(ellipsis, width);
  return takeWidth(text, room) + ellipsis;
}

/** Cut the middle out of `text` (names that differ at their end stay apart): `llama-c…rev-2-a`. */
export function truncateMiddle(text: string, width: number, ellipsis = '…'): string {
  if (!(width > 0)) return '';
  if (widthUpTo(text, width + 1) <= width) return text;
  const room = width - stringWidth(ellipsis);
  if (room <= 1) return truncate(text, width, ellipsis);
  const head = takeWidth(text, Math.floor(room / 2));
  const tailRoom = room - stringWidth(head);
  const parts = [...graphemes(tailFor(text, width))];
  const tailParts: string[] = [];
  let used = 0;
  for (let i = parts.length - 1; i >= 0; i--) {
    const w = stringWidth(parts[i]!);
    if (used + w > tailRoom) break;
    tailParts.unshift(parts[i]!);
    used += w;
  }
  return head + ellipsis + tailParts.join('');
}

/** `n` copies of `text`, `n` clamped to a whole number from 0 to `max`: no RangeError from any number. */
export function repeatText(text: string, n: number, max = 10_000): string {
  return n > 0 ? text.repeat(Math.min(Math.floor(n), max)) : '';
}

/** `text` cut or padded with spaces to exactly `width` cells. */
export function padEnd(text: string, width: number, ellipsis = '…'): string {
  const cut = truncate(text, width, ellipsis);
  return cut + repeatText(' ', width - stringWidth(cut));
}

/** Glyphs that server text and timeline text commonly carry, spelled in ASCII. */
const ASCII_FOR: Record<string, string> = {
  '→': '->', '←': '<-', '—': '-', '–': '-', '…': '...', '·': '|', '•': '-', '×': 'x',
  '‘': "'", '’': "'", '“': '"', '”': '"',
};

/** `text` in 7-bit ASCII: known glyphs spelled out, anything else one `?` per terminal cell. */
export function toAscii(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x00-\x7f]/.test(text)) return text;
  let out = '';
  for (const g of graphemes(text)) {
    if (g.charCodeAt(0) < 0x80 && g.length === 1) out += g;
    else out += ASCII_FOR[g] ?? '?'.repeat(stringWidth(g));
  }
  return out;
}
