// Everything the workflows need from durable-functions, loaded on first use only (durable-runtime.ts).
// scripts/build-api.ts builds this module into its own file next to main.cjs (`durable-library.cjs`),
// so the api's cold import neither parses nor runs durable-functions and its dependencies.
export * as df from 'durable-functions';
export { createOrchestrator } from 'durable-functions/lib/src/util/testingUtils.js';
export { workflowClientFor } from '../adapters/workflows/durable-client';
