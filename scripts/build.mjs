// Bundles the CLI into one ESM file: production React, Ink's optional devtools stubbed out.
// `--if-stale` skips the build when dist/ is newer than every source file and build script (npm start).
import { build } from 'esbuild';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { builtinModules } from 'node:module';
import { brotliCompressSync } from 'node:zlib';
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
 * What the first frame does not need - React, Ink and the screens; the yargs table with every other
 * command; the simulator - is built on its own and carried inside the one file as text, imported
 * (as a `data:` module) when first needed. V8 then compiles ~100 KB at start-up instead of ~900 KB
 * (compiling is not free even for code that never runs: every function is pre-parsed).
 * A part may import a part listed before it (built first): every part's text lives once, in the
 * main bundle, and each is loaded once per process through a loader kept on globalThis.
 * Each part has its own copy of the modules it shares with the rest (config, redact, the screen
 * plan…): module state that must be one per process is kept on globalThis (src/process-wide.ts),
 * classes are told apart by name, not instanceof, and the rest crosses as values. `import.meta.url`
 * in a lazy part means the bundle's URL (yargs finds its locales by it), and its stack frames are
 * named by `name`.
 */
const LAZY = [
  { spec: 'src/ui/terminal.js', entry: 'src/ui/terminal.ts', name: 'depwatch-ui.mjs' },
  { spec: 'src/sim/server.js', entry: 'src/sim/server.ts', name: 'depwatch-sim.mjs' },
  { spec: 'src/cli-commands.js', entry: 'src/cli-commands.ts', name: 'depwatch-commands.mjs' },
];
const LOADER = "globalThis[Symbol.for('depwatch.load-part')]";
/**
 * Each part's text sits at the end of the bundle, brotli-compressed and in base64 on a comment line
 * of its own after this marker and its id (spec@hash). Node reads, decodes and V8 scans every byte
 * of the file at start-up: as string literals the parts (~900 KB) cost ~3 ms of compiling and
 * ~3 ms of reading and GC; compressed in a comment (~250 KB) they cost a fraction of that, and
 * ~3 ms to inflate when a part is first needed.
 */
const PART_MARKER = '\n//depwatch-part ';

/** A dynamic import's key in LAZY: a bare package name as it is, a relative path from the project root. */
function lazyKey(args) {
  if (!args.path.startsWith('.')) return args.path;
  return relative(root, join(args.resolveDir, args.path)).split(sep).join('/');
}

const lazyParts = new Map();
const usedLazy = new Set();

/**
 * A dynamic import of a lazy part becomes the part, asked of the loader. In the main bundle the
 * loader module is imported first, so it is on globalThis before any part asks for it.
 */
function lazyImports(inMain) {
  return {
    name: 'lazy-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind !== 'dynamic-import') return undefined;
        const key = lazyKey(args);
        if (!lazyParts.has(key)) {
          if (LAZY.some((part) => part.spec === key)) throw new Error(`scripts/build.mjs: ${key} is imported by a part listed before it in LAZY`);
          return undefined;
        }
        usedLazy.add(key);
        return { path: key, namespace: 'lazy-part' };
      });
      b.onLoad({ filter: /.*/, namespace: 'lazy-part' }, (args) => {
        const { exports, id } = lazyParts.get(args.path);
        const contents = [
          inMain ? "import 'lazy-part-loader';" : '',
          `const part = await ${LOADER}(${JSON.stringify(id)});`,
          ...exports.map((name) => (name === 'default' ? 'export default part.default;' : `export const ${name} = part.${name};`)),
        ].join('\n');
        return { contents, loader: 'js', resolveDir: root };
      });
      if (!inMain) return;
      b.onResolve({ filter: /^lazy-part-loader$/ }, () => ({ path: 'loader', namespace: 'lazy-part-loader' }));
      b.onLoad({ filter: /.*/, namespace: 'lazy-part-loader' }, () => {
        const contents = `import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
globalThis.__depwatchUrl ??= import.meta.url;
const loaded = new Map();
${LOADER} = (id) => {
  let part = loaded.get(id);
  if (!part) {
    const bundle = readFileSync(new URL(import.meta.url), 'latin1');
    const marker = ${JSON.stringify(PART_MARKER)} + id + ' ';
    const found = bundle.indexOf(marker);
    // Said as one line (cli.ts tells a ConfigError by its name), not as a stack trace.
    if (found < 0) throw Object.assign(new Error('this depwatch was rebuilt or replaced while it ran (' + id + ' is no longer in it); start it again'), { name: 'ConfigError', exitCode: 1 });
    const at = found + marker.length;
    const code = brotliDecompressSync(Buffer.from(bundle.slice(at, bundle.indexOf('\\n', at)), 'base64'));
    loaded.set(id, part = import('data:text/javascript;base64,' + code.toString('base64')));
  }
  return part;
};
`;
        return { contents, loader: 'js', resolveDir: root };
      });
    },
  };
}

async function buildLazy(part) {
  const out = await build({
    ...common,
    entryPoints: [join(root, part.entry)],
    write: false,
    outfile: join(root, 'dist', part.name),
    metafile: true,
    define: { ...common.define, 'import.meta.url': '__depwatchUrl' },
    banner: { js: "import { createRequire as __cr } from 'node:module'; const __depwatchUrl = globalThis.__depwatchUrl; const require = __cr(__depwatchUrl);" },
    plugins: [lazyImports(false), ...common.plugins],
  });
  const exports = Object.values(out.metafile.outputs)[0].exports;
  const code = `${out.outputFiles[0].text}\n//# sourceURL=${part.name}\n`;
  // Named by its content too: a process that outlives a rebuild must not load a part of the new bundle.
  return { code, exports, id: `${part.spec}@${createHash('sha256').update(code).digest('hex').slice(0, 12)}` };
}

// In order: a part's lazy imports of the parts before it need their exports.
for (const part of LAZY) lazyParts.set(part.spec, await buildLazy(part));

await build({
  ...common,
  entryPoints: [join(root, 'src/cli.ts')],
  outfile,
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  plugins: [lazyImports(true), ...common.plugins],
  footer: { js: `${[...lazyParts.values()].map((part) => `${PART_MARKER}${part.id} ${brotliCompressSync(part.code).toString('base64')}`).join('')}\n` },
});

// A lazy part nobody imports any more (a moved file, a renamed spec) would quietly be bundled eagerly.
const unused = [...lazyParts.keys()].filter((key) => !usedLazy.has(key));
if (unused.length > 0) throw new Error(`scripts/build.mjs: no dynamic import of the lazy part(s) ${unused.join(', ')}; update LAZY`);
