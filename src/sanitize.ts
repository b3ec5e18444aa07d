// Server text is untrusted: nothing it sends may move the cursor, change colours, set the
// window title or ring the bell. Escape sequences are removed whole; other C0/C1 controls
// (and DEL) become nothing, except tab and newline which become a space. And the API key goes:
// a server that echoes it back must not get it shown, and nothing cut later can leak a piece.
import { redact } from './redact.js';

// CSI (ESC [ or 0x9B) ... final byte; OSC/DCS/SOS/PM/APC (ESC ] P X ^ _ or 0x9D 0x90 ...) up to BEL or ST;
// then any other two-byte ESC sequence.
// eslint-disable-next-line no-control-regex
const ESCAPES = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b[\]PX^_]|[\x90\x9d\x98\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[ -/]*[0-~]?/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
// Bidi overrides and isolates can visually reorder a line; zero-width joiners are harmless.
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;
// Line and paragraph separators: line breaks to some programs, invisible or odd-width to terminals.
const SEPARATORS = /[\u2028\u2029]/g;

export function sanitize(text: string): string {
  // Escapes out first, so one spliced into the key cannot hide it from redact().
  return redact(text.replace(ESCAPES, '').replace(/[\t\n]/g, ' ').replace(CONTROLS, '').replace(BIDI, '').replace(SEPARATORS, ' '));
}

/** Like sanitize, but keeps newlines: for multi-line text such as log lines split later. */
export function sanitizeKeepLines(text: string): string {
  return text.split(/\r?\n/).map(sanitize).join('\n');
}
