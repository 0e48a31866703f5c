// The identity provider's discovery document (`.well-known/openid-configuration`), kept for the tab. MSAL keeps it in
// memory only, so every page load of a signed-in tab fetched it from the provider (another origin: a new connection)
// before its first token, hence before the page's first data. Given to MSAL as `authorityMetadata` on the next load
// of the tab, it skips that round trip. sessionStorage, like the tokens: it never outlives the tab.

/** Where MSAL looks for the document (msal-common Authority.defaultOpenIdConfigurationEndpoint). */
export function discoveryUrl(authority: string, protocolMode: 'OIDC' | 'AAD'): string {
  const base = authority.endsWith('/') ? authority : `${authority}/`;
  return base.endsWith('v2.0/') || protocolMode === 'OIDC'
    ? `${base}.well-known/openid-configuration`
    : `${base}v2.0/.well-known/openid-configuration`;
}

const keyOf = (authority: string): string => `soins.authority-metadata:${authority}`;

/** Whether JSON text is a discovery document with the fields MSAL needs: one without them is never used. */
function isDiscoveryDocument(text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof value !== 'object' || value === null) return false;
  const document = value as Record<string, unknown>;
  return ['issuer', 'authorization_endpoint', 'token_endpoint'].every(
    (field) => typeof document[field] === 'string' && document[field] !== '',
  );
}

/** The document kept for this authority, as MSAL takes it (JSON text), if any. */
export function keptAuthorityMetadata(authority: string, storage: Storage): string | undefined {
  try {
    const text = storage.getItem(keyOf(authority));
    if (text === null) return undefined;
    if (isDiscoveryDocument(text)) return text;
    storage.removeItem(keyOf(authority));
  } catch {
    // Storage unavailable: MSAL fetches the document itself.
  }
  return undefined;
}

/** Fetches the document and keeps it for the tab's next page loads (best effort: failures change nothing). */
export async function keepAuthorityMetadata(
  authority: string,
  protocolMode: 'OIDC' | 'AAD',
  storage: Storage,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  try {
    const response = await fetchImpl(discoveryUrl(authority, protocolMode), { credentials: 'omit' });
    if (!response.ok) return;
    const text = await response.text();
    if (isDiscoveryDocument(text)) storage.setItem(keyOf(authority), text);
  } catch {
    // Offline, blocked or not JSON: the next page load lets MSAL fetch it, as before.
  }
}

/** Forgets the kept document (MSAL could not use it). */
export function forgetAuthorityMetadata(authority: string, storage: Storage): void {
  try {
    storage.removeItem(keyOf(authority));
  } catch {
    // Nothing kept, or storage unavailable.
  }
}
