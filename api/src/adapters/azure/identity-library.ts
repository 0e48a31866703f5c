// `@azure/identity` (with MSAL), loaded on the first token request only (credential.ts).
// scripts/build-api.ts builds this module into its own file next to main.cjs (`identity-library.cjs`),
// so the api's cold import neither parses nor runs it, and the emulators (keys) never load it.
export { DefaultAzureCredential } from '@azure/identity';
