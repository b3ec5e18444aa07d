// A frame line as the terminal will hold it: one cell per column, each with its character and its
// colours (SGR state). Ink's lines carry colours as SGR codes only, each line starting and ending
// with everything off; anything else (another escape, a control character) is not modelled here,
// and the callers then leave the line to Ink.
import { graphemes, textWidth } from './format.js';
import { NARROW_CHARS } from './text-width.js';

/** What a cell looks like, as the SGR parameters that set it from "all off" (`''` is all off). */
export interface Style {
  readonly key: string;
  readonly attrs: ReadonlyMap<Attr, string>;
}

type Attr = 'bold' | 'dim' | 'italic' | 'underline' | 'blink' | 'inverse' | 'hidden' | 'strike' | 'overline' | 'fg' | 'bg';

// The order parameters are listed in, so that one style has one key.
const ORDER: readonly Attr[] = ['bold', 'dim', 'italic', 'underline', 'blink', 'inverse', 'hidden', 'strike', 'overline', 'fg', 'bg'];
/** Codes that turn one attribute on (the colours are ranges, below), and the code that turns it off. */
const ON = new Map<number, Attr>([[1, 'bold'], [2, 'dim'], [3, 'italic'], [4, 'underline'], [5, 'blink'], [7, 'inverse'], [8, 'hidden'], [9, 'strike'], [53, 'overline']]);
const OFF = new Map<number, readonly Attr[]>([[22, ['bold', 'dim']], [23, ['italic']], [24, ['underline']], [25, ['blink']], [27, ['inverse']], [28, ['hidden']], [29, ['strike']], [55, ['overline']], [39, ['fg']], [49, ['bg']]]);
const OFF_CODE: Record<Attr, string> = { bold: '22', dim: '22', italic: '23', underline: '24', blink: '25', inverse: '27', hidden: '28', strike: '29', overline: '55', fg: '39', bg: '49' };

const styles = new Map<string, Style>();
function styleOf(attrs: Map<Attr, string>): Style {
  const key = ORDER.flatMap((a) => attrs.get(a) ?? []).join(';');
  let style = styles.get(key);
  if (style === undefined) {
    // A frame uses a handful of styles; the table is only a cache, so a full one starts over.
    if (styles.size >= 256) styles.clear();
    style = { key, attrs: new Map(attrs) };
    styles.set(key, style);
  }
  return style;
}

export const PLAIN: Style = styleOf(new Map());

/** Applies one SGR sequence's parameters; false for a parameter not modelled here. */
function applySgr(attrs: Map<Attr, string>, params: string): boolean {
  const ps = params.split(';');
  for (let i = 0; i < ps.length; i++) {
    const raw = ps[i]!;
    const p = raw === '' ? 0 : Number(raw);
    if (p === 0) attrs.clear();
    else if (ON.has(p)) attrs.set(ON.get(p)!, String(p));
    else if (OFF.has(p)) for (const a of OFF.get(p)!) attrs.delete(a);
    else if ((p >= 30 && p <= 37) || (p >= 90 && p <= 97)) attrs.set('fg', String(p));
    else if ((p >= 40 && p <= 47) || (p >= 100 && p <= 107)) attrs.set('bg', String(p));
    else if (p === 38 || p === 48) {
      // 256-colour (38;5;n) and true colour (38;2;r;g;b).
      const n = ps[i + 1] === '5' ? 1 : ps[i + 1] === '2' ? 3 : 0;
      const values = ps.slice(i + 2, i + 2 + n);
      if (n === 0 || values.length !== n || !values.every((v) => /^\d{1,3}$/.test(v) && Number(v) <= 255)) return false;
      attrs.set(p === 38 ? 'fg' : 'bg', [p, ps[i + 1], ...values].map(Number).join(';'));
      i += 1 + n;
    } else return false;
  }
  return true;
}

/**
 * The shortest SGR sequence that changes a terminal showing `from` to `to`: the attributes that
 * differ, or a reset followed by all of `to`, whichever is shorter.
 */
export function transition(from: Style, to: Style): string {
  if (from.key === to.key) return '';
  const reset = to.key === '' ? '\x1b[m' : `\x1b[0;${to.key}m`;
  const params: string[] = [];
  const a = from.attrs;
  const b = to.attrs;
  // 22 turns bold and faint off together: when either goes, both go and the survivor comes back.
  if ((a.has('bold') && !b.has('bold')) || (a.has('dim') && !b.has('dim'))) {
    params.push('22', ...(b.has('bold') ? ['1'] : []), ...(b.has('dim') ? ['2'] : []));
  } else {
    if (b.has('bold') && !a.has('bold')) params.push('1');
    if (b.has('dim') && !a.has('dim')) params.push('2');
  }
  for (const attr of ORDER) {
    if (attr === 'bold' || attr === 'dim' || a.get(attr) === b.get(attr)) continue;
    params.push(b.get(attr) ?? OFF_CODE[attr]);
  }
  const changes = `\x1b[${params.join(';')}m`;
  return changes.length <= reset.length ? changes : reset;
}

/** A line as cells: `chars[x]` is the grapheme starting in column x (`''` for the right half of a wide one). */
export interface Cells {
  readonly chars: string[];
  readonly styles: Style[];
  /** Every grapheme is one UTF-16 unit and one cell: column arithmetic is exact on any terminal. */
  readonly simple: boolean;
}

// eslint-disable-next-line no-control-regex
const TOKEN = /\x1b\[([0-9;]*)m|[\x00-\x1f\x7f-\x9f]|[^\x00-\x1f\x7f-\x9f]+/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /^[\x00-\x1f\x7f-\x9f]$/;
const SIMPLE = new RegExp(`^[\\x20-\\x7e${NARROW_CHARS}]*$`);

/** The cells of one frame line; undefined when it holds anything but text and SGR colours, or does not end with them all off. */
export function toCells(line: string): Cells | undefined {
  const chars: string[] = [];
  const out: Style[] = [];
  const attrs = new Map<Attr, string>();
  let style = PLAIN;
  let simple = true;
  for (const [token, params] of line.matchAll(TOKEN)) {
    if (params !== undefined) {
      if (!applySgr(attrs, params)) return undefined;
      style = styleOf(attrs);
    } else if (CONTROL.test(token)) {
      return undefined;
    } else if (SIMPLE.test(token)) {
      for (const ch of token) {
        chars.push(ch);
        out.push(style);
      }
    } else {
      simple = false;
      for (const g of graphemes(token)) {
        const width = textWidth(g);
        // Zero-width and unusual graphemes: where the terminal puts them is its own business.
        if (width !== 1 && width !== 2) return undefined;
        chars.push(g);
        out.push(style);
        if (width === 2) {
          chars.push('');
          out.push(style);
        }
      }
    }
  }
  return style.key === '' ? { chars, styles: out, simple } : undefined;
}
