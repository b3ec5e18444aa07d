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
  absWorkingDir: root,
};

/**
 * What the first frame does not need - React, Ink and the screens; the yargs table with every other
 * command; the simulator - is built on its own and carried inside the one file as text, imported
 * (as a `data:` module) when first needed. V8 then compiles ~170 KB at start-up instead of ~900 KB
 * (compiling is not free even for code that never runs: every function is pre-parsed).
 * A part may import a part listed before it (built first): every part's text lives once, in the
 * main bundle, and each is loaded once per process through a loader kept on globalThis.
 * A part takes the project's modules that the main bundle holds from it (handed over on
 * globalThis, see fromMain), so those are one per process: one key registry, one ConfigError
 * class. Modules the main bundle does not hold, and every package, are copied into each part that
 * needs them: what must be one per process regardless is kept on globalThis (src/process-wide.ts).
 * `import.meta.url` in a lazy part means the bundle's URL (yargs finds its locales by it), and its
 * stack frames are named by `name`.
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

const MODULES = "globalThis[Symbol.for('depwatch.main-modules')]";

/**
 * The project's modules that the main bundle holds (src/…, keyed by path from the root), each with
 * its export names: a lazy part takes these from the main bundle instead of carrying a copy, so a
 * module (its classes, its state) is one per process and the parts stay small.
 */
async function mainModules() {
  const lazySpecs = new Set(LAZY.map((part) => part.spec));
  const partsLeftOut = {
    name: 'parts-left-out',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' && lazySpecs.has(lazyKey(args)) ? { path: args.path, external: true } : undefined));
    },
  };
  const first = await build({ ...common, entryPoints: [join(root, 'src/cli.ts')], write: false, outfile: join(root, 'dist/main.mjs'), metafile: true, plugins: [partsLeftOut, ...common.plugins] });
  const paths = Object.keys(first.metafile.inputs).filter((path) => path.startsWith('src/'));
  const each = await build({ entryPoints: paths, bundle: false, format: 'esm', platform: 'node', write: false, outdir: join(root, 'dist/modules'), metafile: true, absWorkingDir: root, logLevel: 'warning' });
  return new Map(Object.values(each.metafile.outputs).map((output) => [output.entryPoint, output.exports]));
}

const main = await mainModules();
/** The main bundle's modules some part takes, each with the names taken (undefined: all of them). */
const handedOver = new Map();

/**
 * What `importer` takes from `spec`: the names of its static imports of it, or undefined for all
 * (a namespace import, `export *`, a dynamic import). Read from the source, type-only names left out.
 */
const importsOf = new Map();
function namesTaken(importer, spec) {
  if (!importsOf.has(importer)) {
    const taken = new Map();
    const add = (from, names) => {
      const had = taken.has(from) ? taken.get(from) : new Set();
      taken.set(from, names === undefined || had === undefined ? undefined : new Set([...had, ...names]));
    };
    const source = readFileSync(importer, 'utf8');
    for (const m of source.matchAll(/^(import|export)\s+(type\s+)?([^;]*?)\s+from\s+['"]([^'"]+)['"]/gms)) {
      const [, , typeOnly, clause, from] = m;
      if (typeOnly) continue;
      if (/\*/.test(clause)) {
        add(from, undefined);
        continue;
      }
      const names = [];
      const braces = /\{([^}]*)\}/.exec(clause);
      const outside = clause.replace(/\{[^}]*\}/, '').replace(/,/g, ' ').trim();
      if (m[1] === 'import' && outside) names.push('default');
      for (const item of braces ? braces[1].split(',') : []) {
        const name = item.trim().split(/\s+as\s+/)[0].trim();
        if (name && !name.startsWith('type ')) names.push(name);
      }
      add(from, names);
    }
    for (const m of source.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) add(m[1], undefined);
    importsOf.set(importer, taken);
  }
  return importsOf.get(importer).get(spec);
}

/**
 * In a lazy part, an import of a module the main bundle holds becomes that module, handed over.
 * Each part is built twice: the first build finds what it takes (declaring every export); the
 * second declares only what is handed over, so a name the source scan above missed fails the
 * build ("No matching export") instead of reading as undefined.
 */
const fromMain = (strict) => ({
  name: 'from-main',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.fromMain || args.namespace !== 'file' || (args.kind !== 'import-statement' && args.kind !== 'dynamic-import')) return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { fromMain: true } });
      if (resolved.errors.length > 0 || resolved.namespace !== 'file' || resolved.external) return undefined;
      const key = relative(root, resolved.path).split(sep).join('/');
      if (!main.has(key)) return undefined;
      const names = args.kind === 'dynamic-import' ? undefined : namesTaken(args.importer, args.path);
      const had = handedOver.has(key) ? handedOver.get(key) : new Set();
      handedOver.set(key, names === undefined || had === undefined ? undefined : new Set([...had, ...names]));
      return { path: key, namespace: 'main-module' };
    });
    b.onLoad({ filter: /.*/, namespace: 'main-module' }, (args) => {
      const names = [...(strict ? handedOver.get(args.path) ?? main.get(args.path) : main.get(args.path))].sort();
      const contents = [
        `const m = ${MODULES}[${JSON.stringify(args.path)}];`,
        ...names.map((name) => (name === 'default' ? 'export default m.default;' : `export const ${name} = m.${name};`)),
      ].join('\n');
      return { contents, loader: 'js' };
    });
  },
});

/** The main bundle's first module: what the parts take, on globalThis before any part loads. */
const handOver = {
  name: 'hand-over',
  setup(b) {
    b.onResolve({ filter: /^depwatch-hand-over$/ }, () => ({ path: 'hand-over', namespace: 'hand-over' }));
    b.onLoad({ filter: /.*/, namespace: 'hand-over' }, () => {
      // Sorted, so that the same sources make the same bundle (a part's id is its content's hash).
      const taken = [...handedOver].sort(([a], [b]) => a.localeCompare(b)).map(([key, names]) => [key, names && [...names].sort()]);
      const contents = [
        ...taken.map(([key, names], i) => (names === undefined
          ? `import * as m${i} from ${JSON.stringify(`./${key}`)};`
          : `import { ${names.map((name, j) => `${name} as m${i}_${j}`).join(', ')} } from ${JSON.stringify(`./${key}`)};`)),
        `${MODULES} = {`,
        ...taken.map(([key, names], i) => `  ${JSON.stringify(key)}: ${names === undefined ? `m${i}` : `{ ${names.map((name, j) => `${JSON.stringify(name)}: m${i}_${j}`).join(', ')} }`},`),
        '};',
      ].join('\n');
      return { contents, loader: 'js', resolveDir: root };
    });
  },
};

async function buildLazy(part) {
  const options = {
    ...common,
    entryPoints: [join(root, part.entry)],
    write: false,
    outfile: join(root, 'dist', part.name),
    metafile: true,
    define: { ...common.define, 'import.meta.url': '__depwatchUrl' },
    banner: { js: "import { createRequire as __cr } from 'node:module'; const __depwatchUrl = globalThis.__depwatchUrl; const require = __cr(__depwatchUrl);" },
  };
  await build({ ...options, plugins: [lazyImports(false), fromMain(false), ...common.plugins] });
  const out = await build({ ...options, plugins: [lazyImports(false), fromMain(true), ...common.plugins] });
  const exports = Object.values(out.metafile.outputs)[0].exports;
  const code = `${out.outputFiles[0].text}\n//# sourceURL=${part.name}\n`;
  // Named by its content too: a process that outlives a rebuild must not load a part of the new bundle.
  return { code, exports, id: `${part.spec}@${createHash('sha256').update(code).digest('hex').slice(0, 12)}` };
}

// In order: a part's lazy imports of the parts before it need their exports.
for (const part of LAZY) lazyParts.set(part.spec, await buildLazy(part));

await build({
  ...common,
  stdin: { contents: "import 'depwatch-hand-over';\nimport './src/cli.ts';", resolveDir: root, sourcefile: 'depwatch-main.js', loader: 'js' },
  outfile,
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  plugins: [lazyImports(true), handOver, ...common.plugins],
  footer: { js: `${[...lazyParts.values()].map((part) => `${PART_MARKER}${part.id} ${brotliCompressSync(part.code).toString('base64')}`).join('')}\n` },
});

// A lazy part nobody imports any more (a moved file, a renamed spec) would quietly be bundled eagerly.
const unused = [...lazyParts.keys()].filter((key) => !usedLazy.has(key));
if (unused.length > 0) throw new Error(`scripts/build.mjs: no dynamic import of the lazy part(s) ${unused.join(', ')}; update LAZY`);
