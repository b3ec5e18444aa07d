// Server strings cut to a bounded length before anything else touches them (sanitizing, width
// work): a 10 MB description costs a poll no more than a 16 KB one. The cut never splits a
// surrogate pair, and the clean step runs on the kept part before the mark is added, so a secret
// cut in two sits at the very end of what the redaction sees.

/** The most UTF-16 code units kept of any one server string. */
export const MAX_TEXT = 16 * 1024;

/** `text` cut to at most `max` code units, never between the two halves of a surrogate pair. */
export function cutUnits(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = Math.max(0, Math.floor(max));
  const code = text.charCodeAt(end - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? end - 1 : end);
}

/** A field value: cleaned, and marked with `…` when it was cut. */
export function capText(raw: string, clean: (text: string) => string): string {
  return raw.length <= MAX_TEXT ? clean(raw) : `${clean(cutUnits(raw, MAX_TEXT - 1))}…`;
}

/** A log line: cleaned, and when cut, marked with how long it was (`… [cut: 10.0 MB]`). */
export function capLogLine(raw: string, clean: (text: string) => string): string {
  return raw.length <= MAX_TEXT ? clean(raw) : `${clean(cutUnits(raw, MAX_TEXT))}… [cut: ${formatSize(Buffer.byteLength(raw))}]`;
}

function formatSize(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} KB`;
}
