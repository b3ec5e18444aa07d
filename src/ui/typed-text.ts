// Text typed into a filter or a search (the list's `/`, the timeline's `/`, the logs' `/`): what a
// key does to it. Printable input is appended as sanitized text, Backspace takes back one whole
// grapheme (never half an emoji), and the text holds at most MAX_TYPED graphemes.
import { sanitize } from '../sanitize.js';
import { graphemes } from './format.js';

/**
 * The most graphemes typed text holds: room for a pasted image reference with its sha256 digest
 * (about 120) or a phrase from a log line, while a stray paste of a whole file stays out of the header.
 */
export const MAX_TYPED = 200;
/** UTF-16 units of text + paste looked at: the segmenter reads all it is given, so a huge paste is looked at only this far. */
const MAX_UNITS = MAX_TYPED * 32;
/** A half of a surrogate pair on its own (in `u` mode a whole pair is one code point, not matched). */
const LONE_SURROGATE = /\p{Cs}/gu;
/** A key that is one control character (Ctrl-J's line feed, a tab): not text, though a paste's newlines become spaces. */
// eslint-disable-next-line no-control-regex -- control characters are what it matches
const LONE_CONTROL = /^[\x00-\x1f\x7f]$/;

export interface TypingKey {
  backspace: boolean;
  delete: boolean;
  ctrl: boolean;
  /** Alt (or Esc) with the key. */
  meta?: boolean;
}

/** A change to typed text. */
export type TextEdit = (text: string) => string;

/** The edit `input` (with `k`) makes to typed text, or undefined when the key is not for the text (arrows, Ctrl-…, a lone control). */
export function typingEdit(input: string, k: TypingKey): TextEdit | undefined {
  if (k.backspace || k.delete) return withoutLast;
  if (k.ctrl || input === '' || LONE_CONTROL.test(input)) return undefined;
  // Alt with a key is neither text nor, while typing, a command (Alt-q must not quit).
  if (k.meta) return unchanged;
  const typed = sanitize(input).replace(LONE_SURROGATE, '');
  return typed === '' ? undefined : (text) => appended(text, typed);
}

const unchanged: TextEdit = (text) => text;

function withoutLast(text: string): string {
  let last = '';
  for (const g of graphemes(text)) last = g;
  return text.slice(0, text.length - last.length);
}

function appended(text: string, typed: string): string {
  // Full already (a grapheme of thousands of marks): nothing more fits.
  if (text.length >= MAX_UNITS) return text;
  // Segmented together: a combining mark typed after a letter joins its grapheme.
  const all = text + typed;
  const cut = all.length > MAX_UNITS;
  const parts = [...graphemes(cut ? all.slice(0, MAX_UNITS) : all)];
  if (cut) {
    // The cut may have split the last grapheme: then it goes whole.
    const last = parts.at(-1) ?? '';
    const whole = graphemes(all.slice(MAX_UNITS - last.length)).next().value;
    if (whole !== last) parts.pop();
  }
  const kept = parts.slice(0, MAX_TYPED).join('');
  // Typing never takes away what was held.
  return kept.length < text.length ? text : kept;
}
