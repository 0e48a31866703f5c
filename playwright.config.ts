// Playwright drives Debian's Chromium headless shell (browsers cannot be downloaded here: never run
// `playwright install`).
// Base URL: SOINS_E2E_BASE_URL when the local runtime is already running (one worker then); otherwise the
// global setup starts one whole local runtime per worker, each on its own free ports, and every worker
// process (which loads this file too) points its environment at its own runtime.
import { defineConfig } from '@playwright/test';
import { E2E_CHROMIUM, E2E_STACKS_VARIABLE, useWorkerStack } from './tests/e2e/stacks';

useWorkerStack();
const externalRuntime = Boolean(process.env.SOINS_E2E_BASE_URL) && !process.env[E2E_STACKS_VARIABLE];

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './tests/e2e/global-setup.ts',
  outputDir: 'test-results',
  // Two workers on two cores: the specs mostly wait (the browser, the api, a quiz's pause), and spec files
  // run whole, in order, on their worker's own runtime. Files start in alphabetical order: the longest
  // (admin-sessions, which waits for its session's start) comes first, so its wait overlaps other work.
  workers: externalRuntime ? 1 : Number(process.env.SOINS_E2E_WORKERS ?? '2'),
  fullyParallel: false,
  retries: 0,
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/e2e.json' }],
  ],
  // A focused test (`test.only`) fails the run whether or not CI is set.
  forbidOnly: true,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL: process.env.SOINS_E2E_BASE_URL ?? 'http://localhost:4280',
    browserName: 'chromium',
    locale: 'fr-BE',
    // No trace by default: recording one (DOM snapshots and screencast frames for every action) was a third
    // of the suite's CPU on two cores, and a CI log cannot hand it over anyway. A failure keeps a screenshot
    // and its error in the summary; `npx playwright test <spec> --trace on` records one to investigate.
    trace: 'off',
    screenshot: 'only-on-failure',
    // The local identity provider serves a self-signed certificate for localhost.
    ignoreHTTPSErrors: true,
    launchOptions: {
      executablePath: E2E_CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--ignore-certificate-errors',
      ],
    },
  },
});
