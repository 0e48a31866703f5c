// Bundles api/src/main.ts into api/dist/main.cjs and assembles the deployable Function App folder
// (host.json + package.json at its root), which is also what the local Functions host loads.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// `--out <dir>` builds elsewhere (tests build their own copy so a running `npm start` is untouched).
const outFlag = process.argv.indexOf('--out');
const outDir =
  outFlag > 0 && process.argv[outFlag + 1] ? process.argv[outFlag + 1] : join(root, 'api', 'dist');
mkdirSync(outDir, { recursive: true });
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const started = performance.now();
await build({
  entryPoints: [join(root, 'api', 'src', 'main.ts')],
  outfile: join(outDir, 'main.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  // Provided by the Functions worker at run time (and intercepted by the local host).
  external: ['@azure/functions-core'],
  // Some SDKs ship ESM that calls createRequire(import.meta.url); give the CJS bundle a real value.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: 'warning',
});
copyFileSync(join(root, 'host.json'), join(outDir, 'host.json'));
writeFileSync(
  join(outDir, 'package.json'),
  `${JSON.stringify({ name: 'soins-api', version: rootPackage.version, private: true, main: 'main.cjs', type: 'commonjs' }, null, 2)}\n`,
);
const size = statSync(join(outDir, 'main.cjs')).size;
console.log(
  `api bundle: ${join(outDir, 'main.cjs')} ${(size / 1024).toFixed(0)} KB in ${Math.round(performance.now() - started)} ms`,
);
