import { readFileSync } from 'node:fs';
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
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        plugins: [binaryFonts],
        test: {
          name: 'unit',
          include: ['{api,shared,local,web,scripts,infra}/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts'],
          environment: 'node',
        },
      },
      {
        plugins: [binaryFonts],
        test: {
          name: 'integration',
          include: ['{api,shared,local,tests}/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['tests/setup/global-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
