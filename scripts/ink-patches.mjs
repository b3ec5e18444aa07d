// An esbuild plugin that makes Ink 8's frame assembly incremental (ink/build/output.js),
// remembers the sanitized text of text nodes (ink/build/squash-text-nodes.js), and has frames
// written cell by cell (ink/build/log-update.js, see LOG_UPDATE_REPLACEMENTS below).
//
// Ink renders every frame from scratch: a fresh Output per frame whose caches die with it, so each
// frame re-tokenizes the ANSI of every text row, builds a grid of width x height new cell objects,
// and turns every row of the grid back into a string. For a 120x40 screen that is ~2.5 MB of
// garbage and most of the CPU of a poll whose only change is the footer's clock (measured: 92 % of
// all allocation while watching a steady deployment).
//
// The patch keeps Ink's algorithm and its output byte for byte, and only stops redoing work:
//   1. the tokenize/width caches are shared across frames (two generations: this frame's and the last's);
//   2. a text's split into styled lines is cached with them;
//   3. the grid starts from one shared, frozen blank cell instead of width x height new ones;
//   4. a row whose cells are the very same objects as last frame's row reuses last frame's string;
//   5. a new row's characters are screened for invisible ones by code point before any regex.
// (1)-(3) make an unchanged row consist of the same cell objects frame after frame, which is what
// (4) checks, cell by cell, by reference. Nothing in Ink or @alcalzone/ansi-tokenize mutates a
// styled character after it is made (cells are replaced, never edited); the freeze in (3) would
// throw in strict mode if that ever changed.
//
// squash-text-nodes.js runs sanitizeAnsi (a full ANSI tokenize) over every text node on every
// frame, though all but one row are the same strings as last frame: its results are memoised.
//
// Every replaced snippet must appear exactly once, or the build fails: an Ink update that changes
// these files must be looked at again rather than silently shipping unpatched (or half-patched).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const HELPERS = `
// depwatch patch: caches shared across frames, a shared blank cell, row strings reused.
// Two generations: what this frame and the last one used. A frame's texts are mostly the last
// frame's, so each is tokenized once while it stays on screen, and a text gone from the screen is
// forgotten a frame later: bounded by two screens' texts, with no cliff (a cache dropped when full
// re-tokenized every row of the next frame: 2-3 MB of garbage at once on a busy list).
class DepwatchGenerations {
    current = new Map();
    previous = new Map();
    get(key) {
        let value = this.current.get(key);
        if (value === undefined) {
            value = this.previous.get(key);
            if (value !== undefined) {
                this.current.set(key, value);
            }
        }
        return value;
    }
    set(key, value) {
        this.current.set(key, value);
        return this;
    }
    turn() {
        this.previous = this.current;
        this.current = new Map();
    }
}
let depwatchSharedCaches;
const depwatchCaches = () => {
    if (depwatchSharedCaches === undefined) {
        depwatchSharedCaches = new OutputCaches();
    }
    else {
        depwatchSharedCaches.turn();
    }
    return depwatchSharedCaches;
};
const DEPWATCH_IGNORABLE = /^\\p{Default_Ignorable_Code_Point}+$/u;
const DEPWATCH_BLANK = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) });
let depwatchRows = [];
const depwatchRowString = (line, y) => {
    const previous = depwatchRows[y];
    if (previous !== undefined && previous.cells.length === line.length) {
        let same = true;
        for (let x = 0; x < line.length; x++) {
            if (previous.cells[x] !== line[x]) {
                same = false;
                break;
            }
        }
        if (same) {
            return previous.text;
        }
    }
    const text = styledCharsToString(line.filter(item => item !== undefined)).trimEnd();
    depwatchRows[y] = { cells: line, text };
    return text;
};
`;

const REPLACEMENTS = [
  // (5): a changed row's characters are checked for invisible ones without a regular expression per
  // character: every Default_Ignorable_Code_Point is at U+00AD or above, so a cell starting below is kept.
  [
    '.filter(character => !/^\\p{Default_Ignorable_Code_Point}+$/u.test(character.value));',
    '.filter(character => character.value.charCodeAt(0) < 0xad || !DEPWATCH_IGNORABLE.test(character.value));',
  ],
  // (1) and (2): shared caches, with a per-text cache of the styled lines.
  [
    'class OutputCaches {\n    widths = new Map();\n    blockWidths = new Map();\n    styledChars = new Map();',
    `class OutputCaches {
    lines = new DepwatchGenerations();
    widths = new DepwatchGenerations();
    blockWidths = new DepwatchGenerations();
    styledChars = new DepwatchGenerations();
    turn() {
        this.lines.turn();
        this.widths.turn();
        this.blockWidths.turn();
        this.styledChars.turn();
    }`,
  ],
  [
    '    getStringWidth(text) {',
    `    getLines(text) {
        let cached = this.lines.get(text);
        if (cached === undefined) {
            const characterLines = [[]];
            for (const character of this.getStyledChars(text)) {
                if (character.value === '\\n') {
                    characterLines.push([]);
                }
                else {
                    characterLines.at(-1).push(character);
                }
            }
            cached = characterLines.map(line => styledCharsToString(line));
            this.lines.set(text, cached);
        }
        return cached;
    }
    getStringWidth(text) {`,
  ],
  ['export default class Output {', `${HELPERS}export default class Output {`],
  ['    caches = new OutputCaches();', '    caches = depwatchCaches();'],
  [
    `        const characterLines = [[]];
        for (const character of this.caches.getStyledChars(text)) {
            if (character.value === '\\n') {
                characterLines.push([]);
            }
            else {
                characterLines.at(-1).push(character);
            }
        }
        let lines = characterLines.map(line => styledCharsToString(line));`,
    '        let lines = this.caches.getLines(text);',
  ],
  // (3): the initial grid.
  [
    `            const row = [];
            for (let x = 0; x < this.width; x++) {
                row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });
            }
            output.push(row);`,
    '            output.push(new Array(this.width).fill(DEPWATCH_BLANK));',
  ],
  // (4): row strings.
  [
    `        const generatedOutput = output
            .map(line => {
            // See https://github.com/vadimdemedes/ink/pull/564#issuecomment-1637022742
            const lineWithoutEmptyItems = line.filter(item => item !== undefined);
            return styledCharsToString(lineWithoutEmptyItems).trimEnd();
        })
            .join('\\n');`,
    `        depwatchRows.length = Math.min(depwatchRows.length, output.length);
        const generatedOutput = output.map(depwatchRowString).join('\\n');`,
  ],
];

const SQUASH_REPLACEMENTS = [
  [
    "import sanitizeAnsi from './sanitize-ansi.js';",
    `import sanitizeAnsiUncached from './sanitize-ansi.js';
// depwatch patch: sanitizeAnsi is a pure function of its input; most rows repeat every frame.
const depwatchSanitized = new Map();
const sanitizeAnsi = (text) => {
    let out = depwatchSanitized.get(text);
    if (out === undefined) {
        out = sanitizeAnsiUncached(text);
        if (depwatchSanitized.size >= 1024) {
            depwatchSanitized.clear();
        }
        depwatchSanitized.set(text, out);
    }
    return out;
};`,
  ],
];

// Ink's incremental renderer (ink/build/log-update.js) repaints a changed line from its first changed
// cell, after walking the cursor down every unchanged line; each frame is wrapped in
// synchronized-output markers. When a frame has the same lines and width as the one on screen,
// src/ui/frame-update.ts writes only the changed cells instead, with the fewest cursor moves, and
// leaves the cursor on the last line as Ink expects. Anything it does not model (a different line
// count, a resize, a shown cursor, an escape other than colours) goes through Ink's own code.
const FRAME_WRITER = fileURLToPath(new URL('../src/ui/frame-update.ts', import.meta.url));
const LOG_UPDATE_REPLACEMENTS = [
  [
    "import lineUpdate from './line-update.js';",
    `import lineUpdate from './line-update.js';
import { createFrameWriter as depwatchFrameWriter } from ${JSON.stringify(FRAME_WRITER)};`,
  ],
  [
    '    let previousColumns = stream.columns;\n',
    `    let previousColumns = stream.columns;
    // depwatch patch: the cell-diff writer for this stream (it remembers where it left the cursor).
    const depwatchWriteFrame = depwatchFrameWriter();
`,
  ],
  [
    "        const hasTrailingNewline = text.endsWith('\\n');\n",
    `        // depwatch patch: only the changed cells, when the frame keeps its lines and width.
        if (returnPrefix === '' && activeCursor === undefined && areColumnsUnchanged) {
            const depwatchBytes = depwatchWriteFrame(previousLines, nextLines, stream.columns, stream.rows);
            if (depwatchBytes !== undefined) {
                stream.write(depwatchBytes);
                wasCursorShown = false;
                previousCursorPosition = undefined;
                previousOutput = text;
                previousLines = nextLines;
                return true;
            }
        }
        const hasTrailingNewline = text.endsWith('\\n');
`,
  ],
];

function patch(source, replacements, file) {
  let out = source;
  for (const [from, to] of replacements) {
    const at = out.indexOf(from);
    if (at < 0 || out.indexOf(from, at + 1) >= 0) {
      throw new Error(`scripts/ink-patches.mjs: ink/build/${file} changed (snippet ${JSON.stringify(from.slice(0, 60))}... found ${at < 0 ? 'nowhere' : 'twice'}); revisit the patch`);
    }
    out = out.slice(0, at) + to + out.slice(at + from.length);
  }
  return out;
}

// Grapheme segmenters made at module load (wrap-ansi, slice-ansi, ansi-tokenize, Ink's
// line-update): the first Intl.Segmenter loads ICU's break rules, ~10 ms before the first frame.
// These modules only ever call .segment() on them, so a stand-in that makes the real one on
// first use behaves the same.
const LAZY_SEGMENTER = `
// depwatch patch: the segmenter is made on first use.
function depwatchLazySegmenter(...args) {
    let real;
    return { segment: (text) => (real ??= new Intl.Segmenter(...args)).segment(text) };
}
`;
const SEGMENTER_FILES = /[\\/]node_modules[\\/](wrap-ansi[\\/]index|slice-ansi[\\/]tokenize-ansi|@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize|ink[\\/]build[\\/]line-update)\.js$/;

// @alcalzone/ansi-tokenize segments every string into graphemes. In text made of escape
// sequences, printable ASCII and the UI's one-cell glyphs, every code unit is a grapheme of its
// own, so it is split by code unit instead (the same {segment, index} pairs, no ICU).
const TOKENIZE_REPLACEMENTS = [
  [
    '    for (const { segment, index } of segmenter.segment(str)) {',
    '    for (const { segment, index } of depwatchSegments(str)) {',
  ],
  [
    'export function tokenize(str, endChar = Number.POSITIVE_INFINITY) {',
    `// depwatch patch: code-unit segments for text where each code unit is a grapheme.
const DEPWATCH_SIMPLE = /^[\\x1b\\x20-\\x7e\\u00b1\\u00b5\\u00b7\\u00d7\\u2013\\u2014\\u2018\\u2019\\u201c\\u201d\\u2022\\u2026\\u203a\\u2190-\\u2193\\u23ce\\u2500\\u2581-\\u2588\\u2591\\u25b2\\u25b6\\u25cb\\u25cf\\u2714\\u2716\\u275a]*$/;
function depwatchSegments(str) {
    if (!DEPWATCH_SIMPLE.test(str)) {
        return segmenter.segment(str);
    }
    const out = new Array(str.length);
    for (let i = 0; i < str.length; i++) {
        out[i] = { segment: str[i], index: i };
    }
    return out;
}
export function tokenize(str, endChar = Number.POSITIVE_INFINITY) {`,
  ],
];

function lazySegmenters(source, file) {
  const count = source.split('new Intl.Segmenter(').length - 1;
  // (An older copy, e.g. cliui's own wrap-ansi, may make none: nothing to defer.)
  if (count === 0) return source;
  if (count !== 1) throw new Error(`scripts/ink-patches.mjs: ${file} makes ${count} segmenters, expected 1; revisit the patch`);
  return `${source.replace('new Intl.Segmenter(', 'depwatchLazySegmenter(')}\n${LAZY_SEGMENTER}`;
}

export const inkPatches = {
  name: 'ink-patches',
  setup(b) {
    b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]output\.js$/ }, (args) => ({ contents: patch(readFileSync(args.path, 'utf8'), REPLACEMENTS, 'output.js'), loader: 'js' }));
    b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]log-update\.js$/ }, (args) => ({ contents: patch(readFileSync(args.path, 'utf8'), LOG_UPDATE_REPLACEMENTS, 'log-update.js'), loader: 'js' }));
    b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]squash-text-nodes\.js$/ }, (args) => ({ contents: patch(readFileSync(args.path, 'utf8'), SQUASH_REPLACEMENTS, 'squash-text-nodes.js'), loader: 'js' }));
    b.onLoad({ filter: SEGMENTER_FILES }, (args) => {
      let source = readFileSync(args.path, 'utf8');
      if (/ansi-tokenize/.test(args.path)) source = patch(source, TOKENIZE_REPLACEMENTS, '@alcalzone/ansi-tokenize tokenize.js');
      return { contents: lazySegmenters(source, args.path), loader: 'js' };
    });
  },
};
