// The rule for a page of the app to come back to (after Stripe Checkout): zod-free, so the SPA's initial bundle
// can check search params with it (`@soins/shared/return-path`).

const SAFE_RETURN_PATH = /^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;

/**
 * A relative path on the app's own origin only: never `//host`, a backslash, a scheme, spaces or control
 * characters, so it cannot turn Checkout's success URL into an open redirect.
 */
export function isSafeReturnPath(value: string): boolean {
  return value.length <= 300 && SAFE_RETURN_PATH.test(value);
}
