// Only what the SPA uses from Sentry, imported by name so the lazily loaded chunk stays small (a namespace import
// of '@sentry/react' keeps replay, feedback and tracing: ~150 KB gzip).
export { captureException, init } from '@sentry/react';
