// Ink's frame assembly as the build patches it (scripts/ink-patches.mjs) writes the very rows Ink's
// own does - invisible characters dropped, wide ones taking two cells - frame after frame.
import { build, type Plugin } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface OutputLike {
  write(x: number, y: number, text: string, options: { transformers: unknown[] }): void;
  get(): { output: string; height: number };
}
type OutputClass = new (size: { width: number; height: number }) => OutputLike;

// By path: Ink's package exports do not open its build files.
const INK_OUTPUT = fileURLToPath(new URL('../../node_modules/ink/build/output.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ink-patches-'));
let Patched: OutputClass;
let Original: OutputClass;

beforeAll(async () => {
  // A plain .mjs script without types: its one export, named.
  const { inkPatches } = (await import('../../scripts/ink-patches.mjs' as string)) as { inkPatches: Plugin };
  const bundle = async (plugins: Plugin[], name: string): Promise<OutputClass> => {
    const result = await build({
      stdin: { contents: `export { default } from ${JSON.stringify(INK_OUTPUT)};`, resolveDir: dir },
      bundle: true, write: false, platform: 'node', format: 'esm', plugins, logLevel: 'silent',
    });
    const file = join(dir, `${name}.mjs`);
    writeFileSync(file, result.outputFiles[0]!.text);
    return ((await import(pathToFileURL(file).href)) as { default: OutputClass }).default;
  };
  [Patched, Original] = await Promise.all([bundle([inkPatches], 'patched'), bundle([], 'original')]);
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const frame = (Output: OutputClass, rows: string[]) => {
  const output = new Output({ width: 12, height: rows.length });
  rows.forEach((row, y) => output.write(0, y, row, { transformers: [] }));
  return output.get().output;
};

describe('the patched Ink output', () => {
  const frames = [
    ['plain ascii', 'a\u00adb\u200bc', '\x1b[31mred\x1b[39m x'],
    ['plain ascii', 'ab\u034fc\u2060d', '宽字符 and', '\u00ad\u200d'],
    ['plain ascii', 'e\u0301 \ufe0f😀', '\x1b[1m\u00adbold\x1b[22m'],
    // The UI's own glyphs (split by code unit by the patch), alone and beside what is not one
    // (a combining mark, a variation selector: a cell too many would push the row's end off screen).
    ['\x1b[36m›\x1b[39m ▁▂▃▄▅▆▇█ ±µ', '▶ ❚ ⏎ ·×–—…→', '▶\ufe0f ›\u0301 █\u200d░', '›\u0301▶\ufe0fabcdefghijklmn'],
  ];

  it('writes the same rows as Ink, frame after frame (its caches carried over)', () => {
    for (const rows of [...frames, ...frames]) expect(frame(Patched, rows)).toBe(frame(Original, rows));
  });

  it('tokenizes a row that stays on screen once, whatever comes and goes beside it, and forgets what left', () => {
    interface Held { get(text: string): unknown; current: Map<string, unknown>; previous: Map<string, unknown> }
    const cachesOf = (rows: string[]) => {
      const output = new Patched({ width: 12, height: rows.length });
      rows.forEach((row, y) => output.write(0, y, row, { transformers: [] }));
      output.get();
      return (output as unknown as { caches: { styledChars: Held } }).caches.styledChars;
    };
    const first = cachesOf(['12:00:00', 'row 0']).get('12:00:00');
    expect(first).toBeDefined();
    let last = cachesOf(['12:00:00', 'row 0']);
    // A busy screen: a new row every frame, a thousand frames (a cache dropped when full re-tokenized every row at once).
    for (let i = 1; i <= 1_000; i++) last = cachesOf(['12:00:00', `row ${i}`]);
    expect(last.get('12:00:00')).toBe(first);
    // This frame's texts and the last frame's, no more.
    expect([...last.current.keys(), ...last.previous.keys()].filter((k) => k.startsWith('row')).sort()).toEqual(['row 1000', 'row 999']);
  });

  it('drops invisible characters and keeps everything below U+00AD', () => {
    expect(frame(Patched, ['a\u00adb\u200bc\u2060d'])).toBe('abcd');
    expect(frame(Patched, ['~!\x7f{|}'])).toBe(frame(Original, ['~!\x7f{|}']));
  });
});
