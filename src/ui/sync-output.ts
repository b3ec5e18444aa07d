// Ink wraps each frame in synchronized-output markers (ESC[?2026h … ESC[?2026l) so that a terminal
// paints it whole, never half-drawn. An update that goes out as one small write reaches the
// terminal in one read and cannot tear, and for a clock tick the 16 bytes of markers would be most
// of what crosses the link: such updates go out bare, larger or multi-part ones keep their markers.
export const BEGIN_SYNC = '\x1b[?2026h';
export const END_SYNC = '\x1b[?2026l';
/** Well inside one SSH packet and one pty read. */
export const SMALL_UPDATE_BYTES = 1024;

type Write = (chunk: unknown, ...rest: unknown[]) => boolean;

/** A write that holds what Ink writes between the markers until the end marker, then sends it in one write, bare when it is small. */
export function syncSmallUpdatesBare(write: Write): Write {
  let held: unknown[] | undefined;
  /** Sends what is held: as a whole update (`ended`), or, cut short, as its beginning (its end marker will pass through). */
  const release = (ended: boolean) => {
    const parts = held!;
    held = undefined;
    const body = parts.join('');
    if (!ended) return write(BEGIN_SYNC + body);
    if (parts.length <= 1 && Buffer.byteLength(body) <= SMALL_UPDATE_BYTES) return body === '' || write(body);
    return write(BEGIN_SYNC + body + END_SYNC);
  };
  return (chunk, ...rest) => {
    const plain = typeof chunk === 'string' && rest.length === 0;
    if (plain && chunk === BEGIN_SYNC) {
      if (held !== undefined) release(false);
      const mine: unknown[] = [];
      held = mine;
      // Ink ends what it begins in the same call; should it ever not, nothing stays held.
      queueMicrotask(() => {
        if (held === mine) release(false);
      });
      return true;
    }
    if (held === undefined) return write(chunk, ...rest);
    if (plain && chunk === END_SYNC) return release(true);
    if (!plain) {
      // A write with a callback or of bytes is not held back: what came before goes first.
      release(false);
      return write(chunk, ...rest);
    }
    held.push(chunk);
    return true;
  };
}
