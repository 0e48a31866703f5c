import { defineConfig } from 'vitest/config';

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
        test: {
          name: 'unit',
          allowOnly,
          include: ['{api,shared,local,web,scripts,tests}/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts'],
          environment: 'node',
        },
      },
      {
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
        },
      },
    ],
  },
});
