// Bundles the CLI into one ESM file: production React, Ink's optional devtools stubbed out.
// `--if-stale` skips the build when dist/ is newer than every source file and build script (npm start).
import { build } from 'esbuild';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inkPatches } from './ink-patches.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = process.env.OUTFILE ?? join(root, 'dist/depwatch.mjs');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (process.argv.includes('--if-stale') && existsSync(outfile)) {
  // scripts/ too: the bundle's dependency patches (ink-patches.mjs) live there.
  const inputs = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'scripts')), statSync(join(root, 'package-lock.json')).mtimeMs);
  if (statSync(outfile).mtimeMs >= inputs) process.exit(0);
}

/**
 * Every `string-width` import (Ink's, wrap-ansi's, cliui's, ours) goes to src/ui/text-width.ts:
 * the same answers, with a fast path for one-cell text and a cache, and one copy in the bundle.
 * text-width.ts's own import of the real string-width is turned into a require() on first use, so
 * its module set-up (a grapheme segmenter, Unicode property regexes: ~15 ms) is skipped at
 * start-up unless some text really needs the full rules.
 */
const textWidth = {
  name: 'text-width',
  setup(b) {
    const wrapper = join(root, 'src/ui/text-width.ts');
    b.onResolve({ filter: /^string-width$/ }, (args) => {
      // The real package, asked for below: left to esbuild (it must not come back here, or the
      // wrapper would call itself for every string that needs the full rules).
      if (args.pluginData?.real) return undefined;
      if (args.importer !== wrapper) return { path: wrapper };
      return { path: 'string-width', namespace: 'lazy-string-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-string-width' }, async () => {
      const real = await b.resolve('string-width', { kind: 'import-statement', resolveDir: join(root, 'src/ui'), pluginData: { real: true } });
      if (real.errors.length > 0) throw new Error(real.errors[0].text);
      const contents = `let exact;
export default function stringWidth(text, options) {
  exact ??= require(${JSON.stringify(real.path)}).default;
  return exact(text, options);
}
`;
      return { contents, loader: 'js', resolveDir: root };
    });
  },
};

/**
 * Node builtins imported by ES modules are hoisted by esbuild to the top of the bundle, so all of
 * them load before the first line runs, each through an ESM facade that reads every export (for
 * node:http that alone loads undici). Imported instead through a tiny CommonJS shim, a builtin is
 * required when the module that uses it is first evaluated: the simulator's http and crypto, or
 * Ink's child_process, cost the watch nothing before its first request.
 */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const names = builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.replace(/[/]/g, '\\/'));
    const filter = new RegExp(`^(node:.*|${names.join('|')})$`);
    b.onResolve({ filter }, (args) => {
      if (args.kind !== 'import-statement') return { path: args.path, external: true };
      return { path: args.path, namespace: 'lazy-builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

/**
 * yoga-layout ships its wasm as a base64 `data:` URL that it loads through `fetch`, which pulls
 * undici in and decodes the string in JavaScript while the first frame waits. Hand it the bytes
 * instead (its `wasmBinary` option), decoded natively by Buffer. Fails the build, rather than
 * shipping something different, if a yoga-layout update changes what is patched here.
 */
const yogaWasm = {
  name: 'yoga-wasm',
  setup(b) {
    const fail = (what) => { throw new Error(`scripts/build.mjs: yoga-layout changed (${what}); revisit the yoga-wasm plugin`); };
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => {
      const src = readFileSync(args.path, 'utf8');
      const prefix = 'data:application/octet-stream;base64,';
      const found = new RegExp(`"${prefix}([A-Za-z0-9+/=]+)"`).exec(src);
      if (!found) fail('no base64 wasm payload');
      return { contents: `${src.replace(found[0], `"${prefix}"`)}\nexport const wasmBase64 = "${found[1]}";\n`, loader: 'js' };
    });
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, (args) => {
      const src = readFileSync(args.path, 'utf8');
      const load = 'await loadYoga()';
      const imp = "import loadYoga from '../binaries/yoga-wasm-base64-esm.js';";
      if (!src.includes(load) || !src.includes(imp)) fail('index.js no longer calls loadYoga()');
      const contents = src
        .replace(imp, "import loadYoga, { wasmBase64 } from '../binaries/yoga-wasm-base64-esm.js';")
        .replace(load, "await loadYoga({ wasmBinary: Buffer.from(wasmBase64, 'base64') })");
      return { contents, loader: 'js' };
    });
  },
};

// NO_MINIFY=1 for readable output; NO_MINIFY=names keeps whitespace and syntax minified (the
// shipped bundle's timing) but identifiers readable, for CPU profiles.
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minifyWhitespace: process.env.NO_MINIFY !== '1',
  minifySyntax: process.env.NO_MINIFY !== '1',
  minifyIdentifiers: process.env.NO_MINIFY === undefined || process.env.NO_MINIFY === '',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  alias: { 'react-devtools-core': join(root, 'scripts/devtools-stub.mjs') },
  plugins: [textWidth, lazyBuiltins, yogaWasm, inkPatches],
  logLevel: 'warning',
};

/**
 * What the first frame does not need - React, Ink and the screens; yargs; the simulator - is built
 * on its own and carried inside the one file as text, imported (as a `data:` module) when first
 * needed. V8 then compiles ~90 KB at start-up instead of ~600 KB: ~18 ms less before the first
 * frame (compiling is not free even for code that never runs: every function is pre-parsed).
 * Each lazy part has its own copy of the few small modules it shares with the rest (the screen
 * plan, the theme), so nothing stateful may be shared that way: the watch session, the theme and
 * the painted terminal are handed over as values. `import.meta.url` in a lazy part means the
 * bundle's URL (yargs finds its locales by it), and its stack frames are named by `name`.
 */
const LAZY = [
  { spec: 'src/ui/terminal.js', entry: 'src/ui/terminal.ts', name: 'depwatch-ui.mjs' },
  { spec: 'src/sim/server.js', entry: 'src/sim/server.ts', name: 'depwatch-sim.mjs' },
  { spec: 'yargs', contents: "export { default } from 'yargs';", name: 'depwatch-yargs.mjs' },
];

/** A dynamic import's key in LAZY: a bare package name as it is, a relative path from the project root. */
function lazyKey(args) {
  if (!args.path.startsWith('.')) return args.path;
  return relative(root, join(args.resolveDir, args.path)).split(sep).join('/');
}

async function buildLazy(part) {
  const input = part.entry ? { entryPoints: [join(root, part.entry)] } : { stdin: { contents: part.contents, resolveDir: root, loader: 'js' } };
  const out = await build({
    ...common,
    ...input,
    write: false,
    outfile: join(root, 'dist', part.name),
    metafile: true,
    define: { ...common.define, 'import.meta.url': '__depwatchUrl' },
    banner: { js: "import { createRequire as __cr } from 'node:module'; const __depwatchUrl = globalThis.__depwatchUrl; const require = __cr(__depwatchUrl);" },
  });
  const exports = Object.values(out.metafile.outputs)[0].exports;
  return { code: `${out.outputFiles[0].text}\n//# sourceURL=${part.name}\n`, exports };
}

const lazyParts = new Map(await Promise.all(LAZY.map(async (part) => [part.spec, await buildLazy(part)])));

const usedLazy = new Set();

const lazyImports = {
  name: 'lazy-imports',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const key = lazyKey(args);
      if (!lazyParts.has(key)) return undefined;
      usedLazy.add(key);
      return { path: key, namespace: 'lazy-part' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-part' }, (args) => {
      const { code, exports } = lazyParts.get(args.path);
      const contents = [
        'globalThis.__depwatchUrl ??= import.meta.url;',
        `const url = 'data:text/javascript;base64,' + Buffer.from(${JSON.stringify(code)}).toString('base64');`,
        'const part = await import(url);',
        ...exports.map((name) => (name === 'default' ? 'export default part.default;' : `export const ${name} = part.${name};`)),
      ].join('\n');
      return { contents, loader: 'js' };
    });
  },
};

await build({
  ...common,
  entryPoints: [join(root, 'src/cli.ts')],
  outfile,
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  plugins: [lazyImports, ...common.plugins],
});

// A lazy part nobody imports any more (a moved file, a renamed spec) would quietly be bundled eagerly.
const unused = [...lazyParts.keys()].filter((key) => !usedLazy.has(key));
if (unused.length > 0) throw new Error(`scripts/build.mjs: no dynamic import of the lazy part(s) ${unused.join(', ')}; update LAZY`);
