// `npm run screenshots`: the README's pictures, taken from the real program. Each shot runs the
// built CLI in a pty feeding a headless xterm at a fixed size, waits for a recognisable screen and
// writes it as an SVG with the colours of every cell. Each picture records a hash of the sources
// that shape the screens; test/unit/screenshots.test.ts fails when the sources moved on.
//   node scripts/screenshots.mjs          take every picture into docs/
//   node scripts/screenshots.mjs --hash   print {"hash","pictures"} (what the test compares)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/depwatch.mjs');
const DOCS = join(ROOT, 'docs');

/** What shapes the pictured screens: the screens, the watch core, the simulator's scenarios, and this script's drawing. */
const INPUTS = ['src/ui', 'src/watch', 'src/sim', 'scripts/screenshots.mjs'];

/** Every picture this script writes, by file name under docs/. */
const PICTURES = ['watch-rollout.svg', 'crashloop.svg', 'logs.svg', 'list.svg'];

/** sha256 over the inputs' paths and contents (sorted, CRLF-normalised), so a checkout anywhere hashes the same. */
function inputsHash() {
  const files = INPUTS.flatMap((input) => {
    const full = join(ROOT, input);
    try {
      return readdirSync(full, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name));
    } catch (error) {
      if (error.code === 'ENOTDIR') return [full];
      throw error;
    }
  });
  const hash = createHash('sha256');
  for (const file of files.map((f) => f.slice(ROOT.length).split('\\').join('/').replace(/^\//, '')).sort()) {
    hash.update(`${file}\0${readFileSync(join(ROOT, file), 'utf8').replaceAll('\r\n', '\n')}\0`);
  }
  return hash.digest('hex');
}

// --- the clock: every process's wall clock starts at the same instant and moves in steps of one
// poll interval, so each poll (and the simulator's scenario time it sees) reads the same time from
// run to run however long start-up took; only the wall clock: timers and poll intervals run as ever.
const PINNED_START = Date.UTC(2026, 2, 12, 9, 24, 0);
const CLOCK_STEP_MS = 2_000;
const CLOCK_SHIM = `const Real = Date; const started = Real.now();
const now = () => ${PINNED_START} + Math.floor((Real.now() - started) / ${CLOCK_STEP_MS}) * ${CLOCK_STEP_MS};
globalThis.Date = new Proxy(Real, {
  construct: (t, a, nt) => Reflect.construct(t, a.length ? a : [now()], nt),
  apply: () => new Real(now()).toString(),
  get: (t, p) => (p === 'now' ? now : Reflect.get(t, p)),
});`;
const NODE_ARGS = ['--import', `data:text/javascript;base64,${Buffer.from(CLOCK_SHIM).toString('base64')}`];

const ENV = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  TERM: 'xterm-256color',
  LANG: 'en_US.UTF-8',
  TZ: 'UTC',
  TOGETHER_API_KEY: 'x',
};

// --- running the program
class Screen {
  constructor(xterm, pty, args, cols, rows) {
    this.cols = cols;
    this.rows = rows;
    this.term = new xterm.Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
    this.pty = pty.spawn(process.execPath, [...NODE_ARGS, CLI, ...args], { name: ENV.TERM, cols, rows, env: ENV });
    this.pending = Promise.resolve();
    this.exitCode = undefined;
    this.pty.onData((data) => { this.pending = this.pending.then(() => new Promise((resolve) => this.term.write(data, resolve))); });
    this.exited = new Promise((resolve) => this.pty.onExit(({ exitCode }) => { this.exitCode = exitCode; resolve(); }));
  }

  text() {
    const buf = this.term.buffer.active;
    return Array.from({ length: this.rows }, (_, y) => buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '').join('\n');
  }

  /** Resolves when the screen matches every pattern; `soft` gives up quietly (a shot in a less telling state beats none). */
  async waitFor(patterns, what, { timeoutMs = 15_000, soft = false } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.pending;
      const text = this.text();
      if (patterns.every((p) => p.test(text))) return;
      if (this.exitCode !== undefined) throw new Error(`depwatch exited (${this.exitCode}) before ${what}\n${text}`);
      if (Date.now() > deadline) {
        if (soft) return void console.warn(`screenshots: gave up waiting for ${what}; taking the screen as it is`);
        throw new Error(`timed out waiting for ${what}\n--- screen ---\n${text}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async close() {
    if (this.exitCode !== undefined) return;
    this.pty.kill('SIGTERM');
    const stuck = setTimeout(() => this.pty.kill('SIGKILL'), 3_000);
    await this.exited;
    clearTimeout(stuck);
  }
}

/** `depwatch sim` as its own process (with the pinned clock), and the URL it prints. */
async function startSim(args) {
  const child = spawn(process.execPath, [...NODE_ARGS, CLI, 'sim', '--port', '0', ...args], { env: ENV, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`depwatch sim exited early (${code})`)));
  });
  const url = /^listening on (http:\/\/127\.0\.0\.1:\d+\/v1)$/.exec(line)?.[1];
  if (!url) {
    child.kill('SIGTERM');
    throw new Error(`unexpected first line from depwatch sim: ${line}`);
  }
  return { url, close: () => (child.exitCode === null ? new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); }) : Promise.resolve()) };
}

// --- drawing: cells → SVG
const CELL_W = 8.4;
const LINE_H = 18;
const PAD = 14;
const BG = '#0d1117';
const FG = '#c9d1d9';
const PALETTE = [
  '#484f58', '#ff7b72', '#3fb950', '#d29922', '#58a6ff', '#bc8cff', '#39c5cf', '#b1bac4',
  '#6e7681', '#ffa198', '#56d364', '#e3b341', '#79c0ff', '#d2a8ff', '#56d4dd', '#f0f6fc',
];
const hex = (n) => `#${n.toString(16).padStart(6, '0')}`;

/** A palette index as a colour: the 16 above, then xterm's 6×6×6 cube and grey ramp. */
function paletteColour(i) {
  if (i < 16) return PALETTE[i];
  if (i >= 232) return hex(((8 + (i - 232) * 10) * 0x010101));
  const level = (v) => (v === 0 ? 0 : 55 + v * 40);
  const c = i - 16;
  return hex((level(Math.floor(c / 36)) << 16) | (level(Math.floor(c / 6) % 6) << 8) | level(c % 6));
}

function colour(isDefault, isRgb, value) {
  if (isDefault) return undefined;
  return isRgb ? hex(value) : paletteColour(value);
}

function cellStyle(cell) {
  let fg = colour(cell.isFgDefault(), cell.isFgRGB(), cell.getFgColor());
  let bg = colour(cell.isBgDefault(), cell.isBgRGB(), cell.getBgColor());
  if (cell.isInverse()) [fg, bg] = [bg ?? BG, fg ?? FG];
  return { fg: fg ?? FG, bg, bold: !!cell.isBold(), dim: !!cell.isDim(), italic: !!cell.isItalic(), underline: !!cell.isUnderline() };
}

const escapeXml = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const px = (col) => +(PAD + col * CELL_W).toFixed(1);

/** One row as runs of cells that look the same: their columns and characters. */
function rowRuns(line, cols) {
  const runs = [];
  const cell = line.getCell(0);
  for (let x = 0; x < cols; x++) {
    line.getCell(x, cell);
    if (cell.getWidth() === 0) continue; // the right half of a wide character
    const style = cellStyle(cell);
    const key = JSON.stringify(style);
    const last = runs.at(-1);
    const run = last?.key === key ? last : (runs.push({ key, style, cols: [], chars: [] }), runs.at(-1));
    run.cols.push(x);
    run.chars.push(cell.getChars() || ' ');
  }
  return runs;
}

function toSvg(screen, title, hash) {
  const { cols, rows } = screen;
  const buf = screen.term.buffer.active;
  const width = +(cols * CELL_W + 2 * PAD).toFixed(1);
  const height = rows * LINE_H + 2 * PAD;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xml:space="preserve">`,
    `<!-- made by npm run screenshots; inputs sha256:${hash} -->`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" rx="6" fill="${BG}"/>`,
    `<g font-family="'DejaVu Sans Mono','SFMono-Regular',Menlo,Consolas,'Liberation Mono',monospace" font-size="14px" fill="${FG}">`,
  ];
  for (let y = 0; y < rows; y++) {
    const line = buf.getLine(buf.viewportY + y);
    if (!line) continue;
    const top = PAD + y * LINE_H;
    const spans = [];
    for (const run of rowRuns(line, cols)) {
      const { fg, bg, bold, dim, italic, underline } = run.style;
      const first = run.cols[0];
      const end = run.cols.at(-1) + 1;
      if (bg) out.push(`<rect x="${px(first)}" y="${top}" width="${+((end - first) * CELL_W).toFixed(1)}" height="${LINE_H}" fill="${bg}"/>`);
      const text = run.chars.join('').trimEnd();
      if (!text) continue;
      // A glyph from a fallback font may be wider than the grid: every character up to just after the last non-ASCII one is placed.
      const lastWide = text.search(/[^\x20-\x7e][\x20-\x7e]*$/);
      const xs = run.cols.slice(0, lastWide < 0 ? 1 : lastWide + 2).map(px).join(' ');
      const attrs = [`x="${xs}"`];
      if (fg !== FG) attrs.push(`fill="${fg}"`);
      if (bold) attrs.push('font-weight="bold"');
      if (dim) attrs.push('opacity="0.6"');
      if (italic) attrs.push('font-style="italic"');
      if (underline) attrs.push('text-decoration="underline"');
      spans.push(`<tspan ${attrs.join(' ')}>${escapeXml(text)}</tspan>`);
    }
    if (spans.length) out.push(`<text y="${top + 13}">${spans.join('')}</text>`);
  }
  out.push('</g>', '</svg>', '');
  return out.join('\n');
}

// --- the shots

/** Takes every picture: [file, svg] pairs, each drawn the moment its screen is recognised. */
async function shots({ take, sim }, hash) {
  const rollout = async () => {
    const s = take(['demo', '--scenario', 'rollout', '--speed', '5'], 100, 30);
    // 1/3 on a line that is not a timeline entry (those start with a time of day): the rollout's own line.
    await s.waitFor([/^(?!\d\d:\d\d:\d\d).*\b1\/3\b/m], 'the rollout with one of three replicas ready');
    return [['watch-rollout.svg', toSvg(s, 'depwatch demo: a rollout in progress (100×30)', hash)]];
  };
  const crashloop = async () => {
    const s = take(['demo', '--scenario', 'crashloop', '--speed', '10'], 100, 30);
    await s.waitFor([/CUDA out of memory/], 'the crash loop and its cause');
    await s.waitFor([/rollout.*\bfailed\b/i], 'the rollout declared failed', { timeoutMs: 8_000, soft: true });
    const watch = toSvg(s, 'depwatch demo --scenario crashloop: the new revision crash-loops, and why (100×30)', hash);
    s.pty.write('l');
    // Only the logs say OutOfMemoryError (the watch quotes the status message: CUDA out of memory).
    await s.waitFor([/OutOfMemoryError/], 'the logs pane showing the out-of-memory error');
    return [['crashloop.svg', watch], ['logs.svg', toSvg(s, 'depwatch demo --scenario crashloop, l: the crashing replica\'s logs (100×30)', hash)]];
  };
  const list = async () => {
    const { url } = await sim(['--scenario', 'steady', 'rollout', 'crashloop', 'scale', 'stall', '--loop', '--speed', '6']);
    const s = take(['--base-url', url], 100, 20);
    await s.waitFor(['steady', 'rollout', 'crashloop', 'scale', 'stall'].map((n) => new RegExp(`\\b${n}\\b`)), 'the five deployments');
    // A little later the rollouts show progress; if the screen never says so, the plain list will do.
    await s.waitFor([/[12]\/3/], 'a rollout in progress', { timeoutMs: 6_000, soft: true });
    return [['list.svg', toSvg(s, 'depwatch: every deployment, a line each (100×20)', hash)]];
  };
  return (await Promise.all([rollout(), crashloop(), list()])).flat();
}

async function main() {
  if (process.argv.includes('--hash')) {
    process.stdout.write(`${JSON.stringify({ hash: inputsHash(), pictures: PICTURES })}\n`);
    return;
  }
  const started = Date.now();
  const [{ default: xterm }, pty] = await Promise.all([import('@xterm/headless'), import('@lydell/node-pty')]);
  const hash = inputsHash();
  // Everything started, stopped here whatever happens: a simulator left behind would run for ever.
  const running = [];
  const take = (args, cols, rows) => {
    const screen = new Screen(xterm, pty, args, cols, rows);
    running.push(screen);
    return screen;
  };
  const sim = async (args) => {
    const server = await startSim(args);
    running.push(server);
    return server;
  };
  try {
    const taken = await shots({ take, sim }, hash);
    const missing = PICTURES.filter((file) => !taken.some(([f]) => f === file));
    if (missing.length > 0 || taken.length !== PICTURES.length) throw new Error(`PICTURES and the shots disagree (${missing.join(', ')})`);
    mkdirSync(DOCS, { recursive: true });
    for (const [file, svg] of taken) {
      writeFileSync(join(DOCS, file), svg);
      console.log(`docs/${file}`);
    }
    console.log(`${taken.length} pictures in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await Promise.all(running.map((r) => r.close()));
  }
}

main().catch((error) => {
  console.error(`screenshots: ${error.message}`);
  process.exit(1);
});
