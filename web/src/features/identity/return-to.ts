// The page a user asked for travels through the identity provider in the OAuth `state`, so after sign-in the SPA
// can return there. It is only ever a same-origin path: anything else (absolute URLs, `//host`, backslashes,
// control characters, the auth pages themselves) is dropped, so the state cannot become an open redirect.

const AUTH_PATHS = ['/auth/callback', '/auth/sign-in'];

export function sanitizeReturnTo(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value, 'https://soins.invalid');
  } catch {
    return undefined;
  }
  if (url.origin !== 'https://soins.invalid') return undefined;
  if (AUTH_PATHS.includes(url.pathname)) return undefined;
  if (url.pathname === '/') return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** MSAL appends the user state after its own; keep it a plain string. */
export function encodeReturnState(returnTo: string | undefined): string | undefined {
  const safe = sanitizeReturnTo(returnTo);
  return safe === undefined ? undefined : encodeURIComponent(safe);
}

export function decodeReturnState(state: string | undefined | null): string | undefined {
  if (!state) return undefined;
  try {
    return sanitizeReturnTo(decodeURIComponent(state));
  } catch {
    return undefined;
  }
}
