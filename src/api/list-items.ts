// A body parsed per item: a list of 500 deployments (or a deployment's 1,000 replica events) comes
// back mostly byte for byte the same poll to poll, so each item's own text is cut out of the body
// and one that has not changed is handed back as the very object parsed last time - no JSON.parse,
// no validation, no deep comparison downstream. Anything the cutter is not sure of goes the
// whole-body way. The readers: list-parser.ts (the list), replica-items.ts (a deployment).

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN: Record<string, string> = { '{': '}', '[': ']' };

/** The index just past the string whose opening quote is at `at`; -1 when it never closes. */
function stringEnd(text: string, at: number): number {
  for (let q = text.indexOf('"', at + 1); q >= 0; q = text.indexOf('"', q + 1)) {
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q + 1;
  }
  return -1;
}

/**
 * A copy of `text` that does not share the body's memory. A slice of a string is a view of the
 * whole (in V8, past a dozen characters): an item text kept as a key would keep its body alive, and
 * a list's deployments, changing at different polls, would keep one 0.5-2 MB body each.
 */
const detached = (text: string): string => structuredClone(text);

export interface ListTexts {
  /** The body with its items' container emptied (`[]` or `{}`): what is left to parse as a whole. */
  envelope: string;
  /** Each item, its text as sent (surrounding whitespace included), a copy apart from the body (or the hint it equals). */
  items: string[];
}

/** Which top-level member holds the items: the list's `data` array, or a deployment's `replica_events` object (its items `"name": event`). */
export interface ItemsAt {
  key: string;
  container: '[' | '{';
}

/** The list's items: its `data` array. */
export const LIST_DATA: ItemsAt = { key: 'data', container: '[' };

/** splitItems of the list's `data` array. */
export function splitListItems(text: string, hints: readonly string[] = []): ListTexts | undefined {
  return splitItems(text, LIST_DATA, hints);
}

/**
 * A body `{ …, "data": [ item, item, … ], … }` cut into its items' texts (or `{ …, "key": { item,
 * … } }`: see ItemsAt), or undefined when it is not plainly that shape (no such array or object,
 * the key twice, an escaped key, unbalanced brackets).
 * Only the structure is checked here: the envelope and every item not seen before are parsed.
 * `hints` (the last body's items, each known to be one whole item: a value, or a `"name": value` member) are tried in order at each
 * item: one sent again is stepped over with one comparison instead of being scanned.
 */
export function splitItems(text: string, where: ItemsAt, hints: readonly string[] = []): ListTexts | undefined {
  const { container } = where;
  const dataKey = JSON.stringify(where.key);
  const closeCode = OPEN[container]!.charCodeAt(0);
  const empty = container === '[' ? '[]' : '{}';
  const structure = /["[\]{},]/g;
  const open: string[] = [];
  let expectKey = false;
  let afterDataKey = -1; // the index past a top-level "data" key while its value is awaited
  let sawData = false;
  let arrayAt = -1;
  let arrayEnd = -1;
  let itemFrom = -1;
  const items: string[] = [];
  let hint = 0; // the hint expected next
  let sentAgain: string | undefined; // the hint the current item is (kept: its hash as a Map key is already worked out)
  /** At an item's start: past it when it is a hint sent again (nearby, for a deployment added or gone). */
  const stepOver = (from: number) => {
    for (const k of [hint, hint + 1, hint - 1]) {
      const h = hints[k];
      // A slice compared whole (memcmp), not startsWith (char by char).
      if (h === undefined || text.slice(from, from + h.length) !== h) continue;
      const next = text.charCodeAt(from + h.length);
      if (next !== COMMA && next !== closeCode) continue;
      hint = k + 1;
      sentAgain = h;
      structure.lastIndex = from + h.length;
      return;
    }
    hint++;
    sentAgain = undefined;
  };
  if (text.trimStart()[0] !== '{') return undefined;
  // test(), not exec(): every match is one character, found at lastIndex - 1, and no match array is
  // made for each of the body's hundred thousand brackets and quotes.
  while (structure.test(text)) {
    const at = structure.lastIndex - 1;
    const c = text[at]!;
    if (text.charCodeAt(at) === QUOTE) {
      const end = stringEnd(text, at);
      if (end < 0) return undefined;
      if (open.length === 1) {
        if (afterDataKey >= 0) return undefined; // "data" is a string
        if (expectKey) {
          const key = text.slice(at, end);
          if (key.includes('\\')) return undefined; // an escaped key might spell "data"
          if (key === dataKey) {
            if (sawData) return undefined; // JSON.parse would keep the last one
            sawData = true;
            afterDataKey = end;
          }
          expectKey = false;
        }
      }
      structure.lastIndex = end;
      continue;
    }
    const closes = OPEN[c];
    if (closes !== undefined) {
      if (open.length === 1 && afterDataKey >= 0) {
        if (c !== container || !/^[ \t\n\r]*:[ \t\n\r]*$/.test(text.slice(afterDataKey, at))) return undefined;
        afterDataKey = -1;
        arrayAt = at;
        itemFrom = at + 1;
        open.push(closes);
        stepOver(itemFrom);
        continue;
      }
      open.push(closes);
      if (open.length === 1) expectKey = true;
      continue;
    }
    if (c === ',') {
      if (open.length === 1) {
        if (afterDataKey >= 0) return undefined; // "data" was a number, true, false or null
        expectKey = true;
      } else if (open.length === 2 && itemFrom >= 0 && arrayEnd < 0) {
        items.push(sentAgain ?? detached(text.slice(itemFrom, at)));
        itemFrom = at + 1;
        stepOver(itemFrom);
      }
      continue;
    }
    // A closing bracket.
    if (open.pop() !== c) return undefined;
    if (open.length === 1 && c === OPEN[container] && itemFrom >= 0 && arrayEnd < 0) {
      const last = sentAgain ?? detached(text.slice(itemFrom, at));
      // `[]` (`{}`) has no items; any other blank item is a syntax error, left to the whole-body parse.
      if (items.length > 0 || !/^[ \t\n\r]*$/.test(last)) items.push(last);
      arrayEnd = at + 1;
    } else if (open.length === 0 && afterDataKey >= 0) {
      return undefined;
    }
  }
  if (open.length !== 0 || arrayAt < 0 || arrayEnd < 0) return undefined;
  return { envelope: `${text.slice(0, arrayAt)}${empty}${text.slice(arrayEnd)}`, items };
}

const isBlank = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;
/** An item's text without the whitespace around it (a pretty-printed body's last item has more): the same deployment moved is the same text. */
function bare(item: string): string {
  return isBlank(item.charCodeAt(0)) || isBlank(item.charCodeAt(item.length - 1)) ? item.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '') : item;
}

/** How an items parser reads a body: where its items are, its envelope (undefined: not one), an item, and the answer from both. */
export interface ItemsReading<E, I, A> {
  at: ItemsAt;
  envelope: (value: unknown) => E | undefined;
  /** An item not sent before, and its place among this body's items. */
  item: (text: string, index: number) => I;
  answer: (envelope: E, items: I[]) => A;
}

/**
 * A parser with a memory of the last body's items by their text: the same answer as `whole`,
 * where every item sent byte for byte as last time is last time's object. A body it cannot cut, or
 * that does not parse (an envelope or an item throwing), goes to `whole` (which throws the client's
 * errors).
 */
export function itemsParser<E, I, A>(reading: ItemsReading<E, I, A>, whole: (text: string) => A): (text: string) => A {
  let last = new Map<string, I>();
  let lastItems: readonly string[] = [];
  return (text) => {
    const cut = splitItems(text, reading.at, lastItems);
    if (cut === undefined) return whole(text);
    const next = new Map<string, I>();
    const items: I[] = [];
    let envelope: E | undefined;
    try {
      envelope = reading.envelope(JSON.parse(cut.envelope));
      if (envelope === undefined) return whole(text);
      for (const sent of cut.items) {
        const item = bare(sent);
        // Last body's, or this body's (the same item twice), or read now.
        const parsed = last.has(item) ? last.get(item)! : next.has(item) ? next.get(item)! : reading.item(item, items.length);
        next.set(item, parsed);
        items.push(parsed);
      }
    } catch {
      return whole(text);
    }
    last = next;
    lastItems = cut.items;
    return reading.answer(envelope, items);
  };
}
