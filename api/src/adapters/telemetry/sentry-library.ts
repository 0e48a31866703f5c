// `@sentry/node`, loaded on the first reported failure only (error-reporter.ts). scripts/build-api.ts
// builds this module into its own file next to main.cjs (`sentry-library.cjs`), so the cold start
// never pays for it and an api without SENTRY_DSN never loads it.
export { captureException, flush, init, withScope } from '@sentry/node';
