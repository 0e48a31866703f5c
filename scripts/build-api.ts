// Bundles api/src/main.ts into api/dist/main.cjs and assembles the deployable Function App folder
// (host.json + package.json at its root), which is also what the local Functions host loads.
// `bundleFunctionsApp` is the one way a Functions app is bundled here: the api and the test fixtures alike.
import { build, type Plugin } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { functionsCoreStub, probeEnvironment } from './api-package-probe';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * zod's error messages in some fifty languages (`z.locales`, ~260 KB, parsed by every cold start) stay out of
 * the bundles: the api uses zod's default English messages only (what callers read are the localized problem
 * details), so `z.locales` holds `en` alone. scripts/build-api.test.ts checks no other locale is bundled.
 */
const zodEnglishMessagesOnly: Plugin = {
  name: 'zod-english-messages-only',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: resolve(args.resolveDir, '../locales/en.js'), namespace: 'zod-english-locale' }
        : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'zod-english-locale' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * An esbuild CommonJS bundle of a Functions app entry point, as the worker (or the local host) loads it.
 * Resolves with the source files bundled into it (paths relative to the repository root).
 */
export async function bundleFunctionsApp(
  entry: string,
  outfile: string,
  options: { production?: boolean; plugins?: Plugin[] } = {},
): Promise<{ inputs: readonly string[] }> {
  const result = await build({
    plugins: [zodEnglishMessagesOnly, ...(options.plugins ?? [])],
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    ...(options.production
      ? { minify: true, sourcemap: 'linked' as const, legalComments: 'none' as const }
      : {}),
    // Provided by the Functions worker at run time (and intercepted by the local host).
    external: ['@azure/functions-core'],
    // Fonts (the certificate's Noto Sans) are embedded as bytes: nothing is read from disk at run time.
    loader: { '.ttf': 'binary' },
    // Some SDKs ship ESM that calls createRequire(import.meta.url); give the CJS bundle a real value.
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    logLevel: 'warning',
    metafile: true,
  });
  return {
    inputs: Object.keys(result.metafile.inputs).map((input) =>
      relative(root, resolve(input)).replaceAll('\\', '/'),
    ),
  };
}

/**
 * Modules the api loads on first use only, each built into its own file next to main.cjs: the PDF
 * engine's thread (pdfmake, pdfkit, fonts: ~2 MB; a worker thread, not a require), durable-functions (with axios, lodash, moment…), @azure/identity
 * (MSAL; Azure only), @sentry/node (only with a DSN, on the first failure), the Stripe SDK (billing
 * routes and the webhook), @azure/service-bus (rhea and the AMQP stack: the first message sent, in Azure
 * only), ioredis (only with REDIS_URL), fflate (the first data export builds its zip tables), the Blob
 * SDK (the first file read or written, or link signed) and the Queue SDK (local messaging only). The api's
 * cold import then neither parses nor runs them
 * (`npm run bench` prints it). `@azure/functions` is shared with main.cjs (one instance: it holds the
 * function registrations), never bundled twice.
 */
const lazyModules = [
  // Not imported but started as a worker thread (adapters/pdf/pdf-thread.ts).
  { source: join(root, 'api', 'src', 'adapters', 'pdf', 'pdf-worker.ts'), file: 'pdf-worker.cjs' },
  { source: join(root, 'api', 'src', 'workflows', 'durable-library.ts'), file: 'durable-library.cjs' },
  {
    source: join(root, 'api', 'src', 'adapters', 'azure', 'identity-library.ts'),
    file: 'identity-library.cjs',
  },
  {
    source: join(root, 'api', 'src', 'adapters', 'telemetry', 'sentry-library.ts'),
    file: 'sentry-library.cjs',
  },
  { source: join(root, 'api', 'src', 'adapters', 'stripe', 'stripe-library.ts'), file: 'stripe-library.cjs' },
  {
    source: join(root, 'api', 'src', 'adapters', 'messaging', 'service-bus-library.ts'),
    file: 'service-bus-library.cjs',
  },
  { source: join(root, 'api', 'src', 'adapters', 'cache', 'redis-library.ts'), file: 'redis-library.cjs' },
  { source: join(root, 'api', 'src', 'adapters', 'storage', 'zip-library.ts'), file: 'zip-library.cjs' },
  { source: join(root, 'api', 'src', 'adapters', 'storage', 'blob-library.ts'), file: 'blob-library.cjs' },
  { source: join(root, 'api', 'src', 'adapters', 'storage', 'queue-library.ts'), file: 'queue-library.cjs' },
] as const;
/** Import specifiers that may name a lazy module (checked exactly against its source path below). */
const lazyModuleImport = new RegExp(
  `(^|/)(${lazyModules.map((m) => basename(m.source, '.ts')).join('|')})(\\.ts)?$`,
);
const sharedFunctionsGlobal = '__soinsAzureFunctions';

/** In main.cjs: each lazy module becomes a run-time require of its own file. */
const lazyModulesAsSeparateFiles: Plugin = {
  name: 'lazy-modules-as-separate-files',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: lazyModuleImport }, (args) => {
      const path = resolve(args.resolveDir, args.path).replace(/\.ts$/, '');
      const lazy = lazyModules.find((m) => m.source.replace(/\.ts$/, '') === path);
      return lazy ? { path: lazy.file, namespace: 'lazy-module' } : undefined;
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: 'lazy-module' }, (args) => ({
      contents: `globalThis.${sharedFunctionsGlobal} ??= require('@azure/functions');
module.exports = require(require('node:path').join(__dirname, ${JSON.stringify(args.path)}));`,
      loader: 'js',
      resolveDir: root,
    }));
  },
};

/** In a lazy module's file: `@azure/functions` is main.cjs's instance. */
const sharedAzureFunctions: Plugin = {
  name: 'shared-azure-functions',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@azure\/functions$/ }, () => ({
      path: '@azure/functions',
      namespace: 'shared-azure-functions',
    }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'shared-azure-functions' }, () => ({
      contents: `const shared = globalThis.${sharedFunctionsGlobal};
if (!shared) throw new Error('@azure/functions must be loaded by main.cjs first');
module.exports = shared;`,
      loader: 'js',
    }));
  },
};

/** Side bundles earlier builds made and this one does not: removed from the package folder. */
const retiredBundleFiles = ['pdf-engine.cjs'] as const;

/** The side bundles of the deployed package, next to main.cjs. */
export const lazyModuleFiles: readonly string[] = lazyModules.map((m) => m.file);

/**
 * Runs the package's entry point once, as the Functions worker would (the sample settings, the worker's
 * `@azure/functions-core` answered by a stub), so that it writes the V8 code cache of the api's bundle
 * (app.cjs.cache, api/src/entry/main.ts). A separate plain `node`: the cache must come from the V8 and the
 * flags the api runs with, not from this build's loaders.
 */
function writeCodeCache(entry: string): void {
  const env = probeEnvironment(root, { SOINS_WRITE_CODE_CACHE: '1' });
  delete env.NODE_OPTIONS;
  execFileSync(
    process.execPath,
    ['-e', `${functionsCoreStub}require(process.argv[1]);\nprocess.exit(0);`, entry],
    {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

/**
 * Where `code` holds its first character outside ASCII, or undefined. V8 keeps a source with one such character
 * as a two-byte string: the api's cold start took ~15 % longer for one `’` in a regular expression (esbuild
 * escapes them in strings, not in a `u` regular expression). The build refuses it.
 */
export function firstNonAscii(code: string): { line: number; column: number; text: string } | undefined {
  let index = 0;
  while (index < code.length && code.charCodeAt(index) <= 0x7f) index++;
  if (index === code.length) return undefined;
  const before = code.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  return { line, column, text: code.slice(Math.max(0, index - 40), index + 40) };
}

/**
 * Builds the deployable api folder into `outDir` (tests build their own copy so `npm start` is untouched):
 * main.cjs, the entry point, runs app.cjs (the api) with its code cache; the side bundles lie beside them.
 */
export async function buildApiPackage(outDir: string): Promise<{
  /** The entry point the worker (or the local host) loads. */
  bundle: string;
  /** The api's own bundle, i.e. what the cold import parses (or reads from the code cache) and runs. */
  app: string;
  sizeBytes: number;
  /** Source files bundled into app.cjs. */
  mainInputs: readonly string[];
}> {
  mkdirSync(outDir, { recursive: true });
  // Bundles of an earlier build that this one no longer makes (a renamed side bundle) must not ship.
  for (const file of retiredBundleFiles.flatMap((name) => [name, `${name}.map`])) {
    rmSync(join(outDir, file), { force: true });
  }
  const bundle = join(outDir, 'main.cjs');
  const app = join(outDir, 'app.cjs');
  const [main] = await Promise.all([
    bundleFunctionsApp(join(root, 'api', 'src', 'main.ts'), app, {
      production: true,
      plugins: [lazyModulesAsSeparateFiles],
    }),
    bundleFunctionsApp(join(root, 'api', 'src', 'entry', 'main.ts'), bundle, { production: true }),
    ...lazyModules.map((lazy) =>
      bundleFunctionsApp(lazy.source, join(outDir, lazy.file), {
        production: true,
        plugins: [sharedAzureFunctions],
      }),
    ),
  ]);
  const nonAscii = firstNonAscii(readFileSync(app, 'utf8'));
  if (nonAscii) {
    throw new Error(
      `app.cjs:${String(nonAscii.line)}:${String(nonAscii.column)} holds a character outside ASCII (…${nonAscii.text}…): ` +
        'write it as a \\u escape in the source, or V8 keeps the whole bundle as a two-byte string and the cold start slows',
    );
  }
  copyFileSync(join(root, 'host.json'), join(outDir, 'host.json'));
  const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const manifest = {
    name: 'soins-api',
    version: rootPackage.version,
    private: true,
    main: 'main.cjs',
    type: 'commonjs',
  };
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  rmSync(join(outDir, 'app.cjs.cache'), { force: true });
  writeCodeCache(bundle);
  return { bundle, app, sizeBytes: statSync(app).size, mainInputs: main.inputs };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outFlag = process.argv.indexOf('--out');
  const outDir =
    outFlag > 0 && process.argv[outFlag + 1] ? process.argv[outFlag + 1] : join(root, 'api', 'dist');
  const started = performance.now();
  const { app, sizeBytes } = await buildApiPackage(outDir ?? join(root, 'api', 'dist'));
  console.log(
    `api bundle: ${app} ${(sizeBytes / 1024).toFixed(0)} KB in ${Math.round(performance.now() - started)} ms`,
  );
}
