// The Stripe SDK, loaded on first use only (stripe-gateway.ts). scripts/build-api.ts builds this module
// into its own file next to main.cjs (`stripe-library.cjs`), so the api's cold import neither parses nor
// runs it: only billing routes and the Stripe webhook need it.
export { default as Stripe } from 'stripe';
