// Bundles the CLI into one ESM file: production React, Ink's optional devtools stubbed out.
// `--if-stale` skips the build when dist/ is newer than every source file (npm start).
import { build } from 'esbuild';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  const inputs = Math.max(newestMtime(join(root, 'src')), statSync(join(root, 'package-lock.json')).mtimeMs);
  if (statSync(outfile).mtimeMs >= inputs) process.exit(0);
}

/**
 * Every `string-width` import (Ink's, wrap-ansi's, cliui's, ours) goes to src/ui/text-width.ts:
 * the same answers, with a fast path for one-cell text and a cache, and one copy in the bundle.
 */
const textWidth = {
  name: 'text-width',
  setup(b) {
    const wrapper = join(root, 'src/ui/text-width.ts');
    b.onResolve({ filter: /^string-width$/ }, (args) => (args.importer === wrapper ? undefined : { path: wrapper }));
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

await build({
  entryPoints: [join(root, 'src/cli.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: process.env.NO_MINIFY !== '1',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  alias: { 'react-devtools-core': join(root, 'scripts/devtools-stub.mjs') },
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  plugins: [textWidth, yogaWasm],
  logLevel: 'warning',
});
