/**
 * `npm run build` (and `prepack`): compiles the service into dist/ with esbuild, so an installed
 * release runs plain JavaScript with no TypeScript compiler at run time.
 *
 * - dist/cli.js is the command line; each command's modules are separate chunks loaded on use,
 *   so `redress --help` loads almost nothing.
 * - dist/hash-worker.js is the hashing threads' entry (src/media/hash-pool.ts picks it when it
 *   runs from dist/).
 * - The workspace packages (@redress/pdq, hamming-index, match) are compiled in; every other
 *   dependency stays a dependency, installed by npm.
 * - dist/assets/ holds the stylesheet and the browser bundle, built here once instead of on the
 *   first page view.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

fs.rmSync(dist, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/main.ts', 'hash-worker': 'src/media/hash-worker.ts' },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Chunks sit beside the entries, so a module's `import.meta.url` names dist/ wherever it lands.
  chunkNames: '[name]-[hash]',
  external: [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)],
  legalComments: 'none',
  logLevel: 'warning',
});

const assets = path.join(dist, 'assets');
fs.mkdirSync(assets, { recursive: true });
fs.copyFileSync(path.join(root, 'src/web/assets/redress.css'), path.join(assets, 'redress.css'));
await build({
  absWorkingDir: root,
  entryPoints: ['src/web/browser/main.ts'],
  outfile: path.join(assets, 'redress.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
// Written last: bin/redress.js runs dist/ in a clone only when this stamp is newer than the sources.
fs.writeFileSync(path.join(dist, 'BUILT'), `${new Date().toISOString()}\n`);
