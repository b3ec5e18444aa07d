// The writer's side of format 2 (format.ts): the last answer written of each stream, kept as JSON
// texts, and a new answer written against it — `same`, the list's `parts`, or whole (`data`).
// Items are compared as texts, so an unchanged deployment parsed afresh is still found.
/** JSON texts by object: the list parser hands back the same object for a deployment sent unchanged, and scrub.ts keeps that. */
const texts = new WeakMap<object, string>();

function textOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  let text = texts.get(value);
  if (text === undefined) texts.set(value, (text = JSON.stringify(value)));
  return text;
}

/** A stream's last answer: one deployment's text, or the list's items (each text at its first position). */
type Last = { text: string } | { at: Map<string, number>; count: number };

export class AnswerMemory {
  /** By stream: undefined for the untagged polls, else the deployment's tag. */
  private readonly last = new Map<string | undefined, Last>();

  /** A new file: its first answer of each stream is written whole. */
  forget(): void {
    this.last.clear();
  }

  /** The answer's field as written after the stream's last answer: `"data":…`, `"same":true` or `"parts":[…]`. */
  field(stream: string | undefined, data: unknown): string {
    return Array.isArray(data) ? this.listField(stream, data.map(textOf)) : this.oneField(stream, textOf(data));
  }

  private oneField(stream: string | undefined, text: string): string {
    const before = this.last.get(stream);
    this.last.set(stream, { text });
    return before !== undefined && 'text' in before && before.text === text ? '"same":true' : `"data":${text}`;
  }

  private listField(stream: string | undefined, items: string[]): string {
    const before = this.last.get(stream);
    const at = new Map<string, number>();
    for (const [i, text] of items.entries()) if (!at.has(text)) at.set(text, i);
    this.last.set(stream, { at, count: items.length });
    if (before === undefined || !('at' in before)) return `"data":[${items.join(',')}]`;
    // A deployment's text, or a run of the last answer's items.
    const parts: (string | [from: number, to: number])[] = [];
    let reused = 0;
    for (const text of items) {
      // A reader takes at most the last list's count from it (the same deployment sent twice: written out).
      const from = reused < before.count ? before.at.get(text) : undefined;
      const run = parts.at(-1);
      if (from === undefined) parts.push(text);
      else if (Array.isArray(run) && run[1] === from - 1) run[1] = from;
      else parts.push([from, from]);
      if (from !== undefined) reused++;
    }
    const first = parts[0];
    const whole = parts.length === 0 ? before.count === 0 : parts.length === 1 && Array.isArray(first) && first[0] === 0 && first[1] === before.count - 1;
    if (whole) return '"same":true';
    // Nothing reused: written whole, which a reader can start from.
    if (reused === 0) return `"data":[${items.join(',')}]`;
    return `"parts":[${parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(',')}]`;
  }
}
