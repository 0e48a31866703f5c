import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';

// Font files imported by the PDF engine are bytes, as esbuild's binary loader makes them in the bundle.
const binaryFonts: Plugin = {
  name: 'soins-binary-fonts',
  enforce: 'pre',
  load(id) {
    if (!id.endsWith('.ttf')) return null;
    const base64 = readFileSync(id).toString('base64');
    return `export default new Uint8Array(Buffer.from(${JSON.stringify(base64)}, 'base64'));`;
  },
};

// Two projects: fast unit tests (domain logic, in-memory fakes) and integration tests against the real
// emulators, which the integration global setup starts on free ports.

// A focused test (`it.only`) fails the run whether or not CI is set (vitest allows it outside CI by
// default). Projects do not inherit the root's test options, so each one says it.
const allowOnly = false;

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        plugins: [binaryFonts],
        test: {
          name: 'unit',
          allowOnly,
          include: ['{api,shared,local,web,scripts,tests,infra}/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts'],
          environment: 'node',
          // npm test runs this lane beside the integration tests and the linter on two cores, and some
          // unit tests spawn ffmpeg/ffprobe or esbuild: vitest's 5 s default failed tests that were only
          // waiting for a CPU (a 50 ms query parse took 7.6 s at a load average of 27). Not a timing check.
          testTimeout: 30_000,
          // The files share their worker's module graph instead of importing everything again each (import
          // time was most of this lane: 86 s → 35 s, 79 → 33 s of CPU, measured on 2 cores at a load of 2). What a
          // file changes is undone: environment variables through vi.stubEnv (unstubEnvs), globals through
          // vi.stubGlobal then vi.unstubAllGlobals. The lane also passes in shuffled file order.
          isolate: false,
          unstubEnvs: true,
          // Absolute: the config is also used from other roots (scripts/focused-tests.test.ts).
          setupFiles: [fileURLToPath(new URL('./tests/setup/catalogues.ts', import.meta.url))],
        },
      },
      {
        plugins: [binaryFonts],
        test: {
          name: 'integration',
          allowOnly,
          include: ['{api,shared,local,tests}/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['tests/setup/global-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // One worker runs the files one after another and keeps its module graph (the SDKs, the api's
          // modules, the local host): importing them again for each of the ~50 files was a third of this
          // lane (290 → 175 s of CPU, 248 → 168 s on two cores). A file undoes what it changes (environment
          // variables in afterAll, stacks stopped); each stack loads its api bundle afresh.
          isolate: false,
        },
      },
    ],
  },
});
