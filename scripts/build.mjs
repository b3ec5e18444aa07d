// Bundles the CLI into one ESM file: production React, Ink's optional devtools stubbed out.
// `--if-stale` skips the build when dist/ is newer than every source file (npm start).
import { build } from 'esbuild';
import { readdirSync, statSync, existsSync } from 'node:fs';
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
  logLevel: 'warning',
});
